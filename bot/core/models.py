"""Channel-agnostic value types that flow through the engine.

An `Inbound` is what any channel turns a user's message into; the engine answers
with `Reply` objects that name a message template (a key) plus its context. Text
never lives here: the edge renders keys with the templates in `messages/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

# Callback data on Telegram is limited to 64 bytes; we keep every choice id under it.
MAX_CHOICE_ID_BYTES = 64


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message from a user, as any channel delivers it."""

    channel: str  # "console", "telegram", "whatsapp"
    address: str  # the user's id on that channel (chat id, wa_id, ...)
    received_at: datetime
    external_id: str | None = None  # provider message id, used for de-duplication
    text: str | None = None  # typed text (commands included)
    button: str | None = None  # id of a pressed button (Choice.id)
    shared_phone: str | None = None  # phone number from a shared contact card
    display_name: str | None = None  # the profile name the channel reports, if any
    # Content the bot cannot read ("image", "voice", "sticker", "location", ...): answered
    # with a polite "please type"; None for text, buttons and contact cards.
    unsupported: str | None = None
    # Other stable ids the channel knows this person by (WhatsApp: the business-scoped
    # user id beside the wa_id), so a later message carrying only one of them finds the contact.
    aliases: tuple[str, ...] = ()
    # Written inside the staff group chat: the sender is a member (so staff), and every
    # reply is read by the whole group, so personal data in it must be masked.
    from_staff_group: bool = False

    @property
    def payload(self) -> str:
        """What the user sent, as one string: the button id wins over text."""
        return self.button if self.button is not None else (self.text or "")


@dataclass(frozen=True, slots=True)
class Choice:
    """A button (or a numbered option on channels without buttons)."""

    id: str  # short, stable id; at most 64 bytes (Telegram callback_data)
    label_key: str  # key of the label template, e.g. "label.menu_faq"
    context: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.id.encode("utf-8")) > MAX_CHOICE_ID_BYTES:
            raise ValueError(f"choice id longer than {MAX_CHOICE_ID_BYTES} bytes: {self.id!r}")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a reply: a chart as a picture, an export as a document.

    The reply's rendered text is its caption (channels send a long text separately).
    """

    kind: Literal["image", "document"]
    filename: str  # what the receiver sees, e.g. "pendaftar-2026-11-23.xlsx"
    content: bytes
    media_type: str  # "image/png", "text/csv", ...

    def __repr__(self) -> str:  # never dump file contents (they may hold personal data) into logs
        return f"Attachment({self.kind!r}, {self.filename!r}, {len(self.content)} bytes)"


@dataclass(frozen=True, slots=True)
class Reply:
    """A message to send: a template key, its context and optional buttons."""

    key: str  # "core/welcome" -> messages/id/core/welcome.j2
    context: Mapping[str, Any] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    request_contact: bool = False  # channels that can, offer a "share my number" button
    topic: str | None = None  # FAQ entry id when this reply answers a known question
    attachment: Attachment | None = None
    # Channels with group chats offer a button opening a private chat with the bot, started
    # with this payload (e.g. "daftar"): personal data is never asked for in a group.
    private_start: str | None = None
    # The person a reply to someone else is about (a lead card, a relayed message, a staff
    # notice): the copy in the outbox goes when that person's data is erased.
    about: int | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A person we talk to; one contact may have addresses on several channels."""

    id: int
    opted_out: bool = False
    source: str | None = None  # campaign code from a deep link, if any
    reachable: bool = True  # False once a channel said the user blocked us
    display_name: str | None = None
    # Consent to reminders and information: "not_asked", "yes" or "no". BERHENTI
    # (opted_out) always wins over a yes.
    outreach: str = "not_asked"
    outreach_asked_at: datetime | None = None

    @property
    def wants_outreach(self) -> bool:
        return self.outreach == "yes" and not self.opted_out


@dataclass(slots=True)
class FlowState:
    """Where a contact is inside a multi-step flow; persisted as JSON in SQLite."""

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)  # previous steps, for KEMBALI
    failures: int = 0  # consecutive invalid answers at the current step

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "step": self.step,
            "data": self.data,
            "history": self.history,
            "failures": self.failures,
        }

    @classmethod
    def from_json_dict(cls, raw: Mapping[str, Any]) -> FlowState:
        return cls(
            flow=str(raw["flow"]),
            step=str(raw["step"]),
            data=dict(raw.get("data") or {}),
            history=[str(s) for s in raw.get("history") or []],
            failures=int(raw.get("failures") or 0),
        )
