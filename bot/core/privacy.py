"""Masking of personal data before it reaches logs or non-staff views (UU 27/2022).

`mask_personal_text` is the one masker for free text we store or log. People
write numbers in many ways: "+62 812-3456-7890", "0812.3456.7890",
"(0812) 3456 7890", full-width digits, non-breaking or thin spaces, a NIK as
"3505 1234 5678 0001". Detection runs on a normalised copy (NFKC, any Unicode
digit as an ASCII digit, invisible and dash-like characters folded); each
number found is replaced *whole* in the original text, separators included:

- an Indonesian phone number (mobile 08/62/+62, or a landline with its area
  code) becomes "081*****90" / "+6281*****90" (operator code and last two
  digits, the hint staff had before);
- a NIK (16 digits, however grouped) becomes "3505********0001";
- a 15- or 17-digit grouped number (a mistyped NIK) and any number of 11 or
  more digits written together (participant card, account number) become stars.

Ordinary numbers stay as typed: amounts ("2.500.000", "Rp16.800", "2500000"),
years, dates, times, counts. Amounts in the Indonesian style (a non-zero
digit, then dot-separated groups of three), dates ("23-11-2026") and times
("08.00") are units that never join neighbouring numbers, and groups longer
than six digits never form a NIK, so "12.500.000 - 13.500.000",
"12500000 13500000" or "08.00-12.00 13.00-16.00" are not mistaken for one.

Names cannot be found in free text: they are kept out of logs by construction
(see `bot.log_redaction`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

NIK_DIGITS = 16
PHONE_MASK = "*****"
# A mobile number: 0 or (00)62, an optional trunk 0 after 62 ("+62 (0)812"), 8, operator digit, 7-10 more.
_MOBILE = re.compile(r"(?:0|(?:00)?620?)8[1-9]\d{7,10}")
# A landline: 0 or (00)62, an area code not starting with 8 (or 0/1), subscriber number; 9-12 digits in all.
_LANDLINE = re.compile(r"(?:0|(?:00)?620?)[2-79]\d{7,10}")
_AREA_CODE = re.compile(r"0?[2-79]\d{1,2}")
_DIGIT_GROUP = re.compile(r"\d+")
# Characters that may stand between the digit groups of one number, 1 to 4 of them ("0812 - 3456", ") - ").
_SEPARATOR = re.compile(r"[ \t.\-()]{1,4}")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
MAX_GROUPS = 16  # a number is never written in more groups than this
MIN_PERSONAL_DIGITS = 9  # the shortest landline with its area code
MAX_GROUPED_DIGITS = NIK_DIGITS + 1  # longer than a mistyped NIK, grouped digits are several numbers
LONG_NUMBER_DIGITS = 11  # written together, this many digits is an identifier, not an amount


def mask_nik(nik: str) -> str:
    """'3505123456780001' -> '3505********0001'."""
    digits = re.sub(r"\D", "", nik)
    if len(digits) != NIK_DIGITS:
        return "*" * len(digits)
    return digits[:4] + "*" * 8 + digits[-4:]


def mask_phone(phone: str) -> str:
    """'+6281234567890' -> '+62812*****890' (keeps enough for staff to recognise it)."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:6] + "*" * (len(phone) - 9) + phone[-3:]


def _fold(char: str) -> str:
    """One character as detection sees it: NFKC, digits as ASCII, spaces/dashes/invisibles folded."""
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if category in ("Zs", "Cf"):  # NBSP, thin space, zero-width space, soft hyphen, ...
        return " "
    if char in _DASHES or category == "Pd":
        return "-"
    folded = unicodedata.normalize("NFKC", char)
    return "".join(str(d) if (d := unicodedata.decimal(c, None)) is not None else c for c in folded)


def _normalised(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold(char)
        chars.append(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin


@dataclass(frozen=True, slots=True)
class _Group:
    start: int  # in the normalised text
    end: int
    digits: str
    kind: str = "digits"  # or "amount", "date", "time": ordinary numbers that never join others


def _runs(norm: str) -> list[list[_Group]]:
    """Digit groups, chained into runs where only 1-4 separator characters stand between them."""
    runs: list[list[_Group]] = []
    current: list[_Group] = []
    for match in _DIGIT_GROUP.finditer(norm):
        group = _Group(match.start(), match.end(), match.group())
        if current and _SEPARATOR.fullmatch(norm, current[-1].end, group.start):
            current.append(group)
        else:
            if current:
                runs.append(current)
            current = [group]
    if current:
        runs.append(current)
    return [_ordinary_units(norm, run) for run in runs]


def _gap(norm: str, run: Sequence[_Group], index: int) -> str:
    """The separator after run[index] ('' after the last group)."""
    return norm[run[index].end : run[index + 1].start] if index + 1 < len(run) else ""


def _date_length(norm: str, run: Sequence[_Group], i: int) -> int:
    """23-11-2026, 23.11.2026, 2026-11-23: three groups, one separator."""
    if i + 2 >= len(run) or _gap(norm, run, i) != _gap(norm, run, i + 1) or _gap(norm, run, i) not in (".", "-"):
        return 0
    a, b, c = (g.digits for g in run[i : i + 3])
    if len(a) == 4 and len(b) <= 2 and len(c) <= 2:
        a, c = c, a
    if len(a) <= 2 and len(b) <= 2 and len(c) == 4 and 1 <= int(a) <= 31 and 1 <= int(b) <= 12:
        return 3 if 1900 <= int(c) <= 2099 else 0
    return 0


def _time_length(norm: str, run: Sequence[_Group], i: int) -> int:
    """08.00 on its own (not "12.05.12...", the start of a dotted NIK)."""
    if i + 1 >= len(run) or _gap(norm, run, i) != "." or _gap(norm, run, i + 1) == ".":
        return 0
    if i > 0 and _gap(norm, run, i - 1) == ".":
        return 0
    hours, minutes = run[i].digits, run[i + 1].digits
    return 2 if len(hours) <= 2 and len(minutes) == 2 and int(hours) <= 23 and int(minutes) <= 59 else 0


def _amount_length(norm: str, run: Sequence[_Group], i: int) -> int:
    """2.500.000: a non-zero digit first, then dot-separated groups of three."""
    if not re.fullmatch(r"[1-9]\d{0,2}", run[i].digits):
        return 0
    last = i
    while last + 1 < len(run) and len(run[last + 1].digits) == 3 and _gap(norm, run, last) == ".":
        last += 1
    return last - i + 1 if last > i else 0


def _ordinary_units(norm: str, run: list[_Group]) -> list[_Group]:
    """Fold dates, times and amounts into single units that never form part of a NIK."""
    units: list[_Group] = []
    index = 0
    while index < len(run):
        for kind, length in (
            ("date", _date_length(norm, run, index)),
            ("amount", _amount_length(norm, run, index)),
            ("time", _time_length(norm, run, index)),
        ):
            if length:
                part = run[index : index + length]
                units.append(_Group(part[0].start, part[-1].end, "".join(g.digits for g in part), kind))
                index += length
                break
        else:
            units.append(run[index])
            index += 1
    return units


def _phone_mask(digits: str) -> str:
    national = digits.removeprefix("00").removeprefix("62").removeprefix("0")
    prefix = "0" if digits.startswith("0") and not digits.startswith("00") else "+62"
    return prefix + national[:2] + PHONE_MASK + digits[-2:]


def _is_landline(groups: Sequence[_Group], digits: str) -> bool:
    """A landline needs its area code written as its own group ("0342 801234", "(0342) 801234")."""
    if not _LANDLINE.fullmatch(digits):
        return False
    if len(groups) == 1:
        return digits.startswith("0") and not digits.startswith("00")
    head = groups[0].digits
    if head in ("62", "0062"):
        return len(groups) > 2 and _AREA_CODE.fullmatch(groups[1].digits) is not None
    return head.startswith("0") and len(head) >= 3 and _AREA_CODE.fullmatch(head) is not None


@dataclass(slots=True)
class _Candidate:
    """Consecutive groups read as one number, grown one group at a time."""

    groups: Sequence[_Group]
    digits: str = ""
    count: int = 0
    longest: int = 0  # digits in the longest group
    kinds: frozenset[str] = frozenset()

    def grow(self, group: _Group) -> None:
        self.digits += group.digits
        self.count += 1
        self.longest = max(self.longest, len(group.digits))
        if group.kind not in self.kinds:
            self.kinds = self.kinds | {group.kind}


def _mask_for(number: _Candidate) -> str | None:
    """The mask if these consecutive groups together are one personal number, else None."""
    single = number.count == 1
    digits = number.digits
    # "0812.345.678" reads as digits then an amount: a mobile number may span amounts.
    if number.kinds <= {"digits", "amount"} and _MOBILE.fullmatch(digits):
        return _phone_mask(digits)
    if not single and number.kinds != {"digits"}:
        return None
    if _is_landline(number.groups[: number.count], digits):
        return _phone_mask(digits)
    short_groups = number.longest <= 6
    if len(digits) == NIK_DIGITS and (single or short_groups):
        return mask_nik(digits)
    if single and len(digits) >= LONG_NUMBER_DIGITS:
        return "*" * len(digits)
    if not single and len(digits) in (NIK_DIGITS - 1, NIK_DIGITS + 1) and short_groups:
        return "*" * len(digits)
    return None


@dataclass(frozen=True, slots=True)
class _Found:
    first: int  # group indexes within the run, inclusive
    last: int
    mask: str


def _best_cover(run: Sequence[_Group]) -> list[_Found]:
    """Non-overlapping personal numbers covering as many digits as possible (fewest pieces on ties).

    "0812 3456 7890 3505 1234 5678 0001" is a phone number then a NIK; a left-to-right
    greedy reading would take the first sixteen digits as a NIK and leave a partial one.
    """
    size = len(run)
    # score[i]: (digits covered, -pieces) for run[i:]; pick[i]: the number starting at i, if any.
    score: list[tuple[int, int]] = [(0, 0)] * (size + 1)
    pick: list[_Found | None] = [None] * (size + 1)
    for first in range(size - 1, -1, -1):
        score[first] = score[first + 1]
        number = _Candidate(run[first : first + MAX_GROUPS])
        for last in range(first, min(size, first + MAX_GROUPS)):
            number.grow(run[last])
            covered = len(number.digits)
            if last > first and covered > MAX_GROUPED_DIGITS:
                break
            mask = _mask_for(number) if covered >= MIN_PERSONAL_DIGITS else None
            if mask is None:
                continue
            rest = score[last + 1]
            candidate = (covered + rest[0], rest[1] - 1)
            if candidate > score[first]:
                score[first] = candidate
                pick[first] = _Found(first, last, mask)
    found: list[_Found] = []
    index = 0
    while index < size:
        chosen = pick[index]
        if chosen is None:
            index += 1
        else:
            found.append(chosen)
            index = chosen.last + 1
    return found


def _span(norm: str, start: int, end: int) -> tuple[int, int]:
    """Widen a number's span over a "+" or "(" just before it and the ")" that closes it."""
    for _ in range(2):
        if start > 0 and norm[start - 1] in "+(":
            start -= 1
    if norm.count("(", start, end) > norm.count(")", start, end) and norm[end : end + 1] == ")":
        end += 1
    return start, end


def mask_personal_text(text: str) -> str:
    """Mask every phone number, NIK and identifier-length number in free text; leave the rest as typed."""
    if not any(char.isnumeric() for char in text):
        return text
    norm, origin = _normalised(text)
    pieces: list[tuple[int, int, str]] = []  # (start, end) in the original text
    for run in _runs(norm):
        found_numbers = _best_cover(run)
        covered: set[int] = set()
        for found in found_numbers:
            start, end = _span(norm, run[found.first].start, run[found.last].end)
            pieces.append((origin[start], origin[end - 1] + 1, found.mask))
            covered.update(range(found.first, found.last + 1))
        if found_numbers:
            # Plain digit groups left after a personal number in the same run may be the rest of
            # another one read apart ("2026 0062 810 00000 000"): they are masked too. Groups before
            # the first number ("umur 35 0812 ...") are left as typed.
            for index, group in enumerate(run):
                if index > found_numbers[0].first and index not in covered and group.kind == "digits":
                    pieces.append((origin[group.start], origin[group.end - 1] + 1, "*" * len(group.digits)))
    pieces.sort()
    if not pieces:
        return text
    out: list[str] = []
    cursor = 0
    for start, end, mask in pieces:
        out.append(text[cursor:start])
        out.append(mask)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
