"""SQLite side of staff broadcasts."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime

from bot.core.outreach.segments import Segment
from bot.storage.db import Database, Row, Transaction
from bot.storage.store import iso


@dataclass(frozen=True, slots=True)
class BroadcastRecord:
    id: int
    created_by: str
    created_at: str
    body: str | None
    template_key: str | None
    segment: Segment
    channels: str  # telegram | whatsapp | semua
    scheduled_at: float | None
    state: str  # draft, scheduled, sending, done, cancelled, failed
    finished_at: str | None
    error: str | None

    @property
    def channel_names(self) -> tuple[str, ...]:
        return ("telegram", "whatsapp") if self.channels == "semua" else (self.channels,)


def _record(row: Row) -> BroadcastRecord:
    return BroadcastRecord(
        id=int(row["id"]),
        created_by=str(row["created_by"]),
        created_at=str(row["created_at"]),
        body=row["body"],
        template_key=row["template_key"],
        segment=Segment.from_json(str(row["segment"])),
        channels=str(row["channels"]),
        scheduled_at=row["scheduled_at"],
        state=str(row["state"]),
        finished_at=row["finished_at"],
        error=row["error"],
    )


class SqliteBroadcasts:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        created_by: str,
        *,
        body: str | None,
        template_key: str | None,
        segment: Segment,
        channels: str,
        scheduled_at: float | None,
        now: datetime,
    ) -> int:
        async with self.db.transaction() as tx:
            return await tx.insert(
                "INSERT INTO broadcasts (created_by, created_at, body, template_key, segment, channels, scheduled_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (created_by, iso(now), body, template_key, segment.to_json(), channels, scheduled_at),
            )

    async def get(self, broadcast_id: int) -> BroadcastRecord | None:
        row = await self.db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return _record(row) if row is not None else None

    async def recent(self, limit: int = 20) -> list[BroadcastRecord]:
        rows = await self.db.fetchall("SELECT * FROM broadcasts ORDER BY id DESC LIMIT ?", (limit,))
        return [_record(r) for r in rows]

    async def schedule(self, broadcast_id: int, at: float) -> bool:
        """A draft (or a scheduled one, to move it) goes out at `at`; False if it is past that."""
        return (
            await self.db.execute(
                "UPDATE broadcasts SET state = 'scheduled', scheduled_at = ? WHERE id = ? AND state IN "
                "('draft', 'scheduled')",
                (at, broadcast_id),
            )
            == 1
        )

    async def due(self, now: float) -> list[BroadcastRecord]:
        """To expand now: scheduled ones whose time has come, and those a stopped process left
        half expanded (expanding again queues nobody twice: rows are unique per person)."""
        rows = await self.db.fetchall(
            "SELECT * FROM broadcasts WHERE (state = 'scheduled' AND scheduled_at <= ?)"
            " OR (state = 'sending' AND expanded_at IS NULL) ORDER BY scheduled_at, id",
            (now,),
        )
        return [_record(r) for r in rows]

    async def in_progress(self) -> list[BroadcastRecord]:
        """Sending, with every row queued (only these can be done)."""
        rows = await self.db.fetchall(
            "SELECT * FROM broadcasts WHERE state = 'sending' AND expanded_at IS NOT NULL ORDER BY id"
        )
        return [_record(r) for r in rows]

    async def set_state(self, broadcast_id: int, state: str, now: datetime, error: str | None = None) -> None:
        finished = iso(now) if state in ("done", "cancelled", "failed") else None
        await self.db.execute(
            "UPDATE broadcasts SET state = ?, error = COALESCE(?, error), finished_at = COALESCE(?, finished_at)"
            " WHERE id = ?",
            (state, error, finished, broadcast_id),
        )

    async def mark_expanded(self, broadcast_id: int, now: datetime) -> None:
        """Every person's row is queued."""
        await self.db.execute(
            "UPDATE broadcasts SET expanded_at = ? WHERE id = ? AND expanded_at IS NULL", (iso(now), broadcast_id)
        )

    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        return self.db.transaction()

    async def still_sending(self, broadcast_id: int) -> bool:
        """Not cancelled or failed meanwhile (inside `transaction()`, nobody can change that before it ends)."""
        row = await self.db.fetchone("SELECT state FROM broadcasts WHERE id = ?", (broadcast_id,))
        return row is not None and row["state"] == "sending"

    async def cancel(self, broadcast_id: int, now: datetime) -> bool:
        """Stop it: unsent rows become skipped; what was already sent stays sent."""
        async with self.db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE broadcasts SET state = 'cancelled', finished_at = ? WHERE id = ?"
                " AND state IN ('draft', 'scheduled', 'sending')",
                (iso(now), broadcast_id),
            )
            if changed:
                await tx.execute(
                    "UPDATE outbox SET state = 'skipped', error = 'broadcast cancelled by staff'"
                    " WHERE broadcast_id = ? AND state = 'queued'",
                    (broadcast_id,),
                )
        return changed == 1

    async def unfinished_rows(self, broadcast_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM outbox WHERE broadcast_id = ? AND state IN ('queued', 'sending')",
            (broadcast_id,),
        )
        return int(row["n"]) if row is not None else 0
