"""One WhatsApp `messages[]` entry -> `Inbound` (or None: nothing to answer).

* `text` -> text; `interactive` `button_reply`/`list_reply` -> the pressed button's id
  (our `Choice.id`); a template quick-reply (`button`) -> its payload, else its text.
* `contacts` (a shared contact card): the sender's own card -> `shared_phone`; someone
  else's -> its number as if typed (the phone step validates either).
* a photo, video or document with a caption -> the caption as text; without one, and
  voice notes, stickers, locations and anything else -> `unsupported` = its kind,
  which the engine answers with "please type".
* reactions, system notices (number changed), welcome requests and group messages:
  nothing to answer.

The address is the person's `wa_id` (their number, as WhatsApp reports it); when
WhatsApp withholds it (a user with a username), the business-scoped user id
(BSUID). A BSUID beside a wa_id travels as an alias so the store can recognise
the person when only one of the two arrives. The external id is the message's
`wamid`, which Meta keeps when it redelivers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.channels.whatsapp import CHANNEL
from bot.core.models import Inbound

log = logging.getLogger(__name__)

Json = Mapping[str, Any]

# Not answered at all: an emoji reaction, WhatsApp's own notices, "user opened the chat".
IGNORED_TYPES = frozenset({"reaction", "system", "request_welcome", "ephemeral"})
CAPTIONED_TYPES = frozenset({"image", "video", "document"})


@dataclass(frozen=True, slots=True)
class Content:
    """What the message says, in `Inbound` terms."""

    text: str | None = None
    button: str | None = None
    shared_phone: str | None = None
    unsupported: str | None = None


@dataclass(frozen=True, slots=True)
class Sender:
    """Who wrote, from `contacts[]` and the message itself."""

    wa_id: str | None
    user_id: str | None  # business-scoped user id
    name: str | None

    @property
    def address(self) -> str | None:
        return self.wa_id or self.user_id

    @property
    def aliases(self) -> tuple[str, ...]:
        return (self.user_id,) if self.wa_id and self.user_id and self.user_id != self.wa_id else ()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _mapping(value: object) -> Json:
    return value if isinstance(value, Mapping) else {}


def sender_of(message: Json, contacts: list[Json]) -> Sender:
    """Match the message to its `contacts[]` entry by wa_id or BSUID (or the only entry)."""
    wa_id = _text(message.get("from"))
    user_id = _text(message.get("from_user_id"))
    match: Json = {}
    for contact in contacts:
        if (wa_id and contact.get("wa_id") == wa_id) or (user_id and contact.get("user_id") == user_id):
            match = contact
            break
    else:
        if len(contacts) == 1:
            match = contacts[0]
    profile = _mapping(match.get("profile"))
    return Sender(
        wa_id=wa_id or _text(match.get("wa_id")),
        user_id=user_id or _text(match.get("user_id")),
        name=_text(profile.get("name")),
    )


def received_at(message: Json, fallback: datetime) -> datetime:
    raw = message.get("timestamp")
    try:
        return datetime.fromtimestamp(int(str(raw)), UTC)
    except (TypeError, ValueError, OverflowError):
        return fallback


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def _shared_contact(message: Json, sender: Sender) -> Content:
    """Inbound fields for a shared contact card: the sender's own number, or a typed-looking one."""
    phones = [
        phone
        for card in message.get("contacts") or ()
        if isinstance(card, Mapping)
        for phone in card.get("phones") or ()
        if isinstance(phone, Mapping) and _text(phone.get("phone") or phone.get("wa_id"))
    ]
    if not phones:
        return Content(unsupported="contacts")
    own = [
        p
        for p in phones
        if sender.wa_id and sender.wa_id in (_text(p.get("wa_id")), _digits(str(p.get("phone") or "")))
    ]
    if own:
        return Content(shared_phone=str(own[0].get("phone") or "+" + str(own[0]["wa_id"])))
    first = phones[0]
    return Content(text=str(first.get("phone") or "+" + str(first.get("wa_id"))))


def _content(message: Json, kind: str, sender: Sender) -> Content | None:
    """The Inbound fields the message's content gives, or None when there is nothing to answer."""
    if kind in IGNORED_TYPES or message.get("group_id"):
        return None
    if kind == "text":
        return Content(text=str(_mapping(message.get("text")).get("body") or ""))
    if kind == "interactive":
        interactive = _mapping(message.get("interactive"))
        reply = _mapping(interactive.get(str(interactive.get("type"))))
        if interactive.get("type") in ("button_reply", "list_reply") and _text(reply.get("id")):
            return Content(button=str(reply["id"]))
        return Content(unsupported=f"interactive:{interactive.get('type')}")
    if kind == "button":  # a quick-reply button of a template message
        button = _mapping(message.get("button"))
        payload = _text(button.get("payload"))
        return Content(button=payload) if payload else Content(text=str(button.get("text") or ""))
    if kind == "contacts":
        return _shared_contact(message, sender)
    if kind in CAPTIONED_TYPES:
        caption = _text(_mapping(message.get(kind)).get("caption"))
        if caption and caption.strip():
            return Content(text=caption)
        return Content(unsupported=kind)
    if kind == "audio":
        return Content(unsupported="voice" if _mapping(message.get("audio")).get("voice") else "audio")
    return Content(unsupported=kind or "unknown")


def message_inbound(message: Json, contacts: list[Json], now: datetime) -> Inbound | None:
    """The `Inbound` for one webhook message, or None when there is nothing to answer."""
    kind = str(message.get("type") or "")
    wamid = _text(message.get("id"))
    sender = sender_of(message, contacts)
    address = sender.address
    if wamid is None or address is None:
        log.warning("whatsapp message without %s ignored", "id" if wamid is None else "sender")
        return None
    content = _content(message, kind, sender)
    if content is None:
        log.debug("whatsapp %s message %s not answered", kind, wamid)
        return None
    return Inbound(
        channel=CHANNEL,
        address=address,
        received_at=received_at(message, now),
        external_id=wamid,
        display_name=sender.name,
        text=content.text,
        button=content.button,
        shared_phone=content.shared_phone,
        unsupported=content.unsupported,
        aliases=sender.aliases,
    )
