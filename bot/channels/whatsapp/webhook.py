"""The webhook routes Meta calls, done as Meta requires (DESIGN.md §3).

* `GET /whatsapp/webhook?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...`:
  the challenge is echoed only when the verify token matches (constant time); else 403.
* `POST /whatsapp/webhook`: the raw body's `X-Hub-Signature-256` is checked against
  the app secret; no signature -> 401, a wrong one -> 403, and nothing is persisted.
  A signed body is handed to `persist` (a durable insert, done by the caller) and
  answered 200 at once; handling happens afterwards, elsewhere. If `persist` fails
  the answer is 500, so Meta delivers the event again later.

Meta retries an unanswered event for days: the caller de-duplicates on the
message ids (`events.message_ids`) when it handles them.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.channels.whatsapp import signature
from bot.config import Secret

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/whatsapp/webhook"
MAX_BODY_BYTES = 3 * 1024 * 1024  # Meta's events are a few kilobytes

Persist = Callable[[bytes], Awaitable[None]]


class BodyTooLarge(Exception):
    pass


async def _read_body(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def whatsapp_routes(
    *,
    verify_token: Secret,
    app_secret: Secret,
    persist: Persist,
    path: str = WEBHOOK_PATH,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> list[Route]:
    """The GET (verification) and POST (events) routes, for `bot.channels.http.build_web_app`."""
    expected_token = verify_token.reveal().encode("utf-8")

    async def verify(request: Request) -> Response:
        params = request.query_params
        given = params.get("hub.verify_token", "").encode("utf-8")
        challenge = params.get("hub.challenge", "")
        if (
            params.get("hub.mode") == "subscribe"
            and expected_token
            and hmac.compare_digest(given, expected_token)
            and challenge
        ):
            return PlainTextResponse(challenge)
        log.warning("whatsapp webhook verification refused")
        return Response(status_code=403)

    async def receive(request: Request) -> Response:
        header = request.headers.get(signature.HEADER)
        if not header:
            log.warning("whatsapp webhook POST without signature refused")
            return Response(status_code=401)
        try:
            body = await _read_body(request, max_body_bytes)
        except BodyTooLarge:
            log.warning("whatsapp webhook POST over %d bytes refused", max_body_bytes)
            return Response(status_code=413)
        if not signature.verify(body, header, app_secret.reveal()):
            log.warning("whatsapp webhook POST with a wrong signature refused")
            return Response(status_code=403)
        try:
            await persist(body)
        except Exception:
            log.exception("whatsapp webhook: could not store the event; Meta will deliver it again")
            return Response(status_code=500)
        return Response(status_code=200)

    return [Route(path, verify, methods=["GET"]), Route(path, receive, methods=["POST"])]
