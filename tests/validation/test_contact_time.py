"""Preferred contact times as people say them (bot.core.validation.contact_time)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.validation.contact_time import ANY_TIME, PERIODS, read_contact_time


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("sore aja", "sore"),
        ("Pagi hari", "pagi"),
        ("siang ya kak", "siang"),
        ("malam", "malam"),
        ("kapan aja", ANY_TIME),
        ("bisa kapan saja", ANY_TIME),
        ("terserah", ANY_TIME),
        ("habis maghrib", "habis maghrib"),
        ("jam 9 pagi", "jam 9 pagi"),
        ("Setelah pulang kerja", "Setelah pulang kerja"),
        ("14:30", "14:30"),
        ("hari Sabtu", "hari Sabtu"),
    ],
)
def test_times_people_give(typed: str, value: str) -> None:
    assert read_contact_time(typed).value == value


@pytest.mark.parametrize(("typed", "problem"), [("", "empty"), ("astronot", "not_a_time"), ("9", "not_a_time")])
def test_what_is_not_a_time(typed: str, problem: str) -> None:
    assert read_contact_time(typed).problem == problem


@given(
    period=st.sampled_from(PERIODS),
    filler=st.sampled_from(["", " aja", " saja", " ya", " hari", " deh kak"]),
    case=st.sampled_from([str.lower, str.upper, str.title]),
)
def test_a_part_of_the_day_with_particles_is_its_code(period: str, filler: str, case: object) -> None:
    assert read_contact_time(case(period + filler)).value == period  # type: ignore[operator]


@given(st.text(max_size=80))
def test_any_text_is_read_without_an_exception(text: str) -> None:
    result = read_contact_time(text)
    assert (result.value is None) != (result.problem is None)
    assert result.value is None or len(result.value) <= 60
