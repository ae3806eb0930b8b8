"""Who outreach may go to, one address per person.

Everyone returned said yes to reminders and information, did not say BERHENTI,
and can be reached; each person once, on the channel they last wrote from
(among the channels asked for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.outreach.segments import Segment
from bot.storage.db import Database


@dataclass(frozen=True, slots=True)
class Recipient:
    contact_id: int
    channel: str
    address: str
    last_seen_at: datetime | None


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


def _conditions(
    segment: Segment, channels: Sequence[str], interest: str | None, *, consent: bool = True
) -> tuple[str, list[Any]]:
    where = [
        "c.outreach = 'yes'" if consent else "1 = 1",
        "c.opted_out = 0",
        "c.reachable = 1",
        f"a.channel IN ({_marks(len(channels))})",
        # The person's most recently used address among these channels: one message per person.
        "a.rowid = (SELECT a2.rowid FROM contact_addresses a2 WHERE a2.contact_id = c.id"
        f" AND a2.channel IN ({_marks(len(channels))}) ORDER BY a2.last_seen_at DESC, a2.rowid DESC LIMIT 1)",
    ]
    params: list[Any] = [*channels, *channels]
    lead_checks: list[str] = []
    for column, value in (("area", segment.area), ("role", segment.role), ("status", segment.status)):
        if value is not None:
            lead_checks.append(f"l.{column} = ?")
            params.append(value)
    if lead_checks:
        where.append(f"EXISTS (SELECT 1 FROM leads l WHERE l.contact_id = c.id AND {' AND '.join(lead_checks)})")
    if segment.source is not None:
        where.append("(c.source = ? OR EXISTS (SELECT 1 FROM leads l2 WHERE l2.contact_id = c.id AND l2.source = ?))")
        params += [segment.source, segment.source]
    if interest is not None:
        where.append("EXISTS (SELECT 1 FROM contact_interests i WHERE i.contact_id = c.id AND i.interest = ?)")
        params.append(interest)
    return " AND ".join(where), params


class SqliteAudience:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def recipients(
        self,
        segment: Segment,
        channels: Sequence[str],
        *,
        interest: str | None = None,
        after_contact_id: int = 0,
        limit: int = 1000,
    ) -> list[Recipient]:
        """A page of the audience, by contact id (call again with the last id for the next page)."""
        if not channels:
            return []
        where, params = _conditions(segment, channels, interest)
        rows = await self.db.fetchall(
            "SELECT c.id AS contact_id, a.channel, a.address, a.last_seen_at"
            " FROM contacts c JOIN contact_addresses a ON a.contact_id = c.id"
            f" WHERE {where} AND c.id > ? ORDER BY c.id LIMIT ?",
            (*params, after_contact_id, limit),
        )
        return [
            Recipient(
                int(r["contact_id"]),
                str(r["channel"]),
                str(r["address"]),
                datetime.fromisoformat(r["last_seen_at"]) if r["last_seen_at"] else None,
            )
            for r in rows
        ]

    async def recipients_interested(
        self, interest: str, channels: Sequence[str], after_contact_id: int = 0, limit: int = 1000
    ) -> list[Recipient]:
        return await self.recipients(
            Segment(), channels, interest=interest, after_contact_id=after_contact_id, limit=limit
        )

    async def person(self, contact_id: int, channels: Sequence[str], *, consent_required: bool) -> Recipient | None:
        """Where to reach one person, or None if they stopped, cannot be reached, or (when a yes
        is required) never said yes. A reminder the person asked for needs no separate yes."""
        if not channels:
            return None
        where, params = _conditions(Segment(), channels, None, consent=consent_required)
        row = await self.db.fetchone(
            "SELECT c.id AS contact_id, a.channel, a.address, a.last_seen_at"
            " FROM contacts c JOIN contact_addresses a ON a.contact_id = c.id"
            f" WHERE {where} AND c.id = ?",
            (*params, contact_id),
        )
        if row is None:
            return None
        seen = datetime.fromisoformat(row["last_seen_at"]) if row["last_seen_at"] else None
        return Recipient(int(row["contact_id"]), str(row["channel"]), str(row["address"]), seen)

    async def counts(self, segment: Segment, channels: Sequence[str]) -> dict[str, int]:
        """How many people each channel would reach."""
        if not channels:
            return {}
        where, params = _conditions(segment, channels, None)
        rows = await self.db.fetchall(
            "SELECT a.channel, COUNT(*) AS n FROM contacts c JOIN contact_addresses a ON a.contact_id = c.id"
            f" WHERE {where} GROUP BY a.channel",
            params,
        )
        found = {str(r["channel"]): int(r["n"]) for r in rows}
        return {channel: found.get(channel, 0) for channel in channels}

    async def last_seen(self, channel: str, address: str) -> datetime | None:
        row = await self.db.fetchone(
            "SELECT last_seen_at FROM contact_addresses WHERE channel = ? AND address = ?", (channel, address)
        )
        return datetime.fromisoformat(row["last_seen_at"]) if row is not None and row["last_seen_at"] else None
