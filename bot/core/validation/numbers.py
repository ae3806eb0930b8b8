"""Counts and rupiah amounts typed the way people write them.

"5", "5 orang", "tidak ada" -> 5, 5, 0 employees;
"2 juta", "2,5jt", "Rp 2.500.000", "750 ribu", "1500000" -> rupiah.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.rules.money import Money, MoneyProblem, parse_money

MAX_EMPLOYEES = 100_000
_NONE_WORDS = frozenset({"tidak ada", "tdk ada", "belum ada", "nol", "ga ada", "gak ada", "nggak ada", "kosong"})
_COUNT = re.compile(r"^(\d{1,6})\s*(orang|org|pekerja|karyawan)?$")


class NumberProblem(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    TOO_LARGE = "too_large"
    ZERO = "zero"


@dataclass(frozen=True, slots=True)
class NumberResult:
    value: int | None = None
    problem: NumberProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def parse_employee_count(raw: str) -> NumberResult:
    text = " ".join((raw or "").lower().split()).rstrip(".!")
    if not text:
        return NumberResult(problem=NumberProblem.EMPTY)
    if text in _NONE_WORDS:
        return NumberResult(value=0)
    match = _COUNT.match(text)
    if match is None:
        return NumberResult(problem=NumberProblem.NOT_A_NUMBER)
    count = int(match.group(1))
    if count > MAX_EMPLOYEES:
        return NumberResult(problem=NumberProblem.TOO_LARGE)
    return NumberResult(value=count)


# How the calculator's money parser's reasons read in the registration flow's reprompts.
_MONEY_PROBLEMS = {
    MoneyProblem.EMPTY: NumberProblem.EMPTY,
    MoneyProblem.NOT_A_NUMBER: NumberProblem.NOT_A_NUMBER,
    MoneyProblem.NEEDS_UNIT: NumberProblem.NOT_A_NUMBER,
    MoneyProblem.ZERO: NumberProblem.ZERO,
    MoneyProblem.NEGATIVE: NumberProblem.ZERO,
    MoneyProblem.TOO_LARGE: NumberProblem.TOO_LARGE,
    MoneyProblem.BELOW_MINIMUM: NumberProblem.ZERO,
}


def parse_income(raw: str) -> NumberResult:
    """A monthly income in rupiah, read by the calculator's money parser (bot.rules.money)."""
    parsed = parse_money(raw)
    if isinstance(parsed, Money):
        return NumberResult(value=parsed.amount)
    return NumberResult(problem=_MONEY_PROBLEMS[parsed.reason])
