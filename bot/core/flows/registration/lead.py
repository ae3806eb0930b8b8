"""What a finished registration becomes: the summary shown, the lead stored, the staff message."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.core.flows.registration.estimate import estimate_bpu
from bot.core.flows.registration.options import OTHER_AREA
from bot.core.flows.registration.ports import LeadInput
from bot.core.privacy import mask_nik, mask_phone
from bot.rules.parameters import Parameters

Data = Mapping[str, Any]


def estimate_context(params: Parameters, data: Data, today: date) -> dict[str, Any]:
    """The monthly BPU estimate for a self-employed person's income and occupation."""
    income = int(data.get("income") or 0)
    estimate = estimate_bpu(params, income, str(data.get("occupation") or ""), today)
    return {
        "income": income,
        "income_unknown": "income" in data and data["income"] is None,
        "declared_income": estimate.declared_income,
        "below_minimum": estimate.below_minimum,
        "two_programs": estimate.two_programs,
        "three_programs": estimate.three_programs,
        "jht": estimate.jht,
        "discount_percent": estimate.discount_percent,
        "discount_until_month": estimate.discount_until.month if estimate.discount_until else 0,
        "discount_until_year": estimate.discount_until.year if estimate.discount_until else 0,
    }


_SHOWN_AS_TEXT = (
    "role",
    "name",
    "phone",
    "area",
    "area_other",
    "kecamatan",
    "business_name",
    "sector",
    "employees_registered",
    "owner_cover",
    "employer_name",
    "employer_registered",
    "occupation",
    "programs",
    "contact_time",
)


def summary_context(params: Parameters, data: Data, today: date) -> dict[str, Any]:
    """Every answer as the summary (and the staff message) show it; NIK masked."""
    context: dict[str, Any] = {field: str(data.get(field) or "") for field in _SHOWN_AS_TEXT}
    context.update(
        nik_masked=mask_nik(str(data.get("nik") or "")),
        employees=int(data.get("employees") or 0),
        monthly=0,
    )
    context.update(estimate_context(params, data, today))
    if data.get("role") == "self_employed":
        three = data.get("programs") == "jkk_jkm_jht"
        context["monthly"] = context["three_programs"] if three else context["two_programs"]
    return context


def is_employer_lead(data: Data) -> bool:
    """Someone works for an employer that has not registered them: a lead for the employer too."""
    role = data.get("role")
    return (role == "owner" and data.get("employees_registered") == "no") or (
        role == "employee" and data.get("employer_registered") == "no"
    )


def lead_input(contact_id: int, data: Data) -> LeadInput:
    """The lead for storage: only the answers of the role taken."""
    role = str(data["role"])
    owner, employee, self_employed = role == "owner", role == "employee", role == "self_employed"
    return LeadInput(
        contact_id=contact_id,
        role=role,
        name=str(data["name"]),
        nik=str(data["nik"]),
        phone=str(data["phone"]),
        area=str(data["area"]),
        area_other=data.get("area_other") if data.get("area") == OTHER_AREA else None,
        contact_time=str(data["contact_time"]),
        source=data.get("source") or None,
        business_name=data.get("business_name") if owner else None,
        sector=data.get("sector") if owner else None,
        employees=data.get("employees") if owner else None,
        employees_registered=data.get("employees_registered") if owner else None,
        employer_name=data.get("employer_name") if employee else None,
        employer_registered=data.get("employer_registered") if employee else None,
        occupation=data.get("occupation") if self_employed else None,
        income=data.get("income") if self_employed else None,
        programs=data.get("programs") if self_employed else None,
        employer_lead=is_employer_lead(data),
    )


def staff_payload(lead: LeadInput, summary: dict[str, Any]) -> dict[str, Any]:
    """What the staff chat is told about a lead: plain values, NIK masked."""
    payload = dict(summary)
    payload.update(
        {
            "nik_masked": mask_nik(lead.nik),
            "phone_masked": mask_phone(lead.phone),  # for the staff group; the full number in private
            "employer_lead": lead.employer_lead,
            "source": lead.source or "",
            "income": int(lead.income or 0),
        }
    )
    return payload
