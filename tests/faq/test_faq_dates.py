"""Date-dependent answers, with a fixed date on both sides of every change."""

from __future__ import annotations

from datetime import date

import pytest

from bot.faq.facts import facts_for
from bot.rules.formatting import long_date, percent, rupiah
from bot.rules.parameters import default_parameters
from tests.faq.faq_helpers import DATES, plain, render, render_entry, service


@pytest.mark.parametrize("today", DATES, ids=str)
def test_every_answer_renders_strictly_and_fits_a_phone(today: date) -> None:
    for entry in service().knowledge.entries:
        text = render_entry(entry.id, today)
        assert "{{" not in text and "{%" not in text, entry.id
        assert len(plain(text)) < 900, (entry.id, len(plain(text)))
        assert text.count("*") % 2 == 0, entry.id  # *bold* pairs only


def test_context_values_are_plain() -> None:
    for value in facts_for(date(2026, 11, 23), default_parameters()).values():
        assert isinstance(value, str | int | bool)


def test_formatting_helpers() -> None:
    assert rupiah(11086300) == "Rp11.086.300"
    assert percent(__import__("decimal").Decimal("0.30")) == "0,30%"
    assert percent(__import__("decimal").Decimal("3.7")) == "3,7%"
    assert long_date(date(2026, 3, 1)) == "1 Maret 2026"


@pytest.mark.parametrize(
    ("today", "age", "next_text"),
    [
        (date(2026, 11, 23), 59, "mulai 1 Januari 2028 menjadi 60 tahun"),
        (date(2027, 12, 31), 59, "mulai 1 Januari 2028 menjadi 60 tahun"),
        (date(2028, 1, 1), 60, "mulai 1 Januari 2031 menjadi 61 tahun"),
    ],
)
def test_pension_age_changes_on_new_year(today: date, age: int, next_text: str) -> None:
    text = plain(render_entry("jp-usia-pensiun", today))
    assert f"adalah {age} tahun" in text
    assert next_text in text
    # JHT stays at 56 whatever the JP age is.
    assert "usia 56 tahun" in text


@pytest.mark.parametrize(
    ("today", "cap", "since"),
    [
        (date(2026, 2, 28), "Rp10.547.400", "1 Maret 2025"),
        (date(2026, 3, 1), "Rp11.086.300", "1 Maret 2026"),
        (date(2027, 2, 28), "Rp11.086.300", "1 Maret 2026"),
    ],
)
def test_jp_wage_cap_changes_in_march(today: date, cap: str, since: str) -> None:
    text = plain(render_entry("jp-batas-upah", today))
    assert cap in text and since in text


def test_the_jp_cap_answer_lists_the_earlier_caps_from_the_parameter_table() -> None:
    # A cap of an earlier year asked about: the answer names each earlier cap with the month it began,
    # read from messages/params, and never a cap that was not yet in force on the day asked.
    today = date(2026, 2, 28)
    outcome = service().answer("dulu di 2024 plafon upah jp nya brp ya", today)
    assert outcome.topic == "jp-batas-upah"
    text = plain(" ".join(render(r) for r in outcome.replies))
    confirmed, weak = text.split("Batas sebelumnya")[1:3]
    assert "kutipan pihak lain" in weak
    for row in default_parameters().history("jp_wage_cap"):
        if row.start < date(2025, 3, 1):
            # A figure read only in secondary sources is listed after that caveat, never before it.
            assert rupiah(int(row.value)) in (confirmed if row.status == "OK" else weak), row
            assert rupiah(int(row.value)) not in (weak if row.status == "OK" else confirmed), row
    assert "Maret 2024: Rp10.042.300" in confirmed
    assert "Maret 2022: Rp9.077.600" in weak  # WEAK in the fact sheet
    assert "Rp11.086.300" not in confirmed + weak  # from March 2026: the next cap, not an earlier one


@pytest.mark.parametrize(
    ("today", "other", "transport"),
    [
        (date(2026, 11, 23), True, True),
        (date(2026, 12, 31), True, True),
        (date(2027, 1, 1), False, True),
        (date(2027, 3, 31), False, True),
        (date(2027, 4, 1), False, False),
    ],
)
def test_bpu_discount_windows(today: date, other: bool, transport: bool) -> None:
    text = plain(render_entry("iuran-bpu", today))
    assert "Rp16.800" in text and "Rp36.800" in text
    assert ("Rp8.400" in text) == (other or transport)
    assert ("Desember 2026" in text) == other
    if transport and not other:
        assert "transportasi" in text and "Maret 2027" in text
    detail = plain(render_entry("diskon-iuran-bpu", today))
    assert ("tidak ada potongan" in detail) == (not (other or transport))
    assert "APBN/APBD" in detail or not (other or transport)
    assert "JHT tidak didiskon" in detail or not (other or transport)
    # Each program's discounted dues (fact sheet 9.2: JKK Rp10.000 -> Rp5.000, JKM Rp6.800 -> Rp3.400).
    assert ("Rp5.000" in detail and "Rp3.400" in detail) == (other or transport)


@pytest.mark.parametrize("entry_id", ["bpu-program", "siapa-bpu", "pemilik-usaha", "cara-daftar"])
def test_an_answer_quoting_the_discounted_price_gives_the_transport_sector_its_own_end(entry_id: str) -> None:
    # While both windows run, a driver reading "sampai Desember 2026" alone would think his ends too.
    both = plain(render_entry(entry_id, date(2026, 12, 1)))
    assert "Desember 2026" in both and "transportasi sampai Maret 2027" in both
    transport_only = plain(render_entry(entry_id, date(2027, 2, 1)))
    assert "Desember 2026" not in transport_only and "Maret 2027" in transport_only


def test_discount_ended_is_said_so() -> None:
    detail = plain(render_entry("diskon-iuran-bpu", date(2027, 4, 1)))
    assert detail.count("sudah berakhir") == 2


@pytest.mark.parametrize(("today", "limit"), [(date(2025, 4, 30), "Rp10 juta"), (date(2025, 5, 1), "Rp15 juta")])
def test_jmo_claim_limit(today: date, limit: str) -> None:
    assert limit in plain(render_entry("jht-klaim-jmo", today))


def test_same_question_answered_for_each_date() -> None:
    for today in DATES:
        outcome = service().answer("usia pensiun sekarang berapa", today)
        assert outcome.recognised
        text = plain("\n".join(render(r) for r in outcome.replies))
        assert f"{facts_for(today, default_parameters())['pension_age']} tahun" in text


@pytest.mark.parametrize(
    ("today", "said", "unsaid"),
    [
        (date(2025, 6, 1), ["Rp393.500"], ["paling banyak", "belum kami pastikan"]),  # no dated maximum
        (date(2026, 12, 1), ["Rp411.400", "Rp4.932.300", "belum kami pastikan"], []),  # WEAK: said carefully
    ],
)
def test_the_pension_floor_and_ceiling_follow_the_date(today: date, said: list[str], unsaid: list[str]) -> None:
    text = plain(render_entry("jp-syarat-bulanan", today))
    for part in said:
        assert part in text, (today, part)
    for part in unsaid:
        assert part not in text, (today, part)
