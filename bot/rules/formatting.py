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


def rupiah_juta(amount: int | Decimal) -> str:
    """42000000 -> 'Rp42 juta'; 1500000 -> 'Rp1,5 juta'; anything else as rupiah().

    Benefit amounts are read aloud and compared at a glance on a small screen, the way the
    knowledge texts already write them; amounts that are not whole tenths of a million stay exact.
    """
    value = int(amount)
    if value < 1_000_000 or value % 100_000:
        return rupiah(value)
    whole, tenths = divmod(value // 100_000, 10)
    millions = thousands(whole) + (f",{tenths}" if tenths else "")
    return f"Rp{millions} juta"


def thousands(value: int) -> str:
    """12345 -> '12.345'."""
    return f"{int(value):,}".replace(",", ".")


def percent(value: Decimal | int | str) -> str:
    """Decimal('0.24') -> '0,24%'; '2' -> '2%'; '3.70' -> '3,7%'; '0.3' -> '0,30%'.

    Rates below 1% keep two decimals, as the regulations write them ("0,30%").
    """
    number = Decimal(str(value))
    if number == number.to_integral_value():
        text = str(int(number))
    else:
        text = format(number.normalize(), "f")
        if text.startswith("0.") and len(text.split(".")[1]) == 1:
            text += "0"
    return text.replace(".", ",") + "%"


def long_date(day: date) -> str:
    """date(2026, 3, 1) -> '1 Maret 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"
