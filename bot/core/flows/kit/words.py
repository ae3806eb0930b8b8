"""How typed answers are compared, and the words every flow understands.

`normalise` folds case, punctuation and spacing so "Kab. Blitar!" and "kab blitar"
meet; it keeps "+" ("jkk+jkm") and inner dots. The word sets are shared so that
"gatau" means "tidak tahu" in the calculator exactly as in the registration.
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"[^\w\s+.]")
# Particles people add to a short answer: "sore aja", "iya deh", "sudah kak".
_TRAILING_FILLERS = frozenset(
    {"aja", "saja", "deh", "dong", "sih", "kok", "kak", "pak", "bu", "mas", "mbak", "min", "gan", "nggih", "njih"}
)

BACK_WORDS = frozenset({"kembali", "balik", "back", "mundur", "sebelumnya", "ke sebelumnya"})
YES_WORDS = frozenset(
    {"ya", "iya", "iyaa", "y", "yes", "ok", "oke", "okey", "benar", "betul", "bener", "setuju", "boleh", "mau"}
    | {"yup", "sip", "siap", "nggih", "njih", "inggih", "iyo", "ya benar", "ya betul", "betul sekali", "ya setuju"}
)
NO_WORDS = frozenset(
    {"tidak", "tdk", "gak", "ga", "nggak", "ngga", "enggak", "engga", "gk", "no", "n", "bukan", "salah"}
    | {"jangan", "ndak", "mboten", "tidak benar", "bukan itu", "tidak setuju"}
)
UNKNOWN_WORDS = frozenset(
    {"tidak tahu", "tidak tau", "tdk tahu", "tdk tau", "gak tahu", "gak tau", "ga tahu", "ga tau", "gatau"}
    | {"gk tau", "nggak tahu", "nggak tau", "ngga tau", "enggak tahu", "ndak tahu", "ndak tau", "kurang tahu"}
    | {"belum tahu", "belum tau", "entah", "entahlah", "tidak yakin", "ga yakin", "gak yakin", "bingung"}
    | {"ra ngerti", "ora ngerti", "mboten ngertos", "tidak paham", "gak paham", "tidak mengerti"}
)
# An income that changes from month to month: read like "tidak tahu" where an amount is asked.
IRREGULAR_WORDS = frozenset(
    {"tidak tentu", "gak tentu", "ga tentu", "nggak tentu", "tdk tentu", "tidak pasti", "gak pasti", "ga pasti"}
    | {"belum pasti", "tidak menentu", "gak menentu", "ga menentu", "bervariasi", "beda beda", "naik turun"}
    | {"berubah ubah", "tergantung", "kadang kadang", "macam macam", "gak nentu", "ga nentu", "ora mesti"}
)


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces (except + and inner dots), single spaces."""
    return " ".join(_PUNCT.sub(" ", text.lower()).split()).strip(" .")


def without_fillers(said: str) -> str:
    """'sore aja' -> 'sore'; an answer made only of fillers stays as it was."""
    words = said.split()
    while len(words) > 1 and words[-1] in _TRAILING_FILLERS:
        words.pop()
    return " ".join(words)
