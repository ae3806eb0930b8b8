"""Who is staff: the addresses in BPJSTK_STAFF_IDS, and whoever writes inside the staff group."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.models import Contact, Inbound


def actor_of(inbound: Inbound) -> str:
    """The audit name of whoever sent `inbound`: 'telegram:123456', 'whatsapp:6281...'."""
    return f"{inbound.channel}:{inbound.address}"


class StaffDirectory:
    def __init__(self, staff_ids: Iterable[str]) -> None:
        self._ids = frozenset(s.strip() for s in staff_ids if s.strip())

    def is_staff(self, contact: Contact, inbound: Inbound) -> bool:
        # The channel sets from_staff_group only for messages written in the staff group,
        # whose members are staff by the branch's choice.
        return inbound.from_staff_group or actor_of(inbound) in self._ids

    @staticmethod
    def in_private(inbound: Inbound) -> bool:
        """Full NIK and phone only here: a staff member's own chat, never the group."""
        return not inbound.from_staff_group
