"""Money as people write it in Indonesian chats: "2,5 juta", "Rp 2.500.000,-", "500rb".

`parse_money` never raises: it returns `Money` (whole rupiah) or `MoneyRejected`
with a typed reason, so callers can reprompt with a specific explanation.

Accepted forms (case and spacing do not matter):
- plain or grouped digits: "2500000", "2.500.000", "2,500,000", "2 500 000",
  with optional cents "2.500.000,00" and decorations "Rp", "IDR", ",-", "/bulan";
- a number with a unit: "2jt", "2,5 juta", "2.5 jt", "500rb", "500 ribu", "500k",
  "1,2 M", "1 miliar" (M = miliar, as in Indonesian usage);
- several terms added up: "2 juta 500 ribu", "2jt 500rb";
- number words (bonus): "dua juta", "dua setengah juta", "sejuta", "lima ratus ribu".
A fraction without a unit ("2,5") is ambiguous and rejected as NEEDS_UNIT.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Anything above this per month is treated as a typing mistake (Rp1 miliar).
MAX_MONTHLY = 1_000_000_000
MAX_INPUT_CHARS = 100


class MoneyProblem(enum.Enum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NEEDS_UNIT = "needs_unit"  # "2,5": rupiah or juta?
    ZERO = "zero"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"  # above MAX_MONTHLY
    BELOW_MINIMUM = "below_minimum"  # below the caller's minimum (e.g. BPU Rp1.000.000)


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # whole rupiah


@dataclass(frozen=True, slots=True)
class MoneyRejected:
    reason: MoneyProblem
    amount: int | None = None  # the parsed amount, when there was one


MoneyResult = Money | MoneyRejected

_UNITS: dict[str, int] = {
    "rb": 1_000,
    "rbu": 1_000,
    "ribu": 1_000,
    "k": 1_000,
    "rebu": 1_000,
    "jt": 1_000_000,
    "jta": 1_000_000,
    "juta": 1_000_000,
    "m": 1_000_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "milliar": 1_000_000_000,
    "mlyr": 1_000_000_000,
}
_UNIT_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))
_TERM = re.compile(rf"(\d[\d.,]*)\s*({_UNIT_ALT})?(?![a-z])")
_GROUPED_SPACES = re.compile(r"^\d{1,3}(?: \d{3})+$")
_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*")
_SUFFIXES = (
    ",-",
    ".-",
    "-",
    ",00",
    "/bulan",
    "/bln",
    "per bulan",
    "perbulan",
    "sebulan",
    "tiap bulan",
    "rupiah",
    "rp",
)

_DIGITS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_SE = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_SE_SCALE = {"seribu": 1_000, "sejuta": 1_000_000, "semiliar": 1_000_000_000, "semilyar": 1_000_000_000}
_WORD_SCALES = {"ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000, "milyar": 1_000_000_000}


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _valid_grouping(integer: str, sep: str) -> bool:
    groups = integer.split(sep)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _number(token: str, has_unit: bool) -> Decimal | None:
    """Interpret a digit token with '.' and ',' as a Decimal; None if malformed."""
    token = token.rstrip(".,")
    if not token:
        return None
    dots, commas = token.count("."), token.count(",")
    integer, fraction = token, ""
    if dots and commas:
        decimal_sep = "." if token.rfind(".") > token.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        integer, _, fraction = token.rpartition(decimal_sep)
        if decimal_sep in integer or not _valid_grouping(integer, group_sep):
            return None
        integer = integer.replace(group_sep, "")
    elif dots or commas:
        sep = "." if dots else ","
        parts = token.split(sep)
        if len(parts) > 2 or len(parts[1]) == 3:
            if not _valid_grouping(token, sep):
                return None
            integer = token.replace(sep, "")
        else:
            integer, fraction = parts
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        return None
    try:
        value = Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        return None
    # "2,5" alone: the reader cannot know whether rupiah or juta was meant (cents only after >= 1000).
    ambiguous = len(fraction) != 2 or Decimal(integer) < 1000
    if fraction and not has_unit and value != value.to_integral_value() and ambiguous:
        return Decimal(-1)
    return value


def _parse_digits(text: str) -> Decimal | MoneyProblem:
    if _GROUPED_SPACES.match(text):
        text = text.replace(" ", "")
    pos = 0
    total = Decimal(0)
    last_unit: int | None = None
    terms = 0
    while pos < len(text):
        while pos < len(text) and text[pos] == " ":
            pos += 1
        if pos >= len(text):
            break
        match = _TERM.match(text, pos)
        if match is None:
            return MoneyProblem.NOT_A_NUMBER
        unit_word = match.group(2)
        multiplier = _UNITS[unit_word] if unit_word else 1
        if terms and (unit_word is None or (last_unit is not None and multiplier >= last_unit)):
            return MoneyProblem.NOT_A_NUMBER  # "2 juta 3" or "500 ribu 2 juta"
        value = _number(match.group(1), unit_word is not None)
        if value is None:
            return MoneyProblem.NOT_A_NUMBER
        if value < 0:
            return MoneyProblem.NEEDS_UNIT
        total += value * multiplier
        last_unit = multiplier
        terms += 1
        pos = match.end()
    if terms == 0:
        return MoneyProblem.NOT_A_NUMBER
    return total


def _parse_words(words: list[str]) -> Decimal | None:
    """Indonesian number words ("dua setengah juta", "lima ratus ribu"); None if not that."""
    total = Decimal(0)
    group = 0  # value below one thousand being built
    small: Decimal | None = None  # the last digit word (or a digit token)
    half = False
    seen = False
    for word in words:
        if word in _DIGITS:
            if small is not None:
                return None
            small = Decimal(_DIGITS[word])
        elif word.isdigit():
            if small is not None:
                return None
            small = Decimal(word)
        elif word in _SE:
            group += _SE[word]
        elif word == "belas" and small is not None:
            group += int(small) + 10
            small = None
        elif word == "puluh" and small is not None:
            group += int(small) * 10
            small = None
        elif word == "ratus" and small is not None:
            group += int(small) * 100
            small = None
        elif word == "setengah":
            half = True
        elif word in _SE_SCALE or word in _WORD_SCALES:
            scale = _SE_SCALE.get(word) or _WORD_SCALES[word]
            count = Decimal(group) + (small or 0)
            if word in _SE_SCALE:
                if count:
                    return None
                count = Decimal(1)
            if half:
                count += Decimal("0.5")
            if count == 0:
                return None
            total += count * scale
            group, small, half = 0, None, False
        else:
            return None
        seen = True
    if not seen or half:
        return None
    return total + group + (small or 0)


def parse_money(text: str | None, *, minimum: int | None = None, maximum: int = MAX_MONTHLY) -> MoneyResult:
    """Parse a monthly amount; never raises."""
    if text is None:
        return MoneyRejected(MoneyProblem.EMPTY)
    cleaned = unicodedata.normalize("NFKC", text).lower().strip()
    if not cleaned:
        return MoneyRejected(MoneyProblem.EMPTY)
    if len(cleaned) > MAX_INPUT_CHARS:
        return MoneyRejected(MoneyProblem.NOT_A_NUMBER)
    cleaned = re.sub(r"\s+", " ", cleaned)
    negative = False
    if cleaned.startswith(("-", "−", "minus ")):
        negative = True
        cleaned = cleaned.removeprefix("minus ").lstrip("-−").strip()
    cleaned = _PREFIX.sub("", cleaned)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if cleaned.endswith(suffix) and len(cleaned) > len(suffix):
                cleaned = cleaned[: -len(suffix)].strip()
                changed = True
    cleaned = _PREFIX.sub("", cleaned).strip()
    if cleaned.startswith(("-", "−")):
        negative = True
        cleaned = cleaned.lstrip("-−").strip()
    if not cleaned:
        return MoneyRejected(MoneyProblem.NOT_A_NUMBER)

    value: Decimal | MoneyProblem | None
    if any(ch.isdigit() for ch in cleaned) and not any(w in cleaned for w in ("setengah", "ratus", "puluh", "belas")):
        value = _parse_digits(cleaned)
    else:
        value = _parse_words(cleaned.split(" "))
        if value is None:
            value = MoneyProblem.NOT_A_NUMBER
    if isinstance(value, MoneyProblem):
        return MoneyRejected(value)
    amount = _round(value) if value < Decimal(10) ** 15 else maximum + 1
    if negative and amount != 0:
        return MoneyRejected(MoneyProblem.NEGATIVE, -amount)
    if amount == 0:
        return MoneyRejected(MoneyProblem.ZERO, 0)
    if amount > maximum:
        return MoneyRejected(MoneyProblem.TOO_LARGE, amount)
    if minimum is not None and amount < minimum:
        return MoneyRejected(MoneyProblem.BELOW_MINIMUM, amount)
    return Money(amount)
