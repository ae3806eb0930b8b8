"""A date after "sampai", "sejak", "lahir" (and, for dated counts, "dari") bounds something; it is
not the period asked. The month reader and the dated-count reader share the words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.faq.asked_month import AskedMonth, month_asked
from bot.faq.period_bounds import SINCE, UNTIL, bound_before
from bot.faq.snapshot import years_asked

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize("text", ["potongan berlaku s/d ", "sampe akhir bulan ", "since the end of ", "nganti taun "])
def test_a_bound_word_with_its_filler_ends_the_text(text: str) -> None:
    assert bound_before(UNTIL + SINCE).search(text)


@pytest.mark.parametrize("text", ["iuran bulan ", "sampaikan ", "berapa sd nya "])
def test_other_words_are_no_bound(text: str) -> None:
    assert not bound_before(UNTIL + SINCE).search(text)


def test_the_month_reader_skips_a_bound_month_but_not_a_start() -> None:
    assert month_asked("diskonnya s/d februari 2027 kan?", TODAY) is None
    asked = month_asked("iuran bpu mulai februari 2027 berapa", TODAY)
    assert asked is not None and asked.start == date(2027, 2, 1)


def test_the_dated_count_reader_skips_starts_and_ends_alike() -> None:
    assert years_asked("ikut dari 2019 sampe 2024, sekarang pesertanya berapa", TODAY) == frozenset()
    assert years_asked("peserta aktif taun 2024 berapa", TODAY) == {2024}
    # A start bounds a count ("dari 2019"), while "mulai Februari 2027" above is a month asked.
    assert years_asked("kerja mulai tahun 2027, jumlah peserta berapa", TODAY) == frozenset()


@pytest.mark.parametrize("coming", ["depan", "besok", "ngajeng", "ngarep", "mendatang"])
def test_both_readers_name_the_coming_year_with_the_same_words(coming: str) -> None:
    asked = month_asked(f"iuran jkk bpu tahun {coming} sami mboten", TODAY)
    assert asked == AskedMonth(date(2027, 1, 1), whole_year=True)
    assert years_asked(f"jumlah peserta tahun {coming} berapa", TODAY) == {2027}


def test_the_coming_month_uses_the_same_words() -> None:
    asked = month_asked("bulan ngajeng iurane pinten", TODAY)
    assert asked == AskedMonth(date(2027, 1, 1), whole_year=False)
