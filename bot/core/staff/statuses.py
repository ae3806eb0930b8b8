"""Lead follow-up statuses: stored codes and the words staff type for them.

baru -> dihubungi -> terdaftar | tidak jadi | tidak bisa dihubungi. The words are
command vocabulary (typed after /pendaftar, /status and `--status`), like a flow's
entry words; what staff read is in messages/id/staff/.
"""

from __future__ import annotations

STATUSES = ("new", "contacted", "registered", "declined", "unreachable")
# The person was reached: the lead counts as "contacted" in the funnel.
REACHED = ("contacted", "registered", "declined")

_WORDS = {
    "new": ("baru",),
    "contacted": ("dihubungi",),
    "registered": ("terdaftar",),
    "declined": ("tidak-jadi", "tidak_jadi", "batal-daftar"),
    "unreachable": ("tidak-bisa-dihubungi", "tidak_bisa_dihubungi", "tak-terhubung"),
}
_BY_WORD = {word: code for code, words in _WORDS.items() for word in (code, *words)}


def status_word(code: str) -> str:
    """'declined' -> 'tidak-jadi': the word to type for a status."""
    return _WORDS[code][0]


def parse_status(word: str) -> str | None:
    """'Tidak jadi', 'tidak-jadi', 'declined' -> 'declined'; None if it names no status."""
    key = "-".join(word.strip().lower().split())
    return _BY_WORD.get(key) or _BY_WORD.get(key.replace("_", "-"))


def status_words() -> list[str]:
    return [status_word(code) for code in STATUSES]
