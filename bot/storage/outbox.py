"""SQLite implementation of the outbox: every outbound message is a row.

Rows move queued -> sending -> sent | failed | skipped | unknown. A sender
claims the rows it is about to send in one short transaction (state `sending`
with a lease), commits, and only then calls the platform, so a crash always
leaves evidence: a row still `sending` after its lease expired "maybe went".
`recover_expired` then queues replies, staff notices and reminders again (at
least once) and marks broadcast messages `unknown` (at most once).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from bot.core.outreach.delivery import DeliveryStatus, parse_status, rank
from bot.core.outreach.model import (
    FINAL_STATES,
    OUTREACH_KINDS,
    PRIORITY,
    Candidate,
    NewMessage,
    OutboxEntry,
    OutboxRow,
)
from bot.storage.db import Database, Row

_COLUMNS = (
    "channel, address, contact_id, kind, priority, payload, next_attempt_at, created_at,"
    " broadcast_id, reminder_id, occurrence, part, state, error, about_contact_id"
)


def _row(row: Row) -> OutboxRow:
    return OutboxRow(
        id=int(row["id"]),
        channel=str(row["channel"]),
        address=str(row["address"]),
        contact_id=row["contact_id"],
        kind=str(row["kind"]),
        payload=json.loads(row["payload"]),
        attempts=int(row["attempts"]),
        broadcast_id=row["broadcast_id"],
        reminder_id=row["reminder_id"],
    )


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


class SqliteOutbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing rows -----------------------------------------------------------
    async def enqueue(self, messages: Sequence[NewMessage], now: float) -> int:
        """Insert the rows (joining an open transaction); a duplicate by construction is ignored.

        Returns how many rows were inserted.
        """
        rows = [
            (
                message.channel,
                message.address,
                message.contact_id,
                message.kind,
                PRIORITY[message.kind],
                json.dumps(message.payload, ensure_ascii=False, separators=(",", ":")),
                message.due_at if message.due_at is not None else now,
                now,
                message.broadcast_id,
                message.reminder_id,
                message.occurrence,
                message.part,
                "queued" if message.skipped is None else "skipped",
                message.skipped,
                message.about_contact_id,
            )
            for message in messages
        ]
        if not rows:
            return 0
        # One call for all the rows: a broadcast's page of 1,000 holds the write lock for
        # milliseconds, not for 1,000 round trips to SQLite's thread (replies wait on it).
        async with self.db.transaction() as tx:
            # The contact may have been erased in this very transaction (/hapusdata's own reply).
            return await tx.executemany(
                f"INSERT OR IGNORE INTO outbox ({_COLUMNS})"
                f" VALUES (?, ?, (SELECT id FROM contacts WHERE id = ?), {_marks(11)},"
                " (SELECT id FROM contacts WHERE id = ?))",
                rows,
            )

    # --- the sender's side --------------------------------------------------------
    async def candidates(
        self, channel: str, now: float, limit: int, *, outreach: bool, exclude: Iterable[int] = ()
    ) -> list[Candidate]:
        """Queued rows due now, most urgent first (a read: no lock taken)."""
        kinds = "" if outreach else f" AND kind NOT IN ({_marks(len(OUTREACH_KINDS))})"
        params: list[Any] = [channel, now]
        if not outreach:
            params.extend(sorted(OUTREACH_KINDS))
        rows = await self.db.fetchall(
            "SELECT id, address, kind FROM outbox INDEXED BY outbox_queue"
            f" WHERE channel = ? AND state = 'queued' AND next_attempt_at <= ?{kinds}"
            " ORDER BY priority, id LIMIT ?",
            (*params, limit),
        )
        skip = set(exclude)
        return [Candidate(int(r["id"]), str(r["address"]), str(r["kind"])) for r in rows if int(r["id"]) not in skip]

    async def next_due(self, channel: str, *, outreach: bool) -> float | None:
        """When the earliest queued row of this channel falls due (None: nothing queued)."""
        kinds = "" if outreach else f" AND kind NOT IN ({_marks(len(OUTREACH_KINDS))})"
        params: list[Any] = [channel]
        if not outreach:
            params.extend(sorted(OUTREACH_KINDS))
        row = await self.db.fetchone(
            f"SELECT MIN(next_attempt_at) AS due FROM outbox WHERE channel = ? AND state = 'queued'{kinds}", params
        )
        return float(row["due"]) if row is not None and row["due"] is not None else None

    async def claim(self, ids: Sequence[int], now: float, lease_seconds: float) -> list[OutboxRow]:
        """Mark these rows `sending` with a lease; returns those that were still queued."""
        if not ids:
            return []
        async with self.db.transaction() as tx:
            rows = await tx.fetchall(
                "UPDATE outbox SET state = 'sending', lease_until = ?, attempts = attempts + 1"
                f" WHERE id IN ({_marks(len(ids))}) AND state = 'queued' RETURNING *",
                (now + lease_seconds, *ids),
            )
        return sorted((_row(r) for r in rows), key=lambda r: (PRIORITY[r.kind], r.id))

    async def mark_sent(self, row_id: int, provider_message_id: str | None, now: float) -> None:
        await self.db.execute(
            "UPDATE outbox SET state = 'sent', sent_at = ?, lease_until = NULL, provider_message_id = ?,"
            " error = NULL WHERE id = ? AND state = 'sending'",
            (now, provider_message_id, row_id),
        )

    async def retry(self, row_id: int, at: float, error: str) -> None:
        """Back to the queue, due at `at` (the attempt counted)."""
        await self.db.execute(
            "UPDATE outbox SET state = 'queued', next_attempt_at = ?, lease_until = NULL, error = ?"
            " WHERE id = ? AND state = 'sending'",
            (at, error, row_id),
        )

    async def release(self, row_ids: Sequence[int], at: float) -> None:
        """Claimed but never attempted (an earlier message to the same chat must wait): requeue
        without counting an attempt."""
        if not row_ids:
            return
        await self.db.execute(
            "UPDATE outbox SET state = 'queued', next_attempt_at = ?, lease_until = NULL,"
            f" attempts = attempts - 1 WHERE id IN ({_marks(len(row_ids))}) AND state = 'sending'",
            (at, *row_ids),
        )

    async def finish(self, row_id: int, state: str, error: str) -> None:
        """End a row as failed or skipped, with the reason."""
        assert state in FINAL_STATES
        await self.db.execute(
            "UPDATE outbox SET state = ?, lease_until = NULL, error = ?"
            " WHERE id = ? AND state IN ('sending', 'queued')",
            (state, error, row_id),
        )

    async def skip_address(self, channel: str, address: str, reason: str, *, kinds: Iterable[str] | None = None) -> int:
        """Skip what is still queued for this address (it blocked us, it is gone)."""
        wanted = sorted(kinds) if kinds is not None else None
        kind_filter = f" AND kind IN ({_marks(len(wanted))})" if wanted else ""
        return await self.db.execute(
            f"UPDATE outbox SET state = 'skipped', error = ? WHERE channel = ? AND address = ? AND state = 'queued'"
            f"{kind_filter}",
            (reason, channel, address, *(wanted or ())),
        )

    async def skip_broadcast(self, broadcast_id: int, reason: str) -> int:
        return await self.db.execute(
            "UPDATE outbox SET state = 'skipped', error = ? WHERE broadcast_id = ? AND state = 'queued'",
            (reason, broadcast_id),
        )

    async def recover_expired(self, channel: str, now: float) -> tuple[int, int]:
        """Rows left `sending` past their lease (a crash): (queued again, marked unknown)."""
        async with self.db.transaction() as tx:
            unknown = await tx.execute(
                "UPDATE outbox SET state = 'unknown', lease_until = NULL,"
                " error = 'the process stopped while sending; it may or may not have arrived (not resent)'"
                " WHERE channel = ? AND state = 'sending' AND lease_until < ? AND kind = 'broadcast'",
                (channel, now),
            )
            requeued = await tx.execute(
                "UPDATE outbox SET state = 'queued', lease_until = NULL, next_attempt_at = ?,"
                " error = 'the process stopped while sending; sent again'"
                " WHERE channel = ? AND state = 'sending' AND lease_until < ?",
                (now, channel, now),
            )
        return requeued, unknown

    # --- provider reports -------------------------------------------------------------
    async def record_delivery(
        self, provider_message_id: str, status: DeliveryStatus, error: str | None, now: float
    ) -> bool:
        """Store a provider's report unless it would move the status backwards (False then:
        a duplicate or a late arrival). Reports may come before the row knows the id."""
        return (
            await self.db.execute(
                "INSERT INTO delivery_reports (provider_message_id, status, rank, error, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider_message_id) DO UPDATE SET"
                " status = excluded.status, rank = excluded.rank, error = COALESCE(excluded.error, error),"
                " updated_at = excluded.updated_at WHERE excluded.rank > delivery_reports.rank",
                (provider_message_id, status.value, rank(status), error, now),
            )
            == 1
        )

    async def delivery_of(self, provider_message_id: str) -> DeliveryStatus | None:
        row = await self.db.fetchone(
            "SELECT status FROM delivery_reports WHERE provider_message_id = ?", (provider_message_id,)
        )
        return parse_status(str(row["status"])) if row is not None else None

    async def row_for_provider_id(self, provider_message_id: str) -> tuple[int, str, str, str, int | None] | None:
        """(row id, channel, address, kind, broadcast id) of the row sent with this id."""
        row = await self.db.fetchone(
            "SELECT id, channel, address, kind, broadcast_id FROM outbox WHERE provider_message_id = ?",
            (provider_message_id,),
        )
        if row is None:
            return None
        return int(row["id"]), str(row["channel"]), str(row["address"]), str(row["kind"]), row["broadcast_id"]

    # --- views ------------------------------------------------------------------------
    async def listing(self, *, state: str | None, kind: str | None, limit: int) -> list[OutboxEntry]:
        """Newest rows first, without their payload (it may hold personal data)."""
        where, params = [], []
        for column, value in (("state", state), ("kind", kind)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        rows = await self.db.fetchall(
            "SELECT id, channel, address, kind, state, attempts, error, created_at, sent_at, broadcast_id"
            f" FROM outbox{clause} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [
            OutboxEntry(
                int(r["id"]),
                str(r["channel"]),
                str(r["address"]),
                str(r["kind"]),
                str(r["state"]),
                int(r["attempts"]),
                r["error"],
                float(r["created_at"]),
                r["sent_at"],
                r["broadcast_id"],
            )
            for r in rows
        ]

    async def totals(self) -> dict[tuple[str, str, str], int]:
        """Rows by (channel, kind, state)."""
        rows = await self.db.fetchall(
            "SELECT channel, kind, state, COUNT(*) AS n FROM outbox GROUP BY channel, kind, state"
        )
        return {(str(r["channel"]), str(r["kind"]), str(r["state"])): int(r["n"]) for r in rows}

    async def counts(self, *, broadcast_id: int | None = None, channel: str | None = None) -> dict[str, int]:
        where: list[str] = []
        params: list[int | str] = []
        if broadcast_id is not None:
            where.append("broadcast_id = ?")
            params.append(broadcast_id)
        if channel is not None:
            where.append("channel = ?")
            params.append(channel)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        rows = await self.db.fetchall(f"SELECT state, COUNT(*) AS n FROM outbox{clause} GROUP BY state", params)
        counts = {str(r["state"]): int(r["n"]) for r in rows}
        reports = await self.db.fetchall(
            "SELECT d.status, COUNT(*) AS n FROM outbox o JOIN delivery_reports d"
            f" ON d.provider_message_id = o.provider_message_id{clause.replace(' WHERE ', ' WHERE o.')}"
            " GROUP BY d.status",
            params,
        )
        for r in reports:
            counts[f"report:{r['status']}"] = int(r["n"])
        return counts
