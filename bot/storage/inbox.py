"""Platform events stored before they are acknowledged, until the engine has handled them."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.storage.db import Database

# An event that made the worker fail this often is dropped (logged), not retried for ever.
MAX_EVENT_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class StoredEvent:
    id: int
    channel: str
    payload: bytes = field(repr=False)  # raw platform JSON: personal data
    attempts: int = 0


class SqliteInbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def store(self, channel: str, event_key: str | None, payload: bytes, now: float) -> bool:
        """Keep the event (durable once this returns); False if the same key is already waiting."""
        return (
            await self.db.execute(
                "INSERT OR IGNORE INTO inbound_events (channel, event_key, payload, received_at) VALUES (?, ?, ?, ?)",
                (channel, event_key, payload, now),
            )
            == 1
        )

    async def store_many(self, channel: str, events: list[tuple[str | None, bytes]], now: float) -> int:
        """Several events in one transaction (a batch of polled updates)."""
        stored = 0
        async with self.db.transaction() as tx:
            for key, payload in events:
                stored += await tx.execute(
                    "INSERT OR IGNORE INTO inbound_events (channel, event_key, payload, received_at)"
                    " VALUES (?, ?, ?, ?)",
                    (channel, key, payload, now),
                )
        return stored

    async def waiting(self, channel: str, limit: int, after_id: int = 0) -> list[StoredEvent]:
        rows = await self.db.fetchall(
            "SELECT id, channel, payload, attempts FROM inbound_events WHERE channel = ? AND id > ?"
            " ORDER BY id LIMIT ?",
            (channel, after_id, limit),
        )
        return [StoredEvent(int(r["id"]), str(r["channel"]), bytes(r["payload"]), int(r["attempts"])) for r in rows]

    async def done(self, event_id: int) -> None:
        """Handled: the raw event (personal data) goes."""
        await self.db.execute("DELETE FROM inbound_events WHERE id = ?", (event_id,))

    async def failed(self, event_id: int) -> bool:
        """Count a failed attempt; True if the event was dropped for good."""
        async with self.db.transaction() as tx:
            await tx.execute("UPDATE inbound_events SET attempts = attempts + 1 WHERE id = ?", (event_id,))
            dropped = await tx.execute(
                "DELETE FROM inbound_events WHERE id = ? AND attempts >= ?", (event_id, MAX_EVENT_ATTEMPTS)
            )
        return dropped == 1

    async def count(self, channel: str | None = None) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM inbound_events" + (" WHERE channel = ?" if channel else ""),
            (channel,) if channel else (),
        )
        return int(row["n"]) if row is not None else 0
