"""A question whether a figure will change in a later period ("santunan JKM tahun depan naik?").

Our parameter table knows the changes already decided (the discount's end, the pension age's
steps): when the figures of the month asked differ from today's, the later month's answer says
so (bot/faq/asked_month.py). When they do not, the table knows no change, and whether one will
come is not something we can tell; answering "Rp42 juta" as if that settled it would claim more
than we know. Such a question gets "we do not know of a change", then what applies today.
A change the asker supposes ("kalau gaji naik tahun depan, iuran ikut naik?") is a condition of
the question, not a question about a change of rules: it is answered as usual. The condition is
read from the normalised tokens, so every way of saying "kalau" the lexicon knows ("nek", "upami",
"seandainya") counts, and the list lives in one place (matcher.CONDITIONAL plus the lexicon).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.faq.matcher import CONDITIONAL

_CHANGE = re.compile(
    r"\b(?:naik|naek|dinaikkan|dinaikan|kenaikan|turun|diturunkan|penurunan|berubah|diubah|perubahan"
    r"|diperpanjang|perpanjangan|dilanjutkan|dihapus|dihapuskan|mundhak|munggah|(?:aturan|peraturan|kebijakan) baru"
    r"|pemotongan|keringanan|relaksasi"
    r"|rise|increase|increased|go up|change|changed|extended)\b"
)


def asks_about_change(text: str, tokens: Iterable[str]) -> bool:
    """Whether `text` (read as `tokens`) asks if something will change (a rise, a cut, an extension,
    a new rule), rather than supposing a change of its own ("kalau gaji naik")."""
    return _CHANGE.search(text.lower()) is not None and CONDITIONAL.isdisjoint(tokens)
