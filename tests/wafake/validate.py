"""The Cloud API's checks on a send payload, with its real error shapes.

Written from Meta's documentation, independently of the bot's own constants,
so a wrong limit in the bot shows up as a refused payload here. Lengths are
counted in characters (code points), as WhatsApp documents them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]

TEXT_BODY_MAX = 4096
INTERACTIVE_BODY_MAX = 1024
HEADER_FOOTER_MAX = 60
REPLY_BUTTONS_MAX = 3
REPLY_BUTTON_TITLE_MAX = 20
REPLY_BUTTON_ID_MAX = 256
LIST_BUTTON_MAX = 20
LIST_SECTIONS_MAX = 10
LIST_ROWS_MAX = 10
ROW_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
ROW_ID_MAX = 200
SECTION_TITLE_MAX = 24
CAPTION_MAX = 1024
MEDIA_MESSAGES = ("image", "document")


@dataclass(frozen=True)
class ApiError:
    code: int
    title: str
    details: str
    http_status: int = 400

    def body(self, trace: str = "AbCdEfGhIjK") -> Json:
        """The Graph API error response, as Meta sends it."""
        return {
            "error": {
                "message": f"(#{self.code}) {self.title}",
                "type": "OAuthException",
                "code": self.code,
                "error_data": {"messaging_product": "whatsapp", "details": self.details},
                "fbtrace_id": trace,
            }
        }

    def webhook_error(self) -> Json:
        """The same error inside a `failed` status callback (`errors[]`)."""
        return {
            "code": self.code,
            "title": self.title,
            "message": self.title,
            "error_data": {"details": self.details},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }


def invalid(details: str) -> ApiError:
    return ApiError(131009, "Parameter value is not valid", details)


def missing(details: str) -> ApiError:
    return ApiError(131008, "Required parameter is missing", details)


def _length(name: str, value: object, maximum: int, minimum: int = 1) -> ApiError | None:
    if not isinstance(value, str):
        return missing(f"{name} is required")
    if not minimum <= len(value) <= maximum:
        return invalid(f"{name} length invalid. Min length: {minimum}, Max length: {maximum}")
    return None


def _first(*errors: ApiError | None) -> ApiError | None:
    return next((e for e in errors if e is not None), None)


def _buttons(action: Mapping[str, Any]) -> ApiError | None:
    buttons = action.get("buttons")
    if not isinstance(buttons, list) or not buttons:
        return missing("action.buttons is required")
    if len(buttons) > REPLY_BUTTONS_MAX:
        return invalid(f"Too many buttons. Max: {REPLY_BUTTONS_MAX}")
    ids, titles = [], []
    for button in buttons:
        reply = button.get("reply") if isinstance(button, Mapping) else None
        if not isinstance(button, Mapping) or button.get("type") != "reply" or not isinstance(reply, Mapping):
            return invalid("Button type must be reply")
        error = _first(
            _length("Button title", reply.get("title"), REPLY_BUTTON_TITLE_MAX),
            _length("Button id", reply.get("id"), REPLY_BUTTON_ID_MAX),
        )
        if error:
            return error
        ids.append(reply["id"])
        titles.append(reply["title"])
    if len(set(ids)) != len(ids) or len(set(titles)) != len(titles):
        return invalid("Buttons must have unique ids and titles")
    return None


def _list(action: Mapping[str, Any]) -> ApiError | None:
    error = _length("Button text", action.get("button"), LIST_BUTTON_MAX)
    if error:
        return error
    sections = action.get("sections")
    if not isinstance(sections, list) or not sections:
        return missing("action.sections is required")
    if len(sections) > LIST_SECTIONS_MAX:
        return invalid(f"Too many sections. Max: {LIST_SECTIONS_MAX}")
    rows = []
    for section in sections:
        if not isinstance(section, Mapping) or not isinstance(section.get("rows"), list) or not section["rows"]:
            return missing("section.rows is required")
        if len(sections) > 1 or "title" in section:
            error = _length("Section title", section.get("title"), SECTION_TITLE_MAX)
            if error:
                return error
        rows.extend(section["rows"])
    if len(rows) > LIST_ROWS_MAX:
        return invalid(f"Total row count exceed max allowed count: {LIST_ROWS_MAX}")
    for row in rows:
        if not isinstance(row, Mapping):
            return invalid("Row must be an object")
        error = _first(
            _length("Row title", row.get("title"), ROW_TITLE_MAX),
            _length("Row id", row.get("id"), ROW_ID_MAX),
            _length("Row description", row["description"], ROW_DESCRIPTION_MAX) if "description" in row else None,
        )
        if error:
            return error
    if len({r["id"] for r in rows}) != len(rows):
        return invalid("Row ids must be unique")
    return None


def _interactive(interactive: object) -> ApiError | None:
    if not isinstance(interactive, Mapping):
        return missing("interactive is required")
    body = interactive.get("body")
    error = _length("Body text", body.get("text") if isinstance(body, Mapping) else None, INTERACTIVE_BODY_MAX)
    if error:
        return error
    for part in ("header", "footer"):
        section = interactive.get(part)
        if section is not None:
            text = section.get("text") if isinstance(section, Mapping) else None
            error = _length(f"{part.title()} text", text, HEADER_FOOTER_MAX)
            if error:
                return error
    action = interactive.get("action")
    if not isinstance(action, Mapping):
        return missing("interactive.action is required")
    kind = interactive.get("type")
    if kind == "button":
        return _buttons(action)
    if kind == "list":
        return _list(action)
    return invalid(f"Interactive type {kind!r} is not supported here")


def _template(template: object) -> ApiError | None:
    if not isinstance(template, Mapping) or not isinstance(template.get("name"), str):
        return missing("template.name is required")
    language = template.get("language")
    if not isinstance(language, Mapping) or not isinstance(language.get("code"), str):
        return missing("template.language.code is required")
    return None


def _media(kind: str, media: object) -> ApiError | None:
    """An image or document message: a media id or a link (not both), an optional caption and filename."""
    if not isinstance(media, Mapping):
        return missing(f"{kind} is required")
    if bool(media.get("id")) == bool(media.get("link")):
        either = "Either one of media ID or link must be present"
        return ApiError(100, either, either)
    if "caption" in media:
        error = _length("Caption", media["caption"], CAPTION_MAX)
        if error:
            return error
    if "filename" in media and not isinstance(media["filename"], str):
        return invalid("filename must be a string")
    return None


def recipient_of(payload: Mapping[str, Any]) -> str | None:
    value = payload.get("to") or payload.get("recipient")
    return value if isinstance(value, str) and value else None


def check_message(payload: Mapping[str, Any]) -> ApiError | None:
    """None when the Cloud API would accept this message payload, else its error."""
    if payload.get("messaging_product") != "whatsapp":
        return invalid("messaging_product must be whatsapp")
    if recipient_of(payload) is None:
        return missing("to or recipient is required")
    kind = payload.get("type", "text")
    if kind == "text":
        text = payload.get("text")
        return _length("Text body", text.get("body") if isinstance(text, Mapping) else None, TEXT_BODY_MAX)
    if kind == "interactive":
        return _interactive(payload.get("interactive"))
    if kind == "template":
        return _template(payload.get("template"))
    if kind in MEDIA_MESSAGES:
        return _media(kind, payload.get(kind))
    return ApiError(131051, "Unsupported message type", f"Message type {kind!r} is not supported by this fake")


def check_mark_read(payload: Mapping[str, Any]) -> ApiError | None:
    if payload.get("messaging_product") != "whatsapp" or payload.get("status") != "read":
        return invalid("status must be read")
    if not isinstance(payload.get("message_id"), str):
        return missing("message_id is required")
    return None
