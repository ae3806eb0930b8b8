"""A later month a question asks its figures for ("iuran bulan Januari 2027 berapa?").

In December 2026 a trader asks what she will pay "mulai Januari 2027", after the PP 50/2025
discount ends; a worker asks the pension age "tahun 2030". Answering with today's figures would
be wrong for both, so the FAQ fills such an answer with the facts of the month asked, and says
so. Only months after the current one count: a past month is history the parameter table may
not hold, and "sampai Januari 2027" asks how long something lasts, not the figures of that month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.core.validation.dates import MONTHS
from bot.faq.period_bounds import BIRTH, NEXT, SINCE, UNTIL, bound_before


@dataclass(frozen=True, slots=True)
class AskedMonth:
    start: date  # the first day of the month asked (January for a whole year)
    whole_year: bool  # "tahun 2030", "tahun depan": a year, not one of its months


# The months people write (bot/core/validation/dates.py), and their English names.
_MONTHS = {
    **MONTHS,
    "january": 1, "february": 2, "peb": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "aug": 8,
    "october": 10, "oct": 10, "nop": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_YEAR_WORD = r"(?:tahun|thn|th|taun|year)"
_YEAR = r"(?P<year>20\d\d)"
_NEXT = "|".join(NEXT)
# Words that make the month an end or a start of something, not the month asked about:
# "diskon sampai Januari 2027", "berlaku sejak Januari 2026", "lahir Januari 2027".
_BOUND_BEFORE = bound_before(UNTIL + SINCE + BIRTH)
_PATTERNS = (
    # "Januari 2027", "bulan jan thn 2027", "januari tahun 2027"
    re.compile(rf"\b{_MONTH}\s+(?:{_YEAR_WORD}\s+)?{_YEAR}\b"),
    # "Januari nanti", "bulan Maret depan", "februari besok"
    re.compile(rf"\b{_MONTH}\s+(?P<coming>nanti|{_NEXT})\b"),
    # "bulan depan", "wulan ngarep", "next month"
    re.compile(rf"\b(?P<next_month>(?:bulan|bln|sasi|wulan)\s+(?:{_NEXT})|next\s+month)\b"),
    # "tahun depan", "taun ngarep", "next year"
    re.compile(rf"\b(?P<next_year>{_YEAR_WORD}\s+(?:{_NEXT})|next\s+year)\b"),
    # "tahun 2030", "in 2027"
    re.compile(rf"\b(?:{_YEAR_WORD}|in)\s+{_YEAR}\b"),
    # "iuran bpu 2027 berapa": a later year on its own (a past one, or a regulation's, is no period asked)
    re.compile(rf"(?<![/\d.,])\b{_YEAR}\b(?![/\d.,])"),
)


def _next_occurrence(month: int, today: date) -> date:
    year = today.year if month >= today.month else today.year + 1
    return date(year, month, 1)


def _month_of(match: re.Match[str], today: date) -> AskedMonth:
    found = match.groupdict()
    if found.get("next_month"):
        return AskedMonth(date(today.year + today.month // 12, today.month % 12 + 1, 1), whole_year=False)
    if found.get("next_year"):
        return AskedMonth(date(today.year + 1, 1, 1), whole_year=True)
    if not found.get("month"):
        return AskedMonth(date(int(found["year"]), 1, 1), whole_year=True)
    month = _MONTHS[found["month"]]
    if found.get("year"):
        return AskedMonth(date(int(found["year"]), month, 1), whole_year=False)
    return AskedMonth(_next_occurrence(month, today), whole_year=False)


def month_asked(text: str, today: date) -> AskedMonth | None:
    """The later month (or year) `text` asks about, or None (none named, or not a later one)."""
    plain = re.sub(r"\s+", " ", text.lower())
    this_month = today.replace(day=1)
    read: list[tuple[int, int]] = []  # what a pattern has read: "sampai Maret 2027" is not "2027" again
    for pattern in _PATTERNS:
        for match in pattern.finditer(plain):
            if any(start < match.end() and match.start() < end for start, end in read):
                continue
            read.append(match.span())
            if _BOUND_BEFORE.search(plain[: match.start()]):
                continue
            asked = _month_of(match, today)
            if asked.start > this_month:
                return asked
    return None
