"""What a question tells of the asker's case besides sums of money, kept across a conversation.

"risiko sedang", "saya ojol", "usaha sendiri", "3 karyawan", "sudah 11 tahun jadi peserta",
"telat 2 bulan": the figures worked out for a sum (bot/faq/amounts.py) depend on them. People say
them once: "iuran jkk risiko sedang brp persen?" and then "kalau gaji karyawan 4 juta?" is still
about the medium risk group, and "saya ojol, penghasilan 3 juta" then "kalau 4 juta?" is still an
ojol driver's income (whose discount runs longer). So the case is remembered with the sums, in the
same small map of whole numbers the conversation keeps (`to_memory` / `remembered`), and what a
new message says replaces what was said before (`updated_by`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from bot.rules.contributions import TRANSPORT_WORDS

# The risk groups from the cheapest to the dearest; remembered by their place in this order.
RISK_GROUPS = ("sangat-rendah", "rendah", "sedang", "tinggi", "sangat-tinggi")
# The risk group an employer names ("risiko rendah"), from the most specific words.
_RISK = re.compile(r"\b(?:risiko|resiko|risk)\w*\s+(sangat\s+rendah|sangat\s+tinggi|rendah|sedang|tinggi)\b", re.I)
# Years of membership: "sudah 11 tahun jadi peserta", "kepesertaan 12 th" (not an age: "umur 45 tahun").
_YEARS = re.compile(r"(?<!umur )(?<!usia )\b(\d{1,2})\s*(?:tahun|thn|th)\b", re.I)
# Years of membership told in words that say so ("sudah 6 tahun ikut", "kerja 7 tahun", "jadi
# peserta 12 th"), not a time ago or ahead ("2 tahun lalu", "5 tahun lagi") nor an age ("saya 56 th").
_MEMBER_WORD = r"(?:ikut|melu|nderek|peserta|kepesertaan|terdaftar|gabung|kerja|bekerja|nyambut\s*gawe|makarya|member)"
_SPAN = r"(\d{1,2})\s*(?:tahun|taun|thn|th)\b(?!\s*(?:lalu|lagi|kemudian|yang\s+lalu))"
_NOT_AN_AGE = r"(?<!umur )(?<!usia )(?<!umurku )(?<!age )"
_MEMBERSHIP_YEARS = re.compile(
    rf"\b{_MEMBER_WORD}\w*\W+(?:\w+\W+){{0,3}}?{_SPAN}|{_NOT_AN_AGE}\b{_SPAN}\W+(?:\w+\W+){{0,2}}?{_MEMBER_WORD}",
    re.I,
)
# Who pays dues on an income of their own rather than a wage: the self-employed.
_SELF_EMPLOYED = re.compile(
    r"\b(?:mandiri|bpu|usaha\s+sendiri|kerja\s+sendiri|penghasilan|pendapatan|freelance\w*|serabutan)\b", re.I
)
# Who is paid a wage: "gaji karyawan 3 juta", "upah pekerja saya". Said without any word of the
# self-employed, the figures are an employee's even when the asker said "saya ojol" before.
_EMPLOYEE = re.compile(r"\b(?:gaji\w*|upah\w*|karyawan\w*|pegawai\w*|buruh|salary|wage)\b", re.I)
# Who works in the transport sector (its BPU discount window differs).
_TRANSPORT = re.compile(r"\b(?:" + "|".join(TRANSPORT_WORDS) + r")\b", re.I)
# "3 karyawan", "5 orang pekerja": how many workers an employer pays for.
_WORKERS = re.compile(r"\b(\d{1,3})\s*(?:orang\s+)?(?:karyawan|pekerja|pegawai|buruh|tukang|anak\s*buah|orang)\b", re.I)
MAX_WORKERS = 500
# Months a payment is late: "telat 2 bulan", "nunggak 3 bln" ("telat sebulan" is one).
_MONTHS_LATE = re.compile(
    r"\b(?:telat|terlambat|tlat|nunggak|menunggak|tertunggak|lewat)\s+(?:[a-z]+\s+){0,2}?(\d{1,2}|se)\s*(?:bulan|bln)\b",
    re.I,
)
MAX_MONTHS_LATE = 24


@dataclass(frozen=True, slots=True)
class AskerCase:
    """The asker's situation as far as the figures need it; None (or False) where nothing was said."""

    risk: str | None = None  # one of RISK_GROUPS
    self_employed: bool | None = None  # an income of one's own (True) or a wage (False)
    transport: bool = False  # works in the transport sector
    workers: int | None = None  # how many workers an employer pays for
    years: int | None = None  # years of membership
    months_late: int | None = None  # months a payment is late

    @property
    def worker_count(self) -> int:
        return self.workers or 1

    @property
    def late_months(self) -> int:
        return self.months_late or 1

    def updated_by(self, newer: AskerCase) -> AskerCase:
        """This case with everything `newer` says instead."""
        said = {f.name: value for f in fields(newer) if (value := getattr(newer, f.name)) not in (None, False)}
        if newer.self_employed is False:
            said["self_employed"] = False
            if self.transport:  # "gaji karyawan saya" after "saya ojol": another person, no trade known
                said["transport"] = False
        return replace(self, **said)

    def to_memory(self) -> dict[str, int]:
        """The case as whole numbers, to be kept with the conversation's sums ({"risk": 3, ...})."""
        kept: dict[str, int] = {}
        if self.risk is not None:
            kept["risk"] = RISK_GROUPS.index(self.risk) + 1
        if self.self_employed is not None:
            kept["self_employed"] = int(self.self_employed)
        if self.transport:
            kept["transport"] = 1
        for name in ("workers", "years", "months_late"):
            if (value := getattr(self, name)) is not None:
                kept[name] = value
        return kept

    @classmethod
    def remembered(cls, memory: Mapping[str, object]) -> AskerCase:
        """The case kept by `to_memory`; keys it does not know and values out of range are ignored."""
        number = {key: value for key, value in memory.items() if type(value) is int}
        risk = number.get("risk")
        employed = number.get("self_employed")
        return cls(
            risk=RISK_GROUPS[risk - 1] if risk is not None and 1 <= risk <= len(RISK_GROUPS) else None,
            self_employed=bool(employed) if employed in (0, 1) else None,
            transport=number.get("transport") == 1,
            workers=_within(number.get("workers"), MAX_WORKERS),
            years=_within(number.get("years"), 99),
            months_late=_within(number.get("months_late"), MAX_MONTHS_LATE),
        )


def _within(value: int | None, highest: int) -> int | None:
    return value if value is not None and 1 <= value <= highest else None


def case_in(text: str) -> AskerCase:
    """The case `text` tells: risk group, own income or wage, trade, workers, years, months late."""
    transport = _TRANSPORT.search(text) is not None
    if transport or _SELF_EMPLOYED.search(text):
        self_employed: bool | None = True
    else:
        self_employed = False if _EMPLOYEE.search(text) else None
    return AskerCase(
        risk=risk_in(text),
        self_employed=self_employed,
        transport=transport,
        workers=_workers_in(text),
        years=years_in(text),
        months_late=_months_late_in(text),
    )


def risk_in(text: str) -> str | None:
    """The risk group a question names ("risiko sangat rendah" -> "sangat-rendah"), if any."""
    match = _RISK.search(text)
    return "-".join(match.group(1).lower().split()) if match else None


def years_in(text: str) -> int | None:
    """Years of membership a question names ("sudah 11 tahun jadi peserta"), if any."""
    match = _YEARS.search(text)
    return int(match.group(1)) if match else None


def membership_years_in(text: str) -> int | None:
    """Years of membership told in words that say so ("sudah 6 tahun ikut BPJS TK"), if any."""
    match = _MEMBERSHIP_YEARS.search(text)
    if not match:
        return None
    return _within(int(match.group(1) or match.group(2)), 60)


def _workers_in(text: str) -> int | None:
    match = _WORKERS.search(text)
    return _within(int(match.group(1)), MAX_WORKERS) if match else None


def _months_late_in(text: str) -> int | None:
    match = _MONTHS_LATE.search(text)
    if not match:
        return None
    return 1 if match.group(1).lower() == "se" else _within(int(match.group(1)), MAX_MONTHS_LATE)
