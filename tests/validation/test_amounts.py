"""Amounts as people write them in chat (bot.core.validation.numbers.read_amount)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.validation.numbers import read_amount
from bot.rules.money import MoneyProblem


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        # the forms of issue 14
        ("1,5jtan", 1_500_000),
        ("kurleb 3 juta", 3_000_000),
        ("sejutaan", 1_000_000),
        ("2.7jt", 2_700_000),
        ("2,5 jt", 2_500_000),
        ("Rp 1.500.000", 1_500_000),
        ("satu setengah juta", 1_500_000),
        ("1.5", 1_500_000),
        # and their neighbours
        ("2 juta", 2_000_000),
        ("Rp. 2.000.000,-", 2_000_000),
        ("rp1.000.000/bulan", 1_000_000),
        ("750 ribu", 750_000),
        ("800rb", 800_000),
        ("1500000", 1_500_000),
        ("3jt-an", 3_000_000),
        ("2 jutaan lebih", 2_000_000),
        ("sejuta setengah", 1_500_000),
        ("2 juta setengah", 2_500_000),
        ("dua juta setengah", 2_500_000),
        ("1 juta 500", 1_500_000),
        ("1jt500", 1_500_000),
        ("gaji saya sekitar 2jt sebulan", 2_000_000),
        ("± 2 jt", 2_000_000),
        ("kira-kira 1,2 juta", 1_200_000),
        ("setengah juta", 500_000),
        ("500 ribuan", 500_000),
        # units in English and Javanese
        ("3 million", 3_000_000),
        ("2.5 million", 2_500_000),
        ("4mio", 4_000_000),
        ("1,5 yuta", 1_500_000),
        ("700 ewu", 700_000),
        ("800 thousand", 800_000),
    ],
)
def test_amounts_people_write(raw: str, value: int) -> None:
    reading = read_amount(raw)
    assert (reading.value, reading.guess, reading.problem) == (value, None, None)


@pytest.mark.parametrize(("raw", "guess"), [("2", 2_000_000), ("dua", 2_000_000), ("750", 750_000), ("99", 99_000_000)])
def test_a_bare_small_number_is_a_guess_to_ask_about(raw: str, guess: int) -> None:
    reading = read_amount(raw)
    assert (reading.value, reading.guess) == (None, guess)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", MoneyProblem.EMPTY),
        ("lumayan", MoneyProblem.NOT_A_NUMBER),
        ("ratusan ribu", MoneyProblem.NOT_A_NUMBER),
        ("100rb sehari", MoneyProblem.NOT_A_NUMBER),
        ("0", MoneyProblem.ZERO),
        ("-2jt", MoneyProblem.NEGATIVE),
        ("2 miliar", MoneyProblem.TOO_LARGE),
        ("x" * 200, MoneyProblem.NOT_A_NUMBER),
    ],
)
def test_what_is_not_an_amount_says_why(raw: str, problem: MoneyProblem) -> None:
    reading = read_amount(raw)
    assert (reading.value, reading.guess, reading.problem) == (None, None, problem)


@given(st.text(max_size=120))
def test_any_text_is_read_without_an_exception(raw: str) -> None:
    reading = read_amount(raw)
    assert [reading.value, reading.guess, reading.problem].count(None) == 2


def _grouped(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@given(
    millions=st.integers(min_value=1, max_value=999),
    form=st.sampled_from(
        ["{n}jt", "{n} juta", "{n}jtan", "{n} jutaan", "kurleb {n} juta", "sekitar {n}jt", "Rp {g}", "Rp{g},-", "{g}"]
    ),
)
def test_whole_millions_in_any_form(millions: int, form: str) -> None:
    amount = millions * 1_000_000
    assert read_amount(form.format(n=millions, g=_grouped(amount))).value == amount


@given(
    millions=st.integers(min_value=1, max_value=99),
    tenth=st.integers(min_value=1, max_value=9),
    form=st.sampled_from(["{n},{t} jt", "{n}.{t}jt", "{n},{t}jtan", "{n}.{t}", "{n},{t}", "kurleb {n},{t} juta"]),
)
def test_fractions_of_millions(millions: int, tenth: int, form: str) -> None:
    expected = millions * 1_000_000 + tenth * 100_000
    assert read_amount(form.format(n=millions, t=tenth)).value == expected


@given(st.integers(min_value=1, max_value=999))
def test_bare_numbers_below_a_thousand_are_never_taken_as_rupiah(number: int) -> None:
    reading = read_amount(str(number))
    assert reading.value is None
    assert reading.guess == number * (1_000_000 if number < 100 else 1_000)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("limolas yuta", 15_000_000),
        ("rong yuta setengah", 2_500_000),
        ("telung yuta", 3_000_000),
        ("sak yuta", 1_000_000),
        ("satus seket ewu", 150_000),
        ("pitung atus ewu", 700_000),
    ],
)
def test_javanese_number_words(raw: str, value: int) -> None:
    assert read_amount(raw).value == value
