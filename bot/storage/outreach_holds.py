"""Outreach held on a channel after a spam or policy block, kept across restarts."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.db import Database


@dataclass(frozen=True, slots=True)
class OutreachHold:
    channel: str
    until: float
    reason: str
    held_at: float


class SqliteOutreachHolds:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def hold(self, channel: str, until: float, reason: str, now: float) -> None:
        """Hold outreach on `channel` until `until`; a later block only lengthens a hold."""
        await self.db.execute(
            "INSERT INTO outreach_holds (channel, until, reason, held_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel) DO UPDATE SET until = max(until, excluded.until),"
            " reason = excluded.reason, held_at = excluded.held_at",
            (channel, until, reason, now),
        )

    async def until(self, channel: str, now: float) -> float | None:
        """When outreach may go again on `channel`, or None if it is not held."""
        row = await self.db.fetchone("SELECT until FROM outreach_holds WHERE channel = ? AND until > ?", (channel, now))
        return None if row is None else float(row["until"])

    async def active(self, now: float) -> list[OutreachHold]:
        rows = await self.db.fetchall(
            "SELECT channel, until, reason, held_at FROM outreach_holds WHERE until > ? ORDER BY channel", (now,)
        )
        return [OutreachHold(r["channel"], float(r["until"]), r["reason"], float(r["held_at"])) for r in rows]

    async def lift(self, channel: str) -> bool:
        """Staff resolved the block with the platform: outreach may go again now."""
        return await self.db.execute("DELETE FROM outreach_holds WHERE channel = ?", (channel,)) > 0
