"""The scheduler's tick on a fixed clock: what falls due becomes outbox rows, exactly once.

No APScheduler and no sleeping: the tick is called as the scheduler would call it, with
the clock moved by hand; a second tick (or a tick after a restart) must add nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from bot.core.clock import WIB
from bot.core.models import FlowState
from tests.outreach.conftest import STAFF_GROUP, World


async def test_the_monthly_bpu_reminder_goes_once_a_month_until_the_15th(world: World) -> None:
    siti = await world.person("siti", yes=False)  # asking for the reminder is her yes to it
    await world.reminders.remind_monthly(siti.id, 10, {}, world.clock.now())
    world.at(2026, 12, 9)
    await world.jobs.tick()
    assert await world.rows("reminder") == []
    world.at(2026, 12, 12)
    await world.jobs.tick()
    await world.jobs.tick()  # twice: still one
    [row] = await world.rows("reminder")
    assert row["occurrence"] == "2026-12" and row["address"] == "siti"
    assert '"outreach/bpu_monthly"' in str(row["payload"]) and "15" in str(row["payload"])
    world.at(2027, 1, 16)  # the bot was down from the 10th to the 16th: January's is too old
    await world.jobs.tick()
    assert len(await world.rows("reminder")) == 1
    world.at(2027, 2, 10)
    await world.jobs.tick()
    assert [r["occurrence"] for r in await world.rows("reminder")] == ["2026-12", "2027-02"]


async def test_stop_wins_over_any_reminder(world: World) -> None:
    siti = await world.person("siti")
    await world.reminders.remind_monthly(siti.id, 10, {}, world.clock.now())
    await world.app.store.set_opt_out(siti.id, True, world.clock.now())
    world.at(2026, 12, 11)
    await world.jobs.tick()
    assert await world.rows("reminder") == []


async def test_a_personal_reminder_goes_on_its_morning_and_an_old_one_is_recorded_skipped(world: World) -> None:
    budi = await world.person("budi", yes=False)
    await world.reminders.remind_on(budi.id, "daftar", date(2026, 12, 5), world.clock.now())
    dewi = await world.person("dewi", yes=False)
    await world.reminders.remind_on(dewi.id, "bayar", date(2026, 12, 3), world.clock.now())
    world.at(2026, 12, 5, hour=6)  # before 07:00: quiet hours
    await world.jobs.tick()
    world.at(2026, 12, 8)
    await world.jobs.tick()
    rows = {r["address"]: r for r in await world.rows("reminder")}
    assert rows["budi"]["state"] == "queued"
    due = datetime.fromtimestamp(float(str(rows["budi"]["next_attempt_at"])), WIB)
    assert due.date() == date(2026, 12, 5) and 7 <= due.hour < 9  # the morning, never at night
    assert rows["dewi"]["state"] == "queued"  # due the 3rd, first seen on the 5th: within the grace
    ani = await world.person("ani", yes=False)
    await world.reminders.remind_on(ani.id, "bayar", date(2026, 12, 2), world.clock.now())
    world.at(2026, 12, 9)
    await world.jobs.tick()
    rows = {r["address"]: r for r in await world.rows("reminder")}
    assert rows["ani"]["state"] == "skipped" and "too old" in str(rows["ani"]["error"])


async def test_a_reminder_the_person_asked_for_survives_no_but_not_stop(world: World) -> None:
    budi = await world.person("budi", yes=False)
    await world.reminders.remind_on(budi.id, "daftar", date(2026, 12, 5), world.clock.now())
    world.at(2026, 12, 5, hour=6)  # queued, waiting for the end of quiet hours
    await world.jobs.tick()
    await world.app.store.set_outreach(budi.id, "no", world.clock.now())
    assert [r["state"] for r in await world.rows("reminder")] == ["queued"]
    await world.app.store.set_opt_out(budi.id, True, world.clock.now())
    assert [(r["state"], r["error"]) for r in await world.rows("reminder")] == [("skipped", "opted_out")]


async def test_stopping_ones_reminders_skips_the_one_already_queued(world: World) -> None:
    budi = await world.person("budi", yes=False)
    await world.reminders.remind_on(budi.id, "bayar", date(2026, 12, 5), world.clock.now())
    world.at(2026, 12, 5, hour=6)
    await world.jobs.tick()
    assert await world.reminders.stop_requested(budi.id) == 1
    assert [r["state"] for r in await world.rows("reminder")] == ["skipped"]
    world.at(2026, 12, 5, hour=9)
    await world.jobs.tick()
    assert [r["state"] for r in await world.rows("reminder")] == ["skipped"]  # not queued again


async def test_one_follow_up_for_a_registration_left_midway_after_a_day(world: World) -> None:
    yes = await world.person("yes")
    never_asked = await world.person("quiet", yes=False)
    for contact in (yes, never_asked):
        state = FlowState("registration", "nik", {"consent": True, "role": "employee"})
        await world.app.store.save_state(contact.id, state, world.clock.now())
    world.clock.advance(timedelta(hours=23))
    await world.jobs.tick()
    assert await world.rows("reminder") == []
    world.clock.advance(timedelta(hours=2))
    await world.jobs.tick()
    world.clock.advance(timedelta(hours=5))
    await world.jobs.tick()
    [row] = await world.rows("reminder")
    assert row["address"] == "yes"  # only to someone who said yes to reminders
    payload = str(row["payload"])
    assert "registration_follow_up" in payload and "kw:lanjut" in payload  # continue where they stopped
    assert "employee" not in payload and '"context":{}' in payload  # nothing of their answers in it


async def test_a_week_before_the_discount_ends_those_who_looked_at_bpu_hear_it_once(world: World) -> None:
    looked = await world.person("looked")
    await world.app.store.record_interest(looked.id, "bpu", world.clock.now())
    driver = await world.person("driver")
    await world.app.store.record_interest(driver.id, "bpu_transport", world.clock.now())
    await world.person("other")  # said yes, never looked at BPU prices
    world.at(2026, 12, 23)
    await world.jobs.tick()
    assert await world.rows("reminder") == []
    world.at(2026, 12, 24)
    await world.jobs.tick()
    await world.jobs.tick()
    rows = await world.rows("reminder")
    assert [r["address"] for r in rows] == ["looked"]
    assert "Desember 2026" in str(rows[0]["payload"])
    world.at(2027, 3, 24)  # the transport window ends with March 2027
    await world.jobs.tick()
    assert [r["address"] for r in await world.rows("reminder")] == ["looked", "driver"]
    assert "Maret 2027" in str((await world.rows("reminder"))[1]["payload"])


async def test_a_lead_nobody_contacted_for_two_working_days_is_raised_with_staff_once(world: World) -> None:
    contact = await world.person("lead-person", yes=False)
    async with world.app.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO leads (reference, contact_id, role, name, nik, phone, area, contact_time, created_at,"
            " updated_at) VALUES ('BLT-2026-000001', ?, 'employee', 'Budi', '3572015708850004', '+6281234567890',"
            " 'kota_blitar', 'pagi', '2026-12-04T16:00:00+07:00', '2026-12-04T16:00:00+07:00')",
            (contact.id,),
        )
    world.at(2026, 12, 8, hour=15)  # Friday 16:00 -> Monday, Tuesday: due Tuesday 16:00
    await world.jobs.tick()
    assert await world.rows("staff") == []
    world.at(2026, 12, 8, hour=17)
    await world.jobs.tick()
    await world.jobs.tick()
    [row] = await world.rows("staff")
    assert row["address"] == STAFF_GROUP and "BLT-2026-000001" in str(row["payload"])
    assert "3572015708850004" not in str(row["payload"])  # the group sees no NIK


async def test_staff_notifications_are_queued_for_each_destination_once(world: World) -> None:
    await world.app.store.notify_staff(
        "core/staff_human_request", {"contact_id": 1, "channel": "telegram"}, world.clock.now()
    )
    await world.jobs.tick()
    await world.jobs.tick()
    [row] = await world.rows("staff")
    assert row["address"] == STAFF_GROUP and row["state"] == "queued"
    assert '"in_group":"True"' in str(row["payload"])  # rendered for a group: phone numbers masked


async def test_daily_jobs_run_once_a_day_even_across_restarts(world: World, tmp_path: Path) -> None:
    assert await world.reminders.claim_period("retention", "2026-12-01", world.clock.now())
    assert not await world.reminders.claim_period("retention", "2026-12-01", world.clock.now())
    assert await world.reminders.claim_period("retention", "2026-12-02", world.clock.now())
    assert not await world.reminders.claim_period("retention", "2026-12-01", world.clock.now())  # never backwards
