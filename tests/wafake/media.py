"""The Cloud API's media upload (`POST /{phone-number-id}/media`): its checks and what it keeps.

Written from Meta's documentation and the errors it is known to answer, independently of the
bot's own constants (bot/channels/whatsapp/media.py): a wrong type or limit in the bot shows
up here as a refused upload. The multipart body is parsed with the standard library, the way
a server sees it: fields by name, the file part with its filename and content type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

from tests.wafake.validate import ApiError

MB = 1024 * 1024
# Type -> largest file Meta takes, per its "Supported media types" table.
LIMITS: dict[str, int] = {
    **dict.fromkeys(("audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg", "audio/opus"), 16 * MB),
    **dict.fromkeys(("video/mp4", "video/3gpp"), 16 * MB),
    "image/jpeg": 5 * MB,
    "image/png": 5 * MB,
    "image/webp": 500 * 1024,  # stickers only
    **dict.fromkeys(
        (
            "text/plain",
            "application/pdf",
            "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        100 * MB,
    ),
}
# Which uploads a message of each type may refer to.
MESSAGE_TYPES: dict[str, frozenset[str]] = {
    "image": frozenset({"image/jpeg", "image/png"}),
    "document": frozenset(t for t, limit in LIMITS.items() if limit == 100 * MB),
}


@dataclass(frozen=True)
class FormFile:
    filename: str | None
    content_type: str
    content: bytes


Form = Mapping[str, str | FormFile]


@dataclass(frozen=True)
class Media:
    """An uploaded file, as the fake keeps it (tests read the bytes back)."""

    id: str
    filename: str | None
    media_type: str
    content: bytes

    def __repr__(self) -> str:
        return f"Media({self.id!r}, {self.filename!r}, {self.media_type!r}, {len(self.content)} bytes)"


def parse_form(content_type: str, body: bytes) -> dict[str, str | FormFile]:
    """A form body -> its fields by name; only multipart/form-data can hold a file."""
    if content_type.lower().startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    if not content_type.lower().startswith("multipart/form-data"):
        return {}
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    form: dict[str, str | FormFile] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        filename = part.get_filename()
        if filename is not None or part.get("content-type") is not None:
            form[name] = FormFile(filename, part.get_content_type(), payload)
        else:
            form[name] = payload.decode("utf-8")
    return form


def _required(name: str) -> ApiError:
    return ApiError(100, f"The parameter {name} is required.", f"The parameter {name} is required.")


def _wrong_type(received: str) -> ApiError:
    accepted = ", ".join(LIMITS)
    message = (
        f"Param file must be a file with one of the following types: {accepted}. Received file of type '{received}'."
    )
    return ApiError(100, message, message)


def check_upload(form: Form) -> ApiError | None:
    """None when Meta would take this upload, else its error."""
    if form.get("messaging_product") != "whatsapp":
        return _required("messaging_product")
    file = form.get("file")
    if not isinstance(file, FormFile):
        return _required("file")
    declared = form.get("type")
    if not isinstance(declared, str) or not declared:
        return _required("type")
    if file.content_type not in LIMITS:
        return _wrong_type(file.content_type)
    if declared != file.content_type:  # stricter than documented: the bot has no reason to differ
        return ApiError(100, "Invalid parameter", f"type {declared!r} does not match the file's {file.content_type!r}")
    if len(file.content) > LIMITS[file.content_type]:
        return ApiError(100, "Invalid parameter", "File Too Large: The file you uploaded is too large")
    return None
