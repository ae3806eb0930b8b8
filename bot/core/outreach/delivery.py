"""Delivery statuses reported by a provider for a message we sent, and their precedence.

Providers (WhatsApp's status callbacks) report `sent`, `delivered`, `read` and
`failed`, out of order and more than once. A stored status never moves
backwards: `merge` keeps whichever of the stored and the reported status is
further along. `failed` ranks above `sent` (a failure report outlives the
"sent" that may arrive after it) and below `delivered`/`read` (a message that
reached a device was delivered, whatever a late failure for another device says).
"""

from __future__ import annotations

from enum import StrEnum


class DeliveryStatus(StrEnum):
    SENT = "sent"  # accepted by the provider, on its way
    FAILED = "failed"  # the provider gave up (the failure is classified separately)
    DELIVERED = "delivered"  # reached the recipient's device
    READ = "read"  # the recipient opened it


RANK: dict[DeliveryStatus, int] = {
    DeliveryStatus.SENT: 1,
    DeliveryStatus.FAILED: 2,
    DeliveryStatus.DELIVERED: 3,
    DeliveryStatus.READ: 4,
}


def rank(status: DeliveryStatus | None) -> int:
    """0 for "nothing reported yet"; higher means further along."""
    return 0 if status is None else RANK[status]


def moves_forward(current: DeliveryStatus | None, reported: DeliveryStatus) -> bool:
    """Whether a report should replace the stored status (False for duplicates and late arrivals)."""
    return rank(reported) > rank(current)


def merge(current: DeliveryStatus | None, reported: DeliveryStatus) -> DeliveryStatus:
    """The status to keep after `reported` arrives: never backwards, duplicates change nothing."""
    return reported if moves_forward(current, reported) else current or reported


def parse_status(raw: str) -> DeliveryStatus | None:
    """A provider's status word, or None for ones we do not track (e.g. WhatsApp's "played")."""
    try:
        return DeliveryStatus(raw)
    except ValueError:
        return None
