"""The rules of issue 5: state persists, KEMBALI, three failures, stale buttons,
duplicates update, abandoned flows are recorded, NIK never logged."""

from __future__ import annotations

import logging
from itertools import pairwise

import pytest

from bot.core import choices
from bot.paths import messages_dir
from tests.conftest import Harness
from tests.registration.helpers import (
    NIK,
    NIK_MASKED,
    assert_done,
    count,
    lead_rows,
    register_employee,
    through_contact_details,
)


async def _to_nik_step(harness: Harness, user: str = "u1") -> None:
    await harness.send("daftar", user=user)
    await harness.press("reg:consent:yes", user=user)
    await harness.press("reg:role:employee", user=user)
    replies = await harness.send("Budi Santoso", user=user)
    assert harness.keys(replies) == ["registration/ask_nik"]


async def test_restart_mid_flow_resumes_at_the_same_step(harness: Harness) -> None:
    await _to_nik_step(harness)
    await harness.restart()
    replies = await harness.send("lanjut")
    assert harness.keys(replies) == ["registration/resume", "registration/ask_nik"]
    assert "NIK" in harness.text(replies) and "(3 dari 9)" in harness.text(replies)
    replies = await harness.send(NIK)
    assert harness.keys(replies) == ["registration/ask_phone"]
    await harness.restart()
    # Answering straight away after a restart also works: the state is in SQLite.
    replies = await harness.send("081234567890")
    assert harness.keys(replies) == ["registration/ask_area"]


async def test_menu_inside_the_flow_then_resume(harness: Harness) -> None:
    await _to_nik_step(harness)
    replies = await harness.send("menu")
    assert harness.keys(replies) == ["core/menu_in_flow"]
    assert "pendaftaran" in harness.text(replies)
    replies = await harness.press(choices.BTN_RESUME)
    assert harness.keys(replies) == ["registration/resume", "registration/ask_nik"]


async def test_kembali_goes_back_one_step_at_a_time(harness: Harness) -> None:
    await _to_nik_step(harness)
    replies = await harness.send("KEMBALI")
    assert harness.keys(replies) == ["registration/ask_name"]
    replies = await harness.press("reg:back")
    assert harness.keys(replies) == ["registration/ask_role"]
    replies = await harness.press("reg:role:owner")  # changed their mind
    # The name is still known, so the flow goes on where it was: the NIK.
    assert harness.keys(replies) == ["registration/ask_nik"]
    await harness.send(NIK)
    await harness.send("081234567890")
    replies = await harness.press("reg:area:kota_blitar")
    assert harness.keys(replies) == ["registration/ask_business_name"]


async def test_kembali_on_the_first_question(harness: Harness) -> None:
    await harness.send("daftar")
    replies = await harness.send("kembali")
    assert harness.keys(replies) == ["registration/cannot_go_back", "registration/consent"]


async def test_changing_role_forgets_the_other_roles_answers(harness: Harness) -> None:
    await _to_nik_step(harness)
    await harness.send(NIK)
    await harness.send("081234567890")
    await harness.press("reg:area:kota_blitar")
    await harness.send("CV Maju")
    await harness.press("reg:employer_registered:no")
    replies = await harness.press("reg:contact_time:pagi")
    assert harness.keys(replies) == ["registration/summary"]
    replies = await harness.press("reg:summary:role")
    assert harness.keys(replies) == ["registration/ask_role"]
    replies = await harness.press("reg:role:self_employed")
    assert harness.keys(replies) == ["registration/ask_occupation"]
    await harness.send("petani")
    await harness.send("1,5 juta")
    replies = await harness.press("reg:programs:jkk_jkm")
    assert harness.keys(replies) == ["registration/summary"]  # contact time already known
    await harness.press("reg:summary:confirm")
    [lead] = await lead_rows(harness)
    assert (lead["role"], lead["employer_name"], lead["employer_lead"], lead["occupation"]) == (
        "self_employed",
        None,
        0,
        "petani",
    )


async def test_each_field_can_be_edited_from_the_summary(harness: Harness) -> None:
    await _to_nik_step(harness)
    await harness.send(NIK)
    await harness.send("081234567890")
    await harness.press("reg:area:kota_blitar")
    await harness.send("CV Maju")
    await harness.press("reg:employer_registered:yes")
    replies = await harness.press("reg:contact_time:pagi")
    ids = harness.button_ids(replies)
    for field in ("confirm", "role", "name", "nik", "phone", "area", "details", "contact_time"):
        assert f"reg:summary:{field}" in ids
    edits = [
        ("reg:summary:name", "registration/ask_name", "Budi Setiawan"),
        ("reg:summary:nik", "registration/ask_nik", "3505121708900002"),
        ("reg:summary:phone", "registration/ask_phone", "0857 1234 5678"),
        ("reg:summary:area", "registration/ask_area", "Kec. Sanankulon"),
        ("reg:summary:contact_time", "registration/ask_contact_time", "sore"),
    ]
    for button, question, answer in edits:
        replies = await harness.press(button)
        assert harness.keys(replies) == [question], button
        replies = await harness.send(answer)
        assert harness.keys(replies) == ["registration/summary"], button
    replies = await harness.send("ubah detail")
    assert harness.keys(replies) == ["registration/ask_employer_name"]
    await harness.send("PT Baru")
    replies = await harness.press("reg:employer_registered:unknown")
    assert harness.keys(replies) == ["registration/summary"]
    replies = await harness.press("reg:summary:name")
    replies = await harness.send("kembali")  # from an edit, KEMBALI returns to the summary
    assert harness.keys(replies) == ["registration/summary"]
    await harness.press("reg:summary:confirm")
    [lead] = await lead_rows(harness)
    assert (lead["name"], lead["nik"], lead["phone"], lead["area"], lead["contact_time"]) == (
        "Budi Setiawan",
        "3505121708900002",
        "+6285712345678",
        "kab_blitar",
        "sore",
    )
    assert (lead["employer_name"], lead["employer_registered"]) == ("PT Baru", "unknown")


@pytest.mark.parametrize(
    ("setup", "bad", "key"),
    [
        (0, "3505121708900", "registration/invalid_nik"),
        (1, "021 5551234", "registration/invalid_phone"),
    ],
)
async def test_three_failures_offer_staff(harness: Harness, setup: int, bad: str, key: str) -> None:
    await _to_nik_step(harness)
    if setup == 1:
        await harness.send(NIK)
    for attempt in (1, 2):
        replies = await harness.send(bad)
        assert harness.keys(replies) == [key], attempt
        assert choices.BTN_HUMAN not in harness.button_ids(replies)
    replies = await harness.send(bad)
    assert harness.keys(replies) == [key, "registration/offer_staff"]
    assert choices.BTN_HUMAN in harness.button_ids(replies)
    replies = await harness.press(choices.BTN_HUMAN)
    assert harness.keys(replies) == ["core/human"]
    # The flow is still there: LANJUT resumes it.
    replies = await harness.send("lanjut")
    assert harness.keys(replies)[0] == "registration/resume"


async def test_failures_reset_after_a_good_answer(harness: Harness) -> None:
    await _to_nik_step(harness)
    await harness.send("123")
    await harness.send("456")
    await harness.send(NIK)
    await harness.send("abc")
    replies = await harness.send("def")
    assert harness.keys(replies) == ["registration/invalid_phone"]


@pytest.mark.parametrize(
    ("nik", "needle"),
    [
        ("350512170890001", "hanya 15 angka"),
        ("9905121708900001", "kode provinsi"),
        ("3505123308900001", "tanggal lahir"),
        ("3505121708900000", "Empat angka terakhir"),
        ("0000000000000000", "nol semua"),
        ("35051217089OOOO1", "tanpa huruf"),
    ],
)
async def test_nik_reprompt_says_which_part_looks_wrong(harness: Harness, nik: str, needle: str) -> None:
    await _to_nik_step(harness)
    replies = await harness.send(nik)
    assert harness.keys(replies) == ["registration/invalid_nik"]
    text = harness.text(replies)
    assert needle in text and "Contoh: 3505121708900001" in text


@pytest.mark.parametrize(
    ("phone", "needle"),
    [("+1 415 555 2671", "luar negeri"), ("0342 801234", "telepon rumah"), ("0812", "terlalu pendek")],
)
async def test_phone_reprompt_has_a_reason_and_example(harness: Harness, phone: str, needle: str) -> None:
    await _to_nik_step(harness)
    await harness.send(NIK)
    replies = await harness.send(phone)
    assert harness.keys(replies) == ["registration/invalid_phone"]
    assert replies[0].request_contact
    assert needle in harness.text(replies) and "0812 3456 7890" in harness.text(replies)


async def test_every_step_rejects_nonsense_with_a_specific_reprompt(harness: Harness) -> None:
    replies = await harness.send("daftar")
    assert harness.keys(await harness.send("mungkin")) == ["registration/invalid_consent"]
    await harness.press("reg:consent:yes")
    assert harness.keys(await harness.send("astronot")) == ["registration/invalid_role"]
    await harness.press("reg:role:owner")
    assert harness.keys(await harness.send("Budi 99")) == ["registration/invalid_name"]
    await harness.send("Budi")
    await harness.send(NIK)
    await harness.send("081234567890")
    assert harness.keys(await harness.send("123")) == ["registration/invalid_area"]
    await harness.press("reg:area:kota_blitar")
    assert harness.keys(await harness.send("x")) == ["registration/invalid_text"]
    await harness.send("Bengkel Jaya")
    assert harness.keys(await harness.send("!!")) == ["registration/invalid_sector"]
    await harness.press("reg:sector:jasa")
    assert harness.keys(await harness.send("banyak")) == ["registration/invalid_employees"]
    await harness.send("2")
    assert harness.keys(await harness.send("hmm")) == ["registration/invalid_yes_no"]
    await harness.send("sudah")
    assert harness.keys(await harness.send("hmm")) == ["registration/invalid_owner_cover"]
    await harness.send("nanti saja")
    assert harness.keys(await harness.send("astronot")) == ["registration/invalid_contact_time"]
    await harness.send("pagi")
    assert harness.keys(await harness.send("apa ini")) == ["registration/invalid_summary"]
    replies = await harness.send("ya")
    assert_done(harness, replies)


async def test_self_employed_reprompts(harness: Harness) -> None:
    await harness.send("daftar")
    await harness.send("setuju")
    await harness.send("mandiri")
    await harness.send("Budi")
    await harness.send(NIK)
    await harness.send("081234567890")
    await harness.send("Kota Blitar")
    assert harness.keys(await harness.send("12")) == ["registration/invalid_text"]
    await harness.send("penjahit")
    replies = await harness.send("lumayan")
    assert harness.keys(replies) == ["registration/invalid_income"]
    assert "2 juta" in harness.text(replies)
    await harness.send("Rp 3.000.000")
    assert harness.keys(await harness.send("semua")) == ["registration/invalid_programs"]
    replies = await harness.send("2")
    assert harness.keys(replies) == ["registration/ask_contact_time"]


async def test_stale_buttons(harness: Harness) -> None:
    # A registration button with no registration going on.
    replies = await harness.press("reg:role:owner")
    assert harness.keys(replies) == ["core/stale_button"]
    await _to_nik_step(harness)
    # A button from an earlier question: not misread, the current question again.
    replies = await harness.press("reg:role:owner")
    assert harness.keys(replies) == ["registration/stale_button", "registration/ask_nik"]
    replies = await harness.press("calc:some-old-step")
    assert harness.keys(replies) == ["registration/stale_button", "registration/ask_nik"]
    state = await harness.store.load_state(1)
    assert state is not None and state.step == "nik" and state.data["role"] == "employee"
    assert state.failures == 0


async def test_same_contact_registering_again_updates_the_lead(harness: Harness) -> None:
    first = await register_employee(harness)
    replies = await harness.send("daftar")
    assert harness.keys(replies) == ["registration/consent"]
    assert first in harness.text(replies) and "diperbarui" in harness.text(replies)
    replies = await harness.send("daftar")  # again, mid-flow: told where they are
    assert harness.keys(replies) == ["registration/resume", "registration/consent"]
    await harness.send("batal")
    second = await register_employee(harness, name="Budi Santosa")
    assert second == first
    [lead] = await lead_rows(harness)
    assert (lead["name"], lead["status"], lead["verification"]) == ("Budi Santosa", "new", "ok")
    # The first notice had not gone out yet: staff get one, with the newer details.
    [notice] = await harness.store.pending_staff_notifications(10)
    assert (notice.context["name"], notice.context["updated"]) == ("Budi Santosa", True)


async def _done_text(harness: Harness, user: str) -> str:
    """The registration's last reply, with its reference (which differs per lead) taken out."""
    await through_contact_details(harness, "employee", user=user)
    await harness.send("CV Maju Jaya", user=user)
    await harness.press("reg:employer_registered:yes", user=user)
    await harness.press("reg:contact_time:pagi", user=user)
    replies = await harness.press("reg:summary:confirm", user=user)
    assert_done(harness, replies)
    return harness.text(replies).replace(str(replies[0].context["reference"]), "REF")


@pytest.mark.parametrize("order", [("first", "second"), ("second", "first")])
async def test_a_nik_typed_by_another_contact_never_takes_over_the_lead(
    harness: Harness, order: tuple[str, str]
) -> None:
    owner, other = order
    owner_reply = await _done_text(harness, owner)
    other_reply = await _done_text(harness, other)
    # The second person is told exactly what the first was: nothing says the NIK was known.
    assert other_reply == owner_reply
    rows = await lead_rows(harness)
    contacts = {r["contact_id"] for r in rows}
    assert len(rows) == 2 and len(contacts) == 2
    assert [r["verification"] for r in rows] == ["ok", "needed"]
    assert {r["nik"] for r in rows} == {NIK}
    # The owner's lead still belongs to the owner, with the owner's data.
    owner_contact = await harness.store.get_contact_by_address("console", owner)
    assert owner_contact is not None and rows[0]["contact_id"] == owner_contact.id


async def test_erasing_the_owner_leaves_the_second_lead_flagged_and_nothing_of_the_owner(harness: Harness) -> None:
    await _done_text(harness, "first")
    await _done_text(harness, "second")
    await harness.send("/hapusdata", user="first")
    replies = await harness.press("reg:erase:yes", user="first")
    assert harness.keys(replies) == ["registration/erased"]
    rows = await lead_rows(harness)
    assert len(rows) == 1 and rows[0]["verification"] == "needed"
    assert await count(harness, "staff_notifications") == 1  # only the second person's
    # The owner comes back and registers again: a new lead, flagged as the NIK is on record.
    await _done_text(harness, "first")
    rows = await lead_rows(harness)
    assert [r["verification"] for r in rows] == ["needed", "needed"]


async def test_abandoned_flow_records_the_step_reached(harness: Harness) -> None:
    await _to_nik_step(harness)
    replies = await harness.send("batal")
    assert harness.keys(replies) == ["core/cancelled"]
    rows = list(await harness.store.db.fetchall("SELECT * FROM registration_drafts"))
    assert [(r["step"], r["role"]) for r in rows] == [("nik", "employee")]
    columns = set(rows[0].keys())  # sqlite3.Row: `in` would look at the values
    assert not columns & {"name", "nik", "phone"}
    # Switching to another flow also counts as leaving; completing removes the draft.
    await register_employee(harness)
    assert await count(harness, "registration_drafts") == 0


async def test_leaving_before_consent_records_nothing(harness: Harness) -> None:
    await harness.send("/start daftar_posterpasar")
    await harness.send("batal")
    assert await count(harness, "registration_drafts") == 0
    assert await count(harness, "leads") == 0


async def test_opt_out_mid_flow_records_the_draft(harness: Harness) -> None:
    await _to_nik_step(harness)
    assert harness.keys(await harness.send("berhenti")) == ["core/opted_out"]
    assert await count(harness, "registration_drafts") == 1


async def test_another_deep_link_mid_registration_resumes_without_losing_answers(harness: Harness) -> None:
    await _to_nik_step(harness)
    replies = await harness.send("/start daftar_posterbaru")
    assert "registration/resume" in harness.keys(replies)
    assert await count(harness, "registration_drafts") == 0


async def test_nik_never_appears_in_logs(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await register_employee(harness)
    await harness.send("/datasaya")
    await harness.send(NIK)  # a NIK typed outside any flow
    assert NIK not in caplog.text
    rows = await harness.store.db.fetchall("SELECT body FROM inbound_messages")
    bodies = [str(r["body"]) for r in rows]
    assert all(NIK not in body for body in bodies)
    assert any(NIK_MASKED in body for body in bodies)
    events = await harness.store.db.fetchall("SELECT detail FROM events")
    assert all(NIK not in str(r["detail"]) for r in events)


async def test_leaving_an_edit_with_kembali_cannot_submit_an_incomplete_lead(harness: Harness) -> None:
    await register_employee(harness)
    await harness.send("daftar")
    await harness.press("reg:consent:yes")
    await harness.press("reg:role:owner")
    await harness.send("Budi Santoso")
    await harness.send(NIK)
    await harness.send("081234567890")
    await harness.press("reg:area:kota_blitar")
    await harness.send("Toko Makmur")
    await harness.press("reg:sector:perdagangan")
    await harness.send("2")
    await harness.press("reg:employees_registered:yes")
    await harness.press("reg:owner_cover:already")
    replies = await harness.press("reg:contact_time:pagi")
    assert harness.keys(replies) == ["registration/summary"]
    replies = await harness.press("reg:summary:details")  # clears the business answers
    assert harness.keys(replies) == ["registration/ask_business_name"]
    replies = await harness.send("kembali")
    assert harness.keys(replies) == ["registration/summary"]
    replies = await harness.press("reg:summary:confirm")
    assert harness.keys(replies) == ["registration/ask_business_name"]
    await harness.send("Toko Baru")
    await harness.press("reg:sector:jasa")
    await harness.send("0")
    replies = await harness.send("mau")
    assert harness.keys(replies) == ["registration/summary"]
    replies = await harness.press("reg:summary:contact_time")
    replies = await harness.send("kembali")
    replies = await harness.press("reg:summary:confirm")
    assert_done(harness, replies)
    [lead] = await lead_rows(harness)
    assert (lead["role"], lead["business_name"], lead["employees"], lead["contact_time"]) == (
        "owner",
        "Toko Baru",
        0,
        "pagi",
    )


def test_typing_a_button_label_picks_that_option() -> None:
    from bot.core.flows.kit.words import BACK_WORDS, normalise
    from bot.render.templates import load_labels
    from tests.registration.test_estimate import spec

    labels = load_labels(messages_dir())
    flow_spec = spec()
    for step in flow_spec.steps:
        for option in step.options:
            label = labels[option.label_key]
            assert step.option_for_text(normalise(label)) is option, (step.name, label)
            assert step.option_for_button(f"reg:{step.name}:{option.button_code}", "reg") is option
    assert normalise(labels["label.flow.back"]) in BACK_WORDS


@pytest.mark.parametrize(
    ("typed", "area"),
    [
        ("Kec. Sanankulon, Kab. Blitar", "kab_blitar"),
        ("blitar kota", "kota_blitar"),
        ("Ngunut Tulungagung", "tulungagung"),
        ("Kabupaten Trenggalek", "trenggalek"),
        ("Desa Sumberjo, Blitar", "ambiguous"),
        ("Kediri", None),
    ],
)
def test_area_named_inside_a_longer_answer(typed: str, area: str | None) -> None:
    from bot.core.flows.kit.words import normalise
    from bot.core.flows.registration.areas import area_in_text

    assert area_in_text(normalise(typed)) == area


async def test_the_phone_question_has_a_back_button(harness: Harness) -> None:
    await _to_nik_step(harness)
    replies = await harness.send(NIK)
    assert harness.keys(replies) == ["registration/ask_phone"]
    assert replies[0].request_contact and harness.button_ids(replies) == ["reg:back"]
    replies = await harness.press("reg:back")
    assert harness.keys(replies) == ["registration/ask_nik"]
    replies = await harness.send("3505121708900001")  # corrected NIK, then the phone again
    assert harness.keys(replies) == ["registration/ask_phone"]
    replies = await harness.send("nomor saya")
    assert harness.keys(replies) == ["registration/invalid_phone"]
    assert replies[0].request_contact and harness.button_ids(replies) == ["reg:back"]


@pytest.mark.parametrize(
    ("role", "answers"),
    [
        ("employee", ["CV Maju", "reg:employer_registered:no", "reg:contact_time:pagi"]),
        ("owner", ["Toko", "reg:sector:jasa", "2", "reg:employees_registered:yes", "mau", "sore"]),
        ("owner", ["Toko", "reg:sector:jasa", "0", "reg:owner_cover:already", "sore"]),
        ("self_employed", ["penjahit", "2 juta", "reg:programs:jkk_jkm", "kapan saja"]),
    ],
)
async def test_the_step_counter_never_jumps_whichever_branch(harness: Harness, role: str, answers: list[str]) -> None:
    seen: list[tuple[int, int]] = []

    async def answer(value: str) -> None:
        replies = await (harness.press(value) if value.startswith("reg:") else harness.send(value))
        question = replies[-1]
        if question.context.get("progress"):
            seen.append((question.context["progress"]["number"], question.context["progress"]["total"]))
        assert "Langkah" not in harness.text(replies[:-1])  # only the question shows the counter

    await harness.send("daftar")
    for value in ("reg:consent:yes", f"reg:role:{role}", "Budi", NIK, "081234567890", "reg:area:kota_blitar"):
        await answer(value)
    for value in answers:
        await answer(value)
    numbers = [number for number, _ in seen]
    assert {total for _, total in seen} == {9}
    assert numbers == sorted(numbers) and numbers[0] == 1 and numbers[-1] == 9
    assert all(b - a <= 1 for a, b in pairwise(numbers))
    assert set(numbers) == set(range(1, 10))  # every stage is shown on every path


async def test_batal_then_daftar_says_it_starts_over(harness: Harness) -> None:
    replies = await harness.send("daftar")
    text = harness.text(replies)
    assert "Ada 9 langkah singkat" in text and "mulai lagi dari awal" not in text
    for needle in ("nama sesuai KTP", "NIK", "nomor HP", "kecamatan", "waktu", "Tujuannya", "Sebelum dikirim"):
        assert needle in text, needle
    await harness.press("reg:consent:yes")
    await harness.press("reg:role:employee")
    await harness.send("Budi Santoso")
    assert harness.keys(await harness.send("BATAL")) == ["core/cancelled"]
    replies = await harness.send("DAFTAR")
    assert harness.keys(replies) == ["registration/consent"]
    assert "mulai lagi dari awal" in harness.text(replies)
    await harness.press("reg:consent:yes")
    replies = await harness.press("reg:role:employee")
    assert harness.keys(replies) == ["registration/ask_name"]  # nothing carried over
    state = await harness.store.load_state(1)
    assert state is not None and "name" not in state.data
