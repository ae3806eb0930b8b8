"""Whole conversations through the real engine on a temporary database."""

from __future__ import annotations

import json

from bot.core import choices
from bot.storage.leads import SqliteLeadStore
from tests.conftest import Harness


async def test_start_shows_welcome_with_main_menu(harness: Harness) -> None:
    replies = await harness.send("/start")
    assert harness.keys(replies) == ["core/welcome"]
    assert harness.button_ids(replies) == [
        choices.BTN_FAQ,
        choices.BTN_CALCULATOR,
        choices.BTN_REGISTER,
        choices.BTN_HELP,
    ]
    # No contribution figure is typed into the welcome: it would go stale in a discount window.
    assert "IURAN" in harness.text(replies) and "Rp" not in harness.text(replies)


async def test_menu_and_help_keywords(harness: Harness) -> None:
    # The first menu is a moment to ask about reminders; not again for a while.
    assert harness.keys(await harness.send("MENU")) == ["core/menu", "outreach/consent_question"]
    assert harness.keys(await harness.send("MENU")) == ["core/menu"]
    assert harness.keys(await harness.send("bantuan")) == ["core/help"]
    assert harness.keys(await harness.send("/help")) == ["core/help"]
    assert harness.keys(await harness.press(choices.BTN_HELP)) == ["core/help"]


async def test_opt_out_and_back_in_is_stored(harness: Harness) -> None:
    await harness.send("halo")
    replies = await harness.send("BERHENTI")
    assert harness.keys(replies) == ["core/opted_out"]
    contact = await harness.store.get_contact_by_address("console", "u1")
    assert contact is not None and contact.opted_out
    replies = await harness.send("mulai")
    assert harness.keys(replies) == ["core/welcome_back"]
    contact = await harness.store.get_contact_by_address("console", "u1")
    assert contact is not None and not contact.opted_out


async def test_stop_inside_a_sentence_is_not_an_opt_out(harness: Harness) -> None:
    await harness.send("saya berhenti kerja, jht bisa cair?")
    contact = await harness.store.get_contact_by_address("console", "u1")
    assert contact is not None and not contact.opted_out


async def test_cancel_without_flow_and_human_request(harness: Harness) -> None:
    assert harness.keys(await harness.send("batal")) == ["core/nothing_to_cancel"]
    assert harness.keys(await harness.send("hubungi petugas")) == ["core/human"]
    # Asking again: already with us, and staff are not alerted a second time.
    assert harness.keys(await harness.press(choices.BTN_HUMAN)) == ["core/human_already"]
    assert len(await harness.store.events("human_requested")) == 1
    assert len(await harness.store.pending_staff_notifications(10)) == 1


async def test_duplicate_delivery_is_answered_once(harness: Harness) -> None:
    first = await harness.send("menu", external_id="telegram-77")
    again = await harness.send("menu", external_id="telegram-77")
    assert harness.keys(first) == ["core/menu", "outreach/consent_question"]
    assert again == []


async def test_same_external_id_on_another_channel_is_not_a_duplicate(harness: Harness) -> None:
    assert await harness.send("menu", external_id="42", channel="telegram")
    assert await harness.send("menu", external_id="42", channel="whatsapp")


async def test_stale_button_gets_a_polite_reply(harness: Harness) -> None:
    replies = await harness.press("calc:old-step-that-no-longer-exists")
    assert harness.keys(replies) == ["core/stale_button"]
    assert harness.button_ids(replies)[0] == choices.BTN_FAQ


async def test_empty_and_whitespace_messages(harness: Harness) -> None:
    for text in ["", "   ", "\u200b", "\x00\x01"]:
        replies = await harness.send(text)
        assert harness.keys(replies) == ["core/empty"], repr(text)


async def test_very_long_message_still_gets_a_reply(harness: Harness) -> None:
    replies = await harness.send("jht " * 2500)
    assert replies
    assert harness.text(replies)


async def test_unknown_text_is_logged_as_unanswered_with_nik_masked(harness: Harness) -> None:
    await harness.send("zzkq 3505123456780001 xyzzy")
    top = await harness.store.top_unanswered()
    assert top and "3505********0001" in top[0].text
    assert "3505123456780001" not in top[0].text


async def test_each_user_has_their_own_contact(harness: Harness) -> None:
    await harness.send("menu", user="a")
    await harness.send("menu", user="b")
    a = await harness.store.get_contact_by_address("console", "a")
    b = await harness.store.get_contact_by_address("console", "b")
    assert a is not None and b is not None and a.id != b.id


async def test_commands_with_garbage_arguments_still_work(harness: Harness) -> None:
    assert harness.keys(await harness.send("/menu asdf qwerty"))[0] == "core/menu"
    assert harness.keys(await harness.send("/batal sekarang juga")) == ["core/nothing_to_cancel"]
    assert harness.keys(await harness.send("/xyzzy 123")) == ["core/unknown_command"]
    assert harness.keys(await harness.send("/")) == ["core/unknown_command"]


async def test_deleting_a_contact_deletes_their_unanswered_questions(harness: Harness) -> None:
    await harness.send("zzkq xyzzy plugh", user="gone")
    await harness.send("zzkq xyzzy plugh", user="stays")
    contact = await harness.store.get_contact_by_address("console", "gone")
    assert contact is not None
    await SqliteLeadStore(harness.store.db).erase_personal_data(contact.id)  # what /hapusdata calls
    top = await harness.store.top_unanswered()
    assert [(t.text, t.count) for t in top] == [("zzkq xyzzy plugh", 1)]


async def test_asking_for_a_human_queues_a_note_for_the_staff_chat(harness: Harness) -> None:
    await harness.send("petugas", user="tg-555", channel="telegram")
    rows = list(await harness.store.db.fetchall("SELECT kind, payload, sent_at FROM staff_notifications"))
    assert [(r["kind"], r["sent_at"]) for r in rows] == [("core/staff_human_request", None)]
    payload = json.loads(rows[0]["payload"])
    assert payload["channel"] == "telegram" and payload["request_id"] >= 1
    text = harness.app.renderer.render_text(rows[0]["kind"], payload, "telegram")
    # The staff group reads it: the request number, never the person's address or number.
    assert "Minta bicara dengan petugas" in text and f"#{payload['request_id']}" in text and "tg-555" not in text
