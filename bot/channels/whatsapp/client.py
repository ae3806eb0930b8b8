"""Send one payload to the Cloud API with httpx and classify what happened.

`POST {base_url}/{phone_number_id}/messages` with the access token as a Bearer
header; the same endpoint marks an inbound message as read. A success carries
the message id (`wamid`) that status callbacks refer to later. Errors are
never raised: they come back as `SendResult`s (`errors.classify`); network
trouble as `Failure.TRANSIENT` when nothing can have reached Meta, else as
`Failure.MAYBE_SENT` (bot/channels/network.py): the outbox decides per kind.

The token is only ever placed in the Authorization header, never in a URL or a
log line; logs name recipients masked.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

from bot.channels.base import Payload, SendResult
from bot.channels.network import network_failure
from bot.channels.whatsapp.errors import classify
from bot.channels.whatsapp.outbound import mark_read_payload
from bot.config import Secret
from bot.core.privacy import mask_phone

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 15.0


def _recipient(payload: Payload) -> str:
    to = payload.get("to") or payload.get("recipient")
    return mask_phone(str(to)) if to else "-"


def result_of(status: int, body: object) -> SendResult:
    """An HTTP answer from the Graph API -> `SendResult`."""
    if 200 <= status < 300:
        if isinstance(body, Mapping):
            messages = body.get("messages")
            if isinstance(messages, list) and messages and isinstance(messages[0], Mapping):
                wamid = messages[0].get("id")
                return SendResult.sent(str(wamid) if wamid else None)
        return SendResult.sent()
    error = body.get("error") if isinstance(body, Mapping) else None
    return classify(error if isinstance(error, Mapping) else None, http_status=status)


class WhatsAppClient:
    """The Cloud API for one business phone number."""

    def __init__(
        self,
        *,
        base_url: str,
        phone_number_id: str,
        access_token: Secret,
        http: httpx.AsyncClient | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.messages_url = f"{base_url.rstrip('/')}/{phone_number_id}/messages"
        self._token = access_token
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"WhatsAppClient({self.messages_url!r})"

    async def send(self, payload: Payload) -> SendResult:
        try:
            response = await self._http.post(
                self.messages_url,
                json=payload,
                headers={"Authorization": f"Bearer {self._token.reveal()}"},
                timeout=self._timeout,
            )
        except httpx.TransportError as exc:
            return self._logged(payload, network_failure(exc))
        body: Any
        try:
            body = response.json()
        except ValueError:
            body = None
        return self._logged(payload, result_of(response.status_code, body))

    async def mark_read(self, message_id: str) -> SendResult:
        return await self.send(mark_read_payload(message_id))

    def _logged(self, payload: Payload, result: SendResult) -> SendResult:
        if not result.ok:
            kind = payload.get("type") or payload.get("status") or "payload"
            recipient = _recipient(payload)  # masked
            log.warning(
                "whatsapp %s to %s: %s (code %s) %s",
                kind,
                recipient,
                result.failure,
                result.error_code,
                result.detail,
            )
        return result

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()
