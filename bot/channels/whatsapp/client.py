"""Send one payload to the Cloud API with httpx and classify what happened.

`POST {base_url}/{phone_number_id}/messages` with the access token as a Bearer
header; the same endpoint marks an inbound message as read. A success carries
the message id (`wamid`) that status callbacks refer to later. Errors are
never raised: they come back as `SendResult`s (`errors.classify`); network
trouble as `Failure.TRANSIENT` when nothing can have reached Meta, else as
`Failure.MAYBE_SENT` (bot/channels/network.py): the outbox decides per kind.

A payload carrying a file (`media.UPLOAD_KEY`) is uploaded first
(`POST .../{phone_number_id}/media`) and its message then refers to the new
media id; an upload that fails is classified with the same table, and nothing
is sent.

The token is only ever placed in the Authorization header, never in a URL or a
log line; logs name recipients masked and never hold a file's bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import httpx

from bot.channels.base import Failure, Payload, SendResult
from bot.channels.network import network_failure
from bot.channels.whatsapp.errors import classify
from bot.channels.whatsapp.media import Upload, take_upload, with_media_id
from bot.channels.whatsapp.outbound import mark_read_payload
from bot.config import Secret
from bot.core.privacy import mask_phone

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 15.0
# A few megabytes over a slow office line. With the message after it (15 s) this stays under the
# outbox's 60 s lease, so a slow upload is never mistaken for a crash and the row sent twice.
UPLOAD_TIMEOUT_SECONDS = 40.0


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
        self.media_url = f"{base_url.rstrip('/')}/{phone_number_id}/media"
        self._token = access_token
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout

    def __repr__(self) -> str:
        return f"WhatsAppClient({self.messages_url!r})"

    async def send(self, payload: Payload) -> SendResult:
        message, upload = take_upload(payload)
        if upload is not None:
            uploaded = await self.upload(upload)
            if isinstance(uploaded, SendResult):
                return self._logged(message, uploaded)
            message = with_media_id(message, uploaded)
        answer = await self._post(self.messages_url, self._timeout, json=message)
        return self._logged(message, answer if isinstance(answer, SendResult) else result_of(*answer))

    async def upload(self, upload: Upload) -> str | SendResult:
        """The media id of the uploaded file, or why there is none."""
        problem = upload.problem()
        if problem is not None:
            return SendResult.failed(Failure.INVALID_PAYLOAD, detail=f"media upload: {problem}")
        answer = await self._post(
            self.media_url,
            max(self._timeout, UPLOAD_TIMEOUT_SECONDS),
            data={"messaging_product": "whatsapp", "type": upload.media_type},
            files={"file": (upload.filename, upload.content, upload.media_type)},
        )
        if isinstance(answer, SendResult):
            # Whatever happened to the upload, no message was sent: retrying cannot send it twice.
            failure = Failure.TRANSIENT if answer.failure is Failure.MAYBE_SENT else answer.failure
            failed = SendResult.failed(failure, detail=answer.detail) if failure is not None else answer
            return replace(failed, detail=f"media upload: {answer.detail}")
        status, body = answer
        media_id = body.get("id") if isinstance(body, Mapping) else None
        if 200 <= status < 300 and isinstance(media_id, str) and media_id:
            return media_id
        if 200 <= status < 300:  # never seen; uploading again is the only way to an id
            return SendResult.failed(Failure.TRANSIENT, detail="media upload answered without a media id")
        failed = result_of(status, body)
        return replace(failed, detail=f"media upload: {failed.detail}")

    async def _post(self, url: str, wait: float, **content: Any) -> tuple[int, Any] | SendResult:
        """(HTTP status, JSON body or None), or the failure when no answer came."""
        try:
            response = await self._http.post(
                url, headers={"Authorization": f"Bearer {self._token.reveal()}"}, timeout=wait, **content
            )
        except httpx.TransportError as exc:
            return network_failure(exc)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, None

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
