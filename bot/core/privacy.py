"""Masking of personal data before it reaches logs or non-staff views (UU 27/2022)."""

from __future__ import annotations

import re

# 16 digits, possibly grouped with single spaces, dots or dashes ("3505 1234 5678 0001").
_NIK_LIKE = re.compile(r"(?<![\d])\d(?:[ .-]?\d){15}(?![\d])")
_PHONE_LIKE = re.compile(r"(?<![\d])(\+?62|0)(8\d)[\d\s-]{5,11}(\d{2})(?!\d)")


def mask_nik(nik: str) -> str:
    """'3505123456780001' -> '3505********0001'."""
    digits = re.sub(r"\D", "", nik)
    if len(digits) != 16:
        return "*" * len(digits)
    return digits[:4] + "*" * 8 + digits[-4:]


def mask_phone(phone: str) -> str:
    """'+6281234567890' -> '+62812*****890' (keeps enough for staff to recognise it)."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:6] + "*" * (len(phone) - 9) + phone[-3:]


def mask_personal_text(text: str) -> str:
    """Mask anything that looks like a NIK or an Indonesian mobile number in free text."""
    text = _NIK_LIKE.sub(lambda m: mask_nik(m.group(0)), text)
    return _PHONE_LIKE.sub(lambda m: m.group(1) + m.group(2) + "*****" + m.group(3), text)
