"""How each export column is written, and formula-injection neutralising."""

from __future__ import annotations

from enum import Enum

from bot.core.staff.ports import EXPORT_COLUMNS

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class Kind(Enum):
    TEXT = "text"
    DATETIME = "datetime"
    NUMBER = "number"
    BOOLEAN = "boolean"


_KINDS = {
    "created_at": Kind.DATETIME,
    "updated_at": Kind.DATETIME,
    "status_changed_at": Kind.DATETIME,
    "employees": Kind.NUMBER,
    "income": Kind.NUMBER,
    "employer_lead": Kind.BOOLEAN,
}
COLUMN_KINDS = tuple(_KINDS.get(column, Kind.TEXT) for column in EXPORT_COLUMNS)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "ya" if value else "tidak"
    return "'" + text if is_formula_like(text) else text
