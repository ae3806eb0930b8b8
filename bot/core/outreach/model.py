"""The outbox's vocabulary: kinds, priorities, states, and the rows themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Live replies first, then staff notices, then reminders, then broadcasts.
PRIORITY = {"reply": 0, "staff": 1, "reminder": 2, "broadcast": 3}
# Outreach: only to people who said yes, never in quiet hours.
OUTREACH_KINDS = frozenset({"reminder", "broadcast"})
FINAL_STATES = frozenset({"sent", "failed", "skipped", "unknown"})
STATES = ("queued", "sending", "sent", "failed", "skipped", "unknown")

Payload = dict[str, Any]


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to put in the outbox."""

    channel: str
    address: str
    kind: str  # reply, staff, reminder, broadcast
    payload: Payload
    contact_id: int | None = None
    due_at: float | None = None  # Unix seconds; None: now
    # The person a message to someone else is about (a staff notice, a relayed message):
    # their /hapusdata deletes it too.
    about_contact_id: int | None = None
    broadcast_id: int | None = None
    reminder_id: int | None = None
    occurrence: str | None = None
    part: int = 0
    skipped: str | None = None  # not to be sent, with this reason (e.g. outside the WhatsApp window)

    def __post_init__(self) -> None:
        if self.kind not in PRIORITY:
            raise ValueError(f"unknown outbox kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A queued row the sender may claim."""

    id: int
    address: str
    kind: str


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """A claimed row: what to send, where."""

    id: int
    channel: str
    address: str
    kind: str
    payload: Payload = field(repr=False)  # may hold personal data: never in logs
    contact_id: int | None = None
    attempts: int = 0
    broadcast_id: int | None = None
    reminder_id: int | None = None


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A row as staff see it in `bpjstk-bot outbox list` (no payload)."""

    id: int
    channel: str
    address: str
    kind: str
    state: str
    attempts: int
    error: str | None
    created_at: float
    sent_at: float | None
    broadcast_id: int | None
