"""Shared for outreach tests: a bot on a temporary database, a fixed clock, a recording channel,
and the scheduler's jobs over them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.core.clock import WIB, FixedClock
from bot.core.models import Contact
from bot.outreach.jobs import OutreachJobs
from bot.outreach.quiet import QuietHours
from bot.outreach.staff_notify import StaffDestination
from bot.scheduled_jobs import build_jobs
from bot.storage.reminders import SqliteReminders
from tests.outreach.fakes import RecordingChannel

STAFF_GROUP = "-100500"


@dataclass
class World:
    app: App
    clock: FixedClock
    channel: RecordingChannel
    jobs: OutreachJobs
    reminders: SqliteReminders

    async def person(self, address: str, *, yes: bool = True) -> Contact:
        contact = await self.app.store.contact_for("telegram", address)
        if yes:
            await self.app.store.set_outreach(contact.id, "yes", self.clock.now())
        return contact

    async def rows(self, kind: str | None = None) -> list[dict[str, object]]:
        sql = "SELECT address, kind, state, occurrence, next_attempt_at, payload, error FROM outbox"
        rows = await self.app.db.fetchall(
            sql + (" WHERE kind = ?" if kind else "") + " ORDER BY id", (kind,) if kind else ()
        )
        return [dict(r) for r in rows]

    def at(self, year: int, month: int, day: int, hour: int = 10) -> None:
        self.clock.set(datetime(year, month, day, hour, tzinfo=WIB))


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = FixedClock(datetime(2026, 12, 1, 10, tzinfo=WIB))
    app = await build_app(tmp_path / "tick.sqlite3", clock=clock, check_parameters=False)
    channel = RecordingChannel()
    jobs = build_jobs(app, {"telegram": channel}, [StaffDestination("telegram", STAFF_GROUP)], quiet=QuietHours())
    try:
        yield World(app, clock, channel, jobs, SqliteReminders(app.db))
    finally:
        await app.close()
