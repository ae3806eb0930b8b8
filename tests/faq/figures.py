"""Find the figures in an answer text, as (kind, value) pairs, for the figure check."""

from __future__ import annotations

import re
from decimal import Decimal

REGULATION = re.compile(r"\b(?:PP|Perpres|Permenaker|UU)\s+\d+/\d{4}\b")
MULTIPLIER = {"ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000}
RUPIAH = re.compile(r"Rp\s?(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d+))?(?:\s?(ribu|juta|miliar))?")
PERCENT = re.compile(r"(\d+)(?:,(\d+))?\s?%")
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w%])")  # 226.342 is one number


def _decimal(whole: str, fraction: str | None) -> Decimal:
    return Decimal(whole.replace(".", "") + ("." + fraction if fraction else ""))


def figures(text: str, ignore: tuple[str, ...] = ()) -> tuple[list[str], list[tuple[str, Decimal]]]:
    """Regulation names found, and every other figure as ('rupiah'|'percent'|'number', value)."""
    for literal in ignore:
        text = text.replace(literal, " ")
    regulations = REGULATION.findall(text)
    text = REGULATION.sub(" ", text)
    found: list[tuple[str, Decimal]] = []

    def rupiah(match: re.Match[str]) -> str:
        value = _decimal(match.group(1), match.group(2)) * MULTIPLIER.get(match.group(3) or "", 1)
        found.append(("rupiah", value))
        return " "

    text = RUPIAH.sub(rupiah, text)

    def percent(match: re.Match[str]) -> str:
        found.append(("percent", _decimal(match.group(1), match.group(2))))
        return " "

    text = PERCENT.sub(percent, text)
    for match in NUMBER.finditer(text):
        found.append(("number", _decimal(match.group(1), match.group(2))))
    return regulations, found
