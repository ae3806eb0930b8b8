"""/datasaya shows what is stored (NIK masked); /hapusdata erases it after a confirmation."""

from __future__ import annotations

import json

from bot.core import choices
from tests.conftest import Harness
from tests.registration.helpers import NIK, NIK_MASKED, PHONE, count, register_employee

PER_CONTACT_TABLES = ("contact_addresses", "conversation_state", "inbound_messages", "leads", "registration_drafts")


async def test_data_view_shows_the_lead_with_nik_masked(harness: Harness) -> None:
    reference = await register_employee(harness)
    replies = await harness.send("/datasaya")
    assert harness.keys(replies) == ["registration/data_view", "registration/data_view_lead"]
    assert harness.button_ids(replies)[0] == choices.BTN_FAQ  # the menu comes with the last message
    text = harness.text(replies)
    assert reference in text and "Budi Santoso" in text and NIK_MASKED in text
    assert NIK not in text and PHONE not in text and "+62812*****890" in text
    assert "/hapusdata" in text
    assert await count(harness, "conversation_state") == 0  # a one-message flow


async def test_data_view_for_someone_we_know_nothing_about(harness: Harness) -> None:
    replies = await harness.send("datasaya")
    assert harness.keys(replies) == ["registration/data_view"]
    assert "Belum ada data pendaftaran" in harness.text(replies)


async def test_data_view_mentions_an_unfinished_registration(harness: Harness) -> None:
    await harness.send("daftar")
    await harness.press("reg:consent:yes")
    await harness.press("reg:role:owner")
    replies = await harness.send("/datasaya")  # switches flows: the registration is left
    assert harness.keys(replies) == ["registration/data_view"]
    assert "belum selesai" in harness.text(replies) and 'langkah "nama"' in harness.text(replies)


async def test_delete_asks_first_and_keeps_data_on_no(harness: Harness) -> None:
    await register_employee(harness)
    replies = await harness.send("/hapusdata")
    assert harness.keys(replies) == ["registration/erase_confirm"]
    assert harness.button_ids(replies) == ["reg:erase:yes", "reg:erase:no"]
    replies = await harness.press("reg:erase:no")
    assert harness.keys(replies) == ["registration/erase_kept"]
    assert await count(harness, "leads") == 1


async def test_delete_erases_every_row_about_the_person(harness: Harness) -> None:
    await register_employee(harness, user="keeper", nik="3571015505850003")
    await register_employee(harness)
    await harness.send("halo")
    await harness.send("petugas")  # a request for a human is a staff note about this person too
    contact = await harness.store.get_contact_by_address("console", "u1")
    assert contact is not None
    assert await count(harness, "staff_notifications") == 3
    replies = await harness.send("/hapusdata")
    assert harness.keys(replies) == ["registration/erase_confirm"]
    replies = await harness.send("ya")
    assert harness.keys(replies) == ["registration/erased"]

    for table in PER_CONTACT_TABLES:
        assert await count(harness, table, "contact_id = ?", (contact.id,)) == 0, table
    assert await count(harness, "contacts", "id = ?", (contact.id,)) == 0
    assert await count(harness, "events", "contact_id = ?", (contact.id,)) == 0
    # Only the other person's lead and notification are left.
    rows = list(await harness.store.db.fetchall("SELECT payload FROM staff_notifications"))
    assert len(rows) == 1 and json.loads(rows[0]["payload"])["name"] == "Budi Santoso"
    assert await count(harness, "leads") == 1
    assert await count(harness, "leads", "nik = ?", (NIK,)) == 0
    # Coming back later is a fresh start.
    replies = await harness.send("/datasaya")
    assert "Belum ada data pendaftaran" in harness.text(replies)


async def test_delete_during_a_registration(harness: Harness) -> None:
    await harness.send("daftar")
    await harness.press("reg:consent:yes")
    await harness.press("reg:role:employee")
    await harness.send("Budi")
    replies = await harness.send("/hapusdata")
    assert harness.keys(replies) == ["registration/erase_confirm"]
    replies = await harness.press("reg:erase:yes")
    assert harness.keys(replies) == ["registration/erased"]
    for table in ("conversation_state", "registration_drafts", "contacts", "inbound_messages"):
        assert await count(harness, table) == 0, table


async def test_delete_confirmation_reprompts_and_handles_stale_buttons(harness: Harness) -> None:
    await harness.send("/hapusdata")
    replies = await harness.send("hmm")
    assert harness.keys(replies) == ["registration/invalid_erase", "registration/erase_confirm"]
    replies = await harness.press("reg:role:owner")
    assert harness.keys(replies) == ["registration/stale_button", "registration/erase_confirm"]
    replies = await harness.send("batal")
    assert harness.keys(replies) == ["core/cancelled"]
    replies = await harness.press("reg:erase:yes")  # pressed after the question was cancelled
    assert harness.keys(replies) == ["core/stale_button"]
    assert await count(harness, "contacts") == 1
    assert harness.button_ids(replies)[0] == choices.BTN_FAQ
