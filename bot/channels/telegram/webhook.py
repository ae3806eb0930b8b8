"""Telegram webhook: check the secret-token header, store the update, answer 200.

The update is committed to `inbound_events` before the answer, so an update
Telegram believes delivered is never lost; the inbox worker handles it after.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.config import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024

Store = Callable[[str | None, bytes], Awaitable[None]]


def webhook_path(settings: Settings) -> str:
    return urlsplit(settings.telegram_webhook_url).path or "/telegram"


def telegram_webhook_route(path: str, secret: str, store: Store) -> Route:
    expected = secret.encode("utf-8")

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response(status_code=413)
        try:
            update = json.loads(body)
            key = str(update["update_id"])
        except (ValueError, KeyError, TypeError):
            log.warning("telegram webhook: unreadable update ignored")
            return Response(status_code=400)
        try:
            await store(key, body)
        except Exception:
            log.exception("telegram webhook: could not store the update; Telegram will send it again")
            return Response(status_code=500)
        return Response()

    return Route(path, receive, methods=["POST"])
