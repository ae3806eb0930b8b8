"""Names and other short free-text answers (business name, employer, occupation)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

NAME_MIN_LETTERS = 2
NAME_MAX = 80
TEXT_MIN = 2
TEXT_MAX = 100
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


class TextProblem(StrEnum):
    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"  # digits or symbols in a person's name
    NO_LETTERS = "no_letters"


@dataclass(frozen=True, slots=True)
class TextResult:
    value: str | None = None
    problem: TextProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _fold(raw: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", raw or "")).strip()


def validate_name(raw: str) -> TextResult:
    """A person's name: letters, spaces, apostrophes and dots (e.g. "Siti Nur'aini", "M. Yusuf")."""
    text = _fold(raw).translate(_APOSTROPHES)
    if not text:
        return TextResult(problem=TextProblem.EMPTY)
    if len(text) > NAME_MAX:
        return TextResult(problem=TextProblem.TOO_LONG)
    if any(not (ch.isalpha() or ch in " '.") for ch in text):
        return TextResult(problem=TextProblem.BAD_CHARACTERS)
    if sum(ch.isalpha() for ch in text) < NAME_MIN_LETTERS:
        return TextResult(problem=TextProblem.TOO_SHORT)
    return TextResult(value=text)


def validate_free_text(raw: str) -> TextResult:
    """A short description: at least two characters, some letters, nothing unprintable."""
    text = _fold(raw)
    if not text:
        return TextResult(problem=TextProblem.EMPTY)
    if len(text) > TEXT_MAX:
        return TextResult(problem=TextProblem.TOO_LONG)
    if len(text) < TEXT_MIN:
        return TextResult(problem=TextProblem.TOO_SHORT)
    if not any(ch.isalpha() for ch in text):
        return TextResult(problem=TextProblem.NO_LETTERS)
    if any(not ch.isprintable() for ch in text):
        return TextResult(problem=TextProblem.BAD_CHARACTERS)
    return TextResult(value=text)
