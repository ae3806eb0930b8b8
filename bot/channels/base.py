"""What a channel offers the rest of the bot (DESIGN.md §2, §3b).

A channel turns a platform event into `Inbound` messages (and status reports
for messages we sent), renders `Reply` objects into platform payloads, and
sends one payload, classifying what happened. Payloads are JSON-serialisable
dicts: the outbox stores a rendered payload in a SQLite row and a sender
performs it later, possibly after a restart. The core never sees any of this;
nothing here imports a platform library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from bot.core import choices as menu
from bot.core.models import Inbound, Reply
from bot.core.outreach.delivery import DeliveryStatus

Payload = dict[str, Any]  # JSON-serialisable: str, int, float, bool, None, list, dict

# What a channel shows when a reply cannot be rendered: the user still gets an answer.
ERROR_REPLY = Reply("core/error", choices=menu.main_menu())


class SendOutcome(StrEnum):
    """What became of one send, as the outbox needs to know it."""

    SENT = "sent"
    RETRY_AFTER = "retry_after"  # wait (`SendResult.retry_after`, or own backoff), then try again
    RECIPIENT_GONE = "recipient_gone"  # blocked us, not on the platform, undeliverable: stop writing
    WINDOW_CLOSED = "window_closed"  # free-form messages not allowed now; only an approved template
    PERMANENT_ERROR = "permanent_error"  # retrying the same payload will not help


class Failure(StrEnum):
    """Why a send failed, in channel-neutral words; each names what the sender does next."""

    CHANNEL_RATE_LIMIT = "channel_rate_limit"  # back off the whole channel (number, bot), then retry
    RECIPIENT_RATE_LIMIT = "recipient_rate_limit"  # back off this recipient only, then retry
    TRANSIENT = "transient"  # network trouble or a provider 5xx: retry with backoff
    # The request may have reached the provider (a timeout after it was written): retried for
    # what may arrive twice (replies, reminders), never for a broadcast (at most once).
    MAYBE_SENT = "maybe_sent"
    WINDOW_CLOSED = "window_closed"  # outside the service window: only a template may go
    RECIPIENT_GONE = "recipient_gone"  # mark the contact unreachable
    MARKETING_OPT_OUT = "marketing_opt_out"  # treat the person as opted out of marketing
    POLICY_BLOCK = "policy_block"  # spam or policy block on our account: stop outreach, alert staff
    TEMPLATE_PROBLEM = "template_problem"  # template missing, paused or wrong parameters: fail the broadcast early
    CONFIGURATION = "configuration"  # token, permission, account or number problem: alert staff
    INVALID_PAYLOAD = "invalid_payload"  # the provider refused the payload itself (our bug)
    UNKNOWN = "unknown"


OUTCOME_OF: dict[Failure, SendOutcome] = {
    Failure.CHANNEL_RATE_LIMIT: SendOutcome.RETRY_AFTER,
    Failure.RECIPIENT_RATE_LIMIT: SendOutcome.RETRY_AFTER,
    Failure.TRANSIENT: SendOutcome.RETRY_AFTER,
    Failure.MAYBE_SENT: SendOutcome.RETRY_AFTER,
    Failure.WINDOW_CLOSED: SendOutcome.WINDOW_CLOSED,
    Failure.RECIPIENT_GONE: SendOutcome.RECIPIENT_GONE,
    Failure.MARKETING_OPT_OUT: SendOutcome.PERMANENT_ERROR,
    Failure.POLICY_BLOCK: SendOutcome.PERMANENT_ERROR,
    Failure.TEMPLATE_PROBLEM: SendOutcome.PERMANENT_ERROR,
    Failure.CONFIGURATION: SendOutcome.PERMANENT_ERROR,
    Failure.INVALID_PAYLOAD: SendOutcome.PERMANENT_ERROR,
    Failure.UNKNOWN: SendOutcome.PERMANENT_ERROR,
}


@dataclass(frozen=True, slots=True)
class SendResult:
    """The classified result of sending one payload (or of a later failure report)."""

    outcome: SendOutcome
    provider_message_id: str | None = None  # e.g. WhatsApp "wamid...."; status reports refer to it
    failure: Failure | None = None
    retry_after: float | None = None  # at least this many seconds before retrying; None: own backoff
    error_code: str | None = None  # the provider's code ("131047", "429")
    detail: str = ""  # the provider's explanation; never personal data, never a secret

    @classmethod
    def sent(cls, provider_message_id: str | None = None) -> SendResult:
        return cls(SendOutcome.SENT, provider_message_id=provider_message_id)

    @classmethod
    def failed(
        cls,
        failure: Failure,
        *,
        error_code: str | None = None,
        retry_after: float | None = None,
        detail: str = "",
    ) -> SendResult:
        return cls(OUTCOME_OF[failure], failure=failure, retry_after=retry_after, error_code=error_code, detail=detail)

    @property
    def ok(self) -> bool:
        return self.outcome is SendOutcome.SENT


@dataclass(frozen=True, slots=True)
class Received:
    """One message for the engine, where its replies go, and what to send at once."""

    inbound: Inbound
    reply_to: str  # address the replies go to (a group chat may differ from the sender)
    acknowledgements: tuple[Payload, ...] = ()  # sent whatever the engine answers (mark as read, ...)


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """A provider's report on a message we sent earlier."""

    provider_message_id: str
    status: DeliveryStatus
    at: datetime
    recipient: str | None = None  # the address it was sent to, when the provider says
    failure: SendResult | None = None  # for FAILED: the classified reason


@dataclass(frozen=True, slots=True)
class Reachability:
    """The platform says a person blocked (or unblocked) us, before any send fails."""

    address: str
    reachable: bool


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    """Everything one platform event carried (a WhatsApp webhook POST may hold several of each)."""

    messages: tuple[Received, ...] = ()
    statuses: tuple[StatusUpdate, ...] = ()
    reachability: tuple[Reachability, ...] = ()


class Channel(Protocol):
    """A messaging platform as the rest of the bot sees it."""

    @property
    def name(self) -> str:
        """The channel's name in `Inbound.channel`, contact addresses and outbox rows."""
        ...

    def parse(self, raw: bytes) -> ParsedEvent:
        """A stored platform event (a webhook body, an update) -> messages and status reports.

        Raises `ValueError` for an event that is not the platform's at all.
        """
        ...

    def render(self, address: str, replies: Sequence[Reply]) -> list[Payload]:
        """The payloads, in sending order, that show `replies` to `address`."""
        ...

    async def send(self, payload: Payload) -> SendResult:
        """Perform one payload; never raises for provider or network errors, it classifies them."""
        ...
