"""Figures worked out from an amount in the question.

"penghasilan saya 2 juta, iuran mandirinya berapa?" deserves Rp13.400, not only the rate and the
minimum. When the entry that answers a question is one whose figures depend on a wage or an
income (messages/faq/_amounts.toml says which, and how), and the message names a monthly amount
("2 juta", "2,5jt", "Rp 3.000.000", "sejutaan"), a second reply works the figures out for that
amount with the same rules and dated parameters as the calculator (bot/rules/contributions.py).

Only amounts written as money count (a unit, "Rp", or digits grouped in thousands): "4 karyawan",
"umur 58" and "15 tahun" are not wages.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from bot.core.validation.numbers import read_amount
from bot.rules.contributions import TRANSPORT_WORDS, ContributionError, bpu_contribution, percent_of, round_rupiah
from bot.rules.formatting import month_year, percent, rupiah
from bot.rules.parameters import Parameters

AMOUNTS_FILE = "_amounts.toml"
# A monthly wage or income: below this it is a price or a fee, above it a balance or a contract.
LOWEST = 100_000
HIGHEST = 200_000_000
_MONEY = re.compile(
    r"(?:rp\.?\s*)?\d+(?:[.,]\d+)*\s*(?:juta|jt|ribu|rb|rebu|k)(?:-?an)?\b"
    r"|rp\.?\s*\d[\d.,]*"
    r"|\b\d{1,3}(?:[.,]\d{3}){2,}\b"
    r"|\bse(?:juta|ratus\s+ribu)(?:-?an)?\b",
    re.IGNORECASE,
)
# What the amount is not: a balance, a contract's value, a loan, a price.
_NOT_A_WAGE = re.compile(r"\b(?:saldo|kontrak|nilai|proyek|pinjam\w*|utang|hutang|harga|modal|omzet|omset)\b", re.I)

# Who works in the transport sector (its BPU discount window differs).
_TRANSPORT = re.compile(r"\b(?:" + "|".join(TRANSPORT_WORDS) + r")\b", re.I)

# Kind of figures -> the template that states them (messages/id/faq/amount_*.j2).
TEMPLATES = {
    "bpu": "faq/amount_bpu",
    "bpu-transport": "faq/amount_bpu",
    "wage-deduction": "faq/amount_wage_deduction",
    "jkp-cash": "faq/amount_jkp_cash",
    "jkk-death": "faq/amount_jkk_death",
    "jkk-disability": "faq/amount_jkk_disability",
    "jkk-stmb": "faq/amount_jkk_stmb",
}
KINDS = frozenset(TEMPLATES)


@dataclass(frozen=True, slots=True)
class Worked:
    """The reply key and context of figures worked out for one amount."""

    key: str
    context: dict[str, str | int | bool]


def amount_in(text: str) -> int | None:
    """The first monthly amount written as money in `text`, if any."""
    for match in _MONEY.finditer(text):
        before = text[max(0, match.start() - 25) : match.start()]
        if _NOT_A_WAGE.search(before):
            continue
        reading = read_amount(match.group(0))
        if reading.value is not None and LOWEST <= reading.value <= HIGHEST:
            return reading.value
    return None


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


def work_out(kind: str, amount: int, today: date, params: Parameters, text: str = "") -> Worked:
    """The figures of `kind` for a monthly `amount` on `today` (`text`: the question, for the sector)."""
    if kind in ("bpu", "bpu-transport"):
        transport = kind == "bpu-transport" or bool(_TRANSPORT.search(text))
        return _bpu(amount, today, params, "transportasi" if transport else "lainnya")
    if kind == "wage-deduction":
        return _wage_deduction(amount, today, params)
    if kind == "jkp-cash":
        cap = params.integer("jkp_wage_base_cap", today)
        rate = params.percent("jkp_benefit_rate", today)
        monthly = round_rupiah(percent_of(min(amount, cap), rate))
        cash: dict[str, str | int | bool] = {"wage": rupiah(amount), "rate": percent(rate), "cap": rupiah(cap)}
        return Worked(TEMPLATES[kind], {**cash, "monthly": rupiah(monthly), "capped": amount > cap})
    if kind in ("jkk-death", "jkk-disability"):
        name = "jkk_death_wage_multiple" if kind == "jkk-death" else "jkk_total_disability_wage_multiple"
        times = params.integer(name, today)
        multiple: dict[str, str | int | bool] = {"wage": rupiah(amount), "times": times}
        return Worked(TEMPLATES[kind], {**multiple, "total": rupiah(amount * times)})
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
        "discount_name": table.discount.name if table.discount else "",
        "discount_until": month_year(table.discount.until) if table.discount else "",
        "transport": sector == "transportasi",
    }
    return Worked(TEMPLATES["bpu"], context)


def _wage_deduction(wage: int, today: date, params: Parameters) -> Worked:
    jht_rate = params.percent("pu_jht_rate_worker", today)
    jp_rate = params.percent("pu_jp_rate_worker", today)
    cap = params.integer("jp_wage_cap", today)
    jht = round_rupiah(percent_of(wage, jht_rate))
    jp = round_rupiah(percent_of(min(wage, cap), jp_rate))
    context: dict[str, str | int | bool] = {
        "wage": rupiah(wage),
        "jht_rate": percent(jht_rate),
        "jp_rate": percent(jp_rate),
        "jht": rupiah(jht),
        "jp": rupiah(jp),
        "both": rupiah(jht + jp),
        "capped": wage > cap,
        "cap": rupiah(cap),
    }
    return Worked(TEMPLATES["wage-deduction"], context)
