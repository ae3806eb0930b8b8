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
from bot.rules.contributions import (
    RISK_CLASSES,
    TRANSPORT_WORDS,
    ContributionError,
    bpu_contribution,
    percent_of,
    pu_contribution,
    round_rupiah,
)
from bot.rules.formatting import month_year, percent, rupiah
from bot.rules.parameters import Parameters

AMOUNTS_FILE = "_amounts.toml"
# A monthly wage or income: below this it is a price or a fee, above it a balance or a contract.
LOWEST = 100_000
HIGHEST = 200_000_000
_MONEY = re.compile(
    r"(?:rp\.?\s*)?\d+(?:[.,]\d+)*\s*(?:miliar|milyar|juta|jt|ribu|rb|rebu|k)(?:-?an)?\b"
    r"|rp\.?\s*\d[\d.,]*"
    r"|\b\d{1,3}(?:[.,]\d{3}){2,}\b"
    r"|\bse(?:juta|ratus\s+ribu)(?:-?an)?\b",
    re.IGNORECASE,
)
# What the amount is not: a balance, a contract's value, a loan, a price.
_NOT_A_WAGE = re.compile(r"\b(?:saldo|kontrak|nilai|proyek|pinjam\w*|utang|hutang|harga|modal|omzet|omset)\b", re.I)
# A construction contract's value: "nilai kontrak 80 juta", "proyek 1,2 miliar".
_CONTRACT = re.compile(r"\b(?:kontrak\w*|proyek\w*|tender|borongan|spk)\b", re.I)
_CLAUSE_END = re.compile(r"[,;.!?\n](?!\d)")
# "100rb sehari", "150 ribu per hari", "harian 120rb", "seminggu 700rb": not a month's pay.
_NOT_MONTHLY_AFTER = re.compile(r"\s*(?:/\s*|per\s*|se|tiap\s+)(?:hari|hr|minggu|mg|pekan)\b|\s*harian\b", re.I)
_NOT_MONTHLY_BEFORE = re.compile(r"\b(?:sehari|seminggu|harian|mingguan|per\s*hari|tiap\s+hari)(?:\s+\w+)?\s*$", re.I)
# A savings balance: "saldo JHT saya 40 juta".
_BALANCE = re.compile(r"\b(?:saldo\w*|tabungan\w*)\b", re.I)
# The risk group an employer names ("risiko rendah"), from the most specific words.
_RISK = re.compile(r"\b(?:risiko|resiko|risk)\w*\s+(sangat\s+rendah|sangat\s+tinggi|rendah|sedang|tinggi)\b", re.I)
# Years of membership: "sudah 11 tahun jadi peserta", "kepesertaan 12 th" (not an age: "umur 45 tahun").
_YEARS = re.compile(r"(?<!umur )(?<!usia )\b(\d{1,2})\s*(?:tahun|thn|th)\b", re.I)
# Who pays dues on an income of their own rather than a wage: the self-employed.
_SELF_EMPLOYED = re.compile(
    r"\b(?:mandiri|bpu|usaha\s+sendiri|kerja\s+sendiri|penghasilan|pendapatan|freelance\w*|serabutan)\b", re.I
)
# "3 karyawan", "5 orang pekerja": how many workers an employer pays for.
_WORKERS = re.compile(r"\b(\d{1,3})\s*(?:orang\s+)?(?:karyawan|pekerja|pegawai|buruh|tukang|anak\s*buah|orang)\b", re.I)
MAX_WORKERS = 500

# Who works in the transport sector (its BPU discount window differs).
_TRANSPORT = re.compile(r"\b(?:" + "|".join(TRANSPORT_WORDS) + r")\b", re.I)

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
}
# Kinds that choose their figures from who asks: an entry about a program both employees and the
# self-employed pay for ("iuran JKM"): (for an employee's wage, for a self-employed income).
EITHER = {"dues": ("employer-share", "bpu"), "deduction": ("wage-deduction", "bpu")}
KINDS = frozenset(TEMPLATES) | frozenset(EITHER)


@dataclass(frozen=True, slots=True)
class Worked:
    """The reply key and context of figures worked out for one amount."""

    key: str
    context: dict[str, str | int | bool]


@dataclass(frozen=True, slots=True)
class Amounts:
    """The sums of money a question names, by what they are."""

    wage: int | None = None  # a monthly wage or income
    contract: int | None = None  # a construction contract's value
    balance: int | None = None  # a JHT balance

    def __bool__(self) -> bool:
        return any(value is not None for value in (self.wage, self.contract, self.balance))

    def for_kind(self, kind: str) -> int | None:
        """The amount the figures of `kind` are worked out from."""
        if kind == "construction":
            return self.contract
        if kind == "jht-partial":
            return self.balance
        return self.wage


def amounts_in(text: str) -> Amounts:
    """The first monthly wage, contract value and balance written as money in `text`."""
    found: dict[str, int] = {}
    for match in _MONEY.finditer(text):
        # What the sum is, said before it in the same clause: "nilai kontrak renovasi balai desa 90 juta".
        before = _CLAUSE_END.split(text[max(0, match.start() - 40) : match.start()])[-1]
        reading = read_amount(match.group(0))
        value = reading.value if reading.value is not None else reading.amount  # a large sum is no wage
        if value is None or value < LOWEST:
            continue
        if _NOT_MONTHLY_AFTER.match(text, match.end()) or _NOT_MONTHLY_BEFORE.search(before):
            continue  # a day's or a week's pay is not the monthly wage the rules need
        if not _NOT_A_WAGE.search(before):
            role = "wage" if value <= HIGHEST else ""
        elif _CONTRACT.search(before):
            role = "contract"
        else:
            role = "balance" if _BALANCE.search(before) else ""
        if role:
            found.setdefault(role, value)
    return Amounts(**found)


def amount_in(text: str) -> int | None:
    """The first monthly amount written as money in `text`, if any."""
    return amounts_in(text).wage


def workers_in(text: str) -> int:
    """How many workers the question counts ("3 karyawan"); 1 when it names no number."""
    match = _WORKERS.search(text)
    count = int(match.group(1)) if match else 1
    return count if 1 <= count <= MAX_WORKERS else 1


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
    if kind in EITHER:
        employee, self_employed = EITHER[kind]
        own = _SELF_EMPLOYED.search(text) or _TRANSPORT.search(text)
        return work_out(self_employed if own else employee, amount, today, params, text)
    if kind in ("bpu", "bpu-transport"):
        transport = kind == "bpu-transport" or bool(_TRANSPORT.search(text))
        return _bpu(amount, today, params, "transportasi" if transport else "lainnya")
    if kind == "wage-deduction":
        return _wage_deduction(amount, today, params)
    if kind == "employer-share":
        return _employer_share(amount, today, params, workers_in(text), risk_in(text))
    if kind == "construction":
        return _construction(amount, today, params)
    if kind == "jht-partial":
        return _jht_partial(amount, today, params, years_in(text))
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
    return Worked(TEMPLATES["wage-deduction"], _wage_shares(wage, today, params))


def risk_in(text: str) -> str | None:
    """The risk group a question names ("risiko sangat rendah" -> "sangat-rendah"), if any."""
    match = _RISK.search(text)
    return "-".join(match.group(1).lower().split()) if match else None


def years_in(text: str) -> int | None:
    """Years of membership a question names ("sudah 11 tahun jadi peserta"), if any."""
    match = _YEARS.search(text)
    return int(match.group(1)) if match else None


def _employer_share(wage: int, today: date, params: Parameters, workers: int, risk: str | None) -> Worked:
    context = _wage_shares(wage, today, params, risk)
    employer = {"mikro": int(str(context["least_value"]))}
    employer["kecil"] = employer["mikro"] + int(str(context["jht_employer_value"]))
    employer["besar"] = employer["kecil"] + int(str(context["jp_employer_value"]))
    context.update({f"{scale}_total": rupiah(value) for scale, value in employer.items()})
    context.update({f"{scale}_all": rupiah(value * workers) for scale, value in employer.items()})
    context["workers"] = workers
    return Worked(TEMPLATES["employer-share"], context)


def _wage_shares(wage: int, today: date, params: Parameters, risk: str | None = None) -> dict[str, str | int | bool]:
    """Both sides of an employee's dues for `wage`: what the wage loses and what the employer adds.

    JKK depends on the risk group the office assigns: the one the question names, else from the
    lowest to the highest rate, with the employer's sums at the lowest (as fact sheet 9.1 does).
    """
    try:
        low = pu_contribution(wage, today, risk=risk or RISK_CLASSES[0], scale="besar", params=params)
        high = pu_contribution(wage, today, risk=risk or RISK_CLASSES[-1], scale="besar", params=params)
    except ContributionError:
        raise ValueError(f"cannot work out dues for a wage of {wage}") from None
    employer = {p.program: p.employer for p in low.programs}
    worker = {p.program: p.worker for p in low.programs}
    least = employer["JKK"] + employer["JKM"]  # what every employer owes, even a micro business
    cap = params.integer("jp_wage_cap", today)
    jkk_low = _jkk_rate(params, risk or RISK_CLASSES[0], today)
    jkk_high = _jkk_rate(params, risk or RISK_CLASSES[-1], today)
    return {
        "risk_named": risk is not None,
        "wage": rupiah(wage),
        "jht_rate": percent(params.percent("pu_jht_rate_worker", today)),
        "jp_rate": percent(params.percent("pu_jp_rate_worker", today)),
        "jht": rupiah(worker["JHT"]),
        "jp": rupiah(worker["JP"]),
        "both": rupiah(worker["JHT"] + worker["JP"]),
        "capped": wage > cap,
        "cap": rupiah(cap),
        "jkk_rate_low": percent(jkk_low),
        "jkk_rate_high": percent(jkk_high),
        "jkk_low": rupiah(employer["JKK"]),
        "jkk_high": rupiah(next(p.employer for p in high.programs if p.program == "JKK")),
        "jkm_rate": percent(params.percent("pu_jkm_rate", today)),
        "jkm": rupiah(employer["JKM"]),
        "jht_employer_rate": percent(params.percent("pu_jht_rate_employer", today)),
        "jht_employer": rupiah(employer["JHT"]),
        "jht_employer_value": employer["JHT"],
        "jp_employer_rate": percent(params.percent("pu_jp_rate_employer", today)),
        "jp_employer": rupiah(employer["JP"]),
        "jp_employer_value": employer["JP"],
        "least": rupiah(least),
        "least_value": least,
    }


def _jkk_rate(params: Parameters, risk: str, today: date) -> Decimal:
    """The JKK rate of a risk group ("sangat-rendah" -> pu_jkk_rate_sangat_rendah)."""
    return params.percent("pu_jkk_rate_" + risk.replace("-", "_"), today)


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
