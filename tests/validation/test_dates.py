"""Days as people write them, alone ("besok") or inside a sentence ("bayar iuran tgl 10 ya")."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.validation.dates import find_day, read_day

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("said", "day"),
    [
        ("besok", date(2026, 12, 2)),
        ("lusa aja", date(2026, 12, 3)),
        ("minggu depan", date(2026, 12, 8)),
        ("hari senin ya", date(2026, 12, 7)),
        ("selasa", date(2026, 12, 8)),  # today is Tuesday: next week's
        ("tgl 10", date(2026, 12, 10)),
        ("tanggal 1", date(2027, 1, 1)),  # the 1st has passed this month
        ("10 januari", date(2027, 1, 10)),
        ("5/12", date(2026, 12, 5)),
        ("3 hari lagi", date(2026, 12, 4)),
    ],
)
def test_a_day_alone(said: str, day: date) -> None:
    assert read_day(said, TODAY) == day


@pytest.mark.parametrize("said", ["", "kapan kapan", "10 orang", "tanggal 31 februari 2027", "jam 3"])
def test_what_is_not_a_day(said: str) -> None:
    assert read_day(said, TODAY) is None


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("bayar iuran tgl 12 ya", date(2026, 12, 12)),
        ("daftar minggu depan", date(2026, 12, 8)),
        ("buat bayar iuran hari jumat", date(2026, 12, 4)),
        ("pas tanggal 20 desember nanti", date(2026, 12, 20)),
    ],
)
def test_a_day_inside_a_sentence(sentence: str, day: date) -> None:
    assert find_day(sentence, TODAY) == day


@pytest.mark.parametrize("sentence", ["daftar 3 orang", "bayar iuran 16800", "bayar iuran", ""])
def test_a_bare_number_in_a_sentence_is_not_a_day(sentence: str) -> None:
    assert find_day(sentence, TODAY) is None


@given(st.text(max_size=80))
def test_any_sentence_gives_a_future_day_or_none(sentence: str) -> None:
    day = find_day(sentence, TODAY)
    assert day is None or day > TODAY
