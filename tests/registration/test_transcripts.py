"""Whole registrations through the real engine on a temporary database."""

from __future__ import annotations

import json

import pytest

from bot.core import choices
from bot.outreach.staff_notify import staff_message
from tests.conftest import Harness
from tests.registration.helpers import NIK, NIK_MASKED, PHONE, assert_done, count, lead_rows, through_contact_details


async def test_employee_whose_employer_did_not_register_them(harness: Harness) -> None:
    await through_contact_details(harness, "employee")
    replies = await harness.send("CV Maju Jaya")
    assert harness.keys(replies) == ["registration/ask_employer_registered"]
    assert "CV Maju Jaya" in harness.text(replies)
    replies = await harness.press("reg:employer_registered:no")
    assert harness.keys(replies) == ["registration/worker_right", "registration/ask_contact_time"]
    assert "berhak mendaftarkan diri sendiri" in harness.text(replies)
    replies = await harness.press("reg:contact_time:sore")
    assert harness.keys(replies) == ["registration/summary"]
    summary = harness.text(replies)
    assert NIK_MASKED in summary and NIK not in summary
    assert "CV Maju Jaya" in summary and PHONE in summary
    replies = await harness.press("reg:summary:confirm")
    assert_done(harness, replies)
    assert replies[0].context["reference"] == "BLT-2026-000001"
    assert "BLT-2026-000001" in harness.text(replies)
    assert "akan menghubungi" in harness.text(replies)
    assert harness.button_ids(replies)[0] == choices.BTN_FAQ  # back to the main menu

    [lead] = await lead_rows(harness)
    assert lead["reference"] == "BLT-2026-000001"
    assert (lead["role"], lead["name"], lead["nik"], lead["phone"]) == ("employee", "Budi Santoso", NIK, PHONE)
    assert (lead["area"], lead["area_other"]) == ("kota_blitar", None)
    assert (lead["employer_name"], lead["employer_registered"]) == ("CV Maju Jaya", "no")
    assert lead["employer_lead"] == 1
    assert lead["business_name"] is None and lead["income"] is None
    assert (lead["contact_time"], lead["status"]) == ("sore", "new")
    assert await harness.store.load_state(lead["contact_id"]) is None


async def test_business_owner_with_unregistered_employees_is_an_employer_lead(harness: Harness) -> None:
    await through_contact_details(harness, "owner", name="Siti Aminah", nik="3505125708900002")
    replies = await harness.send("Warung Makan Bu Sri")
    assert harness.keys(replies) == ["registration/ask_sector"]
    replies = await harness.press("reg:sector:kuliner")
    assert harness.keys(replies) == ["registration/ask_employees"]
    replies = await harness.send("3 orang")
    assert harness.keys(replies) == ["registration/ask_employees_registered"]
    replies = await harness.press("reg:employees_registered:no")
    assert harness.keys(replies) == ["registration/employer_obligation", "registration/ask_owner_cover"]
    text = harness.text(replies)
    assert "Perpres 109/2013" in text and "PP 44/2015" in text and "membayar sendiri" in text
    # The owner is a worker too: their own cover as a BPU, priced at the lowest income (Nov 2026: discounted).
    assert "Rp8.400" in text and "Bukan Penerima Upah" in text
    replies = await harness.press("reg:owner_cover:want")
    assert harness.keys(replies) == ["registration/ask_contact_time"]
    replies = await harness.send("kapan saja")
    assert harness.keys(replies) == ["registration/summary"]
    assert "Warung Makan Bu Sri" in harness.text(replies) and "(BPU): mau ikut" in harness.text(replies)
    replies = await harness.send("kirim")
    assert_done(harness, replies)

    [lead] = await lead_rows(harness)
    assert (lead["role"], lead["business_name"], lead["sector"]) == ("owner", "Warung Makan Bu Sri", "kuliner")
    assert (lead["employees"], lead["employees_registered"], lead["employer_lead"]) == (3, "no", 1)
    assert lead["contact_time"] == "any"


async def test_business_owner_without_employees_skips_the_registered_question(harness: Harness) -> None:
    await through_contact_details(harness, "owner")
    await harness.send("Toko Kelontong Makmur")
    replies = await harness.send("konveksi")  # typed sector, not a button
    assert harness.keys(replies) == ["registration/ask_employees"]
    replies = await harness.send("0")
    assert harness.keys(replies) == ["registration/ask_owner_cover"]
    replies = await harness.send("tidak tahu")
    assert harness.keys(replies) == ["registration/ask_contact_time"]
    await harness.press("reg:contact_time:siang")
    await harness.press("reg:summary:confirm")
    [lead] = await lead_rows(harness)
    assert (lead["sector"], lead["employees"], lead["employees_registered"], lead["employer_lead"]) == (
        "konveksi",
        0,
        None,
        0,
    )


async def test_self_employed_sees_the_monthly_estimate(harness: Harness) -> None:
    await through_contact_details(harness, "self_employed")
    replies = await harness.send("pedagang sayur")
    assert harness.keys(replies) == ["registration/ask_income"]
    replies = await harness.send("2 juta")
    assert harness.keys(replies) == ["registration/ask_programs"]
    # November 2026: the PP 50/2025 discount halves JKK + JKM for non-transport BPU.
    assert replies[0].context["two_programs"] == 13_400  # (20.000 + 6.800) / 2
    assert replies[0].context["three_programs"] == 53_400  # + JHT 40.000
    text = harness.text(replies)
    assert "Rp13.400" in text and "Rp53.400" in text and "PP 50/2025" in text and "Desember 2026" in text
    replies = await harness.press("reg:programs:jkk_jkm_jht")
    assert harness.keys(replies) == ["registration/ask_contact_time"]
    replies = await harness.press("reg:contact_time:pagi")
    assert "Rp53.400" in harness.text(replies)
    await harness.press("reg:summary:confirm")
    [lead] = await lead_rows(harness)
    assert (lead["role"], lead["occupation"], lead["income"], lead["programs"]) == (
        "self_employed",
        "pedagang sayur",
        2_000_000,
        "jkk_jkm_jht",
    )
    assert lead["employer_lead"] == 0


async def test_self_employed_below_minimum_income_is_computed_at_the_minimum(harness: Harness) -> None:
    await through_contact_details(harness, "self_employed")
    await harness.send("ojek pangkalan")
    replies = await harness.send("750 ribu")
    assert replies[0].context["below_minimum"] is True
    assert replies[0].context["declared_income"] == 1_000_000
    assert replies[0].context["two_programs"] == 8_400
    assert "Rp1.000.000" in harness.text(replies) and "Maret 2027" in harness.text(replies)


async def test_area_outside_the_branch_is_forwarded(harness: Harness) -> None:
    await harness.send("daftar")
    await harness.press("reg:consent:yes")
    await harness.press("reg:role:employee")
    await harness.send("Budi")
    await harness.send(NIK)
    await harness.send("081234567890")
    replies = await harness.press("reg:area:other")
    assert harness.keys(replies) == ["registration/ask_area_other"]
    replies = await harness.send("Kediri")
    # The NIK is from Kota Blitar: asked about politely, not refused.
    assert harness.keys(replies) == ["registration/confirm_area"]
    assert "Kota Blitar" in harness.text(replies) and "Kediri" in harness.text(replies)
    replies = await harness.press("reg:ok:area_other")
    assert harness.keys(replies) == ["registration/other_branch", "registration/ask_employer_name"]
    text = harness.text(replies)
    assert "kantor cabang BPJS Ketenagakerjaan terdekat" in text and "175" in text and "JMO" in text
    await harness.send("PT Gudang")
    await harness.press("reg:employer_registered:unknown")
    replies = await harness.press("reg:contact_time:pagi")
    assert "Kediri" in harness.text(replies)
    replies = await harness.press("reg:summary:confirm")
    assert "kantor cabang wilayah" in harness.text(replies)
    [lead] = await lead_rows(harness)
    assert (lead["area"], lead["area_other"], lead["employer_lead"]) == ("other", "Kediri", 0)


KEDIRI_NIK = "3506121708900001"  # Kabupaten Kediri: outside the branch
TULUNGAGUNG_NIK = "3504121708900001"


async def _to_area(harness: Harness, nik: str = NIK) -> None:
    await harness.send("daftar")
    await harness.send("ya")
    await harness.send("3")  # typed number picks the third role
    await harness.send("Budi")
    await harness.send(nik)
    await harness.send("081234567890")


async def test_typed_place_outside_the_area_and_ambiguous_blitar(harness: Harness) -> None:
    await _to_area(harness, KEDIRI_NIK)
    replies = await harness.send("blitar")
    assert harness.keys(replies) == ["registration/invalid_area"]
    assert "Kota Blitar" in harness.text(replies) and "Kabupaten Blitar" in harness.text(replies)
    replies = await harness.send("Malang")  # the NIK is from outside too: referred straight away
    assert harness.keys(replies) == ["registration/other_branch", "registration/ask_occupation"]


async def test_a_kecamatan_is_in_the_area(harness: Harness) -> None:
    await _to_area(harness, TULUNGAGUNG_NIK)
    replies = await harness.send("Ngunut")
    assert harness.keys(replies) == ["registration/ask_occupation"]
    state = await harness.store.load_state(1)
    assert state is not None and (state.data["area"], state.data["kecamatan"]) == ("tulungagung", "Ngunut")
    await harness.send("pedagang")
    await harness.send("2 juta")
    await harness.press("reg:programs:jkk_jkm")
    replies = await harness.press("reg:contact_time:pagi")
    assert "Wilayah: Tulungagung (Kec. Ngunut)" in harness.text(replies)


async def test_a_nik_from_elsewhere_is_asked_about_politely_not_refused(harness: Harness) -> None:
    await _to_area(harness)  # a NIK from Kota Blitar
    replies = await harness.press("reg:area:tulungagung")
    assert harness.keys(replies) == ["registration/confirm_area"]
    assert harness.button_ids(replies) == ["reg:ok:area", "reg:redo:area"]
    assert "Tidak apa-apa" in harness.text(replies)
    assert harness.keys(await harness.send("bukan")) == ["registration/ask_area"]
    replies = await harness.send("kec. ngunut")
    assert harness.keys(replies) == ["registration/confirm_area"]
    assert "Kecamatan Ngunut ada di" in harness.text(replies)
    assert harness.keys(await harness.send("iya")) == ["registration/ask_occupation"]
    state = await harness.store.load_state(1)
    assert state is not None and state.data["area"] == "tulungagung"


async def test_a_name_two_areas_share_is_settled_by_the_nik_or_asked(harness: Harness) -> None:
    await _to_area(harness, "3503121708900001")  # Trenggalek
    assert harness.keys(await harness.send("Gandusari")) == ["registration/ask_occupation"]
    state = await harness.store.load_state(1)
    assert state is not None and state.data["area"] == "trenggalek"
    await harness.send("batal")
    await _to_area(harness)  # Kota Blitar: Gandusari could be Kabupaten Blitar or Trenggalek
    replies = await harness.send("Gandusari")
    assert harness.keys(replies) == ["registration/invalid_area"]
    assert "Kabupaten Blitar" in harness.text(replies) and "Trenggalek" in harness.text(replies)
    assert harness.keys(await harness.send("blitar")) == ["registration/ask_occupation"]  # the NIK says Kota


async def test_the_kecamatan_list_on_request(harness: Harness) -> None:
    await _to_area(harness)
    replies = await harness.send("ketik kecamatan")
    replies = await harness.press("reg:area:list")
    assert harness.keys(replies) == ["registration/kecamatan_list", "registration/ask_area"]
    text = harness.text(replies)
    assert "Ngunut" in text and "Sananwetan" in text and "Watulimo" in text and "Sanankulon" in text
    state = await harness.store.load_state(1)
    assert state is not None and state.failures == 0


async def test_shared_contact_is_accepted_as_the_phone(harness: Harness) -> None:
    await harness.send("daftar")
    await harness.press("reg:consent:yes")
    await harness.press("reg:role:employee")
    await harness.send("Budi")
    await harness.send(NIK)
    replies = await harness.app.engine.handle(harness.inbound(None, shared_phone="6281234567890"))
    assert harness.keys(replies) == ["registration/ask_area"]
    state = await harness.store.load_state(1)
    assert state is not None and state.data["phone"] == PHONE


async def test_telegram_phone_question_mentions_the_share_button(harness: Harness) -> None:
    await harness.send("daftar", channel="telegram")
    await harness.press("reg:consent:yes", channel="telegram")
    await harness.press("reg:role:employee", channel="telegram")
    await harness.send("Budi", channel="telegram")
    replies = await harness.send(NIK, channel="telegram")
    assert replies[0].request_contact
    assert "membagikan nomor" in harness.text(replies, channel="telegram")
    assert "membagikan nomor" not in harness.text(replies, channel="whatsapp")


async def test_staff_notification_is_queued_with_the_nik_masked(harness: Harness) -> None:
    await through_contact_details(harness, "employee")
    await harness.send("CV Maju Jaya")
    await harness.press("reg:employer_registered:no")
    await harness.press("reg:contact_time:pagi")
    await harness.press("reg:summary:confirm")
    rows = list(await harness.store.db.fetchall("SELECT * FROM staff_notifications"))
    assert len(rows) == 1
    assert rows[0]["kind"] == "registration/staff_new_lead" and rows[0]["sent_at"] is None
    assert NIK not in rows[0]["payload"]
    payload = json.loads(rows[0]["payload"])
    assert payload["nik_masked"] == NIK_MASKED
    assert payload["reference"] == "BLT-2026-000001" and payload["updated"] is False
    assert payload["employer_lead"] is True
    # The Telegram channel renders it with the payload as context.
    from bot.core.models import Reply

    text = harness.app.renderer.render(Reply(rows[0]["kind"], payload), "telegram").text
    assert "BLT-2026-000001" in text and NIK_MASKED in text and "Prospek pemberi kerja" in text
    # The staff group sees the phone masked too; a staff member's private chat sees it whole.
    [notification] = await harness.store.pending_staff_notifications(5)
    for in_group, shown, hidden in ((True, "+62812*****890", PHONE), (False, PHONE, "+62812*****")):
        reply = staff_message(notification, in_group=in_group).reply
        text = harness.app.renderer.render(reply, "telegram").text
        assert shown in text and hidden not in text


async def test_deep_link_campaign_is_kept_as_the_lead_source(harness: Harness) -> None:
    replies = await harness.send("/start daftar_posterpasar")
    assert harness.keys(replies) == ["registration/consent"]
    await harness.press("reg:consent:yes")
    await harness.press("reg:role:employee")
    await harness.send("Budi")
    await harness.send(NIK)
    await harness.send("081234567890")
    await harness.press("reg:area:kota_blitar")
    await harness.send("CV Maju")
    await harness.press("reg:employer_registered:yes")
    await harness.press("reg:contact_time:pagi")
    await harness.press("reg:summary:confirm")
    [lead] = await lead_rows(harness)
    assert lead["source"] == "posterpasar"
    [notification] = await harness.store.pending_staff_notifications(5)
    assert notification.context["source"] == "posterpasar"


async def test_consent_refused_stores_nothing(harness: Harness) -> None:
    replies = await harness.send("/daftar")
    assert harness.keys(replies) == ["registration/consent"]
    text = harness.text(replies)
    for needle in ("NIK", "/datasaya", "/hapusdata", "petugas", "disimpan"):
        assert needle in text
    replies = await harness.press("reg:consent:no")
    assert harness.keys(replies) == ["registration/consent_declined"]
    for table in ("leads", "registration_drafts", "staff_notifications", "conversation_state"):
        assert await count(harness, table) == 0, table
    # And typed "tidak" works the same.
    await harness.send("daftar")
    replies = await harness.send("Tidak")
    assert harness.keys(replies) == ["registration/consent_declined"]
    assert await count(harness, "conversation_state") == 0


async def test_menu_button_and_other_entry_words_open_the_flow(harness: Harness) -> None:
    for word in ("registrasi", "REGISTER", "mendaftar", "/daftar"):
        replies = await harness.send(word, user=word)
        assert harness.keys(replies) == ["registration/consent"], word
    replies = await harness.press(choices.BTN_REGISTER, user="button")
    assert harness.keys(replies) == ["registration/consent"]


async def test_income_is_read_as_written_and_a_bare_number_asked_back(harness: Harness) -> None:
    await through_contact_details(harness, "self_employed")
    await harness.send("penjahit")
    replies = await harness.send("2")
    assert harness.keys(replies) == ["flow/confirm_amount"]
    assert "Rp2 juta" in harness.text(replies)
    replies = await harness.press("reg:ok:income")
    assert harness.keys(replies) == ["registration/ask_programs"]
    assert replies[0].context["income"] == 2_000_000
    await harness.send("kembali")
    replies = await harness.send("kurleb 1,5jtan")
    assert replies[0].context["income"] == 1_500_000


async def test_an_income_not_known_is_estimated_at_the_lowest_allowed(harness: Harness) -> None:
    await through_contact_details(harness, "self_employed")
    await harness.send("petani")
    replies = await harness.send("tidak tentu")
    assert harness.keys(replies) == ["registration/ask_programs"]
    assert replies[0].context["income_unknown"] is True and replies[0].context["declared_income"] == 1_000_000
    assert "belum pasti" in harness.text(replies)
    await harness.press("reg:programs:jkk_jkm")
    replies = await harness.press("reg:contact_time:pagi")
    assert "Penghasilan per bulan: belum pasti" in harness.text(replies)
    await harness.press("reg:summary:confirm")
    [lead] = await lead_rows(harness)
    assert lead["income"] is None


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("sore aja", "sore", "sebisa mungkin pada sore hari"),
        ("habis maghrib", "habis maghrib", "waktu yang Bapak/Ibu sebutkan (habis maghrib)"),
        ("kapan aja", "any", "di nomor yang diberikan."),
        ("jam 9 pagi", "jam 9 pagi", "(jam 9 pagi)"),
    ],
)
async def test_the_preferred_time_as_people_say_it(harness: Harness, typed: str, stored: str, shown: str) -> None:
    await through_contact_details(harness, "employee")
    await harness.send("CV Maju Jaya")
    await harness.press("reg:employer_registered:yes")
    replies = await harness.send(typed)
    assert harness.keys(replies) == ["registration/summary"]
    replies = await harness.press("reg:summary:confirm")
    assert shown in harness.text(replies)
    [lead] = await lead_rows(harness)
    assert lead["contact_time"] == stored


async def test_the_summary_shows_each_answer_on_its_own_line(harness: Harness) -> None:
    await through_contact_details(harness, "self_employed")
    await harness.send("penjahit")
    await harness.send("1,5 juta")
    await harness.press("reg:programs:jkk_jkm")
    replies = await harness.send("kapan aja")
    lines = harness.text(replies).splitlines()
    assert any(line.startswith("• Penghasilan per bulan: sekitar Rp1.500.000") for line in lines)
    assert any(line.startswith("• Program: JKK + JKM") for line in lines)
    assert "• Waktu dihubungi: kapan saja" in lines
