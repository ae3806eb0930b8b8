"""Monthly BPU (self-employed) contribution estimate for the registration summary.

The figures come from the calculator (`bot.rules.contributions.bpu_contribution`);
this module only picks the discount sector from the occupation the person typed
and prices the declared income at no less than the minimum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.rules.contributions import Contribution, bpu_contribution
from bot.rules.parameters import Parameters

_TRANSPORT = re.compile(
    r"\b(ojol|ojek|ojeg|gojek|grab|maxim|driver|sopir|supir|kurir|angkot|taksi|taxi|becak|bentor|"
    r"transport\w*|ekspedisi|delivery|pengemudi)\b"
)


def sector_of(occupation: str) -> str:
    """The discount sector of an occupation: 'transportasi' or 'lainnya'."""
    return "transportasi" if _TRANSPORT.search(occupation.lower()) else "lainnya"


@dataclass(frozen=True, slots=True)
class BpuEstimate:
    declared_income: int  # income the contribution is computed on (at least the minimum)
    below_minimum: bool
    jkk: int
    jkm: int
    jht: int
    two_programs: int  # JKK + JKM per month
    three_programs: int  # JKK + JKM + JHT per month
    discount_percent: int  # 0 when no discount applies this month
    discount_until: date | None


def estimate_bpu(params: Parameters, income: int, occupation: str, today: date) -> BpuEstimate:
    """The calculator's BPU table, at least at the minimum declared income, with JHT priced."""
    minimum = params.integer("bpu_min_income", today)
    declared = max(income, minimum)
    table = bpu_contribution(declared, today, with_jht=True, sector=sector_of(occupation), params=params)
    jkk, jkm, jht = (_paid(table, name) for name in ("JKK", "JKM", "JHT"))
    discount = table.discount
    return BpuEstimate(
        declared_income=declared,
        below_minimum=income < minimum,
        jkk=jkk,
        jkm=jkm,
        jht=jht,
        two_programs=jkk + jkm,
        three_programs=jkk + jkm + jht,
        discount_percent=int(discount.percent) if discount is not None else 0,
        discount_until=discount.until if discount is not None else None,
    )


def _paid(table: Contribution, program: str) -> int:
    share = table.program(program)
    return share.total if share is not None else 0
