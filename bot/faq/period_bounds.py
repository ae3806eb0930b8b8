"""Words that make a date the start or end of something rather than the period a question asks.

"diskon sampai Januari 2027" asks how long the discount lasts, "kerja sejak 2012" tells a story,
"lahir 2001" is a birth: none asks the figures of that month or year. Both readers also name the
coming year or month with the same words (NEXT). asked_month.py (a later
month asked) and snapshot.py (the year a dated count is asked for) read these the same way; only
snapshot also counts a start ("dari 2012", "mulai 2015"), since "mulai Januari 2027" asks the
figures from that month on.
"""

from __future__ import annotations

import re

UNTIL = ("sampai", "sampe", "smpe", "smp", "hingga", "sd", "s/d", "until", "till", "ngantos", "nganti")
SINCE = ("sejak", "since")
BIRTH = ("lahir", "born")
START = ("dari", "mulai", "from")
# Words after "tahun" / "bulan" that name the coming one: "tahun depan", "taun ngarep", "tahun ngajeng".
NEXT = ("depan", "ngarep", "ngajeng", "besok", "mendatang")
# Words between the bound and the date: "sampai dengan akhir bulan", "sejak tahun", "until the end of".
_BETWEEN = ("dengan", "dgn", "bulan", "bln", "tahun", "thn", "taun", "th", "akhir", "awal", "end", "of", "the")


def bound_before(words: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching text that ends with one of `words` (and filler): the date after it is a bound."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    between = "|".join(_BETWEEN)
    return re.compile(rf"(?<![\w/])(?:{alternatives})\s+(?:(?:{between})\s+)*$")
