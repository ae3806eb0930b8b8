"""Replies with a file (a chart, a leads export) -> WhatsApp image and document messages.

The Cloud API sends a file in two calls: an upload (`POST /{phone-number-id}/media`,
multipart `messaging_product`, `type`, `file`) answers a media id, and the message
(`"type": "document", "document": {"id", "filename", "caption"}` or `"image"`) refers to it.
A stored payload carries the file itself, base64 under `UPLOAD_KEY`, instead of an id:
the client uploads and sends in one `send`, so an outbox row stays valid after a restart
and a retry simply uploads again (Meta keeps an upload for 30 days; a spare copy is harmless).

The reply's text is the caption when it fits (1024 characters); a longer text goes first
as ordinary text messages and the file follows without a caption, as on Telegram. A
media message cannot carry reply buttons, so a reply with buttons sends the file first,
then its text with the buttons like any other reply (WhatsApp shows a caption under the
file too, so the reading order is the same).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from typing import Any, Literal

from bot.channels.base import Payload
from bot.channels.whatsapp.outbound import addressed, message_payloads, split_text, text_payload
from bot.core.models import Attachment
from bot.render.split import utf16_len
from bot.render.templates import RenderedMessage

UPLOAD_KEY = "upload"  # not a Cloud API field: the client takes it off before sending
CAPTION_LIMIT = 1024  # counted in UTF-16 units, as in `outbound`: never less than WhatsApp counts
# Meta's accepted types (the upload's own error message lists them). There is no text/csv:
# a CSV is uploaded as text/plain; its .csv filename still tells the phone what it is.
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})
DOCUMENT_TYPES = frozenset(
    {
        "text/plain",
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
)
UPLOAD_TYPE_FOR = {"text/csv": "text/plain"}
# Meta says 5 MB for images and 100 MB for documents without saying which megabyte: the smaller one.
MAX_BYTES = {"image": 5 * 1000 * 1000, "document": 100 * 1000 * 1000}

MediaKind = Literal["image", "document"]


@dataclass(frozen=True, slots=True)
class Upload:
    """A file to upload before its message goes."""

    kind: MediaKind
    filename: str
    media_type: str
    content: bytes

    def __repr__(self) -> str:  # never the content: an export holds NIKs and phone numbers
        return f"Upload({self.kind!r}, {self.filename!r}, {self.media_type!r}, {len(self.content)} bytes)"

    def problem(self) -> str | None:
        """Why Meta would refuse this upload, or None; checked before any byte leaves."""
        accepted = IMAGE_TYPES if self.kind == "image" else DOCUMENT_TYPES
        if self.media_type not in accepted:
            return f"WhatsApp does not accept {self.media_type} as {self.kind}"
        if len(self.content) > MAX_BYTES[self.kind]:
            return f"{self.kind} of {len(self.content)} bytes is over WhatsApp's {MAX_BYTES[self.kind]} bytes"
        return None


def upload_type(media_type: str) -> str:
    """The MIME type to declare at upload: parameters dropped, text/csv as text/plain."""
    bare = media_type.split(";", 1)[0].strip().lower()
    return UPLOAD_TYPE_FOR.get(bare, bare)


def media_payload(address: str, attachment: Attachment, caption: str = "") -> Payload:
    """The message for `attachment`, with the file to upload in place of a media id."""
    media: dict[str, Any] = {}
    if attachment.kind == "document":
        media["filename"] = attachment.filename  # without it the phone shows "Untitled"
    if caption.strip():
        media["caption"] = caption
    payload = addressed(address, {"type": attachment.kind, attachment.kind: media})
    payload[UPLOAD_KEY] = {
        "filename": attachment.filename,
        "media_type": upload_type(attachment.media_type),
        "base64": base64.b64encode(attachment.content).decode("ascii"),
    }
    return payload


def attachment_payloads(address: str, message: RenderedMessage, *, list_button: str) -> list[Payload]:
    """The payloads, in order, for a rendered reply that carries a file."""
    attachment = message.attachment
    if attachment is None:
        raise ValueError("message has no attachment")
    text = message.text.strip()
    if message.buttons:
        rest = replace(message, attachment=None)
        return [media_payload(address, attachment), *message_payloads(address, rest, list_button=list_button)]
    if utf16_len(text) <= CAPTION_LIMIT:
        return [media_payload(address, attachment, text)]
    return [*(text_payload(address, part) for part in split_text(text)), media_payload(address, attachment)]


def take_upload(payload: Payload) -> tuple[Payload, Upload | None]:
    """(the message as the Cloud API takes it, the file to upload first or None)."""
    raw = payload.get(UPLOAD_KEY)
    if not isinstance(raw, dict):
        return payload, None
    message = {key: value for key, value in payload.items() if key != UPLOAD_KEY}
    kind: MediaKind = "image" if message.get("type") == "image" else "document"
    upload = Upload(kind, str(raw["filename"]), str(raw["media_type"]), base64.b64decode(str(raw["base64"])))
    return message, upload


def with_media_id(message: Payload, media_id: str) -> Payload:
    """`message` referring to the uploaded file."""
    kind = str(message["type"])
    return {**message, kind: {"id": media_id, **message.get(kind, {})}}
