"""The Bot API emulator over HTTP on 127.0.0.1 (a random free port), with long polling.

    emu = Emulator()
    await emu.start()                # emu.base_url -> "http://127.0.0.1:PORT/bot"
    emu.api.user_message(111, "halo")
    call = await emu.wait_for(lambda: emu.api.sent_to(111))
    await emu.stop()

PTB sends parameters form-encoded (nested values as JSON strings), or as
multipart with files; both are accepted, as is a JSON body.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import Callable, Iterator
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.tgemu.botapi import BotApi, Json

T = TypeVar("T")
_JSON_FIELDS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "entities",
    "caption_entities",
    "scope",
    "link_preview_options",
}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id"}


def _normalise(raw: dict[str, Any]) -> Json:
    params: Json = {}
    for key, value in raw.items():
        if isinstance(value, str) and key in _JSON_FIELDS:
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        if isinstance(value, str) and key in _INT_FIELDS:
            with contextlib.suppress(ValueError):
                value = int(value)
        params[key] = value
    return params


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        filename = part.get_filename()
        fields[str(name)] = {"filename": filename, "size": len(payload)} if filename else payload.decode("utf-8")
    return fields


async def read_params(request: Request) -> Json:
    raw: dict[str, Any] = dict(request.query_params)
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if body:
        if content_type.startswith("application/json"):
            raw.update(json.loads(body))
        elif content_type.startswith("multipart/form-data"):
            raw.update(_multipart(content_type, body))
        else:
            raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    # Files sent by reference ("attach://name") are resolved to the uploaded part.
    for key, value in list(raw.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            raw[key] = raw.get(value.removeprefix("attach://"), value)
    return _normalise(raw)


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class Emulator:
    def __init__(self, api: BotApi | None = None, latency: float = 0.0) -> None:
        self.api = api or BotApi()
        self.latency = latency  # seconds added to every answer: a simulated network round trip
        self._new_update = asyncio.Event()
        self.api.on_update.append(self._new_update.set)
        self.app = Starlette(routes=[Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"])])
        self.tokens_seen: set[str] = set()
        self.arrivals: list[str] = []  # method names as requests arrive (getUpdates is recorded late)
        self.port = 0
        self._server: _QuietServer | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit this: without it, Nagle + delayed ACK hold each
        # response body back ~40 ms (uvicorn writes headers and body separately).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=1
        )
        self._server = _QuietServer(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or self._task.done():
                raise RuntimeError("emulator did not start")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._new_update.set()
        if self._task is not None:
            await asyncio.wait_for(self._task, 10)

    async def _endpoint(self, request: Request) -> Response:
        self.tokens_seen.add(request.path_params["token"])
        method = request.path_params["method"]
        self.arrivals.append(method)
        params = await read_params(request)
        if method.lower() == "getupdates":
            await self._long_poll(params)
        if self.latency:
            await asyncio.sleep(self.latency)
        status, body = self.api.handle(method, params)
        return JSONResponse(body, status_code=status)

    async def _long_poll(self, params: Json) -> None:
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not (self._server is not None and self._server.should_exit):
            self._new_update.clear()
            if self.api.get_updates(dict(params)):
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), remaining)

    async def wait_for(self, probe: Callable[[], T], within: float = 10.0, interval: float = 0.02) -> T:
        """Poll `probe` until it returns something truthy; fail after `within` seconds."""
        deadline = time.monotonic() + within
        while True:
            result = probe()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {within} s waiting for {probe}")
            await asyncio.sleep(interval)
