"""The Cloud API fake over HTTP: an ASGI app, a loopback server (in the test's loop or a thread),
and the webhook side (signed POSTs of user messages and status callbacks to the bot).

In-process (no sockets):

    api = CloudApi()
    graph = httpx.AsyncClient(transport=httpx.ASGITransport(app=build_app(api)), base_url="http://graph.test")
    hook = Webhook(api, asgi_target(bot_web_app))
    await hook.post(api.inbound_body(person, events.text("halo")))
    await hook.flush_callbacks()          # delivered statuses, signed

On 127.0.0.1 (for the real `bpjstk-bot run` process):

    server = LoopbackFake(api, webhook_url="http://127.0.0.1:8080/whatsapp/webhook")
    await server.start()                  # server.base_url -> "http://127.0.0.1:PORT/v26.0"
    ...
    await server.stop()

`ThreadedFake` runs the same on a thread with its own event loop, for synchronous code.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Awaitable, Callable, Mapping

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.http import EmbeddedServer, embedded_server, listen_socket, start_server
from bot.channels.whatsapp.signature import HEADER, sign
from tests.wafake.cloudapi import CloudApi
from tests.wafake.media import parse_form
from tests.wafake.validate import invalid

API_VERSION = "v26.0"
# (body, headers) -> HTTP status of the bot's answer
Target = Callable[[bytes, Mapping[str, str]], Awaitable[int]]


def build_app(api: CloudApi, latency: float = 0.0) -> Starlette:
    async def messages(request: Request) -> Response:
        raw = await request.body()
        try:
            payload = json.loads(raw)
        except ValueError:
            return JSONResponse(invalid("The request body is not JSON").body(), status_code=400)
        if latency:
            await asyncio.sleep(latency)
        status, body = api.handle(request.path_params["phone_number_id"], request.headers.get("authorization"), payload)
        return JSONResponse(body, status_code=status)

    async def media(request: Request) -> Response:
        form = parse_form(request.headers.get("content-type", ""), await request.body())
        if latency:
            await asyncio.sleep(latency)
        status, body = api.upload(request.path_params["phone_number_id"], request.headers.get("authorization"), form)
        return JSONResponse(body, status_code=status)

    routes: list[BaseRoute] = [
        Route("/{version}/{phone_number_id}/messages", messages, methods=["POST"]),
        Route("/{version}/{phone_number_id}/media", media, methods=["POST"]),
    ]
    return Starlette(routes=routes)


def asgi_target(app: Callable[..., Awaitable[None]], path: str = "/whatsapp/webhook") -> Target:
    """POST to an ASGI app in-process (the bot's Starlette app)."""

    async def post(body: bytes, headers: Mapping[str, str]) -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
            response = await client.post(path, content=body, headers=dict(headers))
            return response.status_code

    return post


def url_target(url: str, client: httpx.AsyncClient | None = None, timeout: float = 10.0) -> Target:
    """POST to a real URL (the bot process on 127.0.0.1), on `client` (kept alive) if given."""

    async def post(body: bytes, headers: Mapping[str, str]) -> int:
        if client is not None:
            return (await client.post(url, content=body, headers=dict(headers))).status_code
        async with httpx.AsyncClient(timeout=timeout) as own:
            response = await own.post(url, content=body, headers=dict(headers))
            return response.status_code

    return post


class Webhook:
    """Meta's side of the webhook: signed POSTs to the bot, and the delivery of queued status callbacks."""

    def __init__(self, api: CloudApi, target: Target) -> None:
        self.api = api
        self.target = target
        self.answers: list[int] = []

    async def post(self, body: bytes, *, signature: str | None = "valid") -> int:
        """POST `body`; `signature=None` sends none, any other string than "valid" is sent as is."""
        headers = {"content-type": "application/json"}
        if signature == "valid":
            headers[HEADER] = sign(body, self.api.app_secret)
        elif signature is not None:
            headers[HEADER] = signature
        status = await self.target(body, headers)
        self.answers.append(status)
        return status

    async def flush_callbacks(self) -> list[int]:
        """Deliver every queued status callback, in queue order."""
        return [await self.post(body) for body in self.api.take_callbacks()]


class LoopbackFake:
    """The fake on 127.0.0.1 (random port) in the running event loop; status callbacks are
    POSTed to `webhook_url` as they arise when one is given."""

    def __init__(self, api: CloudApi, webhook_url: str | None = None, latency: float = 0.0) -> None:
        self.api = api
        self.app = build_app(api, latency)
        # One client for every callback: a new one each time (an SSL context, a connection) made
        # the fake, not the bot, the limit once messages went out at tens per second.
        self._client = httpx.AsyncClient(timeout=10.0) if webhook_url else None
        self.webhook = Webhook(api, url_target(webhook_url, self._client)) if webhook_url else None
        self.port = 0
        self._server: EmbeddedServer | None = None
        self._task: asyncio.Task[None] | None = None
        self._pending = asyncio.Event()
        self._pump: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{API_VERSION}"

    async def start(self) -> None:
        sock = listen_socket("127.0.0.1", 0)
        self.port = sock.getsockname()[1]
        self._server = embedded_server(self.app, "127.0.0.1", self.port)
        self._task = await start_server(self._server, sock)
        if self.webhook is not None:
            loop = asyncio.get_running_loop()

            def wake() -> None:
                loop.call_soon_threadsafe(self._pending.set)

            self.api.on_callback.append(wake)
            self._pump = asyncio.create_task(self._deliver_forever())

    async def _deliver_forever(self) -> None:
        assert self.webhook is not None
        while True:
            await self._pending.wait()
            self._pending.clear()
            with contextlib.suppress(httpx.HTTPError):
                await self.webhook.flush_callbacks()

    async def stop(self) -> None:
        if self._pump is not None:
            self._pump.cancel()
            await asyncio.gather(self._pump, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            await asyncio.wait_for(self._task, 10)


class ThreadedFake:
    """`LoopbackFake` on its own thread and event loop: `with ThreadedFake(api) as fake: fake.base_url`."""

    def __init__(self, api: CloudApi, webhook_url: str | None = None) -> None:
        self.fake = LoopbackFake(api, webhook_url)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="wafake", daemon=True)

    @property
    def base_url(self) -> str:
        return self.fake.base_url

    def __enter__(self) -> ThreadedFake:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self._loop).result(15)
        return self

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self._loop).result(15)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(15)
        self._loop.close()
