"""Numbers a question asks for in a unit, and the units an answer states a number in.

"Cairnya berapa hari?" asks for a number of days: an answer that states no number of days
(the JHT answer says "1 bulan" after resigning, never how many days the payout takes) does not
answer it, however well its words match. Likewise "komisinya berapa persen?" is not answered by
an answer without a percentage. The units are the lexicon's [units]: the word a question puts
next to "berapa" (already normalised: "pinten dinten" is "berapa hari"; "persennya berapa") and
the forms an answer writes with the number ("3 hari kerja", "0,30%", "tanggal 15").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

ASKING = "berapa"
# Numbers as answers write them: digits ("3", "0,30") or Indonesian number words ("tiga hari").
_NUMBER_WORDS = (
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
    "belas",
    "puluh",
    "seratus",
)
_NUMBER = r"(?:\d+(?:[.,]\d+)?|" + "|".join(_NUMBER_WORDS) + ")"
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_TAG = re.compile(r"\{%.*?%\}", re.DOTALL)


def asked_units(tokens: Sequence[str], units: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The units the normalised `tokens` ask a number of ("berapa hari", "persen berapa"), once each."""
    pairs = itertools.pairwise(tokens)
    asked = (b if a == ASKING else a for a, b in pairs if (a == ASKING and b in units) or (b == ASKING and a in units))
    return tuple(dict.fromkeys(asked))


def filled(template: str, values: Mapping[str, object]) -> str:
    """An answer template with its variables replaced by sample values and its tags removed: every
    branch is kept, since what an answer can state does not depend on the day."""
    text = _VARIABLE.sub(lambda m: str(values.get(m.group(1), "0")), template)
    return _TAG.sub(" ", text)


def stated_units(text: str, units: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The units `text` states a number in ("sekitar *3 hari kerja*" states days)."""
    plain = text.lower().replace("*", "")
    stated: set[str] = set()
    for unit, forms in units.items():
        form = "(?:" + "|".join(re.escape(f) for f in forms) + ")"
        # "3 hari", "0,30%"; and a date's day after its word: "tanggal 15".
        if re.search(_NUMBER + r"\s*" + form + r"(?!\w)", plain) or re.search(r"(?<!\w)" + form + r"\s+\d", plain):
            stated.add(unit)
    return frozenset(stated)
