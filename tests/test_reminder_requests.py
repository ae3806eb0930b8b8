""" "Ingatkan saya ..." in one sentence: what it already says is taken, the rest is asked."""

from __future__ import annotations

from datetime import date

from bot.core.flows.reminder import read_request
from bot.storage.reminders import SqliteReminders
from tests.conftest import Harness

TODAY = date(2026, 11, 23)  # the harness's day


def test_a_sentence_gives_topic_and_day() -> None:
    assert read_request("bayar iuran tgl 12 ya", TODAY) == {"topic": "bayar", "day": "2026-12-12"}
    assert read_request("daftar besok", TODAY) == {"topic": "daftar", "day": "2026-11-24"}
    assert read_request("tiap bulan", TODAY) == {"topic": "bulanan"}
    assert read_request("tanggal 30", TODAY) == {"day": "2026-11-30"}


def test_a_day_too_far_ahead_is_left_for_the_question() -> None:
    assert read_request("daftar 10 desember 2027", TODAY) == {"topic": "daftar"}


async def test_one_sentence_sets_the_reminder(harness: Harness) -> None:
    replies = await harness.send("Ingetin aku bayar iuran tgl 12 ya!")
    assert harness.keys(replies)[0] == "reminder/done"
    contact = await harness.store.get_contact_by_address("console", "u1")
    assert await SqliteReminders(harness.app.db).active_for(contact.id) == [("personal", "bayar", "2026-12-12", None)]


async def test_a_sentence_without_topic_asks_only_the_topic(harness: Harness) -> None:
    assert harness.keys(await harness.send("ingatkan saya tanggal 30"))[-1] == "reminder/ask_topic"
    assert harness.keys(await harness.send("daftar"))[0] == "reminder/done"
    contact = await harness.store.get_contact_by_address("console", "u1")
    assert await SqliteReminders(harness.app.db).active_for(contact.id) == [("personal", "daftar", "2026-11-30", None)]


async def test_a_question_starting_like_a_request_is_not_stolen_from_the_faq(harness: Harness) -> None:
    replies = await harness.send("pengingat iuran bpu kapan dikirim?")
    assert "reminder/ask_topic" not in harness.keys(replies)


async def test_datasaya_lists_the_reminders_and_hapus_pengingat_stops_only_them(harness: Harness) -> None:
    await harness.send("ingatkan saya bayar iuran tgl 12")
    await harness.send("ingatkan saya tiap bulan")
    contact = await harness.store.get_contact_by_address("console", "u1")
    await harness.store.set_outreach(contact.id, "yes", harness.clock.now())
    view = harness.text(await harness.send("/datasaya"))
    assert "bayar iuran, 12 Desember 2026" in view and "iuran tiap bulan sekitar tanggal 10" in view
    assert "Menerima pengingat dan informasi dari kami: ya" in view
    replies = await harness.send("Hapus pengingat")  # two of them: which one?
    assert harness.keys(replies) == ["reminder/stop_which"]
    assert harness.button_ids(replies) == ["ingatstop:bayar", "ingatstop:bulanan", "ingatstop:semua"]
    replies = await harness.send("semua")
    assert harness.keys(replies)[0] == "reminder/stopped" and "(2)" in harness.text(replies)
    assert await SqliteReminders(harness.app.db).active_for(contact.id) == []
    contact = await harness.store.get_contact_by_address("console", "u1")
    assert contact.wants_outreach  # broadcasts and other information still come: only BERHENTI stops all
    again = harness.text(await harness.send("hapus pengingat"))
    assert "tidak ada pengingat" in again


async def test_one_reminder_is_stopped_alone_by_name_or_from_the_question(harness: Harness) -> None:
    await harness.send("ingatkan saya bayar iuran tgl 12")
    await harness.send("ingatkan saya tiap bulan")
    await harness.send("ingatkan saya daftar tgl 20")
    contact = await harness.store.get_contact_by_address("console", "u1")
    reminders = SqliteReminders(harness.app.db)
    replies = await harness.send("hapus pengingat bulanan")  # named: no question
    assert harness.keys(replies)[0] == "reminder/stopped" and "iuran tiap bulan sudah kami hentikan" in harness.text(
        replies
    )
    assert [topic for _kind, topic, _day, _dom in await reminders.active_for(contact.id)] == ["bayar", "daftar"]
    assert harness.keys(await harness.send("hapus pengingat")) == ["reminder/stop_which"]
    replies = await harness.send("yang minggu depan aja")  # names none of them: asked again, with an example
    assert harness.keys(replies) == ["reminder/stop_which"] and "belum jelas" in harness.text(replies)
    replies = await harness.press("ingatstop:daftar")
    assert "mendaftar sudah kami hentikan" in harness.text(replies)
    assert [topic for _kind, topic, _day, _dom in await reminders.active_for(contact.id)] == ["bayar"]
    replies = await harness.send("hapus pengingat")  # the only one left goes without a question
    assert harness.keys(replies)[0] == "reminder/stopped"
    assert await reminders.active_for(contact.id) == []


async def test_naming_a_reminder_they_do_not_have_stops_nothing(harness: Harness) -> None:
    await harness.send("ingatkan saya tiap bulan")
    replies = await harness.send("hapus pengingat daftar")
    assert harness.keys(replies) == ["reminder/stop_which"] and "iuran tiap bulan" in harness.text(replies)
    contact = await harness.store.get_contact_by_address("console", "u1")
    assert len(await SqliteReminders(harness.app.db).active_for(contact.id)) == 1
