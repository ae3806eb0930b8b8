"""Figures worked out from an amount in the question.

"penghasilan saya 2 juta, iuran mandirinya berapa?" deserves Rp13.400, not only the rate and the
minimum. When the entry that answers a question is one whose figures depend on an amount (a wage
or an income, a contract's value, a JHT balance: messages/faq/_amounts.toml says which kind) and
the message names that amount (read by bot/faq/amount_reading.py), a second reply works the
figures out for it with the same rules and dated parameters as the calculator
(bot/rules/contributions.py).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from bot.faq.asker_case import AskerCase
from bot.rules.contributions import (
    ContributionError,
    bpu_contribution,
    percent_of,
    pu_contribution,
    pu_contribution_range,
    round_rupiah,
)
from bot.rules.formatting import month_year, percent, rupiah
from bot.rules.parameters import Parameters

NOTHING_SAID = AskerCase()  # figures for no particular case: an employee, risk range, one worker
AMOUNTS_FILE = "_amounts.toml"
# Kind of figures -> the template that states them (messages/id/faq/amount_*.j2).
TEMPLATES = {
    "bpu": "faq/amount_bpu",
    "bpu-transport": "faq/amount_bpu",
    "wage-deduction": "faq/amount_wage_deduction",
    "employer-share": "faq/amount_employer_share",
    "construction": "faq/amount_construction",
    "jht-partial": "faq/amount_jht_partial",
    "jkp-cash": "faq/amount_jkp_cash",
    "jkk-death": "faq/amount_jkk_death",
    "jkk-disability": "faq/amount_jkk_disability",
    "jkk-stmb": "faq/amount_jkk_stmb",
    "late-fine": "faq/amount_late_fine",
    "pmi-extension": "faq/amount_pmi_extension",
}
# Kinds that choose their figures from who asks: an entry about a program both employees and the
# self-employed pay for ("iuran JKM"): (for an employee's wage, for a self-employed income).
EITHER = {"dues": ("employer-share", "bpu"), "deduction": ("wage-deduction", "bpu")}
# A figure that depends on a person's wage and years of dues but that no sourced rule works out:
# JP's monthly pension (the fact sheet holds its formula only as UNVERIFIED). Asked for a wage
# ("gaji 5 juta, iur JP 20 tahun, pensiun saya berapa?"), the reply says that figure is not in our
# data rather than give the floor and ceiling as if they were the asker's.
PERSONAL_ESTIMATE = "personal-estimate"
KINDS = frozenset(TEMPLATES) | frozenset(EITHER) | {PERSONAL_ESTIMATE}


@dataclass(frozen=True, slots=True)
class Worked:
    """The reply key and context of figures worked out for one amount."""

    key: str
    context: dict[str, str | int | bool]


def load_amount_kinds(path: Path) -> dict[str, str]:
    """Entry id -> kind of figures, from messages/faq/_amounts.toml ([kinds] kind = [ids])."""
    if not path.exists():
        return {}
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get("kinds", {})
    kinds: dict[str, str] = {}
    for kind, ids in raw.items():
        if kind not in KINDS:
            raise ValueError(f"{path.name}: unknown kind {kind!r} (known: {sorted(KINDS)})")
        for entry_id in ids:
            kinds[str(entry_id)] = kind
    return kinds


def work_out(kind: str, amount: int, today: date, params: Parameters, case: AskerCase = NOTHING_SAID) -> Worked:
    """The figures of `kind` for a monthly `amount` on `today`, for the asker's `case` (own income or
    wage, trade, risk group, workers, years, months late: bot/faq/asker_case.py).
    Raises ValueError for a kind no sourced rule works out (PERSONAL_ESTIMATE)."""
    if kind == PERSONAL_ESTIMATE:
        raise ValueError("no sourced rule works this figure out")
    if kind in EITHER:
        employee, self_employed = EITHER[kind]
        return work_out(self_employed if case.self_employed else employee, amount, today, params, case)
    if kind in ("bpu", "bpu-transport"):
        transport = kind == "bpu-transport" or case.transport
        return _bpu(amount, today, params, "transportasi" if transport else "lainnya")
    if kind == "wage-deduction":
        return _wage_deduction(amount, today, params)
    if kind == "employer-share":
        return _employer_share(amount, today, params, case.worker_count, case.risk)
    if kind == "construction":
        return _construction(amount, today, params)
    if kind == "jht-partial":
        return _jht_partial(amount, today, params, case.years)
    if kind == "jkp-cash":
        cap = params.integer("jkp_wage_base_cap", today)
        rate = params.percent("jkp_benefit_rate", today)
        months = params.integer("jkp_benefit_months", today)
        monthly = round_rupiah(percent_of(min(amount, cap), rate))
        cash: dict[str, str | int | bool] = {"wage": rupiah(amount), "rate": percent(rate), "cap": rupiah(cap)}
        cash |= {"months": months, "total": rupiah(monthly * months)}
        return Worked(TEMPLATES[kind], {**cash, "monthly": rupiah(monthly), "capped": amount > cap})
    if kind in ("jkk-death", "jkk-disability"):
        name = "jkk_death_wage_multiple" if kind == "jkk-death" else "jkk_total_disability_wage_multiple"
        times = params.integer(name, today)
        multiple: dict[str, str | int | bool] = {"wage": rupiah(amount), "times": times}
        if kind == "jkk-death":  # the heirs' cash also holds the funeral costs and the periodic benefit
            funeral, periodic = params.integer("jkm_funeral", today), params.integer("jkm_periodic_total", today)
            multiple |= {"funeral": rupiah(funeral), "periodic": rupiah(periodic)}
            multiple["cash_total"] = rupiah(amount * times + funeral + periodic)
        return Worked(TEMPLATES[kind], {**multiple, "total": rupiah(amount * times)})
    if kind == "late-fine":
        return _late_fine(amount, today, params, case.late_months)
    if kind == "pmi-extension":  # `amount` is the months the contract runs longer
        monthly = params.integer("pmi_extension_monthly", today)
        extension: dict[str, str | int | bool] = {"months": amount, "monthly": rupiah(monthly)}
        return Worked(TEMPLATES[kind], {**extension, "total": rupiah(monthly * amount)})
    if kind == "jkk-stmb":
        half = round_rupiah(Decimal(amount) / 2)
        return Worked(TEMPLATES[kind], {"wage": rupiah(amount), "half": rupiah(half)})
    raise ValueError(f"unknown kind {kind!r}")


def _bpu(income: int, today: date, params: Parameters, sector: str) -> Worked:
    minimum = params.integer("bpu_min_income", today)
    base = max(income, minimum)
    try:
        table = bpu_contribution(base, today, with_jht=True, sector=sector, params=params)
    except ContributionError:  # a sector or minimum the parameters do not know: no figures
        raise ValueError(f"cannot work out BPU dues for {income}") from None
    shares = {p.program: p.worker for p in table.programs}
    two = shares["JKK"] + shares["JKM"]
    undiscounted = table.undiscounted_total if table.undiscounted_total is not None else two + shares["JHT"]
    context: dict[str, str | int | bool] = {
        "income": rupiah(income),
        "below_minimum": income < minimum,
        "minimum": rupiah(minimum),
        "jkk": rupiah(shares["JKK"]),
        "jkm": rupiah(shares["JKM"]),
        "jht": rupiah(shares["JHT"]),
        "two": rupiah(two),
        "three": rupiah(two + shares["JHT"]),
        "discounted": table.discount is not None,
        "two_plain": rupiah(undiscounted - shares["JHT"]),  # JHT is never discounted
        "three_plain": rupiah(undiscounted),
        "discount_name": table.discount.name if table.discount else "",
        "discount_until": month_year(table.discount.until) if table.discount else "",
        "transport": sector == "transportasi",
    }
    return Worked(TEMPLATES["bpu"], context)


def _wage_deduction(wage: int, today: date, params: Parameters) -> Worked:
    _, context = _wage_shares(wage, today, params)
    return Worked(TEMPLATES["wage-deduction"], context)


def _employer_share(wage: int, today: date, params: Parameters, workers: int, risk: str | None) -> Worked:
    employer, context = _wage_shares(wage, today, params, risk)
    by_scale = {"mikro": employer["JKK"] + employer["JKM"]}  # what every employer owes, even a micro business
    by_scale["kecil"] = by_scale["mikro"] + employer["JHT"]
    by_scale["besar"] = by_scale["kecil"] + employer["JP"]
    context.update({f"{scale}_total": rupiah(value) for scale, value in by_scale.items()})
    context.update({f"{scale}_all": rupiah(value * workers) for scale, value in by_scale.items()})
    # "10 karyawan, JKK totalnya berapa?": each program's sum for all of them, as well.
    context.update({f"{name.lower()}_all": rupiah(value * workers) for name, value in employer.items()})
    context["workers"] = workers
    return Worked(TEMPLATES["employer-share"], context)


def _wage_shares(
    wage: int, today: date, params: Parameters, risk: str | None = None
) -> tuple[dict[str, int], dict[str, str | int | bool]]:
    """Both sides of an employee's dues for `wage`: the employer's share by program, and the context
    stating it with what the wage loses.

    JKK depends on the risk group the office assigns: the one the question names, else from the
    cheapest to the dearest group, with the employer's sums at the cheapest (as fact sheet 9.1 does).
    """
    try:
        if risk is None:
            span = pu_contribution_range(wage, today, scale="besar", params=params)
            low, high = span.low, span.high
        else:
            low = high = pu_contribution(wage, today, risk=risk, scale="besar", params=params)
    except ContributionError:
        raise ValueError(f"cannot work out dues for a wage of {wage}") from None
    shares = {p.program: p for p in low.programs}
    jkk_high = next(p for p in high.programs if p.program == "JKK")
    employer = {name: share.employer for name, share in shares.items()}
    worker = {name: share.worker for name, share in shares.items()}
    cap = params.integer("jp_wage_cap", today)
    jht_worker_rate = params.percent("pu_jht_rate_worker", today)
    jht_employer_rate = params.percent("pu_jht_rate_employer", today)
    context: dict[str, str | int | bool] = {
        "risk_named": risk is not None,
        "wage": rupiah(wage),
        "jht_rate": percent(jht_worker_rate),
        "jp_rate": percent(params.percent("pu_jp_rate_worker", today)),
        "jht": rupiah(worker["JHT"]),
        "jp": rupiah(worker["JP"]),
        "both": rupiah(worker["JHT"] + worker["JP"]),
        "capped": wage > cap,
        "cap": rupiah(cap),
        "jkk_rate_low": shares["JKK"].rate,
        "jkk_rate_high": jkk_high.rate,
        "jkk_low": rupiah(employer["JKK"]),
        "jkk_high": rupiah(jkk_high.employer),
        "jkm_rate": shares["JKM"].rate,
        "jkm": rupiah(employer["JKM"]),
        "jht_employer_rate": percent(jht_employer_rate),
        "jht_total_rate": percent(jht_employer_rate + jht_worker_rate),
        "jht_total": rupiah(employer["JHT"] + worker["JHT"]),
        "jht_employer": rupiah(employer["JHT"]),
        "jp_employer_rate": percent(params.percent("pu_jp_rate_employer", today)),
        "jp_employer": rupiah(employer["JP"]),
    }
    return employer, context


def _jht_partial(balance: int, today: date, params: Parameters, years: int | None) -> Worked:
    retirement = params.percent("jht_partial_retirement_rate", today)
    housing = params.percent("jht_partial_housing_rate", today)
    minimum = params.integer("jht_partial_min_years", today)
    context: dict[str, str | int | bool] = {
        "balance": rupiah(balance),
        "retirement_rate": percent(retirement),
        "housing_rate": percent(housing),
        "retirement": rupiah(round_rupiah(percent_of(balance, retirement))),
        "housing": rupiah(round_rupiah(percent_of(balance, housing))),
        "min_years": minimum,
        "years": years or 0,
        "too_early": years is not None and years < minimum,
    }
    return Worked(TEMPLATES["jht-partial"], context)


def _construction(contract: int, today: date, params: Parameters) -> Worked:
    bracket = params.integer("construction_first_bracket_max", today)
    jkk_rate = params.percent("construction_jkk_rate", today)
    jkm_rate = params.percent("construction_jkm_rate", today)
    jkk = round_rupiah(percent_of(contract, jkk_rate))
    jkm = round_rupiah(percent_of(contract, jkm_rate))
    context: dict[str, str | int | bool] = {
        "contract": rupiah(contract),
        "bracket": rupiah(bracket),
        "within": contract <= bracket,
        "jkk_rate": percent(jkk_rate),
        "jkm_rate": percent(jkm_rate),
        "jkk": rupiah(jkk),
        "jkm": rupiah(jkm),
        "total": rupiah(jkk + jkm),
    }
    return Worked(TEMPLATES["construction"], context)


def _late_fine(dues: int, today: date, params: Parameters, months: int) -> Worked:
    rate = params.percent("late_fine_rate_employer", today)
    monthly = round_rupiah(percent_of(dues, rate))
    context: dict[str, str | int | bool] = {
        "dues": rupiah(dues),
        "rate": percent(rate),
        "monthly": rupiah(monthly),
        "months": months,
        "total": rupiah(monthly * months),
    }
    return Worked(TEMPLATES["late-fine"], context)
