"""When a person would like to be called, as they say it: "sore aja", "habis maghrib", "jam 9 pagi".

A plain part of the day becomes its code (pagi/siang/sore/malam, or "any" for "kapan
saja"); anything else that names a time is kept as typed for staff to read. Text that
names no time at all ("astronot") is refused, so a slip is not stored as a time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PERIODS = ("pagi", "siang", "sore", "malam")
ANY_TIME = "any"
MAX_CHARS = 60

_PUNCT = re.compile(r"[^\w\s:.']")
_FILLERS = frozenset({"aja", "saja", "ya", "deh", "dong", "sih", "kak", "pak", "bu", "mas", "mbak", "hari", "pas"})
_FILLERS |= frozenset({"waktu", "di", "kalau", "kalo", "bisa", "boleh", "enaknya", "lebih", "baik", "yang"})
_ANY = frozenset(
    {"kapan", "kapan saja", "kapanpun", "kapan pun", "bebas", "terserah", "sembarang", "setiap saat", "semua waktu"}
    | {"kapan aja", "bebas kapan", "kapan saja boleh", "terserah petugas", "24 jam"}
)
# Words that name a time of day, a prayer time, a day or a moment in someone's day.
_TIME_WORDS = frozenset(
    set(PERIODS)
    | {"jam", "pukul", "pkl", "wib", "maghrib", "magrib", "mahrib", "isya", "isyak", "subuh", "shubuh", "dzuhur"}
    | {"zuhur", "dhuhur", "luhur", "ashar", "asar", "istirahat", "libur", "pulang", "kerja", "kantor", "senin"}
    | {"selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad", "besok", "lusa", "nanti"}
    | {"sekarang", "segera", "secepatnya", "habis", "abis", "setelah", "sebelum", "sehabis", "selepas", "bakda"}
)
_CLOCK = re.compile(r"^\d{1,2}[.:]\d{2}$")  # "09.00", "14:30"


@dataclass(frozen=True, slots=True)
class ContactTimeResult:
    value: str | None = None  # a period code, ANY_TIME, or the time as typed
    problem: str | None = None  # "empty", "too_long" or "not_a_time"


def read_contact_time(raw: str | None) -> ContactTimeResult:
    """Never raises."""
    typed = " ".join(unicodedata.normalize("NFKC", raw or "").split())
    said = " ".join(_PUNCT.sub(" ", typed.lower()).split())
    if not said:
        return ContactTimeResult(problem="empty")
    if len(typed) > MAX_CHARS:
        return ContactTimeResult(problem="too_long")
    core = " ".join(word for word in said.split() if word not in _FILLERS) or said
    if core in PERIODS:
        return ContactTimeResult(value=core)
    if core in _ANY or said in _ANY:
        return ContactTimeResult(value=ANY_TIME)
    words = said.split()
    if any(word in _TIME_WORDS or _CLOCK.match(word) for word in words) and typed.isprintable():
        return ContactTimeResult(value=typed)
    return ContactTimeResult(problem="not_a_time")
