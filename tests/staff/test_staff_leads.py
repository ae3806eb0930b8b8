"""Lead follow-up in chat: lists, search, the card, status buttons, notes, history, NIK twins."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.staff.desk import split_command, split_status
from bot.core.staff.ports import FollowUp
from bot.storage.leads import SqliteLeadStore
from bot.storage.staff import SqliteStaffStore
from tests.conftest import Harness
from tests.registration.helpers import register_employee
from tests.staff.helpers import MEMBER, NIK_A, NIK_B, PHONE_A, STAFF_ID, add_lead, keys, rows, say


async def test_new_leads_are_listed_newest_first_with_buttons_to_open_them(desk: Harness) -> None:
    first = await add_lead(desk, "u1", name="Budi")
    desk.clock.advance(timedelta(minutes=5))
    second = await add_lead(desk, "u2", nik=NIK_B, name="Sri", role="owner", area="tulungagung", business_name="Warung")
    (reply,) = await say(desk, button="st:new")
    assert reply.key == "staff/lead_list"
    assert [lead["reference"] for lead in reply.context["leads"]] == [second, first]
    assert [c.id for c in reply.choices] == ["st:v:2", "st:v:1", "st:menu"]
    text = desk.text([reply])
    assert "Sri · pemilik usaha · Tulungagung" in text and "Budi · pekerja · Kota Blitar" in text


async def test_a_registration_in_chat_reaches_the_desk(desk: Harness) -> None:
    reference = await register_employee(desk, user="u1")
    (reply,) = await say(desk, "/pendaftar")
    assert [lead["reference"] for lead in reply.context["leads"]] == [reference]


async def test_a_list_fits_a_whatsapp_list_message_and_says_how_many_there_are(desk: Harness) -> None:
    for n in range(12):
        await add_lead(desk, f"u{n}", nik=f"35720117088501{n:02d}")
    (reply,) = await say(desk, "/pendaftar baru")
    assert len(reply.context["leads"]) == 9 and reply.context["total"] == 12
    assert len(reply.choices) == 10  # nine leads and the menu: WhatsApp's list message holds 10 rows
    assert "Ditampilkan 9 terbaru dari 12" in desk.text([reply])


async def test_an_unknown_status_word_lists_the_known_ones(desk: Harness) -> None:
    (reply,) = await say(desk, "/pendaftar selesai")
    assert reply.key == "staff/unknown_status"
    assert "tidak-bisa-dihubungi" in desk.text([reply])


@pytest.mark.parametrize(
    "query", ["budi", "BLT-2026-000001", "blt-2026-000001", NIK_A, "0812-3456-7001", "+62 812 3456 7001", "567001"]
)
async def test_search_finds_by_name_reference_nik_and_any_phone_spelling(desk: Harness, query: str) -> None:
    await add_lead(desk, "u1")
    await add_lead(desk, "u2", nik=NIK_B, phone="+6285711112222", name="Sri")
    (reply,) = await say(desk, f"/cari {query}")
    assert [lead["reference"] for lead in reply.context["leads"]] == ["BLT-2026-000001"]


@pytest.mark.parametrize("query", ["b_di", "b%i"])
async def test_search_treats_like_wildcards_as_text(desk: Harness, query: str) -> None:
    await add_lead(desk, "u1", name="Budi")
    (reply,) = await say(desk, f"/cari {query}")
    assert reply.context["leads"] == []


async def test_status_buttons_change_the_lead_with_history_and_audit_in_one_go(desk: Harness) -> None:
    await add_lead(desk, "u1")
    (card,) = await say(desk, button="st:v:1")
    assert [c.id for c in card.choices] == [
        "st:s:1:contacted",
        "st:s:1:registered",
        "st:s:1:declined",
        "st:s:1:unreachable",
        "st:menu",
    ]
    desk.clock.advance(timedelta(hours=1))
    (saved,) = await say(desk, button="st:s:1:contacted")
    assert saved.key == "staff/follow_up_saved"
    assert (saved.context["old"], saved.context["new"], saved.context["assigned_to"]) == ("new", "contacted", STAFF_ID)
    (lead,) = await rows(desk, "SELECT status, assigned_to, status_changed_at FROM leads")
    assert lead == {"status": "contacted", "assigned_to": STAFF_ID, "status_changed_at": "2026-11-23T11:00:00+07:00"}
    (history,) = await rows(desk, "SELECT actor, old_status, new_status, note FROM lead_history")
    assert history == {"actor": STAFF_ID, "old_status": "new", "new_status": "contacted", "note": None}
    audit = await rows(desk, "SELECT action, target, detail FROM staff_audit WHERE action = 'lead_status'")
    assert audit == [
        {"action": "lead_status", "target": "BLT-2026-000001", "detail": f"new->contacted handler={STAFF_ID}"}
    ]


async def test_typed_status_with_a_note_and_a_note_alone_show_in_the_history(desk: Harness) -> None:
    await add_lead(desk, "u1")
    await say(desk, "/status BLT-2026-000001 tidak bisa dihubungi HP mati dua kali")
    desk.clock.advance(timedelta(days=1))
    await say(desk, "/catatan blt-2026-000001 Coba lagi lewat WA", user=MEMBER, group=True)
    (card,) = await say(desk, "/lihat BLT-2026-000001")
    assert card.context["status"] == "unreachable"
    assert card.context["note"] == "Coba lagi lewat WA"
    assert card.context["assigned_to"] == STAFF_ID  # the first handler keeps the lead
    assert [(h["old"], h["new"], h["note"]) for h in card.context["history"]] == [
        ("new", "unreachable", "HP mati dua kali"),
        ("unreachable", "unreachable", "Coba lagi lewat WA"),
    ]
    text = desk.text([card])
    assert "baru → tidak bisa dihubungi (HP mati dua kali)" in text and "catatan (Coba lagi lewat WA)" in text


async def test_notes_shown_in_the_group_are_masked(desk: Harness) -> None:
    await add_lead(desk, "u1")
    (saved,) = await say(desk, "/catatan BLT-2026-000001 nomor lain 081299998888", user=MEMBER, group=True)
    assert "081299998888" not in desk.text([saved])
    (card,) = await say(desk, "/lihat BLT-2026-000001", user=MEMBER, group=True)
    assert "081299998888" not in desk.text([card])
    (private,) = await say(desk, "/lihat BLT-2026-000001")
    assert "081299998888" in desk.text([private])


@pytest.mark.parametrize(
    "command", ["/lihat", "/lihat BLT-2026-000999", "/status BLT-2026-000999 dihubungi", "/catatan BLT-2026-000999 x"]
)
async def test_unknown_references_and_missing_arguments_are_explained(desk: Harness, command: str) -> None:
    (reply,) = await say(desk, command)
    assert reply.key in ("staff/usage", "staff/lead_not_found")
    assert await rows(desk, "SELECT * FROM lead_history") == []


async def test_malformed_or_stale_staff_buttons_are_stale(desk: Harness) -> None:
    for button in ("st:v:99", "st:s:1:done", "st:s:x:contacted", "st:unknown"):
        replies = await say(desk, button=button)
        assert keys(replies) in (["core/stale_button"], ["staff/lead_not_found"]), button


async def test_leads_sharing_a_nik_are_shown_side_by_side(desk: Harness) -> None:
    await add_lead(desk, "u1", name="Budi", phone=PHONE_A)
    await add_lead(desk, "u2", name="Budi Palsu", phone="+6285711112222")  # same NIK, another contact
    (card,) = await say(desk, button="st:v:2")
    assert card.context["verify"] is True
    assert [(t["reference"], t["phone"]) for t in card.context["twins"]] == [("BLT-2026-000001", PHONE_A)]
    assert "st:v:1" in [c.id for c in card.choices]
    (first,) = await say(desk, button="st:v:1")  # the first lead shows the newcomer too
    assert [t["reference"] for t in first.context["twins"]] == ["BLT-2026-000002"]
    (group,) = await say(desk, button="st:v:2", user=MEMBER, group=True)
    assert PHONE_A not in desk.text([group]) and "+6285711112222" not in desk.text([group])


async def test_a_failing_audit_write_rolls_back_the_status_change(desk: Harness) -> None:
    await add_lead(desk, "u1")
    store = SqliteStaffStore(desk.store.db)
    await desk.store.db.execute("DROP TABLE staff_audit")
    with pytest.raises(Exception, match="staff_audit"):
        await store.follow_up(1, FollowUp(status="registered"), STAFF_ID, desk.clock.now())
    assert (await rows(desk, "SELECT status FROM leads"))[0]["status"] == "new"
    assert await rows(desk, "SELECT * FROM lead_history") == []


async def test_erasing_a_persons_data_removes_the_leads_history(desk: Harness) -> None:
    await add_lead(desk, "u1")
    await say(desk, "/status BLT-2026-000001 dihubungi")
    contact = await desk.store.contact_for("console", "u1")
    await SqliteLeadStore(desk.store.db).erase_personal_data(contact.id)
    assert await rows(desk, "SELECT * FROM lead_history") == []
    (audit,) = await rows(desk, "SELECT target, detail FROM staff_audit WHERE action = 'lead_status'")
    assert audit["target"] == "BLT-2026-000001"  # a reference, nothing that identifies the person


def test_command_and_status_parsing() -> None:
    assert split_command("/Cari@bpjstk_bot  Budi Santoso") == ("cari", "Budi Santoso")
    assert split_command("cari budi") is None
    assert split_status(["tidak", "jadi", "sudah", "ikut"]) == ("declined", "sudah ikut")
    assert split_status(["Tidak-Bisa-Dihubungi"]) == ("unreachable", "")
    assert split_status(["selesai"]) == (None, "")
