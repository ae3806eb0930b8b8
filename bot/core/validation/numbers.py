"""Counts and rupiah amounts typed the way people write them.

"5", "5 orang", "tidak ada" -> 5, 5, 0 employees;
"2 juta", "2,5jt", "Rp 2.500.000", "750 ribu", "1500000" -> rupiah.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

MAX_EMPLOYEES = 100_000
MAX_INCOME = 1_000_000_000  # above this it is almost certainly a typo
_NONE_WORDS = frozenset({"tidak ada", "tdk ada", "belum ada", "nol", "ga ada", "gak ada", "nggak ada", "kosong"})
_COUNT = re.compile(r"^(\d{1,6})\s*(orang|org|pekerja|karyawan)?$")
_MONEY = re.compile(
    r"^(?:rp\.?\s*)?(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    r"(juta|jt|j|ribu|rb|k|miliar)?(?:\s*(?:/|per)\s*(?:bulan|bln))?$"
)
_MULTIPLIERS = {"juta": 1_000_000, "jt": 1_000_000, "j": 1_000_000, "ribu": 1000, "rb": 1000, "k": 1000}


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


def parse_income(raw: str) -> NumberResult:
    text = " ".join((raw or "").lower().split()).rstrip(".!")
    if not text:
        return NumberResult(problem=NumberProblem.EMPTY)
    match = _MONEY.match(text)
    if match is None:
        return NumberResult(problem=NumberProblem.NOT_A_NUMBER)
    number, unit = match.group(1), match.group(2)
    if unit == "miliar":
        return NumberResult(problem=NumberProblem.TOO_LARGE)
    try:
        if unit in _MULTIPLIERS:
            # "2,5 juta" / "2.5 jt": the separator is a decimal point here.
            amount = Decimal(number.replace(",", ".")) * _MULTIPLIERS[unit]
        else:
            # "2.500.000" / "2,500,000" / "1500000": separators group thousands.
            if re.fullmatch(r"\d+[.,]\d{1,2}", number):
                return NumberResult(problem=NumberProblem.NOT_A_NUMBER)
            amount = Decimal(re.sub(r"[.,]", "", number))
    except InvalidOperation:
        return NumberResult(problem=NumberProblem.NOT_A_NUMBER)
    value = int(amount)
    if value <= 0:
        return NumberResult(problem=NumberProblem.ZERO)
    if value > MAX_INCOME:
        return NumberResult(problem=NumberProblem.TOO_LARGE)
    return NumberResult(value=value)
