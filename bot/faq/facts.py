"""Dated facts for FAQ answer templates, computed from the parameter table.

Templates never type a figure that changes with time: they read it from the
context built here for the day the question is asked. Every value is a plain
`str`, `int` or `bool`, already formatted the Indonesian way ("Rp11.086.300",
"0,24%", "1 Maret 2026"), so the templates stay simple.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.rules.contributions import percent_of, round_rupiah
from bot.rules.formatting import long_date, month_year, percent, rupiah, rupiah_juta
from bot.rules.parameters import DiscountWindow, Parameters
from bot.rules.staleness import stale_parameters

FactValue = str | int | bool

# The facts a parameter's value is shown as, for parameters that are replaced on a schedule
# (`valid_months`): past its validity, these facts are not known.
FACTS_OF: dict[str, tuple[str, ...]] = {
    "jp_wage_cap": ("jp_cap", "jp_cap_worker_max", "jp_cap_employer_max"),
    "jp_min_benefit": ("jp_min_benefit",),
    "jp_max_benefit": ("jp_max_benefit",),
}

# Sectors of the PP 50/2025 discount rows in messages/params/bpjstk.toml.
SECTOR_TRANSPORT = "transportasi"
SECTOR_OTHER = "lainnya"


def _window(params: Parameters, sector: str, today: date) -> DiscountWindow | None:
    """The discount window of a sector that is current, or else the next one, or else the last one."""
    rows = sorted((w for w in params.discounts if w.sector == sector), key=lambda w: w.start)
    for window in rows:
        if window.covers(today):
            return window
    for window in rows:
        if window.start > today:
            return window
    return rows[-1] if rows else None


def _window_status(window: DiscountWindow | None, today: date) -> str:
    if window is None:
        return "none"
    if window.covers(today):
        return "active"
    if today.replace(day=1) < window.start:
        return "upcoming"
    return "ended"


def _discounted(amount: int, window: DiscountWindow | None) -> int:
    if window is None:
        return amount
    return round_rupiah(Decimal(amount) * (Decimal(100) - window.percent) / Decimal(100))


def facts_for(today: date, params: Parameters) -> dict[str, FactValue]:
    """Every dated figure an FAQ answer may show, formatted for `today`."""
    facts: dict[str, FactValue] = {"today": long_date(today), "year": today.year}

    # JP pension age and its next known step.
    age = params.integer("pension_age", today)
    facts["pension_age"] = age
    nxt = params.next_change("pension_age", today)
    facts["pension_age_has_next"] = nxt is not None
    facts["pension_age_next"] = int(nxt.value) if nxt is not None else age
    facts["pension_age_next_from"] = long_date(nxt.start) if nxt is not None else ""
    facts["jht_claim_age"] = params.integer("jht_claim_age", today)

    # JP wage cap.
    cap_entry = params.entry("jp_wage_cap", today)
    cap = int(cap_entry.value)
    facts["jp_cap"] = rupiah(cap)
    facts["jp_cap_from"] = long_date(cap_entry.start)
    facts["jp_cap_confirmed"] = cap_entry.status == "OK"  # WEAK figures are said carefully
    facts["jp_cap_worker_max"] = rupiah(cap * params.percent("pu_jp_rate_worker", today) / 100)
    facts["jp_cap_employer_max"] = rupiah(cap * params.percent("pu_jp_rate_employer", today) / 100)
    facts["jp_cap_stale"] = any(item.parameter == "jp_wage_cap" for item in stale_parameters(params, today))
    # The caps before, newest first: "batas upah JP tahun 2024?" is answered with that year's figure.
    # Figures read only in secondary sources (WEAK) are listed apart, so the answer can say so.
    earlier = [row for row in params.history("jp_wage_cap") if row.start < cap_entry.start]  # oldest first
    for key, confirmed in (("jp_cap_earlier", True), ("jp_cap_earlier_weak", False)):
        facts[key] = "; ".join(
            f"{month_year(row.start)}: {rupiah(int(row.value))}"
            for row in reversed(earlier)
            if (row.status == "OK") == confirmed
        )
    cap_next = params.next_change("jp_wage_cap", today)
    facts["jp_cap_has_next"] = cap_next is not None
    facts["jp_cap_next"] = rupiah(cap_next.value) if cap_next is not None else ""
    facts["jp_cap_next_from"] = long_date(cap_next.start) if cap_next is not None else ""

    # Penerima Upah rates.
    for group in ("sangat_rendah", "rendah", "sedang", "tinggi", "sangat_tinggi"):
        facts[f"pu_jkk_{group}"] = percent(params.percent(f"pu_jkk_rate_{group}", today))
    facts["pu_jkm"] = percent(params.percent("pu_jkm_rate", today))
    jht_er = params.percent("pu_jht_rate_employer", today)
    jht_wk = params.percent("pu_jht_rate_worker", today)
    jp_er = params.percent("pu_jp_rate_employer", today)
    jp_wk = params.percent("pu_jp_rate_worker", today)
    facts["pu_jht_employer"] = percent(jht_er)
    facts["pu_jht_worker"] = percent(jht_wk)
    facts["pu_jht_total"] = percent(jht_er + jht_wk)
    facts["pu_jp_employer"] = percent(jp_er)
    facts["pu_jp_worker"] = percent(jp_wk)
    facts["pu_jp_total"] = percent(jp_er + jp_wk)
    facts["pu_worker_total"] = percent(jht_wk + jp_wk)
    jkp_total = params.percent("jkp_rate_total", today)
    jkp_gov = params.percent("jkp_rate_government", today)
    facts["jkp_rate"] = percent(jkp_total)
    facts["jkp_gov"] = percent(jkp_gov)
    facts["jkp_recomposition"] = percent(jkp_total - jkp_gov)
    facts["jkp_wage_cap"] = rupiah(params.integer("jkp_wage_base_cap", today))
    facts["jkp_max_monthly"] = rupiah(params.integer("jkp_max_monthly", today))

    # Bukan Penerima Upah at the minimum declared income.
    income = params.integer("bpu_min_income", today)
    jkk = round_rupiah(percent_of(income, params.percent("bpu_jkk_rate", today)))
    jkm = params.integer("bpu_jkm_flat", today)
    jht = round_rupiah(percent_of(income, params.percent("bpu_jht_rate", today)))
    facts["bpu_min_income"] = rupiah(income)
    facts["bpu_jkk_rate"] = percent(params.percent("bpu_jkk_rate", today))
    facts["bpu_jht_rate"] = percent(params.percent("bpu_jht_rate", today))
    facts["bpu_jkk_min"] = rupiah(jkk)
    facts["bpu_jkm"] = rupiah(jkm)
    facts["bpu_jht_min"] = rupiah(jht)
    facts["bpu_2prog"] = rupiah(jkk + jkm)
    facts["bpu_3prog"] = rupiah(jkk + jkm + jht)

    # PP 50/2025 discount, per sector.
    any_active = False
    for key, sector in (("transport", SECTOR_TRANSPORT), ("other", SECTOR_OTHER)):
        window = _window(params, sector, today)
        status = _window_status(window, today)
        any_active = any_active or status == "active"
        facts[f"disc_{key}_status"] = status
        facts[f"disc_{key}_active"] = status == "active"
        facts[f"disc_{key}_from"] = month_year(window.start) if window else ""
        facts[f"disc_{key}_until"] = month_year(window.until) if window else ""
        facts[f"disc_{key}_2prog"] = rupiah(_discounted(jkk, window) + _discounted(jkm, window))
        facts[f"disc_{key}_3prog"] = rupiah(_discounted(jkk, window) + _discounted(jkm, window) + jht)
        facts[f"disc_{key}_jkm"] = rupiah(_discounted(jkm, window))
        facts[f"disc_{key}_jkk"] = rupiah(_discounted(jkk, window))
        facts[f"disc_{key}_percent"] = percent(window.percent) if window else ""
        facts[f"disc_{key}_name"] = window.name if window else ""
    facts["disc_any_active"] = any_active
    # The cheapest price a BPU outside transport pays today: never "mulai Rp16.800" while a discount runs.
    facts["bpu_2prog_now"] = facts["disc_other_2prog"] if facts["disc_other_active"] else facts["bpu_2prog"]
    facts["bpu_3prog_now"] = facts["disc_other_3prog"] if facts["disc_other_active"] else facts["bpu_3prog"]
    facts["disc_any_upcoming"] = (
        facts["disc_transport_status"] == "upcoming" or facts["disc_other_status"] == "upcoming"
    )

    # Benefits.
    facts["jkm_total"] = rupiah_juta(params.integer("jkm_total", today))
    facts["jkm_lump_sum"] = rupiah_juta(params.integer("jkm_lump_sum", today))
    facts["jkm_periodic"] = rupiah_juta(params.integer("jkm_periodic_total", today))
    facts["jkm_funeral"] = rupiah_juta(params.integer("jkm_funeral", today))
    facts["scholarship_max"] = rupiah_juta(params.integer("scholarship_max_total", today))
    # JP monthly benefit floor and ceiling (a ceiling of 0 means the current one is not known).
    low = params.entry("jp_min_benefit", today)
    high = params.entry("jp_max_benefit", today)
    facts["jp_min_benefit"] = rupiah(low.value)
    facts["jp_max_benefit"] = rupiah(high.value) if high.value else ""
    stated = [low, high] if high.value else [low]
    facts["jp_benefit_from"] = month_year(max(row.start for row in stated))
    facts["jp_benefit_confirmed"] = all(row.status == "OK" for row in stated)
    limit = params.entry("jmo_jht_claim_limit", today)
    facts["jmo_jht_limit"] = rupiah_juta(limit.value)
    facts["jmo_limit_confirmed"] = limit.status == "OK"
    facts["jmo_limit_from"] = month_year(limit.start)
    return facts
