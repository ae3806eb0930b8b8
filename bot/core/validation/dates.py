"""A day as people write it: "besok", "lusa", "minggu depan", "senin", "tgl 10", "10 januari", "10/1".

Pure: `read_day(text, today)` returns the day meant (never in the past; a day of the
month already gone this month is next month's), or None when nothing reads as a day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12,
}  # fmt: skip
WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6,
}  # fmt: skip
RELATIVE = {"besok": 1, "besuk": 1, "sesuk": 1, "lusa": 2, "minggu depan": 7, "seminggu lagi": 7, "pekan depan": 7}
_DAYS_LATER = re.compile(r"^(\d{1,2})\s*(?:hari)\s*(?:lagi)?$")
_DAY_MONTH = re.compile(
    r"^(?:tgl|tanggal)?\s*(\d{1,2})(?:\s*[/.-]\s*(\d{1,2})|\s+([a-z']+))?(?:\s*[/.-]?\s*(\d{2,4}))?$"
)


_FILLERS = frozenset({"aja", "saja", "ya", "yaa", "nggih", "deh", "pak", "bu", "kak", "min"})


def _clean(text: str) -> str:
    """'Hari Senin aja, pak!' -> 'senin'."""
    words = re.sub(r"[!?,;]", " ", text.lower()).split()
    while words and words[-1] in _FILLERS:
        words.pop()
    if words and words[0] == "hari":
        words = words[1:]
    return " ".join(words)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_day(text: str, today: date) -> date | None:
    said = _clean(text)
    if not said:
        return None
    if said in RELATIVE:
        return today + timedelta(days=RELATIVE[said])
    later = _DAYS_LATER.match(said)
    if later:
        return today + timedelta(days=int(later.group(1)))
    if said in WEEKDAYS:
        ahead = (WEEKDAYS[said] - today.weekday()) % 7
        return today + timedelta(days=ahead or 7)
    match = _DAY_MONTH.match(said)
    if match is None:
        return None
    day = int(match.group(1))
    month_number, month_word, year_text = match.group(2), match.group(3), match.group(4)
    if month_word is not None and month_word not in MONTHS:
        return None
    month = int(month_number) if month_number else MONTHS[month_word] if month_word else None
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        return _safe(year, month or today.month, day)
    if month is None:  # "tanggal 10": this month's, or next month's if it has passed
        candidate = _safe(today.year, today.month, day)
        if candidate is not None and candidate > today:
            return candidate
        next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return _safe(next_month.year, next_month.month, day)
    candidate = _safe(today.year, month, day)
    if candidate is not None and candidate <= today:
        candidate = _safe(today.year + 1, month, day)
    return candidate


# A bare number is a day only after "tgl"/"tanggal"; other words name a day themselves.
_DAY_MARKERS = frozenset({"tgl", "tanggal", "hari", "besok", "besuk", "sesuk", "lusa", "depan", "lagi"}) | (
    MONTHS.keys() | WEEKDAYS.keys()
)
_DATE_SHAPE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}")


def find_day(text: str, today: date) -> date | None:
    """The day named somewhere in a sentence: 'bayar iuran tgl 10 ya' -> the 10th.

    Tries the longest stretch of words first; a stretch counts only when it carries
    a day word or a date shape, so "daftar 3 orang" names no day.
    """
    words = _clean(text).split()
    for size in range(min(len(words), 5), 0, -1):
        for start in range(len(words) - size + 1):
            stretch = " ".join(words[start : start + size])
            if not (_DAY_MARKERS & set(stretch.split()) or _DATE_SHAPE.search(stretch)):
                continue
            day = read_day(stretch, today)
            if day is not None:
                return day
    return None
