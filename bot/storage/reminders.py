"""SQLite side of reminders: personal and monthly reminders, rule rows, and what rules look at."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.storage.db import Database
from bot.storage.store import iso

# The topic people name a reminder by: a personal one's own (daftar, bayar), "bulanan" for the monthly one.
_TOPIC_OF = "CASE kind WHEN 'bpu_monthly' THEN 'bulanan' ELSE topic END"
_TOPIC_SQL = f"{_TOPIC_OF} = ?"


@dataclass(frozen=True, slots=True)
class PersonalReminder:
    id: int
    contact_id: int
    topic: str  # daftar | bayar
    due_on: date


@dataclass(frozen=True, slots=True)
class MonthlyReminder:
    id: int
    contact_id: int
    day_of_month: int
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class IdleRegistration:
    contact_id: int
    step: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class WaitingLead:
    id: int
    reference: str
    created_at: datetime
    role: str
    area: str


class SqliteReminders:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._rules: dict[str, int] = {}

    async def rule_id(self, name: str, now: datetime) -> int:
        """The row standing for a rule (registration follow-up, a campaign, ...), created once."""
        if name not in self._rules:
            async with self.db.transaction() as tx:
                await tx.execute(
                    "INSERT OR IGNORE INTO reminders (kind, topic, created_at) VALUES ('rule', ?, ?)", (name, iso(now))
                )
                row = await tx.fetchone("SELECT id FROM reminders WHERE kind = 'rule' AND topic = ?", (name,))
            assert row is not None
            self._rules[name] = int(row["id"])
        return self._rules[name]

    # --- set by people --------------------------------------------------------------
    async def remind_on(self, contact_id: int, topic: str, day: date, now: datetime) -> int:
        """ "Ingatkan saya" on `day` about `topic`; asking again about the same topic moves the day."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO reminders (kind, contact_id, topic, due_on, created_at) VALUES ('personal', ?, ?, ?, ?)"
                " ON CONFLICT (kind, contact_id, topic) DO UPDATE SET due_on = excluded.due_on, active = 1",
                (contact_id, topic, day.isoformat(), iso(now)),
            )
            row = await tx.fetchone(
                "SELECT id FROM reminders WHERE kind = 'personal' AND contact_id = ? AND topic = ?", (contact_id, topic)
            )
        assert row is not None
        return int(row["id"])

    async def remind_monthly(self, contact_id: int, day_of_month: int, detail: dict[str, Any], now: datetime) -> int:
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO reminders (kind, contact_id, topic, day_of_month, detail, created_at)"
                " VALUES ('bpu_monthly', ?, 'iuran', ?, ?, ?)"
                " ON CONFLICT (kind, contact_id, topic) DO UPDATE SET day_of_month = excluded.day_of_month,"
                " detail = excluded.detail, active = 1",
                (contact_id, day_of_month, json.dumps(detail), iso(now)),
            )
            row = await tx.fetchone(
                "SELECT id FROM reminders WHERE kind = 'bpu_monthly' AND contact_id = ? AND topic = 'iuran'",
                (contact_id,),
            )
        assert row is not None
        return int(row["id"])

    async def stop_requested(self, contact_id: int, topic: str | None = None) -> int:
        """Stop the reminders the person asked for (all, or the one of `topic`: daftar, bayar,
        bulanan), and what of them is already queued.

        Returns how many reminders that stops: the active ones, and used-up ones whose
        message was queued (a personal reminder is used up when its message is queued).
        """
        mine = "contact_id = ? AND kind IN ('personal', 'bpu_monthly')"
        params: tuple[object, ...] = (contact_id,)
        if topic is not None:
            mine += " AND " + _TOPIC_SQL
            params = (contact_id, topic)
        skip = (
            "UPDATE outbox SET state = 'skipped', error = 'reminder stopped by the person'"
            f" WHERE state = 'queued' AND kind = 'reminder' AND reminder_id IN (SELECT id FROM reminders"
            f" WHERE {mine} AND active = ?)"
        )
        async with self.db.transaction() as tx:
            used_up = await tx.execute(skip, (*params, 0))
            await tx.execute(skip, (*params, 1))
            stopped = await tx.execute(f"UPDATE reminders SET active = 0 WHERE {mine} AND active = 1", params)
        return stopped + used_up

    async def requested_topics(self, contact_id: int) -> list[str]:
        """The topics of the reminders a person asked for that are still to come, oldest first."""
        rows = await self.db.fetchall(
            f"SELECT {_TOPIC_OF} AS topic FROM reminders WHERE contact_id = ? AND active = 1"
            " AND kind IN ('personal', 'bpu_monthly') ORDER BY id",
            (contact_id,),
        )
        return [str(r["topic"]) for r in rows]

    async def active_for(self, contact_id: int) -> list[tuple[str, str, str | None, int | None]]:
        """(kind, topic, due_on, day_of_month) of a person's active reminders, for /datasaya."""
        rows = await self.db.fetchall(
            "SELECT kind, topic, due_on, day_of_month FROM reminders WHERE contact_id = ? AND active = 1 ORDER BY id",
            (contact_id,),
        )
        return [(str(r["kind"]), str(r["topic"]), r["due_on"], r["day_of_month"]) for r in rows]

    # --- read by the scheduler ----------------------------------------------------------
    async def personal_due(self, today: date) -> list[PersonalReminder]:
        rows = await self.db.fetchall(
            "SELECT id, contact_id, topic, due_on FROM reminders"
            " WHERE kind = 'personal' AND active = 1 AND due_on <= ? ORDER BY due_on, id",
            (today.isoformat(),),
        )
        return [
            PersonalReminder(int(r["id"]), int(r["contact_id"]), str(r["topic"]), date.fromisoformat(r["due_on"]))
            for r in rows
        ]

    async def finish(self, reminder_id: int) -> None:
        await self.db.execute("UPDATE reminders SET active = 0 WHERE id = ?", (reminder_id,))

    async def monthly(self, day_of_month_up_to: int) -> list[MonthlyReminder]:
        rows = await self.db.fetchall(
            "SELECT id, contact_id, day_of_month, detail FROM reminders"
            " WHERE kind = 'bpu_monthly' AND active = 1 AND day_of_month <= ? ORDER BY id",
            (day_of_month_up_to,),
        )
        return [
            MonthlyReminder(int(r["id"]), int(r["contact_id"]), int(r["day_of_month"]), json.loads(r["detail"] or "{}"))
            for r in rows
        ]

    async def idle_registrations(self, idle_since: datetime, not_before: datetime) -> list[IdleRegistration]:
        """Registrations past the consent step whose last answer lies between the two times."""
        rows = await self.db.fetchall(
            "SELECT contact_id, step, updated_at FROM conversation_state"
            " WHERE flow = 'registration' AND step != 'consent'"
            " AND julianday(updated_at) <= julianday(?) AND julianday(updated_at) >= julianday(?)",
            (iso(idle_since), iso(not_before)),
        )
        return [
            IdleRegistration(int(r["contact_id"]), str(r["step"]), datetime.fromisoformat(r["updated_at"]))
            for r in rows
        ]

    async def waiting_leads(self, created_before: datetime) -> list[WaitingLead]:
        """Leads still `new` created before the time given."""
        rows = await self.db.fetchall(
            "SELECT id, reference, created_at, role, area FROM leads"
            " WHERE status = 'new' AND julianday(created_at) < julianday(?) ORDER BY id",
            (iso(created_before),),
        )
        return [
            WaitingLead(
                int(r["id"]),
                str(r["reference"]),
                datetime.fromisoformat(r["created_at"]),
                str(r["role"]),
                str(r["area"]),
            )
            for r in rows
        ]

    # --- jobs that run once per period ---------------------------------------------------
    async def claim_period(self, job: str, period: str, now: datetime) -> bool:
        """True exactly once per (job, period), across restarts and processes."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone("SELECT last_key FROM job_runs WHERE name = ?", (job,))
            if row is not None and str(row["last_key"]) >= period:
                return False
            await tx.execute(
                "INSERT INTO job_runs (name, last_key, ran_at) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET last_key = excluded.last_key, ran_at = excluded.ran_at",
                (job, period, iso(now)),
            )
        return True
