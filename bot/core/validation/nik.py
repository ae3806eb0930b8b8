"""NIK (Nomor Induk Kependudukan): 16 digits with a structure we can check.

Layout: PP KK CC DDMMYY SSSS
  PP      province code (Kemendagri list, 11 Aceh ... 96 Papua Barat Daya)
  KK, CC  regency/city and district codes (never 00)
  DDMMYY  date of birth; women have 40 added to the day (01-31 -> 41-71)
  SSSS    serial number, 0001-9999
The check is structural only: it catches typos, not whether the NIK exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Province codes from the Kemendagri list (Permendagri 72/2019, Kepmendagri 100.1.1-6117/2022).
# 93-96 are the Papua provinces formed in 2022; NIKs issued there since use them.
PROVINCE_CODES = frozenset(
    {
        11, 12, 13, 14, 15, 16, 17, 18, 19,
        21,
        31, 32, 33, 34, 35, 36,
        51, 52, 53,
        61, 62, 63, 64, 65,
        71, 72, 73, 74, 75, 76,
        81, 82,
        91, 92, 93, 94, 95, 96,
    }
)  # fmt: skip

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
_SEPARATORS = re.compile(r"[\s.\-]")
# "NIK saya: 3505...", "no. KTP 3505..." -> the digits.
_LABEL = re.compile(r"^\s*(?:no(?:mor)?\.?\s*)?(?:nik|ktp|e-ktp)(?:\s+saya)?\s*[:=]?\s*", re.IGNORECASE)


class NikProblem(StrEnum):
    EMPTY = "empty"
    NOT_DIGITS = "not_digits"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    ALL_ZEROS = "all_zeros"
    PROVINCE = "province"  # first two digits are not a province code
    REGION = "region"  # regency/city or district code is 00
    BIRTH_DATE = "birth_date"  # digits 7-12 are not a date of birth
    SERIAL = "serial"  # last four digits are 0000


@dataclass(frozen=True, slots=True)
class NikResult:
    nik: str | None = None  # the 16 digits, when valid
    problem: NikProblem | None = None
    female: bool | None = None
    digits_given: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None


def _valid_birth_date(day: int, month: int, yy: int) -> bool:
    if day > FEMALE_DAY_OFFSET:
        day -= FEMALE_DAY_OFFSET
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def validate_nik(raw: str) -> NikResult:
    """Check a typed NIK; spaces, dots and dashes between digits are allowed."""
    text = _SEPARATORS.sub("", _LABEL.sub("", raw or ""))
    if not text:
        return NikResult(problem=NikProblem.EMPTY)
    if not (text.isascii() and text.isdigit()):
        return NikResult(problem=NikProblem.NOT_DIGITS)
    if len(text) < NIK_LENGTH:
        return NikResult(problem=NikProblem.TOO_SHORT, digits_given=len(text))
    if len(text) > NIK_LENGTH:
        return NikResult(problem=NikProblem.TOO_LONG, digits_given=len(text))
    if set(text) == {"0"}:
        return NikResult(problem=NikProblem.ALL_ZEROS, digits_given=NIK_LENGTH)
    if int(text[0:2]) not in PROVINCE_CODES:
        return NikResult(problem=NikProblem.PROVINCE, digits_given=NIK_LENGTH)
    if text[2:4] == "00" or text[4:6] == "00":
        return NikResult(problem=NikProblem.REGION, digits_given=NIK_LENGTH)
    day, month, yy = int(text[6:8]), int(text[8:10]), int(text[10:12])
    if not _valid_birth_date(day, month, yy):
        return NikResult(problem=NikProblem.BIRTH_DATE, digits_given=NIK_LENGTH)
    if text[12:16] == "0000":
        return NikResult(problem=NikProblem.SERIAL, digits_given=NIK_LENGTH)
    return NikResult(nik=text, female=day > FEMALE_DAY_OFFSET, digits_given=NIK_LENGTH)
