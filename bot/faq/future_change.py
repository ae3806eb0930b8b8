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

# Verbs of a figure or a rule changing, shared by both readings below. "turun" is read only when a
# period is named: without one, "kapan uangnya turun" asks when money is paid out.
_CHANGED = (
    r"naik|naek|dinaikkan|dinaikan|diturunkan|berubah|diubah|direvisi|dihapus"
    r"|rise|increase|increased|go up|change|changed"
)
_CHANGE = re.compile(
    rf"\b(?:{_CHANGED}|kenaikan|turun|penurunan|perubahan"
    r"|diperpanjang|perpanjangan|dilanjutkan|dihapuskan|mundhak|munggah|(?:aturan|peraturan|kebijakan) baru"
    r"|pemotongan|keringanan|relaksasi|revisi|merevisi|extended)\b"
)


# Without a period asked, a change is a question about the future only when a rate, a benefit or a
# rule is what changes, and the message looks ahead ("kapan iuran JKK naik lagi?", "kabarnya
# manfaat JKM mau dinaikkan?"): "naik motor", "naik banding" and "kapan uangnya turun" are not.
_SUBJECT = (
    r"(?:iuran|iurannya|tarif|tarifnya|manfaat|manfaatnya|santunan|santunannya|premi|potongan|persentase"
    r"|usia pensiun|umur pensiun|batas upah|uu|undang[- ]undang|aturan|peraturan|pp|dues|contribution|benefit)"
)
_RATE_CHANGE = re.compile(
    rf"\b{_SUBJECT}\b[^.?!,;]{{0,40}}?\b(?:{_CHANGED})\b"
    rf"|\b(?:kenaikan|perubahan|revisi|merevisi|penurunan|menaikkan|menurunkan)\b[^.?!,;]{{0,20}}?\b{_SUBJECT}\b"
)
_AHEAD = re.compile(
    r"\b(?:kapan|akan|bakal|bakalan|mau|rencana|rencananya|wacana|kabar|kabarnya|isu|isunya|katanya|nanti|kedepan"
    r"|ke depan|lagi|will|going to|plan|plans|planned)\b"
)


# "diskon iuran bpu bakal diperpanjang?", "ada perpanjangan potongan iuran?": whether a rule with an
# end (a discount, a relief) is extended. An extension already made is in the answer that states it
# ("diperpanjang PP 36/2025"); any other is news we do not have, whatever the table says of the end.
_RELIEF = r"(?:diskon\w*|potongan\w*|keringanan\w*|relaksasi\w*|discount)"
_EXTENDED = r"(?:diperpanjang|diperpanjangkan|extended)"
# "tahun 2028 ada diskon lagi?", "kapan ada relaksasi iuran lagi?": a relief given again is news
# too ("lagi" after it: "lagi didiskon" before it is "being discounted now").
_EXTENSION = re.compile(
    rf"\b{_RELIEF}\b[^.?!,;]{{0,40}}?\b{_EXTENDED}\b|\b(?:perpanjangan|extension)\b[^.?!,;]{{0,20}}?\b{_RELIEF}\b"
    rf"|\b{_RELIEF}\s+(?:iuran\s+)?lagi\b"
)
# How an answer says an extension it knows of: "diperpanjang PP 36/2025".
EXTENSION_STATED = re.compile(r"\bdiperpanjang\b", re.IGNORECASE)


def asks_about_extension(text: str, tokens: Iterable[str]) -> bool:
    """Whether `text` asks if a discount or another relief is extended (not when it supposes so)."""
    return _EXTENSION.search(text.lower()) is not None and CONDITIONAL.isdisjoint(tokens)


def asks_about_future_change(text: str, tokens: Iterable[str]) -> bool:
    """Whether `text` (no period named) asks if a rate, a benefit or a rule will change."""
    plain = text.lower()
    looks_ahead = _AHEAD.search(plain) is not None
    return looks_ahead and _RATE_CHANGE.search(plain) is not None and CONDITIONAL.isdisjoint(tokens)


# A contract or a permit extended is the asker's story, not a rule changing: "kontraknya habis
# bulan depan tapi majikannya minta diperpanjang 3 bulan, iurannya berapa?" asks the extension's dues.
_PAPERS = r"(?:kontrak\w*|masa kerja\w*|paspor\w*|visa\w*|izin\w*|sewa\w*|contract\w*)"
_PAPERS_EXTENDED = re.compile(
    rf"\b{_PAPERS}[^.?!;]{{0,50}}?\b(?:diperpanjang\w*|perpanjangan\w*|extended)\b"
    rf"|\b(?:perpanjangan|memperpanjang|perpanjang|extend|extension of)\s+{_PAPERS}"
)


def asks_about_change(text: str, tokens: Iterable[str]) -> bool:
    """Whether `text` (read as `tokens`) asks if something will change (a rise, a cut, an extension,
    a new rule), rather than supposing a change of its own ("kalau gaji naik")."""
    told = _PAPERS_EXTENDED.sub(" ", text.lower())
    return _CHANGE.search(told) is not None and CONDITIONAL.isdisjoint(tokens)
