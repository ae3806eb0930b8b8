"""The interfaces the core needs from the outside world.

The engine talks to storage and to the FAQ only through these protocols, so the
core imports no database, template, channel or scheduler library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.core.models import Contact, FlowState, Inbound, Reply


@dataclass(frozen=True, slots=True)
class StaffNotification:
    """A message queued for the staff chat: template key and its context."""

    id: int
    kind: str
    context: dict[str, Any]
    about: int | None = None  # the person it concerns (their lead's contact, or who asked for a person)


@dataclass(frozen=True, slots=True)
class UnansweredSummary:
    text: str
    count: int
    last_asked: datetime


class ConversationStore(Protocol):
    """Contacts, conversation state, the inbound log and the audit trail."""

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """One short write transaction; every store call made inside it (by this task)
        joins it, so they commit or roll back together."""
        ...

    async def is_duplicate(self, inbound: Inbound) -> bool:
        """True if (channel, external_id) was recorded before (a read; no lock taken)."""
        ...

    async def record_inbound(self, inbound: Inbound, contact_id: int) -> bool:
        """Log a message; False if (channel, external_id) was seen before."""
        ...

    async def contact_for(
        self, channel: str, address: str, display_name: str | None = None, aliases: Sequence[str] = ()
    ) -> Contact:
        """The contact behind a channel address (or one of its `aliases`: other ids the channel
        knows the same person by), created on first contact; every id given is kept."""
        ...

    async def get_contact(self, contact_id: int) -> Contact | None: ...

    async def get_contact_by_address(self, channel: str, address: str) -> Contact | None: ...

    async def load_state(self, contact_id: int) -> FlowState | None: ...

    async def save_state(self, contact_id: int, state: FlowState | None, now: datetime) -> None:
        """Persist the flow state; None clears it (flow finished or cancelled)."""
        ...

    async def set_opt_out(self, contact_id: int, opted_out: bool, now: datetime) -> None:
        """Opting out also leaves a marker (a keyed hash of each address) that outlives erasure."""
        ...

    async def set_reachable(self, contact_id: int, reachable: bool) -> None: ...

    async def set_outreach(self, contact_id: int, answer: str, now: datetime) -> None:
        """The person's answer ("yes"/"no") to "may we send you reminders and information?"."""
        ...

    async def mark_outreach_asked(self, contact_id: int, now: datetime) -> None:
        """We showed the question (so it is not asked again and again)."""
        ...

    async def record_interest(self, contact_id: int, interest: str, now: datetime) -> None:
        """Something the person looked at that a campaign may follow up (e.g. "bpu")."""
        ...

    async def interests(self, contact_id: int) -> frozenset[str]: ...

    async def set_source(self, contact_id: int, source: str, now: datetime) -> None:
        """Remember the campaign a contact came from (first one wins)."""
        ...

    async def record_event(self, contact_id: int | None, kind: str, detail: str, now: datetime) -> None:
        """Append to the audit trail (flow abandoned, human requested, ...)."""
        ...

    async def notify_staff(self, key: str, context: Mapping[str, str | int | bool], now: datetime) -> None:
        """Queue a message for the staff chat, rendered from template `key` with `context`."""
        ...

    async def log_unanswered(self, text: str, channel: str, now: datetime, contact_id: int | None = None) -> None:
        """Remember a question the bot could not answer (stored masked)."""
        ...

    async def pending_staff_notifications(self, limit: int) -> list[StaffNotification]: ...

    async def mark_staff_notification_queued(self, notification_id: int, now: datetime) -> None: ...

    async def top_unanswered(self, limit: int = 20) -> list[UnansweredSummary]: ...

    async def recent_faq_topic(self, contact_id: int, since: datetime) -> str | None:
        """The FAQ entry last answered to this contact, if that was at or after `since`."""
        ...

    async def remember_faq_topic(self, contact_id: int, topic: str, now: datetime) -> None:
        """Remember the FAQ entry just answered, for follow-up questions."""
        ...

    async def recent_unanswered(self, contact_id: int, since: datetime) -> str | None:
        """This contact's last question the FAQ could not answer (as logged, masked), if at or
        after `since`: a message people send in two parts is read whole."""
        ...

    async def recent_faq_amounts(self, contact_id: int, since: datetime) -> dict[str, int]:
        """The sums of money this contact named in FAQ questions (by role), if at or after `since`."""
        ...

    async def remember_faq_amounts(self, contact_id: int, amounts: Mapping[str, int], now: datetime) -> None:
        """Remember the sums of money a question named ("gaji 3 juta"), for follow-up questions."""
        ...


# How long the last FAQ topic frames a follow-up ("kalau buat istri saya?").
FAQ_CONTEXT_TTL = timedelta(minutes=10)


class ReplyDelivery(Protocol):
    async def __call__(self, contact_id: int | None, replies: Sequence[Reply]) -> None:
        """Store `replies` for sending (called inside the message's transaction; `contact_id`
        is None when the contact is unknown or the reply is not part of the transaction)."""
        ...


@dataclass(frozen=True, slots=True)
class FaqOutcome:
    """What the FAQ made of a message.

    `recognised` is False when the FAQ did not know the question (the engine then
    logs it as unanswered and may still send `replies`, e.g. a polite fallback).
    """

    replies: list[Reply] = field(default_factory=list)
    recognised: bool = False
    topic: str | None = None  # the entry answered first (the follow-up context), if any
    # The sums of money the conversation has named so far, by role ("wage", "balance", ...):
    # the engine keeps them for a follow-up ("gaji saya 3 juta" ... "JKM-nya berapa?").
    amounts: Mapping[str, int] = field(default_factory=dict)


class FaqAnswerer(Protocol):
    def answer(
        self,
        text: str,
        today: date,
        previous_topic: str | None = None,
        previous_amounts: Mapping[str, int] | None = None,
        previous_unanswered: str | None = None,
    ) -> FaqOutcome:
        """Answer free text; an empty, unrecognised outcome lets the engine fall back.

        `previous_topic` is the entry answered to the same person a few minutes ago, if any:
        a follow-up that only makes sense against it ("terus yang JHT gimana?") is read with it.
        `previous_amounts` are the sums of money that person named then (an earlier outcome's
        `amounts`): figures are worked out for them when this message names none.
        `previous_unanswered` is that person's last message of the same minutes that was not
        understood, when no topic was answered since: a short message may finish it ("Bapak
        jatuh dari pohon waktu panen, lumpuh total." then "dapat santunan berapa?").
        """
        ...

    def answer_entry(self, entry_id: str, today: date) -> list[Reply] | None:
        """Answer a specific entry (a pressed "maksud Anda ...?" button); None if unknown."""
        ...
