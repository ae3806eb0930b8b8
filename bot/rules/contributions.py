"""Monthly BPJS Ketenagakerjaan contributions: pure functions over dated parameters.

Every rate, cap and age comes from `messages/params/bpjstk.toml` (see
`bot.rules.parameters`), read for the date the caller asks about, so the same
code answers correctly before and after the March JP cap change or a
temporary discount window.

Rounding rule (stated to users too): each share (employer's and worker's) of
each program is computed exactly (Decimal), discounts included, and then
rounded ONCE to whole rupiah, half up (Rp0,50 -> Rp1). A program's total is
the sum of its two rounded shares, and every total is a sum of rounded
shares, so the numbers in a table always add up.

BPU (Bukan Penerima Upah, self-employed): the participant pays everything,
so the whole amount is the *worker* share and the employer share is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from bot.rules.formatting import percent as pct
from bot.rules.formatting import rupiah
from bot.rules.parameters import Parameters, default_parameters

Segment = Literal["bpu", "pu"]

# Order in which programs are listed everywhere (tables, JSON).
PROGRAM_ORDER = ("JKK", "JKM", "JHT", "JP", "JKP")

RISK_CLASSES = ("sangat-rendah", "rendah", "sedang", "tinggi", "sangat-tinggi")
SCALES = ("mikro", "kecil", "menengah", "besar")
SECTORS = ("transportasi", "lainnya")
# The words people use for work in the transport sector, whose BPU discount window differs
# (PP 50/2025): the calculator's sector step and the FAQ's worked figures read the same list.
TRANSPORT_WORDS = (
    "transportasi",
    "transport",
    "ojol",
    "ojek",
    "gojek",
    "grab",
    "maxim",
    "kurir",
    "sopir",
    "supir",
    "driver",
    "taksi",
    "angkot",
)

# Why a program is (or is not) in the mandatory set: templates turn these codes into words.
REASON_BPU_BASE = "bpu_wajib"  # JKK+JKM: the minimum every BPU joins
REASON_BPU_JHT = "bpu_jht_opsional"  # JHT: optional third program for BPU
REASON_PU_ALL = "pu_wajib_semua_skala"  # JKK, JKM: mandatory for every scale
REASON_PU_JHT_MANDATORY = "pu_jht_wajib"  # JHT: mandatory from small businesses up
REASON_PU_JHT_OPTIONAL = "pu_jht_opsional_mikro"  # JHT: micro may add it
REASON_PU_JP_MANDATORY = "pu_jp_wajib"  # JP: mandatory for medium/large
REASON_PU_JP_OPTIONAL = "pu_jp_opsional"  # JP: micro/small may add it
REASON_PU_JP_AGE = "pu_jp_usia_pensiun"  # JP: worker has reached pension age
REASON_JKP_AUTO = "jkp_otomatis"  # JKP: attached at no extra cost
REASON_JKP_IF_JHT = "jkp_jika_jht"  # JKP: for micro, only if JHT is run too

_RISK_PARAM = {
    "sangat-rendah": "pu_jkk_rate_sangat_rendah",
    "rendah": "pu_jkk_rate_rendah",
    "sedang": "pu_jkk_rate_sedang",
    "tinggi": "pu_jkk_rate_tinggi",
    "sangat-tinggi": "pu_jkk_rate_sangat_tinggi",
}
_HUNDRED = Decimal(100)


class ContributionError(ValueError):
    """Input the calculator cannot work with (below minimum, unknown class, ...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def round_rupiah(amount: Decimal) -> int:
    """Round to whole rupiah, half up (the one rounding rule of this module)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(base: int, rate_percent: Decimal) -> Decimal:
    """`rate_percent`% of `base`, exactly."""
    return Decimal(base) * rate_percent / _HUNDRED


@dataclass(frozen=True, slots=True)
class ProgramShare:
    """One program's monthly contribution for ONE worker (or one BPU participant)."""

    program: str  # "JKK", "JKM", "JHT", "JP", "JKP"
    employer: int  # whole rupiah, paid by the employer (0 for BPU)
    worker: int  # whole rupiah, paid by (or deducted from) the worker / BPU participant
    mandatory: bool  # part of the mandatory set for this segment and scale
    included: bool  # counted in the monthly total (mandatory, or optional and chosen)
    reason: str  # REASON_* code explaining mandatory/optional
    rate: str = ""  # the basis in Indonesian notation, e.g. "0,24%" or "Rp6.800 tetap"; for staff tables

    @property
    def total(self) -> int:
        return self.employer + self.worker


@dataclass(frozen=True, slots=True)
class AppliedDiscount:
    name: str  # "PP 50/2025"
    sector: str
    percent: Decimal
    programs: frozenset[str]
    start: date
    until: date
    source: str


@dataclass(frozen=True, slots=True)
class Contribution:
    """A monthly contribution table, valid for the parameters in force on `on`."""

    segment: Segment
    on: date  # the date whose parameters were used (contribution month of that date)
    base: int  # declared income (BPU) or monthly wage (PU), whole rupiah
    programs: tuple[ProgramShare, ...]
    workers: int = 1
    risk: str | None = None
    scale: str | None = None
    sector: str | None = None
    discount: AppliedDiscount | None = None
    undiscounted_total: int | None = None  # BPU: per-month total without the discount
    jp_wage_cap: int | None = None
    jp_wage_cap_status: str | None = None  # OK / WEAK / DERIVED, from the parameter file
    jp_capped: bool = False  # wage above the cap: JP computed on the cap
    pension_age: int | None = None
    sources: tuple[tuple[str, str], ...] = ()  # (parameter name, source keys)

    def program(self, name: str) -> ProgramShare | None:
        for share in self.programs:
            if share.program == name:
                return share
        return None

    @property
    def employer_per_worker(self) -> int:
        return sum(p.employer for p in self.programs if p.included)

    @property
    def worker_per_worker(self) -> int:
        return sum(p.worker for p in self.programs if p.included)

    @property
    def total_per_worker(self) -> int:
        """Monthly total for one worker: included programs only."""
        return sum(p.total for p in self.programs if p.included)

    @property
    def total_monthly(self) -> int:
        """Monthly total for all workers."""
        return self.total_per_worker * self.workers


@dataclass(frozen=True, slots=True)
class ContributionRange:
    """PU result when the risk class is unknown: the cheapest and dearest classes."""

    low: Contribution
    high: Contribution


def bpu_contribution(
    income: int,
    on: date,
    *,
    with_jht: bool = False,
    sector: str = "lainnya",
    params: Parameters | None = None,
) -> Contribution:
    """Monthly contribution of a self-employed participant (BPU).

    JKK (1% of declared income) and JKM (flat) are mandatory; JHT (2%) is optional.
    A temporary discount window (PP 50/2025) for the sector covering `on`'s
    contribution month reduces the programs it names (JKK, JKM). BPU have no JP and no JKP.
    """
    p = params or default_parameters()
    if sector not in SECTORS:
        raise ContributionError("sector", f"unknown sector {sector!r}")
    minimum = p.integer("bpu_min_income", on)
    if income < minimum:
        raise ContributionError("below_minimum", f"declared income below the minimum of {minimum}")

    jkk_rate = p.percent("bpu_jkk_rate", on)
    jkm_flat = p.integer("bpu_jkm_flat", on)
    jht_rate = p.percent("bpu_jht_rate", on)
    window = p.discount_for(sector, on)

    def discounted(program: str, exact: Decimal) -> Decimal:
        if window is not None and program in window.programs:
            return exact * (_HUNDRED - window.percent) / _HUNDRED
        return exact

    jkk_exact = percent_of(income, jkk_rate)
    jkm_exact = Decimal(jkm_flat)
    jht_exact = percent_of(income, jht_rate)
    shares = (
        ProgramShare("JKK", 0, round_rupiah(discounted("JKK", jkk_exact)), True, True, REASON_BPU_BASE, pct(jkk_rate)),
        ProgramShare(
            "JKM",
            0,
            round_rupiah(discounted("JKM", jkm_exact)),
            True,
            True,
            REASON_BPU_BASE,
            f"{rupiah(jkm_flat)} tetap",
        ),
        ProgramShare(
            "JHT", 0, round_rupiah(discounted("JHT", jht_exact)), False, with_jht, REASON_BPU_JHT, pct(jht_rate)
        ),
    )
    undiscounted = round_rupiah(jkk_exact) + round_rupiah(jkm_exact) + (round_rupiah(jht_exact) if with_jht else 0)
    applied = (
        AppliedDiscount(
            name=window.name,
            sector=window.sector,
            percent=window.percent,
            programs=window.programs,
            start=window.start,
            until=window.until,
            source=window.source,
        )
        if window is not None
        else None
    )
    names = ["bpu_min_income", "bpu_jkk_rate", "bpu_jkm_flat", "bpu_jht_rate"]
    sources = [(n, p.entry(n, on).source) for n in names]
    if applied is not None:
        sources.append((f"bpu_discount:{applied.sector}", f"{applied.source} ({applied.name})"))
    return Contribution(
        segment="bpu",
        on=on,
        base=income,
        programs=shares,
        workers=1,
        sector=sector,
        discount=applied,
        undiscounted_total=undiscounted,
        sources=tuple(sources),
    )


def pu_contribution(
    wage: int,
    on: date,
    *,
    risk: str,
    scale: str,
    workers: int = 1,
    age: int | None = None,
    params: Parameters | None = None,
) -> Contribution:
    """Monthly contribution for employees (PU) of one employer, per worker and for `workers`.

    Mandatory programs by business scale (Perpres 109/2013 Ps.6): micro JKK+JKM
    (JHT, JP optional); small +JHT (JP optional); medium/large +JP. Optional
    programs are listed (with their amounts) but not counted in the totals.
    JP is computed on min(wage, JP wage cap in force on `on`) and, if `age` is
    given, applies only while the worker is under the pension age of `on`'s year.
    JKP is listed with 0 shares: it costs the employer and worker nothing extra.
    """
    p = params or default_parameters()
    if risk not in _RISK_PARAM:
        raise ContributionError("risk", f"unknown risk class {risk!r}")
    if scale not in SCALES:
        raise ContributionError("scale", f"unknown business scale {scale!r}")
    if wage <= 0:
        raise ContributionError("wage", "wage must be positive")
    if workers < 1:
        raise ContributionError("workers", "number of workers must be at least 1")

    jkk_rate = p.percent(_RISK_PARAM[risk], on)
    jkm_rate = p.percent("pu_jkm_rate", on)
    jht_er = p.percent("pu_jht_rate_employer", on)
    jht_wk = p.percent("pu_jht_rate_worker", on)
    jp_er = p.percent("pu_jp_rate_employer", on)
    jp_wk = p.percent("pu_jp_rate_worker", on)
    cap_entry = p.entry("jp_wage_cap", on)
    cap = int(cap_entry.value)
    pension_age = p.integer("pension_age", on)
    jp_base = min(wage, cap)

    jht_mandatory = scale != "mikro"
    jp_mandatory = scale in ("menengah", "besar")
    jp_allowed = age is None or age < pension_age

    shares: list[ProgramShare] = [
        ProgramShare("JKK", round_rupiah(percent_of(wage, jkk_rate)), 0, True, True, REASON_PU_ALL, pct(jkk_rate)),
        ProgramShare("JKM", round_rupiah(percent_of(wage, jkm_rate)), 0, True, True, REASON_PU_ALL, pct(jkm_rate)),
        ProgramShare(
            "JHT",
            round_rupiah(percent_of(wage, jht_er)),
            round_rupiah(percent_of(wage, jht_wk)),
            jht_mandatory,
            jht_mandatory,
            REASON_PU_JHT_MANDATORY if jht_mandatory else REASON_PU_JHT_OPTIONAL,
            f"{pct(jht_er)} + {pct(jht_wk)}",
        ),
    ]
    if jp_allowed:
        shares.append(
            ProgramShare(
                "JP",
                round_rupiah(percent_of(jp_base, jp_er)),
                round_rupiah(percent_of(jp_base, jp_wk)),
                jp_mandatory,
                jp_mandatory,
                REASON_PU_JP_MANDATORY if jp_mandatory else REASON_PU_JP_OPTIONAL,
                f"{pct(jp_er)} + {pct(jp_wk)} dari upah maks. {rupiah(cap)}",
            )
        )
    else:
        shares.append(ProgramShare("JP", 0, 0, False, False, REASON_PU_JP_AGE, "usia pensiun"))
    shares.append(
        ProgramShare(
            "JKP",
            0,
            0,
            jht_mandatory,
            jht_mandatory,
            REASON_JKP_AUTO if jht_mandatory else REASON_JKP_IF_JHT,
            "0% (pemerintah + rekomposisi JKK)",
        )
    )
    names = [
        _RISK_PARAM[risk],
        "pu_jkm_rate",
        "pu_jht_rate_employer",
        "pu_jht_rate_worker",
        "pu_jp_rate_employer",
        "pu_jp_rate_worker",
        "jp_wage_cap",
        "pension_age",
        "jkp_rate_total",
    ]
    return Contribution(
        segment="pu",
        on=on,
        base=wage,
        programs=tuple(shares),
        workers=workers,
        risk=risk,
        scale=scale,
        jp_wage_cap=cap,
        jp_wage_cap_status=cap_entry.status,
        jp_capped=wage > cap,
        pension_age=pension_age,
        sources=tuple((n, p.entry(n, on).source) for n in names),
    )


def pu_contribution_range(
    wage: int,
    on: date,
    *,
    scale: str,
    workers: int = 1,
    age: int | None = None,
    params: Parameters | None = None,
) -> ContributionRange:
    """PU contribution when the risk class is unknown: min and max over all five classes."""
    results = [
        pu_contribution(wage, on, risk=risk, scale=scale, workers=workers, age=age, params=params)
        for risk in RISK_CLASSES
    ]
    low = min(results, key=lambda c: (c.total_per_worker, RISK_CLASSES.index(c.risk or "")))
    high = max(results, key=lambda c: (c.total_per_worker, RISK_CLASSES.index(c.risk or "")))
    return ContributionRange(low=low, high=high)
