"""Answers that report counts as of a date, and the questions such counts do not answer.

A few answers state figures as they stood at a date: participants in 2023, claims paid up to
August 2025, the regency's agreement for 2025 (entries marked `dated` in the knowledge). Asked for
another year ("jumlah peserta di Trenggalek tahun ini?", "total klaim sepanjang 2026?"), such an
answer would pass an old count off as the one asked; asked to count what it does not count
("berapa pegawai kantor cabang?", "berapa perusahaan yang nunggak?"), it answers another question.
Both are details we do not hold, and so is any later year ("Pemkab masih bayar tahun 2027?"): a
count or an agreement of the past says nothing of it. Rules are not snapshots ("sejak 1 Juli 2015
wajib" still holds in 2026), so only dated entries are read this way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from bot.faq.period_bounds import BIRTH, NEXT, SINCE, START, UNTIL, bound_before
from bot.faq.units import asked_units, stated_units

_YEAR = re.compile(r"\b20\d\d\b")
# A regulation's number is no date of figures: "PP 50/2025", "UU No. 24 Tahun 2011", "pp 50 2025".
_REGULATION = re.compile(
    r"/\s*20\d\d\b|\b(?:pp|uu|perpres|permenaker|perda|kepmenaker)\b\.?\s*(?:no\.?|nomor)?\s*\d+\s*(?:tahun|thn)?\s*20\d\d\b"
)
# A year that starts or ends something is not the year asked: "kerja dari tahun 2012", "lahir 2001".
_BOUND = bound_before(START + SINCE + BIRTH + UNTIL)


def _year_called(words: str, english: str) -> re.Pattern[str]:
    """A year named by its place relative to today's: "tahun ini", "this year" and the like."""
    return re.compile(rf"\b(?:tahun|thn|th|taun)\s+(?:{words})\b|\b{english}\s+year\b")


# Years named relative to today's, with their offset from it.
_RELATIVE_YEARS = (
    (_year_called("ini|iki|niki|sekarang|saiki", "this"), 0),
    (_year_called("|".join(NEXT), "next"), 1),
    (_year_called("lalu|kemarin|kemaren|kmrn|wingi|kepungkur|sebelumnya", "last"), -1),
)
# "berapa jumlah pegawai", "total perusahaan berapa": the count word is not what is counted.
_COUNT_WORDS = frozenset({"jumlah", "total", "banyak"})


def stated_years(answer: str) -> frozenset[int]:
    """The years an answer dates its figures by ("Data 2023", "Sampai Agustus 2025")."""
    return frozenset(int(y) for y in _YEAR.findall(_REGULATION.sub(" ", answer.lower())))


def years_asked(text: str, today: date) -> frozenset[int]:
    """The years `text` asks figures of ("tahun ini", "sepanjang 2025", "tahun depan")."""
    plain = _REGULATION.sub(" ", re.sub(r"\s+", " ", text.lower()))
    years = {int(m.group()) for m in _YEAR.finditer(plain) if not _BOUND.search(plain[: m.start()])}
    years |= {today.year + offset for pattern, offset in _RELATIVE_YEARS if pattern.search(plain)}
    return frozenset(years)


def counts_asked(tokens: Sequence[str], counts: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """What the normalised `tokens` ask the number of ("berapa jumlah pegawai" -> karyawan)."""
    return asked_units([t for t in tokens if t not in _COUNT_WORDS], counts)


def beyond(answer: str, asking: str, tokens: Sequence[str], today: date, counts: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether a dated `answer` leaves the question unanswered: it asks a year the answer does not
    state, or the number of something the answer does not count. `asking` is the text of the
    message's questions (a story's "kerja dari tahun 2012" asks nothing), `tokens` their words."""
    asked = years_asked(asking, today)
    if asked and not asked & stated_years(answer):
        return True
    counted = stated_units(answer, counts)
    return any(c not in counted for c in counts_asked(tokens, counts))
