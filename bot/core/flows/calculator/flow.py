"""The contribution calculator ("Hitung iuran", /iuran, IURAN) as a table of steps.

The diagram is in README.md beside this file. Numbers come from
`bot.rules.contributions` for `ctx.today` (Asia/Jakarta); a date without
parameter rows ends the flow politely with `calculator/no_parameters`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from bot.core import choices
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.flows.calculator.results import RISK_UNKNOWN, bpu_result, pu_result
from bot.core.flows.kit import (
    Accepted,
    Answer,
    FlowSpec,
    FlowTexts,
    Option,
    Outcome,
    Parser,
    Rejected,
    Step,
    StepFlow,
    equals,
    words,
)
from bot.core.flows.kit.amount import amount_parser, unknown_amount
from bot.core.flows.kit.words import NO_WORDS, UNKNOWN_WORDS, YES_WORDS
from bot.core.models import FlowState, Reply
from bot.rules.contributions import RISK_CLASSES, TRANSPORT_WORDS, bpu_contribution
from bot.rules.formatting import percent, rupiah
from bot.rules.money import MoneyProblem
from bot.rules.parameters import ParameterError, Parameters, default_parameters

FLOW_NAME = "calculator"
PREFIX = "calc"
MONEY_EXAMPLE = "2.500.000 atau 2,5 juta"
# Sanity bound for the number of workers typed in chat (larger firms talk to the branch).
MAX_WORKERS = 100_000
_WORKERS = re.compile(r"^(\d{1,9})\s*(?:orang|org|pekerja|karyawan|pegawai)?$")

SEGMENTS = (
    Option(
        "bpu",
        "label.calculator.seg_bpu",
        words("bpu", "mandiri", "pekerja mandiri", "usaha sendiri", "kerja sendiri", "wiraswasta"),
    ),
    Option(
        "employer",
        "label.calculator.seg_employer",
        words("pemberi kerja", "pengusaha", "majikan", "punya karyawan", "pu", "ppu", "penerima upah"),
        code="pk",
    ),
    Option("employee", "label.calculator.seg_employee", words("karyawan", "pegawai", "buruh", "pekerja"), code="kar"),
)
SECTORS = (
    Option(
        "transportasi",
        "label.calculator.sector_transport",
        words(*TRANSPORT_WORDS),
        code="tr",
    ),
    Option("lainnya", "label.calculator.sector_other", words("lainnya", "lain", "sektor lain", "lain lain"), code="ln"),
)
JHT = (
    Option("ya", "label.calculator.jht_yes", YES_WORDS | words("ikut", "ya ikut jht", "ikut jht")),
    Option("tidak", "label.calculator.jht_no", NO_WORDS | words("tidak usah", "tidak ikut", "nggak usah")),
)
RISKS = (
    Option("sangat-rendah", "label.calculator.risk_sangat_rendah", words("sangat rendah"), code="sr"),
    Option("rendah", "label.calculator.risk_rendah", code="r"),
    Option("sedang", "label.calculator.risk_sedang", code="s"),
    Option("tinggi", "label.calculator.risk_tinggi", code="t"),
    Option("sangat-tinggi", "label.calculator.risk_sangat_tinggi", words("sangat tinggi"), code="st"),
    Option(RISK_UNKNOWN, "label.calculator.risk_unknown", UNKNOWN_WORDS, code="tt"),
)
SCALE_UNKNOWN = "tidak-tahu"
# Who does not know the business scale is counted as micro, and told so with the PP 7/2021 criteria.
DEFAULT_SCALE = "mikro"
SCALES = (
    Option("mikro", "label.calculator.scale_mikro", words("usaha mikro")),
    Option("kecil", "label.calculator.scale_kecil", words("usaha kecil")),
    Option("menengah", "label.calculator.scale_menengah", words("usaha menengah")),
    Option("besar", "label.calculator.scale_besar", words("usaha besar")),
    Option(SCALE_UNKNOWN, "label.calculator.scale_unknown", UNKNOWN_WORDS, code="tt"),
)
# The owner of a business is a worker too, who can join as a BPU (fact sheet §2).
OWNER_COVER = (
    Option("ya", "label.calculator.owner_yes", YES_WORDS | words("hitung juga", "ya hitung juga")),
    Option("tidak", "label.calculator.owner_no", NO_WORDS | words("tidak perlu", "tidak usah", "nanti")),
)
PU = ("employer", "employee")


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """States saved before the kit: answers under short keys, segment "pu" plus a role."""
    renames = {
        "income": "bpu_income",
        "sector": "bpu_sector",
        "jht": "bpu_jht",
        "wage": "pu_wage",
        "risk": "pu_risk",
        "scale": "pu_scale",
        "workers": "pu_workers",
    }
    for old, new in renames.items():
        if old in data:
            data.setdefault(new, data.pop(old))
    if data.get("segment") == "pu":
        data["segment"] = "employee" if data.pop("role", None) == "employee" else "employer"
    if isinstance(data.get("bpu_jht"), bool):
        data["bpu_jht"] = "ya" if data["bpu_jht"] else "tidak"
    return data


class InterestLog(Protocol):
    async def record_interest(self, contact_id: int, interest: str, now: datetime) -> None: ...


class CalculatorFlow(StepFlow):
    """Chat front door of the contribution calculator (issue 4)."""

    entry_words = frozenset(
        {"iuran", "hitung", "kalkulator", "hitungiuran", "hitung iuran", "cek iuran", "simulasi iuran"}
        | {"kalkulator iuran"}
    )
    entry_buttons = frozenset({choices.BTN_CALCULATOR})

    offers_outreach = True  # its end is a natural moment to ask about reminders

    def __init__(self, params: Parameters | None = None, interests: InterestLog | None = None) -> None:
        self._params = params
        self._interests = interests
        super().__init__(self._spec())

    @property
    def params(self) -> Parameters:
        return self._params or default_parameters()

    def _spec(self) -> FlowSpec:
        is_bpu, is_pu, is_employer = equals("segment", "bpu"), equals("segment", *PU), equals("segment", "employer")
        choice = "calculator/invalid_choice"
        return FlowSpec(
            name=FLOW_NAME,
            prefix=PREFIX,
            texts=FlowTexts(stale_button="calculator/stale_button", offer_help="calculator/offer_human"),
            upgrade=upgrade,
            finish=self._finish,
            steps=(
                Step("segment", "calculator/ask_segment", SEGMENTS, invalid=choice, key="seg", back=False),
                Step(
                    "bpu_income",
                    "calculator/ask_income",
                    (unknown_amount("label.calculator.income_unknown"),),
                    parse=self._money("penghasilan", minimum=True),
                    context=self._income_question,
                    when=is_bpu,
                    key="inc",
                    pick_by_number=False,
                ),
                Step("bpu_sector", "calculator/ask_sector", SECTORS, invalid=choice, when=is_bpu, key="sek"),
                Step(
                    "bpu_jht",
                    "calculator/ask_jht",
                    JHT,
                    invalid=choice,
                    context=self._jht_question,
                    when=is_bpu,
                    key="jht",
                ),
                Step(
                    "pu_wage",
                    "calculator/ask_wage",
                    parse=self._money("upah", minimum=False),
                    context=lambda ctx, data: {"employee": data["segment"] == "employee", "example": MONEY_EXAMPLE},
                    when=is_pu,
                ),
                Step(
                    "pu_risk",
                    "calculator/ask_risk",
                    RISKS,
                    invalid=choice,
                    context=self._risk_question,
                    when=is_pu,
                    key="risk",
                ),
                Step("pu_scale", "calculator/ask_scale", SCALES, invalid=choice, when=is_pu, key="skala"),
                Step("pu_workers", "calculator/ask_workers", parse=_workers, when=is_employer),
                Step(
                    "owner_cover",
                    "calculator/ask_owner_cover",
                    OWNER_COVER,
                    invalid=choice,
                    when=is_employer,
                    key="own",
                ),
                Step(
                    "owner_income",
                    "calculator/ask_income",
                    (unknown_amount("label.calculator.income_unknown"),),
                    parse=self._money("penghasilan", minimum=True),
                    context=lambda ctx, data: self._income_question(ctx, data, owner=True),
                    when=lambda data: is_employer(data) and data.get("owner_cover") == "ya",
                    key="owninc",
                    pick_by_number=False,
                ),
            ),
        )

    # --- Flow protocol: a date without parameters ends the flow politely -----------------
    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        try:
            return await super().start(ctx, argument)
        except ParameterError:
            return _no_parameters()

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        try:
            return await super().step(ctx, state)
        except ParameterError:
            return _no_parameters()

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        try:
            return await super().resume_replies(ctx, state)
        except ParameterError:
            return _no_parameters().replies

    # --- questions --------------------------------------------------------------------
    def _minimum_income(self, ctx: FlowContext) -> int:
        return self.params.integer("bpu_min_income", ctx.today)

    def _income_question(self, ctx: FlowContext, data: Any, owner: bool = False) -> dict[str, Any]:
        return {"minimum": rupiah(self._minimum_income(ctx)), "example": MONEY_EXAMPLE, "owner": owner}

    def _income(self, ctx: FlowContext, income: Any) -> int:
        """The income answered, or the lowest allowed for "tidak tahu"."""
        return int(income) if income is not None else self._minimum_income(ctx)

    def _jht_question(self, ctx: FlowContext, data: Any) -> dict[str, Any]:
        table = bpu_contribution(self._income(ctx, data["bpu_income"]), ctx.today, with_jht=True, params=self.params)
        jht = table.program("JHT")
        return {
            "jht_amount": rupiah(jht.worker if jht is not None else 0),
            "jht_rate": percent(self.params.percent("bpu_jht_rate", ctx.today)),
        }

    def _risk_question(self, ctx: FlowContext, data: Any) -> dict[str, Any]:
        return {
            risk.replace("-", "_"): percent(self.params.percent(f"pu_jkk_rate_{risk.replace('-', '_')}", ctx.today))
            for risk in RISK_CLASSES
        }

    # --- answers ------------------------------------------------------------------------
    def _money(self, what: str, *, minimum: bool) -> Parser:
        def floor(answer: Answer) -> int | None:
            return self._minimum_income(answer.ctx) if minimum else None

        def reject(answer: Answer, problem: MoneyProblem, amount: int | None) -> Reply:
            lowest = floor(answer)
            context = {
                "reason": problem.value,
                "what": what,
                "example": MONEY_EXAMPLE,
                "minimum": rupiah(lowest) if lowest is not None else "",
                "amount": rupiah(amount) if amount is not None else "",
            }
            return Reply("calculator/invalid_money", context)

        return amount_parser(reject, floor)

    # --- the result ---------------------------------------------------------------------
    async def _finish(self, ctx: FlowContext, data: dict[str, Any]) -> list[Reply]:
        if data["segment"] == "bpu":
            table = bpu_contribution(
                self._income(ctx, data["bpu_income"]),
                ctx.today,
                with_jht=data["bpu_jht"] == "ya",
                sector=str(data["bpu_sector"]),
                params=self.params,
            )
            if self._interests is not None:  # a campaign may follow up (the discount ending, ...)
                interest = "bpu_transport" if data["bpu_sector"] == "transportasi" else "bpu"
                await self._interests.record_interest(ctx.contact.id, interest, ctx.now)
            return [bpu_result(ctx, table, income_assumed=data["bpu_income"] is None)]
        employee = data["segment"] == "employee"
        scale = str(data["pu_scale"])
        replies = [
            pu_result(
                ctx,
                self.params,
                wage=int(data["pu_wage"]),
                risk=str(data["pu_risk"]),
                scale=DEFAULT_SCALE if scale == SCALE_UNKNOWN else scale,
                scale_assumed=scale == SCALE_UNKNOWN,
                workers=1 if employee else int(data["pu_workers"]),
                employee=employee,
            )
        ]
        if data.get("owner_cover") == "ya":  # the owner's own cover as a BPU, after the employees'
            income = data["owner_income"]
            own = bpu_contribution(self._income(ctx, income), ctx.today, with_jht=False, params=self.params)
            replies = [replace(replies[0], choices=()), bpu_result(ctx, own, income_assumed=income is None, owner=True)]
        return replies


def _workers(answer: Answer) -> Outcome:
    match = _WORKERS.match(answer.said)
    workers = int(match.group(1)) if match is not None else -1
    if 0 < workers <= MAX_WORKERS:
        return Accepted(workers)
    reason = "not_a_number" if workers < 0 else "zero" if workers == 0 else "too_large"
    context = {"reason": reason, "maximum": rupiah(MAX_WORKERS).removeprefix("Rp")}
    return Rejected(Reply("calculator/invalid_workers", context))


def _no_parameters() -> FlowResult:
    return FlowResult([Reply("calculator/no_parameters", choices=choices.main_menu())], None)
