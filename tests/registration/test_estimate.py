"""The BPU estimate shown to self-employed registrants, from the dated parameters."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pytest

from bot.core.flows.kit import FlowSpec
from bot.core.flows.registration import LeadStore, RegistrationFlow
from bot.core.flows.registration.estimate import estimate_bpu, sector_of
from bot.rules.parameters import default_parameters


def spec() -> FlowSpec:
    """The registration table (the lead store is only needed to finish)."""
    return RegistrationFlow(cast(LeadStore, object())).spec


def sequence(data: dict[str, Any]) -> list[str]:
    return [step.name for step in spec().sequence(data)]


def next_step(data: dict[str, Any]) -> str | None:
    found = spec().next_step(data)
    return found.name if found else None


@pytest.mark.parametrize(
    ("income", "occupation", "today", "two", "three", "discount"),
    [
        (1_000_000, "pedagang", date(2026, 3, 15), 16_800, 36_800, 0),  # before the discount
        (1_000_000, "pedagang", date(2026, 4, 1), 8_400, 28_400, 50),  # PP 50/2025, other sectors
        (2_000_000, "penjahit", date(2027, 1, 10), 26_800, 66_800, 0),  # other sectors' window ended
        (2_000_000, "ojek online", date(2027, 1, 10), 13_400, 53_400, 50),  # transport until March 2027
        (500_000, "petani", date(2025, 6, 1), 16_800, 36_800, 0),  # below the minimum income
    ],
)
def test_estimates_match_the_facts(
    income: int, occupation: str, today: date, two: int, three: int, discount: int
) -> None:
    estimate = estimate_bpu(default_parameters(), income, occupation, today)
    assert (estimate.two_programs, estimate.three_programs, estimate.discount_percent) == (two, three, discount)
    assert estimate.declared_income == max(income, 1_000_000)
    assert estimate.below_minimum == (income < 1_000_000)


@pytest.mark.parametrize(
    ("occupation", "sector"),
    [
        ("ojol", "transportasi"),
        ("Sopir angkot", "transportasi"),
        ("kurir paket", "transportasi"),
        ("petani", "lainnya"),
    ],
)
def test_sector_of(occupation: str, sector: str) -> None:
    assert sector_of(occupation) == sector


def test_sequence_by_role() -> None:
    base = ["consent", "role", "name", "nik", "phone", "area"]
    assert sequence({"role": "employee"}) == [
        *base,
        "employer_name",
        "employer_registered",
        "contact_time",
        "summary",
    ]
    assert sequence({"role": "owner", "employees": 0})[-4:] == ["employees", "owner_cover", "contact_time", "summary"]
    assert "employees_registered" in sequence({"role": "owner", "employees": 2})
    assert "area_other" in sequence({"area": "other"})


def test_next_step_is_the_first_question_not_answered() -> None:
    data: dict[str, Any] = {"consent": True, "role": "employee", "name": "Budi", "nik": "x", "phone": "y"}
    assert next_step(data) == "area"
    data |= {"area": "kota_blitar", "employer_name": "CV", "employer_registered": "yes", "contact_time": "pagi"}
    assert next_step(data) == "summary"
