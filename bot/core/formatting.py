"""Indonesian number and date formats, used as Jinja filters and by Python code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def rupiah(amount: int | Decimal) -> str:
    """12345678 -> 'Rp12.345.678' (whole rupiah, dots between thousands)."""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")


def percent(value: Decimal | int | str) -> str:
    """Decimal('0.24') -> '0,24%'; Decimal('2') -> '2%'."""
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    return text.replace(".", ",") + "%"


def long_date(day: date) -> str:
    """date(2026, 3, 1) -> '1 Maret 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"
