"""/hapusdata also takes what staff were sent about the person: the new-lead notice, the lead
card a staff member opened, the conversation relayed during a takeover — queued or sent."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_app
from bot.channels.replies import ReplyWriter
from bot.core.clock import WIB, FixedClock
from bot.core.takeover import OfficeHours
from bot.outreach.courier import ChannelCourier
from bot.outreach.quiet import QuietHours
from bot.outreach.staff_notify import StaffDestination
from bot.scheduled_jobs import build_jobs
from bot.storage.db import Database
from bot.storage.outbox import SqliteOutbox
from bot.storage.retention import RetentionPolicy, purge_expired
from tests.conftest import Harness
from tests.outreach.fakes import RecordingChannel
from tests.registration.helpers import NIK, register_employee

STAFF = "staff-1"
MONDAY_10 = datetime(2026, 11, 30, 10, tzinfo=WIB)
# What of the person a copy may carry: the NIK, the phone as typed and stored, the name.
TRACES = (NIK, "81234567890", "Budi Santoso", "tolong telepon saya")


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Harness]:
    clock = FixedClock(MONDAY_10)
    path = tmp_path / "desk.sqlite3"
    app = await build_app(path, clock=clock, staff_ids=[f"console:{STAFF}"], office=OfficeHours())
    app.attach_courier(ChannelCourier({"console": RecordingChannel(name="console")}, SqliteOutbox(app.db), clock))
    try:
        yield Harness(app, clock, path)
    finally:
        await app.close()


async def traces(db: Database) -> list[str]:
    rows = await db.fetchall("SELECT payload FROM outbox")
    return [trace for row in rows for trace in TRACES if trace in str(row["payload"])]


async def staff_reads(desk: Harness, text: str) -> None:
    """As the inbox worker does: the staff member's replies become outbox rows."""
    replies = await desk.send(text, user=STAFF)
    staff = await desk.store.get_contact_by_address("console", STAFF)
    await ReplyWriter(SqliteOutbox(desk.app.db), desk.clock).write(
        RecordingChannel(name="console"), STAFF, staff.id if staff else None, replies
    )


async def test_erasure_takes_the_notice_the_card_and_the_relayed_words(desk: Harness) -> None:
    channel = RecordingChannel(name="console")
    jobs = build_jobs(desk.app, {"console": channel}, [StaffDestination("console", "group")], quiet=QuietHours(0, 0))
    reference = await register_employee(desk)
    await desk.send("petugas")
    await jobs.tick()  # the new-lead notice and the request for a person, to the staff group
    await staff_reads(desk, f"/lihat {reference}")  # the full card, in the staff member's private chat
    [request] = await desk.app.db.fetchall("SELECT id FROM human_requests")
    await staff_reads(desk, f"/ambil {request['id']}")
    await desk.send("tolong telepon saya di 0812 3456 7890")  # relayed to the staff member
    assert set(await traces(desk.app.db)) >= {NIK, "Budi Santoso", "tolong telepon saya"}

    await desk.send("/hapusdata")
    assert desk.keys(await desk.send("ya")) == ["registration/erased"]

    assert await traces(desk.app.db) == []
    rows = await desk.app.db.fetchall("SELECT payload FROM outbox WHERE kind = 'staff'")
    # Only the Monday summary (counts, nobody's data) is left for the group.
    assert [json.loads(r["payload"])["key"] for r in rows] == ["staff/weekly_summary"]


async def test_someone_elses_erasure_leaves_the_copies_about_another_person(desk: Harness) -> None:
    channel = RecordingChannel(name="console")
    jobs = build_jobs(desk.app, {"console": channel}, [StaffDestination("console", "group")], quiet=QuietHours(0, 0))
    await register_employee(desk)
    await jobs.tick()
    await desk.send("/hapusdata", user="u2")
    await desk.send("ya", user="u2")
    assert "Budi Santoso" in await traces(desk.app.db)


async def test_the_copy_of_a_sent_message_is_blanked_after_the_retention_days(desk: Harness) -> None:
    channel = RecordingChannel(name="console")
    jobs = build_jobs(desk.app, {"console": channel}, [StaffDestination("console", "group")], quiet=QuietHours(0, 0))
    await register_employee(desk)
    await jobs.tick()
    await desk.app.db.execute("UPDATE outbox SET state = 'sent', sent_at = ?", (desk.clock.now().timestamp(),))
    await desk.app.db.execute(
        "INSERT INTO outbox (channel, address, kind, priority, payload, next_attempt_at, created_at)"
        " VALUES ('console', 'group', 'staff', 1, ?, 0, 0)",
        ('{"text": "Budi Santoso masih antre"}',),
    )
    policy = RetentionPolicy(outbox_days=7)
    assert (await purge_expired(desk.app.db, desk.clock.now() + timedelta(days=6), policy)).outbox_copies_cleared == 0
    later = await purge_expired(desk.app.db, desk.clock.now() + timedelta(days=8), policy)
    assert later.outbox_copies_cleared > 0
    assert await traces(desk.app.db) == ["Budi Santoso"]  # the queued one is still to be sent
