"""The one HTTP server the bot runs (Starlette): `/healthz` plus channel webhooks.

Channels contribute routes (the Telegram and WhatsApp webhooks); `build_web_app`
puts them behind one server so they share a port and an event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator, Sequence

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route


async def healthz(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def build_web_app(routes: Sequence[BaseRoute]) -> Starlette:
    return Starlette(routes=[Route("/healthz", healthz, methods=["GET"]), *routes])


class EmbeddedServer(uvicorn.Server):
    """uvicorn inside our own event loop: the caller owns signal handling and shutdown."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def embedded_server(app: Starlette, host: str, port: int) -> EmbeddedServer:
    # log_config=None: no handlers of uvicorn's own; its records reach the root handlers and their redaction.
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", log_config=None, access_log=False, lifespan="off"
    )
    return EmbeddedServer(config)


def listen_socket(host: str, port: int) -> socket.socket:
    """Bind here, not in uvicorn, so a busy port is an `OSError` we can explain (uvicorn would exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


async def start_server(server: EmbeddedServer, sock: socket.socket, within: float = 10.0) -> asyncio.Task[None]:
    """Serve on `sock` in the current event loop; returns once it accepts connections."""
    task = asyncio.create_task(server.serve(sockets=[sock]), name="http-server")
    deadline = asyncio.get_running_loop().time() + within
    while not server.started:
        if task.done() or asyncio.get_running_loop().time() > deadline:
            server.should_exit = True
            raise OSError(f"HTTP server on {sock.getsockname()} did not start")
        await asyncio.sleep(0.01)
    return task
