"""The sums of money and the facts around them that a question names.

"gaji 2,5jt", "nilai kontrak 80 juta", "saldo JHT 40 juta", "tagihan iuran 2,5 juta",
and how long a contract is extended: read here, worked into figures by bot/faq/amounts.py (with the
asker's case, bot/faq/asker_case.py).
Only amounts written as money count (a unit, "Rp", or digits grouped in thousands): "4 karyawan",
"umur 58" and "15 tahun" are not wages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from bot.core.validation.numbers import JAVANESE_NUMBERS, MONEY_UNITS, read_amount

# A monthly wage or income: below this it is a price or a fee, above it a balance or a contract.
LOWEST = 100_000
HIGHEST = 200_000_000
# Sums in words: "dua juta setengah", "empat juta lima ratus ribu", "satu setengah juta", and in
# Javanese: "limolas yuta", "rong yuta setengah".
_WORD_NUMBER = (
    r"(?:(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|setengah|"
    + "|".join(JAVANESE_NUMBERS)
    + r")(?:\s+(?:belas|puluh|ratus|atus))?\s+){1,4}"
)
_MONEY = re.compile(
    r"(?:rp\.?\s*)?\d+(?:[.,]\d+)*\s*(?:" + "|".join(MONEY_UNITS) + r")(?:-?an)?\b"
    r"|rp\.?\s*\d[\d.,]*"
    r"|\b\d{1,3}(?:[.,]\d{3}){2,}\b"
    r"|\bse(?:juta|ratus\s+ribu)(?:-?an)?\b"
    rf"|\b{_WORD_NUMBER}(?:juta|ribu|yuta|ewu)(?:\s+setengah)?(?:\s+{_WORD_NUMBER}(?:ribu|ewu))?\b",
    re.IGNORECASE,
)
# What the amount is not: a balance, a contract's value, a loan, a price.
_BALANCE_WORDS = r"saldo\w*|tabungan\w*"
_NOT_A_WAGE = re.compile(
    r"\b(?:" + _BALANCE_WORDS + r"|kontrak\w*|nilai\w*|proyek\w*|pinjam\w*|utang|hutang|harga|modal|omzet|omset)\b",
    re.I,
)
# A construction contract's value: "nilai kontrak 80 juta", "proyek 1,2 miliar".
_CONTRACT = re.compile(r"\b(?:kontrak\w*|proyek\w*|tender|borongan|spk)\b", re.I)
# How far before a sum its role word may stand, within the clause: "iuran perusahaan saya bulan
# Agustus Rp1,2jt" names the dues 44 characters before the sum.
_SAID_BEFORE = 64
_CLAUSE_END = re.compile(r"[,;.!?\n](?!\d)")
# "100rb sehari", "150 ribu per hari", "harian 120rb", "seminggu 700rb": not a month's pay.
_NOT_MONTHLY_AFTER = re.compile(r"\s*(?:/\s*|per\s*|se|tiap\s+)(?:hari|hr|minggu|mg|pekan)\b|\s*harian\b", re.I)
_NOT_MONTHLY_BEFORE = re.compile(r"\b(?:sehari|seminggu|harian|mingguan|per\s*hari|tiap\s+hari)(?:\s+\w+)?\s*$", re.I)
# A sum changed into another: "dari 3 juta jadi 2,5 juta", "naik dari 2jt ke 2,5jt", "3 juta -> 3,5 juta".
_CHANGED_TO = re.compile(r"\s*(?:jadi|menjadi|dadi|ke|to|->|→)\s*(?:rp\.?\s*)?\d", re.I)
# Dues owed, not a wage: "tagihan iuran 2,5jt", "iuran bulan September 1 juta". Only when such a
# word is the nearest of the words that say what a sum is ("iuran bpu, penghasilan 2 juta" is a wage).
_ROLE_WORD = re.compile(
    r"\b(?:(?P<dues>iuran|tagihan|tunggakan|setoran)\w*|gaji\w*|upah\w*|penghasilan\w*|pendapatan\w*|"
    r"income|salary|wage)\b",
    re.I,
)
# Months a migrant worker's contract runs beyond the one paid for: "kontrak diperpanjang 3 bulan".
_EXTENSION = re.compile(
    r"\b(?:diperpanjang|perpanjang|perpanjangan|extended|extension|extend)\s+(?:[a-z]+\s+){0,2}?(\d{1,2})\s*"
    r"(?:bulan|bln|months?)\b",
    re.I,
)
MAX_EXTENSION_MONTHS = 24  # a longer "extension" is a new contract (fact sheet 9.3's longest is 24 months)
# A savings balance: "saldo JHT saya 40 juta".
_BALANCE = re.compile(r"\b(?:" + _BALANCE_WORDS + r")\b", re.I)


@dataclass(frozen=True, slots=True)
class Amounts:
    """The sums of money a question names, by what they are."""

    wage: int | None = None  # a monthly wage or income
    contract: int | None = None  # a construction contract's value
    balance: int | None = None  # a JHT balance
    dues: int | None = None  # contributions owed ("tagihan iuran 2,5 juta")

    def __bool__(self) -> bool:
        return any(value is not None for value in (self.wage, self.contract, self.balance, self.dues))

    @classmethod
    def remembered(cls, by_role: Mapping[str, object]) -> Amounts:
        """Amounts kept from earlier in the conversation (`by_role`'s form); other keys and values are ignored."""
        kept = {f.name: by_role.get(f.name) for f in fields(cls)}
        return cls(**{name: value for name, value in kept.items() if type(value) is int})

    def by_role(self) -> dict[str, int]:
        """The amounts named, by role ({"wage": 3000000}), for the conversation to keep."""
        return {f.name: value for f in fields(self) if (value := getattr(self, f.name)) is not None}

    def updated_by(self, newer: Amounts) -> Amounts:
        """These amounts with each one `newer` names instead."""
        return replace(self, **newer.by_role())

    def for_kind(self, kind: str) -> int | None:
        """The amount the figures of `kind` are worked out from."""
        if kind == "construction":
            return self.contract
        if kind == "jht-partial":
            return self.balance
        if kind == "late-fine":
            return self.dues
        return self.wage


def amounts_in(text: str) -> Amounts:
    """The first monthly wage, contract value, balance and dues owed written as money in `text`."""
    found: dict[str, int] = {}
    for match in _MONEY.finditer(text):
        # What the sum is, said before it in the same clause: "nilai kontrak renovasi balai desa 90 juta".
        before = _CLAUSE_END.split(text[max(0, match.start() - _SAID_BEFORE) : match.start()])[-1]
        value = _sum_of(match)
        if value is None or value < LOWEST:
            continue
        if _NOT_MONTHLY_AFTER.match(text, match.end()) or _NOT_MONTHLY_BEFORE.search(before):
            continue  # a day's or a week's pay is not the monthly wage the rules need
        if _CHANGED_TO.match(text, match.end()):
            continue  # "dipotong dari 3 juta jadi 2,5 juta": the sum now is the one after
        named = [word.group("dues") for word in _ROLE_WORD.finditer(before)]
        if named and named[-1]:
            role = "dues"
        elif not _NOT_A_WAGE.search(before):
            role = "wage" if value <= HIGHEST else ""
        elif _CONTRACT.search(before):
            role = "contract"
        else:
            role = "balance" if _BALANCE.search(before) else ""
        if role:
            found.setdefault(role, value)
    return Amounts(**found)


def sums_in(text: str) -> set[int]:
    """Every sum written as money in `text`, whatever it is for ("Rp12.000.000", "42 juta")."""
    return {value for match in _MONEY.finditer(text) if (value := _sum_of(match)) is not None and value > 0}


def _sum_of(match: re.Match[str]) -> int | None:
    """The sum a money match writes: its value, or for a sum too large to read as a wage, its amount."""
    reading = read_amount(match.group(0))
    return reading.value if reading.value is not None else reading.amount


def amount_in(text: str) -> int | None:
    """The first monthly amount written as money in `text`, if any."""
    return amounts_in(text).wage


def extension_months_in(text: str) -> int | None:
    """How many months a contract is extended by ("diperpanjang 3 bulan"), if the text says."""
    match = _EXTENSION.search(text)
    months = int(match.group(1)) if match else 0
    return months if 0 < months <= MAX_EXTENSION_MONTHS else None
