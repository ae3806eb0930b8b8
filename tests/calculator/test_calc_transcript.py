"""Whole conversations through the real engine, a temporary SQLite file and the renderer.

The harness clock says 23 November 2026, 10:00 WIB.
"""

from __future__ import annotations

import pytest

from bot.core import choices
from tests.calculator.buttons import (
    BTN_JHT_YES,
    BTN_RISK,
    BTN_RISK_UNKNOWN,
    BTN_SCALE,
    BTN_SECTOR_OTHER,
    BTN_SECTOR_TRANSPORT,
    BTN_SEG_BPU,
    BTN_SEG_EMPLOYER,
)


async def state_of(harness, user: str = "u1"):  # type: ignore[no-untyped-def]
    contact = await harness.store.contact_for("console", user)
    return await harness.store.load_state(contact.id)


async def test_bpu_transcript(harness) -> None:  # type: ignore[no-untyped-def]
    replies = await harness.send("IURAN")
    assert harness.keys(replies) == ["calculator/ask_segment"]
    assert harness.keys(await harness.press(BTN_SEG_BPU)) == ["calculator/ask_income"]
    assert harness.keys(await harness.send("dua juta")) == ["calculator/ask_sector"]
    assert harness.keys(await harness.press(BTN_SECTOR_OTHER)) == ["calculator/ask_jht"]
    replies = await harness.send("ya")
    assert harness.keys(replies) == ["calculator/result_bpu", "outreach/consent_question"]
    text = harness.text(replies, "whatsapp")
    # 23 Nov 2026, other sector, PP 50/2025 window Apr-Dec 2026: JKK 20.000/2 = 10.000; JKM 6.800/2 = 3.400;
    # JHT 2% x 2.000.000 = 40.000 -> 53.400; without the discount 66.800
    assert "*Total: Rp53.400 sebulan*" in text
    assert "Rp66.800" in text and "23 November 2026" in text and "dibulatkan" in text
    assert harness.button_ids(replies[:1]) == [choices.BTN_REGISTER, choices.BTN_CALCULATOR, choices.BTN_MENU]
    assert harness.button_ids(replies[1:]) == ["out:yes", "out:no"]  # then: reminders?
    assert await state_of(harness) is None
    # the flow is over: MENU is the plain menu, and an old calculator button is stale
    assert harness.keys(await harness.send("menu")) == ["core/menu"]
    assert harness.keys(await harness.press(BTN_SECTOR_TRANSPORT)) == ["core/stale_button"]


async def test_pu_transcript_with_menu_resume_and_restart(harness) -> None:  # type: ignore[no-untyped-def]
    assert harness.keys(await harness.press(choices.BTN_CALCULATOR)) == ["calculator/ask_segment"]
    await harness.press(BTN_SEG_EMPLOYER)
    assert harness.keys(await harness.send("Rp 12.000.000,-")) == ["calculator/ask_risk"]
    # MENU inside the flow offers to continue; LANJUT re-asks the same question
    assert harness.keys(await harness.send("menu")) == ["core/menu_in_flow"]
    assert harness.keys(await harness.send("LANJUT")) == ["calculator/ask_risk"]
    await harness.press(BTN_RISK_UNKNOWN)
    # a restart between two messages keeps the conversation where it was
    await harness.restart()
    assert harness.keys(await harness.press(BTN_SCALE["besar"])) == ["calculator/ask_workers"]
    assert harness.keys(await harness.send("10 orang")) == ["calculator/ask_owner_cover"]
    replies = await harness.send("tidak perlu")
    assert harness.keys(replies) == ["calculator/result_pu", "outreach/consent_question"]
    text = harness.text(replies, "console")
    # 12.000.000 from 1 Mar 2026: JP on the cap 11.086.300 -> 221.726 + 110.863
    assert "Pemberi kerja Rp221.726, pekerja Rp110.863, total Rp332.589" in text
    # JKK 0,24%..1,74% of 12.000.000 = 28.800..208.800; JKM 36.000; JHT 684.000; JP 332.589
    # per worker 1.081.389..1.261.389; x 10 = 10.813.890..12.613.890
    assert "Rp1.081.389–Rp1.261.389" in text
    assert "Untuk 10 orang: Rp10.813.890–Rp12.613.890 sebulan." in text
    assert await state_of(harness) is None


@pytest.mark.parametrize("steps", [0, 1, 2, 3])
async def test_batal_works_at_every_bpu_step(harness, steps: int) -> None:  # type: ignore[no-untyped-def]
    script = [("press", BTN_SEG_BPU), ("send", "1,5 juta"), ("press", BTN_SECTOR_TRANSPORT)]
    await harness.send("/iuran")
    for kind, value in script[:steps]:
        await (harness.press(value) if kind == "press" else harness.send(value))
    assert await state_of(harness) is not None
    assert harness.keys(await harness.send("BATAL")) == ["core/cancelled"]
    assert await state_of(harness) is None


@pytest.mark.parametrize("steps", [0, 1, 2, 3, 4])
async def test_batal_works_at_every_pu_step(harness, steps: int) -> None:  # type: ignore[no-untyped-def]
    script = [
        ("press", BTN_SEG_EMPLOYER),
        ("send", "3jt"),
        ("press", BTN_RISK["tinggi"]),
        ("press", BTN_SCALE["kecil"]),
    ]
    await harness.send("hitung")
    for kind, value in script[:steps]:
        await (harness.press(value) if kind == "press" else harness.send(value))
    assert harness.keys(await harness.press(choices.BTN_CANCEL)) == ["core/cancelled"]
    assert await state_of(harness) is None


async def test_three_failures_then_staff(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("kalkulator")
    await harness.press(BTN_SEG_BPU)
    for text in ("banyak", "nol", "lumayan lah"):
        replies = await harness.send(text)
        assert replies[0].key == "calculator/invalid_money"
        assert "Contoh: 2.500.000 atau 2,5 juta" in harness.text(replies[:1])
    assert harness.keys(replies)[-1] == "calculator/offer_human"
    assert choices.BTN_HUMAN in harness.button_ids(replies)
    assert harness.keys(await harness.press(choices.BTN_HUMAN)) == ["core/human"]


async def test_transport_discount_and_register_button(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("iuran")
    await harness.send("mandiri")
    await harness.send("1jt")
    await harness.send("ojol")
    replies = await harness.press(BTN_JHT_YES)
    # 1.000.000, transport, Nov 2026: 5.000 + 3.400 + 20.000 = 28.400 (fact sheet 9.2)
    assert "Rp28.400" in harness.text(replies, "telegram")
    assert "<b>Total: Rp28.400 sebulan</b>" in harness.text(replies, "telegram")


async def test_kembali_on_every_step_and_a_changed_mind(harness) -> None:  # type: ignore[no-untyped-def]
    from tests.calculator.buttons import BTN_BACK

    await harness.send("iuran")
    assert harness.keys(await harness.send("kembali")) == ["flow/cannot_go_back", "calculator/ask_segment"]
    await harness.press(BTN_SEG_BPU)
    await harness.send("2 juta")
    replies = await harness.press(BTN_BACK)
    assert harness.keys(replies) == ["calculator/ask_income"]
    assert BTN_BACK in harness.button_ids(replies)
    assert harness.keys(await harness.send("KEMBALI")) == ["calculator/ask_segment"]
    await harness.press(BTN_SEG_EMPLOYER)  # changed their mind: the employer questions follow
    assert harness.keys(await harness.send("3 juta")) == ["calculator/ask_risk"]
    assert harness.keys(await harness.send("balik")) == ["calculator/ask_wage"]
    assert harness.keys(await harness.send("3 juta")) == ["calculator/ask_risk"]


@pytest.mark.parametrize(
    ("typed", "income"),
    [
        ("1,5jtan", "Rp1.500.000"),
        ("kurleb 3 juta", "Rp3.000.000"),
        ("sejutaan", "Rp1.000.000"),
        ("2.7jt", "Rp2.700.000"),
        ("2,5 jt", "Rp2.500.000"),
        ("Rp 1.500.000", "Rp1.500.000"),
        ("satu setengah juta", "Rp1.500.000"),
        ("1.5", "Rp1.500.000"),
    ],
)
async def test_income_as_people_write_it(harness, typed: str, income: str) -> None:  # type: ignore[no-untyped-def]
    await harness.send("iuran")
    await harness.press(BTN_SEG_BPU)
    assert harness.keys(await harness.send(typed)) == ["calculator/ask_sector"]
    await harness.press(BTN_SECTOR_OTHER)
    replies = await harness.send("tidak")
    assert replies[0].context["income"] == income


async def test_a_bare_number_is_asked_back_not_guessed(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("iuran")
    await harness.press(BTN_SEG_BPU)
    replies = await harness.send("2")
    assert harness.keys(replies) == ["flow/confirm_amount"]
    assert "Rp2 juta" in harness.text(replies) and "Rp2.000.000" in harness.text(replies)
    assert harness.button_ids(replies) == ["calc:ok:inc", "calc:redo:inc"]
    assert harness.keys(await harness.send("bukan")) == ["calculator/ask_income"]
    await harness.send("2")
    assert harness.keys(await harness.send("iya")) == ["calculator/ask_sector"]
    state = await state_of(harness)
    assert state.data["bpu_income"] == 2_000_000
    # An employer's "750" is asked back as 750 ribu.
    await harness.send("batal")
    await harness.send("iuran")
    await harness.press(BTN_SEG_EMPLOYER)
    replies = await harness.send("750")
    assert "Rp750 ribu" in harness.text(replies)
    assert harness.keys(await harness.press("calc:ok:pu_wage")) == ["calculator/ask_risk"]


async def test_tidak_tahu_gets_a_stated_default(harness) -> None:  # type: ignore[no-untyped-def]
    from tests.calculator.buttons import BTN_INCOME_UNKNOWN, BTN_SCALE_UNKNOWN

    await harness.send("iuran")
    await harness.press(BTN_SEG_BPU)
    await harness.send("gak tentu")  # an irregular income is "belum pasti"
    await harness.press(BTN_SECTOR_OTHER)
    replies = await harness.send("tidak")
    assert replies[0].context["income"] == "Rp1.000.000" and replies[0].context["income_assumed"] is True
    assert "penghasilan terendah yang boleh dilaporkan" in harness.text(replies)
    await harness.send("iuran")
    await harness.press(BTN_SEG_BPU)
    assert harness.keys(await harness.press(BTN_INCOME_UNKNOWN)) == ["calculator/ask_sector"]

    await harness.send("batal")
    await harness.send("iuran")
    await harness.press(BTN_SEG_EMPLOYER)
    await harness.send("2.500.000")
    await harness.send("ga tau")  # risk: a range from the lowest to the highest class
    replies = await harness.press(BTN_SCALE_UNKNOWN)
    assert harness.keys(replies) == ["calculator/ask_workers"]
    await harness.send("3")
    (result,) = await harness.send("tidak")
    assert result.context["scale"] == "mikro" and result.context["scale_assumed"] is True
    assert result.context["is_range"] is True
    text = harness.text([result])
    assert "dihitung sebagai usaha mikro" in text
    assert "Rp1 miliar" in text and "JHT juga wajib" in text


async def test_the_employer_is_offered_their_own_cover_as_a_bpu(harness) -> None:  # type: ignore[no-untyped-def]
    from tests.calculator.buttons import BTN_OWNER_YES

    await harness.send("iuran")
    await harness.press(BTN_SEG_EMPLOYER)
    await harness.send("2,5 juta")
    await harness.press(BTN_RISK["sangat-rendah"])
    await harness.press(BTN_SCALE["mikro"])
    replies = await harness.send("3")
    assert harness.keys(replies) == ["calculator/ask_owner_cover"]
    assert "peserta mandiri (BPU)" in harness.text(replies)
    replies = await harness.press(BTN_OWNER_YES)
    assert harness.keys(replies) == ["calculator/ask_income"]
    assert "penghasilan Bapak/Ibu sendiri" in harness.text(replies)
    replies = await harness.send("4 juta")
    assert harness.keys(replies) == ["calculator/result_pu", "calculator/result_bpu", "outreach/consent_question"]
    employees, own, _question = replies
    assert employees.context["all_total"] == "Rp40.500" and employees.choices == ()
    # 23 Nov 2026, PP 50/2025 window: JKK 1% x 4.000.000 / 2 = 20.000; JKM 6.800 / 2 = 3.400
    assert own.context["owner"] is True and own.context["total"] == "Rp23.400"
    assert harness.button_ids([own]) == [choices.BTN_REGISTER, choices.BTN_CALCULATOR, choices.BTN_MENU]
    assert "Bapak/Ibu sendiri sebagai pemilik usaha (BPU)\nPenghasilan Rp4.000.000" in harness.text([own])
