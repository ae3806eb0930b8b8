"""Monthly BPU (self-employed) contribution estimate for the registration summary.

A small pure helper over the dated parameters (bot/rules/parameters.py), used
until the calculator's `bot/rules/contributions.py` is merged; the figures are
the same rules: JKK 1% of declared income, JKM flat, JHT 2% (optional), declared
income at least the minimum, and the temporary JKK+JKM discount by sector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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


def _rupiah(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def estimate_bpu(params: Parameters, income: int, occupation: str, today: date) -> BpuEstimate:
    minimum = params.integer("bpu_min_income", today)
    declared = max(income, minimum)
    jkk = Decimal(declared) * params.percent("bpu_jkk_rate", today) / 100
    jkm = Decimal(params.integer("bpu_jkm_flat", today))
    jht = Decimal(declared) * params.percent("bpu_jht_rate", today) / 100
    window = params.discount_for(sector_of(occupation), today)
    percent = Decimal(0)
    if window is not None:
        percent = window.percent
        factor = 1 - percent / 100
        if "JKK" in window.programs:
            jkk *= factor
        if "JKM" in window.programs:
            jkm *= factor
        if "JHT" in window.programs:
            jht *= factor
    jkk_r, jkm_r, jht_r = _rupiah(jkk), _rupiah(jkm), _rupiah(jht)
    return BpuEstimate(
        declared_income=declared,
        below_minimum=income < minimum,
        jkk=jkk_r,
        jkm=jkm_r,
        jht=jht_r,
        two_programs=jkk_r + jkm_r,
        three_programs=jkk_r + jkm_r + jht_r,
        discount_percent=int(percent),
        discount_until=window.until if window is not None else None,
    )
