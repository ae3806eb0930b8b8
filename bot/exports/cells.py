"""The export's columns, one lead's values for them, and formula-injection neutralising."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.core.staff.ports import StaffLead

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = (
    "reference",
    "status",
    "verification",
    "created_at",
    "updated_at",
    "status_changed_at",
    "assigned_to",
    "note",
    "role",
    "name",
    "nik",
    "phone",
    "area",
    "area_other",
    "business_name",
    "sector",
    "employees",
    "employees_registered",
    "employer_name",
    "employer_registered",
    "occupation",
    "income",
    "programs",
    "employer_lead",
    "contact_time",
    "source",
)
DATETIME_COLUMNS = frozenset({"created_at", "updated_at", "status_changed_at"})
NUMBER_COLUMNS = frozenset({"employees", "income"})
BOOLEAN_COLUMNS = frozenset({"employer_lead"})


def lead_values(lead: StaffLead) -> dict[str, Any]:
    values = asdict(lead.lead.fields)
    values.update(
        reference=lead.reference,
        status=lead.status,
        verification=lead.lead.verification,
        created_at=lead.lead.created_at,
        updated_at=lead.lead.updated_at,
        status_changed_at=lead.status_changed_at,
        assigned_to=lead.assigned_to,
        note=lead.note,
    )
    return values


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "ya" if value else "tidak"
    return "'" + text if is_formula_like(text) else text
