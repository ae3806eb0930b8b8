"""Template context for leads shown to staff: full NIK and phone in private, masked in the group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.core.privacy import mask_nik, mask_personal_text, mask_phone
from bot.core.staff.ports import HistoryEntry, StaffLead


def when(stamp: str | None) -> str:
    """'2026-11-23T10:00:00+07:00' -> '23-11-2026 10:00' (as stored, in WIB); '' for none."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return stamp


def lead_line(lead: StaffLead) -> dict[str, Any]:
    """One row of a lead list: no NIK or phone, so it reads the same in the group."""
    fields = lead.lead.fields
    return {
        "id": lead.id,
        "reference": lead.reference,
        "name": fields.name,
        "role": fields.role,
        "area": fields.area,
        "area_other": fields.area_other or "",
        "status": lead.status,
        "created": when(lead.lead.created_at),
        "verify": lead.lead.verification == "needed",
    }


def _contact_values(lead: StaffLead, private: bool) -> dict[str, str]:
    fields = lead.lead.fields
    if private:
        return {"nik": fields.nik, "phone": fields.phone}
    return {"nik": mask_nik(fields.nik), "phone": mask_phone(fields.phone)}


def lead_card(
    lead: StaffLead, history: Sequence[HistoryEntry], twins: Sequence[StaffLead], *, private: bool
) -> dict[str, Any]:
    """Everything staff need to follow a lead up, and the other leads with the same NIK."""
    fields = lead.lead.fields
    note = lead.note or ""
    context: dict[str, Any] = lead_line(lead)
    context.update(_contact_values(lead, private))
    context.update(
        {
            "private": private,
            "contact_time": fields.contact_time,
            "source": fields.source or "",
            "business_name": fields.business_name or "",
            "sector": fields.sector or "",
            "employees": fields.employees if fields.employees is not None else "",
            "employees_registered": fields.employees_registered or "",
            "employer_name": fields.employer_name or "",
            "employer_registered": fields.employer_registered or "",
            "occupation": fields.occupation or "",
            "income": fields.income or 0,
            "programs": fields.programs or "",
            "employer_lead": fields.employer_lead,
            "assigned_to": lead.assigned_to or "",
            "note": note if private else mask_personal_text(note),
            "status_changed": when(lead.status_changed_at),
            "history": [
                {
                    "at": when(entry.at),
                    "actor": entry.actor,
                    "old": entry.old_status,
                    "new": entry.new_status,
                    "note": (entry.note or "") if private else mask_personal_text(entry.note or ""),
                }
                for entry in history
            ],
            "twins": [dict(lead_line(twin), **_contact_values(twin, private)) for twin in twins],
        }
    )
    return context
