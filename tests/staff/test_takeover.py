"""A person asks for a human and a staff member takes the conversation over, through the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.core.clock import WIB, FixedClock
from bot.core.models import Inbound, Reply
from bot.core.takeover import OfficeHours
from bot.outreach.quiet import QuietHours
from bot.outreach.staff_notify import StaffDestination
from bot.scheduled_jobs import build_jobs
from tests.outreach.fakes import RecordingChannel

STAFF = "staff-1"
PERSON = "warga-1"
MONDAY_10 = datetime(2026, 11, 30, 10, tzinfo=WIB)


@dataclass
class Relayed:
    channel: str
    address: str
    keys: list[str]
    contexts: list[dict[str, object]]


@dataclass
class RecordingCourier:
    sent: list[Relayed] = field(default_factory=list)

    async def send(self, channel: str, address: str, contact_id: int | None, replies: Sequence[Reply]) -> None:
        self.sent.append(Relayed(channel, address, [r.key for r in replies], [dict(r.context) for r in replies]))

    def to(self, address: str) -> list[Relayed]:
        return [s for s in self.sent if s.address == address]


@dataclass
class Desk:
    app: App
    clock: FixedClock
    courier: RecordingCourier
    numbers: int = 0

    async def say(self, text: str, user: str = PERSON, *, group: bool = False, button: str | None = None) -> list[str]:
        self.numbers += 1
        inbound = Inbound(
            "console", user, self.clock.now(), external_id=f"m{self.numbers}", text=None if button else text,
            button=button, from_staff_group=group,
        )  # fmt: skip
        return [reply.key for reply in await self.app.engine.handle(inbound)]

    async def press(self, button: str, user: str = PERSON, *, group: bool = False) -> list[str]:
        return await self.say("", user, group=group, button=button)

    async def request_id(self) -> int:
        [row] = await self.app.db.fetchall("SELECT id FROM human_requests WHERE state != 'closed'")
        return int(row["id"])


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    clock = FixedClock(MONDAY_10)
    app = await build_app(tmp_path / "desk.sqlite3", clock=clock, staff_ids=[f"console:{STAFF}"], office=OfficeHours())
    courier = RecordingCourier()
    app.attach_courier(courier)
    try:
        yield Desk(app, clock, courier)
    finally:
        await app.close()


async def test_asking_twice_alerts_staff_once_and_a_flood_is_not_raised(desk: Desk) -> None:
    assert await desk.say("PETUGAS") == ["core/human"]
    assert await desk.say("mau bicara dengan petugas") == ["core/human_already"]
    notes = await desk.app.store.pending_staff_notifications(10)
    assert [n.kind for n in notes] == ["core/staff_human_request"]
    for _round in range(4):  # asked, closed by staff, asked again, ... the same day
        request_id = await desk.request_id()
        await desk.app.db.execute("UPDATE human_requests SET state = 'closed' WHERE id = ?", (request_id,))
        await desk.say("petugas")
    assert len(await desk.app.store.pending_staff_notifications(10)) == 3  # at most three alerts a day


async def test_out_of_office_hours_the_person_is_told_when_staff_work(desk: Desk) -> None:
    desk.clock.set(datetime(2026, 12, 5, 20, tzinfo=WIB))  # a Saturday evening
    replies = await desk.app.engine.handle(Inbound("console", PERSON, desk.clock.now(), "x1", text="petugas"))
    text = desk.app.renderer.render(replies[0], "console").text
    assert "di luar jam kerja" in text and "Senin–Jumat" in text


async def test_a_staff_member_takes_talks_and_hands_back(desk: Desk) -> None:
    await desk.say("petugas")
    request_id = await desk.request_id()
    assert await desk.say(f"/ambil {request_id}", STAFF) == ["staff/takeover_started"]
    [now_handled] = desk.courier.to(PERSON)
    assert now_handled.keys == ["core/human_now"]
    # The person's messages go to the staff member; the bot says nothing to the person.
    assert await desk.say("JHT saya belum cair pak") == []
    [relayed] = desk.courier.to(STAFF)
    assert relayed.keys == ["staff/relay_from_person"] and relayed.contexts[0]["text"] == "JHT saya belum cair pak"
    # The staff member's words go to the person, marked as from staff.
    assert await desk.say("Baik Bu, saya cek dulu ya", STAFF) == []
    assert desk.courier.to(PERSON)[-1].keys == ["core/from_staff"]
    assert desk.courier.to(PERSON)[-1].contexts[0]["text"] == "Baik Bu, saya cek dulu ya"
    # STOP still reaches the bot.
    assert await desk.say("BERHENTI") == ["core/opted_out"]
    assert await desk.say("/selesai", STAFF) == ["staff/takeover_ended"]
    assert desk.courier.to(PERSON)[-1].keys == ["core/human_ended"]
    assert await desk.say("kapan jht bisa cair?")  # the bot answers again
    audit = await desk.app.db.fetchall("SELECT action FROM staff_audit ORDER BY id")
    assert [r["action"] for r in audit] == ["takeover_start", "takeover_end"]


async def test_who_takes_it_sees_what_the_person_wrote_masked_and_the_group_does_not(desk: Desk) -> None:
    await desk.say("klaim jht saya ditolak, NIK 3505012345670001 hp 081234567890")
    await desk.say("minta dihubungi petugas")
    request_id = await desk.request_id()
    assert await desk.press(f"hr:take:{request_id}", STAFF, group=True) == ["staff/takeover_taken_in_group"]
    [private] = desk.courier.to(STAFF)
    recent = [m["text"] for m in private.contexts[0]["recent"]]  # type: ignore[attr-defined]
    assert recent[0].startswith("klaim jht saya ditolak") and recent[-1] == "minta dihubungi petugas"
    assert "3505012345670001" not in recent[0] and "081234567890" not in recent[0]
    [alert] = await desk.app.store.pending_staff_notifications(10)  # what the group is sent
    assert "recent" not in alert.context and "ditolak" not in str(alert.context)


async def test_taking_in_the_staff_group_continues_in_private(desk: Desk) -> None:
    await desk.say("petugas")
    request_id = await desk.request_id()
    assert await desk.press(f"hr:take:{request_id}", STAFF, group=True) == ["staff/takeover_taken_in_group"]
    [private] = desk.courier.to(STAFF)
    assert private.keys == ["staff/takeover_started"]


async def test_one_conversation_per_staff_member_and_one_holder_per_request(desk: Desk) -> None:
    await desk.say("petugas")
    first = await desk.request_id()
    await desk.say(f"/ambil {first}", STAFF)
    await desk.say("petugas", "warga-2")
    [row] = await desk.app.db.fetchall("SELECT id FROM human_requests WHERE state = 'open'")
    assert await desk.say(f"/ambil {row['id']}", STAFF) == ["staff/takeover_busy"]
    assert await desk.say("/ambil abc", STAFF) == ["staff/takeover_usage"]


async def test_people_who_are_not_staff_learn_nothing(desk: Desk) -> None:
    await desk.say("petugas")
    request_id = await desk.request_id()
    unknown = await desk.say("/zzz", "warga-9")
    assert await desk.say(f"/ambil {request_id}", "warga-9") == unknown == ["core/unknown_command"]
    assert await desk.say("/selesai", "warga-9") == ["core/unknown_command"]
    assert await desk.press(f"hr:take:{request_id}", "warga-9") == ["core/stale_button"]


async def test_a_day_of_silence_hands_the_person_back_to_the_bot(desk: Desk) -> None:
    channel = RecordingChannel(name="console")
    jobs = build_jobs(desk.app, {"console": channel}, [StaffDestination("console", "group")], quiet=QuietHours(0, 0))
    await desk.say("petugas")
    request_id = await desk.request_id()
    await desk.say(f"/ambil {request_id}", STAFF)
    desk.clock.advance(timedelta(hours=23))
    assert (await jobs.tick()).takeovers_closed == 0
    desk.clock.advance(timedelta(hours=2))
    assert (await jobs.tick()).takeovers_closed == 1
    rows = await desk.app.db.fetchall("SELECT address, payload FROM outbox WHERE kind IN ('reply', 'staff')")
    told = {str(r["address"]): str(r["payload"]) for r in rows}
    assert "core/human_ended" in told[PERSON] and "staff/takeover_ended" in told[STAFF]
    assert await desk.say("halo") != []


async def test_the_alert_in_the_group_carries_a_take_button(desk: Desk) -> None:
    channel = RecordingChannel()
    jobs = build_jobs(desk.app, {"telegram": channel}, [StaffDestination("telegram", "-100")], quiet=QuietHours(0, 0))
    await desk.say("petugas")
    await jobs.tick()
    rows = await desk.app.db.fetchall("SELECT payload FROM outbox WHERE kind = 'staff'")
    [alert] = [str(r["payload"]) for r in rows if "core/staff_human_request" in str(r["payload"])]
    assert f"hr:take:{await desk.request_id()}" in alert


async def test_a_request_nobody_takes_is_closed_after_three_working_days_and_may_be_made_again(desk: Desk) -> None:
    channel = RecordingChannel(name="console")
    jobs = build_jobs(desk.app, {"console": channel}, [StaffDestination("console", "group")], quiet=QuietHours(0, 0))
    await desk.say("petugas")  # Monday 10:00
    desk.clock.advance(timedelta(days=2, hours=23))  # Thursday 09:00: not three working days yet
    assert (await jobs.tick()).requests_expired == 0
    assert await desk.say("petugas") == ["core/human_already"]
    desk.clock.advance(timedelta(hours=2))  # Thursday 11:00
    assert (await jobs.tick()).requests_expired == 1
    rows = await desk.app.db.fetchall("SELECT payload FROM outbox WHERE address = ?", (PERSON,))
    assert any("core/human_expired" in str(r["payload"]) for r in rows)
    assert await desk.say("petugas") == ["core/human"]  # a fresh request, alerted again
    notes = await desk.app.db.fetchall("SELECT id FROM staff_notifications WHERE kind = 'core/staff_human_request'")
    assert len(notes) == 2
