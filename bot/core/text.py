"""Small text helpers the core needs before any routing decision."""

from __future__ import annotations

import re
import unicodedata

# Longest message we reason about; longer text is cut (never rejected) so that a
# pasted essay cannot slow the matcher down.
MAX_PROCESSED_CHARS = 1000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_SPACES = re.compile(r"\s+")
_COMMAND = re.compile(r"^/?([a-z0-9_]+)(?:@[a-z0-9_]+)?(?:\s+(.*))?$", re.DOTALL)
_TRAILING_PUNCT = re.compile(r"[\s.!?,;:~]+$")


def clean(text: str) -> str:
    """Remove control and zero-width characters, fold whitespace, cut very long text."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return text[:MAX_PROCESSED_CHARS]


def command_of(text: str) -> tuple[str, str] | None:
    """Split '/Daftar@Bot abc' or 'DAFTAR!' into ('daftar', 'abc'); None if no word.

    The first word is lower-cased and stripped of a leading '/' and a Telegram
    '@botname' suffix, so commands and keywords look the same to the router.
    """
    lowered = _TRAILING_PUNCT.sub("", clean(text).lower())
    match = _COMMAND.match(lowered)
    if match is None:
        return None
    return match.group(1), (match.group(2) or "").strip()


def phrase_of(text: str) -> str:
    """The whole message as a lower-case phrase: '  Hitung  IURAN! ' -> 'hitung iuran'."""
    return _TRAILING_PUNCT.sub("", clean(text).lower())
