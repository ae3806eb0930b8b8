"""Counts and rupiah amounts typed the way people write them.

"5", "5 orang", "tidak ada" -> 5, 5, 0 employees;
"2 juta", "1,5jtan", "kurleb 3 juta", "sejutaan", "Rp 2.500.000", "1.5", "3 million" -> rupiah;
"2" -> asked back as Rp2 juta.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from bot.rules.money import Money, MoneyProblem, MoneyRejected, parse_money

MAX_EMPLOYEES = 100_000
MAX_AMOUNT_CHARS = 100
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


_NUMBER_WORDS = "satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan"
# Words around an amount that do not change it: "kurleb 3 juta", "gaji saya sekitar 2jt sebulan".
_FILLERS = frozenset(
    {"kurleb", "kurang", "lebih", "krg", "lbh", "kira", "kira2", "kira-kira", "kirakira", "kisaran", "sekitar"}
    | {"sekitaran", "skitar", "rata", "rata2", "rata-rata", "ratarata", "paling", "cuma", "cuman", "hanya", "an"}
    | {"sih", "aja", "saja", "ya", "kak", "pak", "bu", "mas", "mbak", "penghasilan", "pendapatan", "gaji", "upah"}
    | {"saya", "sy", "aku", "per", "bulan", "bln", "sebulan", "perbulan", "tiap", "setiap", "/bulan", "/bln"}
    | {"dapat", "dapet", "mungkin", "biasanya", "kurang-lebih", "lebih-kurang", "kurlebnya", "+-", "±", "~"}
)
# Units in English and Javanese: "3 million", "2,5 mio", "1,5 yuta", "500 thousand".
_UNIT_WORDS = {"million": "juta", "millions": "juta", "mio": "juta", "yuta": "juta", "yuto": "juta"}
_UNIT_WORDS |= {"thousand": "ribu", "ewu": "ribu", "èwu": "ribu"}
_UNIT = re.compile(r"(?:(?<=\d)|\b)(" + "|".join(_UNIT_WORDS) + r")\b")
# Javanese number words as the Indonesian ones `parse_money` reads: "limolas yuta" is "lima belas
# juta", "rong yuta setengah" is "dua juta setengah", "satus seket ewu" is "seratus lima puluh ribu".
JAVANESE_NUMBERS = {
    "siji": "satu", "sak": "satu", "loro": "dua", "rong": "dua", "telu": "tiga", "telung": "tiga",
    "papat": "empat", "patang": "empat", "limo": "lima", "limang": "lima", "enem": "enam", "nem": "enam",
    "pitu": "tujuh", "pitung": "tujuh", "wolu": "delapan", "wolung": "delapan", "songo": "sembilan",
    "sanga": "sembilan", "sangang": "sembilan", "sewelas": "sebelas", "rolas": "dua belas",
    "telulas": "tiga belas", "patbelas": "empat belas", "limolas": "lima belas", "nembelas": "enam belas",
    "pitulas": "tujuh belas", "wolulas": "delapan belas", "songolas": "sembilan belas",
    "selawe": "dua puluh lima", "seket": "lima puluh", "satus": "seratus", "atus": "ratus", "sewu": "seribu",
}  # fmt: skip
_JAVANESE_NUMBER = re.compile(r"\b(" + "|".join(JAVANESE_NUMBERS) + r")\b")
# Every unit a sum of money may carry after its digits, for finding sums inside longer text.
MONEY_UNITS = ("miliar", "milyar", "juta", "jt", "ribu", "rb", "rebu", "k", *_UNIT_WORDS)
# "1,5jtan", "3jt-an", "sejutaan", "ratusan ribu" is vague and stays unread.
_ROUGHLY = re.compile(r"(juta|jt|ribu|rb|rebu|k|miliar|milyar|sejuta|seribu)-?an\b")
# "1 juta 500" and "1jt500": the hundreds are thousands.
_MILLIONS_AND = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:jt|juta)\s*(\d{1,3})$")
_HALF_AFTER_DIGITS = re.compile(r"^(\d+)\s*(?:jt|juta)\s+setengah$")  # "2 juta setengah"
_HALF_AFTER_WORD = re.compile(rf"^({_NUMBER_WORDS}) juta setengah$")  # "dua juta setengah"
# Below this a bare number is not taken as rupiah: "2" is asked back as "Rp2 juta?".
SMALLEST_AMOUNT = 1_000


@dataclass(frozen=True, slots=True)
class AmountReading:
    """A rupiah amount read from chat: certain, a guess to ask back, or a problem."""

    value: int | None = None  # read with certainty
    guess: int | None = None  # a likely reading to ask back: "2" -> 2.000.000
    problem: MoneyProblem | None = None
    amount: int | None = None  # the amount read when it was refused (too large, negative)


def _fold(text: str) -> str:
    """The colloquial forms rewritten into the ones `parse_money` reads."""
    text = _UNIT.sub(lambda m: " " + _UNIT_WORDS[m.group(1)], text)
    text = _JAVANESE_NUMBER.sub(lambda m: JAVANESE_NUMBERS[m.group(1)], text)
    text = _ROUGHLY.sub(r"\1", " ".join(text.split()))
    text = " ".join(token for token in text.split() if token not in _FILLERS)
    if text == "sejuta setengah":
        return "satu setengah juta"
    text = _HALF_AFTER_DIGITS.sub(r"\1,5 juta", text)
    text = _HALF_AFTER_WORD.sub(r"\1 setengah juta", text)
    return _MILLIONS_AND.sub(r"\1 juta \2 ribu", text)


def read_amount(raw: str | None) -> AmountReading:
    """A monthly amount as people type it: "1,5jtan", "kurleb 3 juta", "sejutaan", "Rp 1.500.000".

    A fraction without a unit ("1.5", "2,5") is juta: nobody earns Rp1,50 a month. A bare number
    under a thousand ("2", "750") is not guessed: it comes back as `guess` to be asked about.
    Never raises.
    """
    text = unicodedata.normalize("NFKC", raw or "").lower().strip()
    if not text:
        return AmountReading(problem=MoneyProblem.EMPTY)
    if len(text) > MAX_AMOUNT_CHARS:
        return AmountReading(problem=MoneyProblem.NOT_A_NUMBER)
    folded = _fold(text)
    parsed = parse_money(folded)
    if isinstance(parsed, MoneyRejected) and parsed.reason is MoneyProblem.NEEDS_UNIT:
        parsed = parse_money(f"{folded} juta")
        if isinstance(parsed, Money) and parsed.amount >= 1_000 * 1_000_000:  # "1500,5": not juta either
            parsed = MoneyRejected(MoneyProblem.NOT_A_NUMBER)
    if isinstance(parsed, MoneyRejected):
        return AmountReading(problem=parsed.reason, amount=parsed.amount)
    if parsed.amount < SMALLEST_AMOUNT:
        scale = 1_000_000 if parsed.amount < 100 else 1_000
        return AmountReading(guess=parsed.amount * scale)
    return AmountReading(value=parsed.amount)
