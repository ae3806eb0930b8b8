"""Webhook bodies in Meta's shapes: inbound messages of every type, and status callbacks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class Business:
    waba_id: str = "102290129340398"
    phone_number_id: str = "106540352242922"
    display_number: str = "6285100000000"


@dataclass(frozen=True)
class Person:
    """A WhatsApp user: a number (`wa_id`), a business-scoped user id, or both."""

    wa_id: str | None = "6281234567890"
    bsuid: str | None = None  # "ID.1234567890123"
    name: str = "Siti"

    @property
    def address(self) -> str:
        found = self.wa_id or self.bsuid
        assert found is not None, "a person needs a wa_id or a bsuid"
        return found

    def contact(self) -> Json:
        contact: Json = {"profile": {"name": self.name}}
        if self.wa_id:
            contact["wa_id"] = self.wa_id
        if self.bsuid:
            contact["user_id"] = self.bsuid
        return contact

    def sender_fields(self) -> Json:
        fields: Json = {}
        if self.wa_id:
            fields["from"] = self.wa_id
        if self.bsuid:
            fields["from_user_id"] = self.bsuid
        return fields


def envelope(business: Business, value: Json) -> Json:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": business.waba_id,
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": business.display_number,
                                "phone_number_id": business.phone_number_id,
                            },
                            **value,
                        },
                    }
                ],
            }
        ],
    }


def inbound(business: Business, person: Person, wamid: str, timestamp: int, content: Json) -> Json:
    """One message from `person`; `content` holds "type" and its object ({"type": "text", "text": {...}})."""
    message = {**person.sender_fields(), "id": wamid, "timestamp": str(timestamp), **content}
    return envelope(business, {"contacts": [person.contact()], "messages": [message]})


def text(body: str) -> Json:
    return {"type": "text", "text": {"body": body}}


def _reply(kind: str, choice_id: str, title: str, context_id: str | None) -> Json:
    content: Json = {"type": "interactive", "interactive": {"type": kind, kind: {"id": choice_id, "title": title}}}
    if context_id:
        content["context"] = {"id": context_id}
    return content


def button_reply(button_id: str, title: str, context_id: str | None = None) -> Json:
    return _reply("button_reply", button_id, title, context_id)


def list_reply(row_id: str, title: str, context_id: str | None = None) -> Json:
    return _reply("list_reply", row_id, title, context_id)


def template_button(payload: str, text_: str) -> Json:
    return {"type": "button", "button": {"payload": payload, "text": text_}}


def contact_card(name: str, phone: str, wa_id: str | None) -> Json:
    phone_entry: Json = {"phone": phone, "type": "CELL"}
    if wa_id:
        phone_entry["wa_id"] = wa_id
    return {
        "type": "contacts",
        "contacts": [{"name": {"formatted_name": name, "first_name": name}, "phones": [phone_entry]}],
    }


MEDIA: dict[str, dict[str, Any]] = {
    "image": {"type": "image", "image": {"id": "1479537139650973", "mime_type": "image/jpeg", "sha256": "abc"}},
    "video": {"type": "video", "video": {"id": "1479537139650974", "mime_type": "video/mp4", "sha256": "abc"}},
    "document": {
        "type": "document",
        "document": {"id": "1479537139650975", "mime_type": "application/pdf", "filename": "ktp.pdf", "sha256": "abc"},
    },
    "voice": {
        "type": "audio",
        "audio": {"id": "1479537139650976", "mime_type": "audio/ogg; codecs=opus", "voice": True},
    },
    "audio": {"type": "audio", "audio": {"id": "1479537139650977", "mime_type": "audio/mpeg", "voice": False}},
    "sticker": {"type": "sticker", "sticker": {"id": "1479537139650978", "mime_type": "image/webp", "animated": False}},
    "location": {"type": "location", "location": {"latitude": -8.0983, "longitude": 112.1681, "name": "Blitar"}},
    "unsupported": {
        "type": "unsupported",
        "errors": [{"code": 131051, "title": "Message type unknown", "message": "Message type unknown"}],
    },
    "reaction": {"type": "reaction", "reaction": {"message_id": "wamid.X", "emoji": "👍"}},
}


def media(kind: str, caption: str | None = None) -> Json:
    content = {key: (dict(value) if isinstance(value, dict) else value) for key, value in MEDIA[kind].items()}
    if caption is not None:
        content[str(content["type"])]["caption"] = caption
    return content


def status(
    business: Business,
    wamid: str,
    state: str,
    timestamp: int,
    *,
    wa_id: str | None,
    bsuid: str | None = None,
    errors: list[Json] | None = None,
) -> Json:
    entry: Json = {"id": wamid, "status": state, "timestamp": str(timestamp)}
    if wa_id:
        entry["recipient_id"] = wa_id
    if bsuid:
        entry["recipient_user_id"] = bsuid
    if errors:
        entry["errors"] = errors
    elif state in ("sent", "delivered"):
        entry["pricing"] = {"billable": True, "pricing_model": "PMP", "category": "service"}
    return envelope(business, {"statuses": [entry]})
