"""The 24-hour customer service window (DESIGN.md §3, §3b).

WhatsApp accepts free-form messages (text, buttons, lists) only within 24
hours of the person's last message to us; outside it, only approved
templates. A message the person sends reopens the window for another 24
hours. Clocks differ and an outbox row may wait a while before it is sent, so
outreach treats the window as closed a margin earlier than Meta does.
A reply to someone who just wrote is always inside; if it is delayed past the
window anyway, the send comes back as `SendOutcome.WINDOW_CLOSED` (131047).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

SERVICE_WINDOW = timedelta(hours=24)
DEFAULT_MARGIN = timedelta(minutes=10)


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment


def window_closes_at(last_inbound_at: datetime) -> datetime:
    return _aware(last_inbound_at, "last_inbound_at") + SERVICE_WINDOW


def window_open(last_inbound_at: datetime | None, now: datetime, margin: timedelta = DEFAULT_MARGIN) -> bool:
    """Whether a free-form message to someone who last wrote at `last_inbound_at` may go at `now`."""
    _aware(now, "now")
    if last_inbound_at is None:
        return False
    return now < window_closes_at(last_inbound_at) - margin


class OutreachMode(StrEnum):
    FREE_FORM = "free_form"  # inside the window: the rendered message itself
    TEMPLATE = "template"  # outside: the approved template
    SKIP = "skip"  # outside and no template: do not send


SKIP_REASON = "outside_24h_window_without_template"


@dataclass(frozen=True, slots=True)
class OutreachPlan:
    mode: OutreachMode
    reason: str | None = None  # for SKIP: recorded on the outbox row instead of sending


def plan_outreach(
    last_inbound_at: datetime | None,
    now: datetime,
    *,
    has_template: bool,
    margin: timedelta = DEFAULT_MARGIN,
) -> OutreachPlan:
    """How a reminder, broadcast or staff notification may reach one person on WhatsApp now."""
    if window_open(last_inbound_at, now, margin):
        return OutreachPlan(OutreachMode.FREE_FORM)
    if has_template:
        return OutreachPlan(OutreachMode.TEMPLATE)
    return OutreachPlan(OutreachMode.SKIP, SKIP_REASON)
