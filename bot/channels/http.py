"""The one HTTP server the bot runs (Starlette): `/healthz` plus channel webhooks.

Channels contribute routes (Telegram now, WhatsApp later); `build_web_app`
puts them behind one server so they share a port and an event loop.
"""

from __future__ import annotations

import contextlib
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
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="off")
    return EmbeddedServer(config)
