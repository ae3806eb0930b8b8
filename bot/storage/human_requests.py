"""SQLite side of requests for a human and the conversations staff take over."""

from __future__ import annotations

from datetime import datetime

from bot.core.takeover import HumanRequest
from bot.storage.db import Database, Row
from bot.storage.store import iso


def _request(row: Row) -> HumanRequest:
    return HumanRequest(
        id=int(row["id"]),
        contact_id=int(row["contact_id"]),
        channel=str(row["channel"]),
        address=str(row["address"]),
        state=str(row["state"]),
        taken_by=row["taken_by"],
        opened_at=datetime.fromisoformat(row["opened_at"]),
        last_activity_at=datetime.fromisoformat(row["last_activity_at"]),
    )


class SqliteHumanRequests:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def current(self, contact_id: int) -> HumanRequest | None:
        row = await self.db.fetchone(
            "SELECT * FROM human_requests WHERE contact_id = ? AND state != 'closed'", (contact_id,)
        )
        return _request(row) if row is not None else None

    async def opened_since(self, contact_id: int, since: datetime) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM human_requests WHERE contact_id = ? AND julianday(opened_at) >= julianday(?)",
            (contact_id, iso(since)),
        )
        return int(row["n"]) if row is not None else 0

    async def open(self, contact_id: int, channel: str, address: str, now: datetime) -> HumanRequest:
        async with self.db.transaction() as tx:
            request_id = await tx.insert(
                "INSERT INTO human_requests (contact_id, channel, address, opened_at, last_activity_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (contact_id, channel, address, iso(now), iso(now)),
            )
            row = await tx.fetchone("SELECT * FROM human_requests WHERE id = ?", (request_id,))
        assert row is not None
        return _request(row)

    async def get(self, request_id: int) -> HumanRequest | None:
        row = await self.db.fetchone("SELECT * FROM human_requests WHERE id = ?", (request_id,))
        return _request(row) if row is not None else None

    async def take(self, request_id: int, staff: str, now: datetime) -> HumanRequest | None:
        async with self.db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE human_requests SET state = 'taken', taken_by = ?, taken_at = ?, last_activity_at = ?"
                " WHERE id = ? AND (state = 'open' OR (state = 'taken' AND taken_by = ?))",
                (staff, iso(now), iso(now), request_id, staff),
            )
            row = await tx.fetchone("SELECT * FROM human_requests WHERE id = ?", (request_id,))
        return _request(row) if changed and row is not None else None

    async def held_by(self, staff: str) -> HumanRequest | None:
        row = await self.db.fetchone(
            "SELECT * FROM human_requests WHERE taken_by = ? AND state = 'taken' ORDER BY taken_at DESC LIMIT 1",
            (staff,),
        )
        return _request(row) if row is not None else None

    async def touch(self, request_id: int, now: datetime) -> None:
        await self.db.execute("UPDATE human_requests SET last_activity_at = ? WHERE id = ?", (iso(now), request_id))

    async def close(self, request_id: int, reason: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE human_requests SET state = 'closed', closed_at = ?, closed_reason = ?"
            " WHERE id = ? AND state != 'closed'",
            (iso(now), reason, request_id),
        )

    async def waiting(self, limit: int) -> list[HumanRequest]:
        rows = await self.db.fetchall("SELECT * FROM human_requests WHERE state = 'open' ORDER BY id LIMIT ?", (limit,))
        return [_request(r) for r in rows]

    async def untaken_since(self, before: datetime) -> list[HumanRequest]:
        rows = await self.db.fetchall(
            "SELECT * FROM human_requests WHERE state = 'open' AND julianday(opened_at) < julianday(?) ORDER BY id",
            (iso(before),),
        )
        return [_request(r) for r in rows]

    async def silent_since(self, before: datetime) -> list[HumanRequest]:
        rows = await self.db.fetchall(
            "SELECT * FROM human_requests WHERE state = 'taken' AND julianday(last_activity_at) < julianday(?)",
            (iso(before),),
        )
        return [_request(r) for r in rows]

    async def recent_texts(self, contact_id: int, since: datetime, limit: int) -> list[tuple[datetime, str]]:
        rows = await self.db.fetchall(
            "SELECT received_at, body FROM inbound_messages WHERE contact_id = ? AND kind = 'text'"
            " AND body IS NOT NULL AND body != '' AND julianday(received_at) >= julianday(?)"
            " ORDER BY julianday(received_at) DESC, id DESC LIMIT ?",
            (contact_id, iso(since), limit),
        )
        return [(datetime.fromisoformat(r["received_at"]), str(r["body"])) for r in reversed(rows)]
