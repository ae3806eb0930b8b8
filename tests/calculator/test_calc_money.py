"""Money as people type it: a table of accepted and rejected forms, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.formatting import rupiah
from bot.rules.money import MAX_MONTHLY, Money, MoneyProblem, MoneyRejected, parse_money

ACCEPTED = [
    ("2,5 juta", 2_500_000),
    ("2.500.000", 2_500_000),
    ("2500000", 2_500_000),
    ("2jt", 2_000_000),
    ("2 JT", 2_000_000),
    ("Rp 2.500.000,-", 2_500_000),
    ("Rp2.500.000", 2_500_000),
    ("rp. 2.500.000", 2_500_000),
    ("IDR 3,000,000", 3_000_000),
    ("2.500.000,00", 2_500_000),
    ("2,5jt", 2_500_000),
    ("2.5 jt", 2_500_000),
    ("1,25 juta", 1_250_000),
    ("500rb", 500_000),
    ("500 ribu", 500_000),
    ("500k", 500_000),
    ("1 miliar", 1_000_000_000),
    ("1 M", 1_000_000_000),
    ("2 juta 500 ribu", 2_500_000),
    ("12jt500rb", 12_500_000),
    ("2 500 000", 2_500_000),
    ("2jt/bulan", 2_000_000),
    ("3 juta per bulan", 3_000_000),
    ("dua juta", 2_000_000),
    ("dua setengah juta", 2_500_000),
    ("satu setengah juta", 1_500_000),
    ("sejuta", 1_000_000),
    ("setengah juta", 500_000),
    ("lima ratus ribu", 500_000),
    ("dua ratus lima puluh ribu", 250_000),
    ("dua juta lima ratus ribu", 2_500_000),
    ("sebelas juta", 11_000_000),
    ("2 setengah juta", 2_500_000),
    ("  Rp 1.000.000  ", 1_000_000),
]


@pytest.mark.parametrize(("text", "amount"), ACCEPTED)
def test_accepted_forms(text: str, amount: int) -> None:
    assert parse_money(text) == Money(amount)


REJECTED = [
    ("", MoneyProblem.EMPTY),
    ("   ", MoneyProblem.EMPTY),
    ("abc", MoneyProblem.NOT_A_NUMBER),
    ("gaji saya", MoneyProblem.NOT_A_NUMBER),
    ("0", MoneyProblem.ZERO),
    ("Rp0", MoneyProblem.ZERO),
    ("0 juta", MoneyProblem.ZERO),
    ("-2jt", MoneyProblem.NEGATIVE),
    ("minus 500 ribu", MoneyProblem.NEGATIVE),
    ("Rp -2.000.000", MoneyProblem.NEGATIVE),
    ("1,2 M", MoneyProblem.TOO_LARGE),
    ("1,2 miliar", MoneyProblem.TOO_LARGE),
    ("1.000.000.001", MoneyProblem.TOO_LARGE),
    ("2000 juta", MoneyProblem.TOO_LARGE),
    ("2,5", MoneyProblem.NEEDS_UNIT),
    ("2.5", MoneyProblem.NEEDS_UNIT),
    ("2.50.000", MoneyProblem.NOT_A_NUMBER),
    ("2 juta 3", MoneyProblem.NOT_A_NUMBER),
    ("500 ribu 2 juta", MoneyProblem.NOT_A_NUMBER),
    ("1.2.3", MoneyProblem.NOT_A_NUMBER),
]


@pytest.mark.parametrize(("text", "reason"), REJECTED)
def test_rejected_forms(text: str, reason: MoneyProblem) -> None:
    result = parse_money(text)
    assert isinstance(result, MoneyRejected)
    assert result.reason is reason


def test_minimum_is_checked_only_when_given() -> None:
    assert parse_money("900rb") == Money(900_000)
    assert parse_money("900rb", minimum=1_000_000) == MoneyRejected(MoneyProblem.BELOW_MINIMUM, 900_000)
    assert parse_money("1jt", minimum=1_000_000) == Money(1_000_000)


def test_none_is_empty() -> None:
    assert parse_money(None) == MoneyRejected(MoneyProblem.EMPTY)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "Rp0"), (999, "Rp999"), (1_000, "Rp1.000"), (2_500_000, "Rp2.500.000"), (-5_000, "-Rp5.000")],
)
def test_format_rupiah(amount: int, text: str) -> None:
    assert rupiah(amount) == text


@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    result = parse_money(text)
    assert isinstance(result, Money | MoneyRejected)
    if isinstance(result, Money):
        assert 1 <= result.amount <= MAX_MONTHLY


@given(st.text(alphabet="0123456789.,- rpjutabibkmJRMsetngh", max_size=40))
def test_never_raises_on_money_like_text(text: str) -> None:
    result = parse_money(text, minimum=1_000_000)
    assert isinstance(result, Money | MoneyRejected)
    if isinstance(result, Money):
        assert 1_000_000 <= result.amount <= MAX_MONTHLY


@given(st.integers(min_value=1, max_value=MAX_MONTHLY))
def test_round_trips_common_writings(amount: int) -> None:
    grouped = f"{amount:,}".replace(",", ".")
    for text in (str(amount), grouped, rupiah(amount), f"Rp {grouped},-", f"{amount:,}"):
        assert parse_money(text) == Money(amount), text


@given(
    st.integers(min_value=1, max_value=1000), st.sampled_from([("juta", 1_000_000), ("jt", 1_000_000), ("rb", 1_000)])
)
def test_units(count: int, unit: tuple[str, int]) -> None:
    assert parse_money(f"{count} {unit[0]}") == Money(count * unit[1])


@given(st.integers(min_value=1, max_value=MAX_MONTHLY))
def test_negative_amounts_are_rejected(amount: int) -> None:
    result = parse_money(f"-{amount}")
    assert isinstance(result, MoneyRejected) and result.reason is MoneyProblem.NEGATIVE
