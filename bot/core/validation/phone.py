"""Indonesian mobile numbers: accept 08..., +62..., 62..., with spaces, dashes or dots,
and normalise to E.164 (+62812...) with `phonenumbers`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

_ALLOWED = re.compile(r"^\+?[\d\s().\-]+$")
_SEPARATORS = re.compile(r"[\s().\-]")
MAX_INPUT = 40
# "HP saya 0812...", "no. WA: +62..." -> the number.
_LABEL = re.compile(
    r"^\s*(?:no(?:mor)?\.?\s*)?(?:hp|wa|whatsapp|telp|telepon|handphone|ponsel)?(?:\s*saya)?\s*[:=]?\s*",
    re.IGNORECASE,
)


class PhoneProblem(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"  # letters or other characters
    NOT_INDONESIAN = "not_indonesian"  # a valid number of another country
    NOT_MOBILE = "not_mobile"  # an Indonesian landline or special number
    INVALID = "invalid"  # too short, too long or not a real number range


@dataclass(frozen=True, slots=True)
class PhoneResult:
    e164: str | None = None
    problem: PhoneProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


_MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})


def validate_phone(raw: str) -> PhoneResult:
    text = _LABEL.sub("", raw or "", count=1).strip()
    if not text:
        return PhoneResult(problem=PhoneProblem.EMPTY)
    if len(text) > MAX_INPUT or not _ALLOWED.match(text):
        return PhoneResult(problem=PhoneProblem.NOT_A_NUMBER)
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("00"):  # international prefix written as 00
        digits = "+" + digits[2:]
    elif digits.startswith("62"):
        digits = "+" + digits
    if not any(ch.isdigit() for ch in digits) or "+" in digits[1:]:
        return PhoneResult(problem=PhoneProblem.NOT_A_NUMBER)
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException:
        return PhoneResult(problem=PhoneProblem.INVALID)
    if number.country_code != 62:
        if phonenumbers.is_valid_number(number):
            return PhoneResult(problem=PhoneProblem.NOT_INDONESIAN)
        return PhoneResult(problem=PhoneProblem.INVALID)
    if not phonenumbers.is_valid_number(number):
        return PhoneResult(problem=PhoneProblem.INVALID)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return PhoneResult(problem=PhoneProblem.NOT_MOBILE)
    return PhoneResult(e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
