"""The contribution calculator as a chat flow ("Hitung iuran", /iuran, IURAN).

One question at a time, buttons where the answer is one of a fixed set:

```mermaid
stateDiagram-v2
    [*] --> segment
    segment --> bpu_income: pekerja mandiri (BPU)
    segment --> pu_wage: pemberi kerja / karyawan (PU)
    bpu_income --> bpu_sector
    bpu_sector --> bpu_jht
    bpu_jht --> [*]: result_bpu
    pu_wage --> pu_risk
    pu_risk --> pu_scale
    pu_scale --> pu_workers: pemberi kerja
    pu_scale --> [*]: karyawan (1 orang), result_pu
    pu_workers --> [*]: result_pu
```

BATAL, MENU and LANJUT are handled by the engine. An invalid answer is
re-asked with the specific reason and an example; after three failures at one
step the user is also offered a member of staff. Numbers come from
`bot.rules.contributions` for the date `ctx.today` (Asia/Jakarta). State data is
plain JSON (str/int/bool), so it survives a restart in SQLite.
"""

from __future__ import annotations

import re
from typing import Any

from bot.core import choices
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.formatting import percent as pct
from bot.core.formatting import rupiah
from bot.core.models import Choice, FlowState, Reply
from bot.rules.contributions import (
    REASON_JKP_AUTO,
    REASON_JKP_IF_JHT,
    REASON_PU_JP_AGE,
    RISK_CLASSES,
    Contribution,
    ProgramShare,
    bpu_contribution,
    pu_contribution,
    pu_contribution_range,
)
from bot.rules.money import Money, MoneyProblem, parse_money
from bot.rules.parameters import ParameterError, Parameters, default_parameters

FLOW_NAME = "calculator"

STEP_SEGMENT = "segment"
STEP_BPU_INCOME = "bpu_income"
STEP_BPU_SECTOR = "bpu_sector"
STEP_BPU_JHT = "bpu_jht"
STEP_PU_WAGE = "pu_wage"
STEP_PU_RISK = "pu_risk"
STEP_PU_SCALE = "pu_scale"
STEP_PU_WORKERS = "pu_workers"
STEPS = (
    STEP_SEGMENT,
    STEP_BPU_INCOME,
    STEP_BPU_SECTOR,
    STEP_BPU_JHT,
    STEP_PU_WAGE,
    STEP_PU_RISK,
    STEP_PU_SCALE,
    STEP_PU_WORKERS,
)

# Button ids (short, stable, "calc:" prefix; Telegram callback_data <= 64 bytes).
BTN_SEG_BPU = "calc:seg:bpu"
BTN_SEG_EMPLOYER = "calc:seg:pk"
BTN_SEG_EMPLOYEE = "calc:seg:kar"
BTN_SECTOR_TRANSPORT = "calc:sek:tr"
BTN_SECTOR_OTHER = "calc:sek:ln"
BTN_JHT_YES = "calc:jht:ya"
BTN_JHT_NO = "calc:jht:tidak"
BTN_RISK = {
    "sangat-rendah": "calc:risk:sr",
    "rendah": "calc:risk:r",
    "sedang": "calc:risk:s",
    "tinggi": "calc:risk:t",
    "sangat-tinggi": "calc:risk:st",
}
BTN_RISK_UNKNOWN = "calc:risk:tt"
RISK_UNKNOWN = "tidak-tahu"
BTN_SCALE = {
    "mikro": "calc:skala:mikro",
    "kecil": "calc:skala:kecil",
    "menengah": "calc:skala:menengah",
    "besar": "calc:skala:besar",
}

MAX_FAILURES = 3
# Sanity bound for the number of workers typed in chat (larger firms talk to the branch).
MAX_WORKERS = 100_000

_PUNCT = re.compile(r"[\s.!?,;:~\"'()]+")
_WORKERS = re.compile(r"^(\d{1,9})\s*(?:orang|org|pekerja|karyawan|pegawai)?$")

# Typed answers accepted instead of buttons (lower case, punctuation removed).
_SEGMENT_WORDS = {
    "bpu": "bpu",
    "mandiri": "bpu",
    "pekerja mandiri": "bpu",
    "usaha sendiri": "bpu",
    "kerja sendiri": "bpu",
    "wiraswasta": "bpu",
    "1": "bpu",
    "pu": "pu",
    "ppu": "pu",
    "penerima upah": "pu",
    "pemberi kerja": "pu",
    "pengusaha": "pu",
    "majikan": "pu",
    "punya karyawan": "pu",
    "karyawan": "pu",
    "pegawai": "pu",
    "2": "pu",
    "3": "pu",
}
_SECTOR_WORDS = {
    "transportasi": "transportasi",
    "transport": "transportasi",
    "ojol": "transportasi",
    "ojek": "transportasi",
    "kurir": "transportasi",
    "sopir": "transportasi",
    "supir": "transportasi",
    "driver": "transportasi",
    "1": "transportasi",
    "lainnya": "lainnya",
    "lain": "lainnya",
    "sektor lain": "lainnya",
    "lain lain": "lainnya",
    "bukan": "lainnya",
    "2": "lainnya",
}
_YES_WORDS = frozenset({"ya", "iya", "y", "yes", "ikut", "mau", "ok", "oke", "boleh", "1", "ya ikut jht"})
_NO_WORDS = frozenset({"tidak", "tdk", "nggak", "ngga", "gak", "ga", "enggak", "no", "n", "tidak usah", "2"})
_RISK_WORDS = {
    "sangat rendah": "sangat-rendah",
    "sangat-rendah": "sangat-rendah",
    "rendah": "rendah",
    "sedang": "sedang",
    "tinggi": "tinggi",
    "sangat tinggi": "sangat-tinggi",
    "sangat-tinggi": "sangat-tinggi",
    "tidak tahu": RISK_UNKNOWN,
    "tidak tau": RISK_UNKNOWN,
    "gak tahu": RISK_UNKNOWN,
    "ga tau": RISK_UNKNOWN,
    "gatau": RISK_UNKNOWN,
    "nggak tahu": RISK_UNKNOWN,
    "belum tahu": RISK_UNKNOWN,
    "1": "sangat-rendah",
    "2": "rendah",
    "3": "sedang",
    "4": "tinggi",
    "5": "sangat-tinggi",
    "6": RISK_UNKNOWN,
}
_SCALE_WORDS = {
    "mikro": "mikro",
    "usaha mikro": "mikro",
    "kecil": "kecil",
    "usaha kecil": "kecil",
    "menengah": "menengah",
    "usaha menengah": "menengah",
    "besar": "besar",
    "usaha besar": "besar",
    "1": "mikro",
    "2": "kecil",
    "3": "menengah",
    "4": "besar",
}
_MONEY_EXAMPLE = "2.500.000 atau 2,5 juta"


def _words(text: str | None) -> str:
    return _PUNCT.sub(" ", (text or "").lower()).strip()


class CalculatorFlow:
    """Chat front door of the contribution calculator (issue 4)."""

    name = FLOW_NAME
    entry_words = frozenset(
        {
            "iuran",
            "hitung",
            "kalkulator",
            "hitungiuran",
            "hitung iuran",
            "cek iuran",
            "simulasi iuran",
            "kalkulator iuran",
        }
    )
    entry_buttons = frozenset({choices.BTN_CALCULATOR})

    def __init__(self, params: Parameters | None = None) -> None:
        self._params = params

    @property
    def params(self) -> Parameters:
        return self._params or default_parameters()

    # --- Flow protocol ---------------------------------------------------------

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        state = FlowState(flow=FLOW_NAME, step=STEP_SEGMENT, data={})
        return FlowResult(replies=[self._ask(ctx, state)], state=state)

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        handler = {
            STEP_SEGMENT: self._on_segment,
            STEP_BPU_INCOME: self._on_income,
            STEP_BPU_SECTOR: self._on_sector,
            STEP_BPU_JHT: self._on_jht,
            STEP_PU_WAGE: self._on_wage,
            STEP_PU_RISK: self._on_risk,
            STEP_PU_SCALE: self._on_scale,
            STEP_PU_WORKERS: self._on_workers,
        }.get(state.step)
        if handler is None:  # a state from an older version: start again
            return await self.start(ctx, "")
        try:
            return handler(ctx, state)
        except ParameterError:
            return FlowResult(replies=[Reply("calculator/no_parameters", choices=choices.main_menu())], state=None)

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        try:
            return [self._ask(ctx, state)]
        except ParameterError:
            return [Reply("calculator/no_parameters", choices=choices.main_menu())]

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        """Nothing to clean up: the engine records the step that was reached."""
        return None

    # --- Questions -------------------------------------------------------------

    def _ask(self, ctx: FlowContext, state: FlowState) -> Reply:
        step = state.step
        if step == STEP_SEGMENT:
            return Reply(
                "calculator/ask_segment",
                choices=(
                    Choice(BTN_SEG_BPU, "label.calculator.seg_bpu"),
                    Choice(BTN_SEG_EMPLOYER, "label.calculator.seg_employer"),
                    Choice(BTN_SEG_EMPLOYEE, "label.calculator.seg_employee"),
                ),
            )
        if step == STEP_BPU_INCOME:
            minimum = self.params.integer("bpu_min_income", ctx.today)
            return Reply("calculator/ask_income", {"minimum": rupiah(minimum), "example": _MONEY_EXAMPLE})
        if step == STEP_BPU_SECTOR:
            return Reply(
                "calculator/ask_sector",
                choices=(
                    Choice(BTN_SECTOR_TRANSPORT, "label.calculator.sector_transport"),
                    Choice(BTN_SECTOR_OTHER, "label.calculator.sector_other"),
                ),
            )
        if step == STEP_BPU_JHT:
            income = int(state.data["income"])
            jht = bpu_contribution(income, ctx.today, with_jht=True, params=self.params).program("JHT")
            jht_amount = jht.worker if jht is not None else 0
            return Reply(
                "calculator/ask_jht",
                {
                    "jht_amount": rupiah(jht_amount),
                    "jht_rate": pct(self.params.percent("bpu_jht_rate", ctx.today)),
                },
                choices=(
                    Choice(BTN_JHT_YES, "label.calculator.jht_yes"),
                    Choice(BTN_JHT_NO, "label.calculator.jht_no"),
                ),
            )
        if step == STEP_PU_WAGE:
            return Reply(
                "calculator/ask_wage",
                {"employee": state.data.get("role") == "employee", "example": _MONEY_EXAMPLE},
            )
        if step == STEP_PU_RISK:
            rates = {
                risk.replace("-", "_"): pct(self.params.percent(f"pu_jkk_rate_{risk.replace('-', '_')}", ctx.today))
                for risk in RISK_CLASSES
            }
            return Reply(
                "calculator/ask_risk",
                rates,
                choices=(
                    Choice(BTN_RISK["sangat-rendah"], "label.calculator.risk_sangat_rendah"),
                    Choice(BTN_RISK["rendah"], "label.calculator.risk_rendah"),
                    Choice(BTN_RISK["sedang"], "label.calculator.risk_sedang"),
                    Choice(BTN_RISK["tinggi"], "label.calculator.risk_tinggi"),
                    Choice(BTN_RISK["sangat-tinggi"], "label.calculator.risk_sangat_tinggi"),
                    Choice(BTN_RISK_UNKNOWN, "label.calculator.risk_unknown"),
                ),
            )
        if step == STEP_PU_SCALE:
            return Reply(
                "calculator/ask_scale",
                choices=(
                    Choice(BTN_SCALE["mikro"], "label.calculator.scale_mikro"),
                    Choice(BTN_SCALE["kecil"], "label.calculator.scale_kecil"),
                    Choice(BTN_SCALE["menengah"], "label.calculator.scale_menengah"),
                    Choice(BTN_SCALE["besar"], "label.calculator.scale_besar"),
                ),
            )
        if step == STEP_PU_WORKERS:
            return Reply("calculator/ask_workers")
        # A step this version does not know (a state saved by an older version): start over.
        return self._ask(ctx, FlowState(flow=FLOW_NAME, step=STEP_SEGMENT))

    # --- Answers ---------------------------------------------------------------

    def _advance(self, ctx: FlowContext, state: FlowState, next_step: str, **data: Any) -> FlowResult:
        new = FlowState(
            flow=FLOW_NAME,
            step=next_step,
            data={**state.data, **data},
            history=[*state.history, state.step],
            failures=0,
        )
        return FlowResult(replies=[self._ask(ctx, new)], state=new)

    def _invalid(self, ctx: FlowContext, state: FlowState, reply: Reply | None) -> FlowResult:
        """Count a failure, re-ask, and offer staff after MAX_FAILURES in a row."""
        new = FlowState(
            flow=FLOW_NAME,
            step=state.step,
            data=dict(state.data),
            history=list(state.history),
            failures=state.failures + 1,
        )
        replies = [reply] if reply is not None else []
        replies.append(self._ask(ctx, new))
        if new.failures >= MAX_FAILURES:
            replies.append(
                Reply(
                    "calculator/offer_human",
                    choices=(
                        Choice(choices.BTN_HUMAN, "label.calculator.human"),
                        Choice(choices.BTN_CANCEL, "label.calculator.cancel"),
                    ),
                )
            )
        return FlowResult(replies=replies, state=new)

    def _stale(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        """A button from an older message (or another step): explain and re-ask, no failure counted."""
        return FlowResult(replies=[Reply("calculator/stale_button"), self._ask(ctx, state)], state=state)

    def _choice(self, ctx: FlowContext, buttons: dict[str, str], words: dict[str, str]) -> tuple[str | None, bool]:
        """(value, was_button). Value None: not recognised."""
        button = ctx.inbound.button
        if button is not None:
            return buttons.get(button), True
        return words.get(_words(ctx.inbound.text)), False

    def _on_segment(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        buttons = {BTN_SEG_BPU: "bpu", BTN_SEG_EMPLOYER: "pu", BTN_SEG_EMPLOYEE: "pu"}
        value, was_button = self._choice(ctx, buttons, _SEGMENT_WORDS)
        if value is None:
            return (
                self._stale(ctx, state) if was_button else self._invalid(ctx, state, Reply("calculator/invalid_choice"))
            )
        if value == "bpu":
            return self._advance(ctx, state, STEP_BPU_INCOME, segment="bpu")
        text = _words(ctx.inbound.text)
        role = (
            "employee" if ctx.inbound.button == BTN_SEG_EMPLOYEE or text in ("karyawan", "pegawai", "3") else "employer"
        )
        return self._advance(ctx, state, STEP_PU_WAGE, segment="pu", role=role)

    def _money_answer(self, ctx: FlowContext, state: FlowState, minimum: int | None, what: str) -> int | FlowResult:
        if ctx.inbound.button is not None:
            return self._stale(ctx, state)
        parsed = parse_money(ctx.inbound.text, minimum=minimum)
        if isinstance(parsed, Money):
            return parsed.amount
        context: dict[str, Any] = {
            "reason": parsed.reason.value,
            "what": what,
            "example": _MONEY_EXAMPLE,
            "minimum": rupiah(minimum) if minimum is not None else "",
            "amount": rupiah(parsed.amount) if parsed.amount is not None else "",
        }
        if parsed.reason is MoneyProblem.BELOW_MINIMUM and minimum is None:  # pragma: no cover - defensive
            context["reason"] = MoneyProblem.NOT_A_NUMBER.value
        return self._invalid(ctx, state, Reply("calculator/invalid_money", context))

    def _on_income(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        minimum = self.params.integer("bpu_min_income", ctx.today)
        answer = self._money_answer(ctx, state, minimum, "penghasilan")
        if isinstance(answer, FlowResult):
            return answer
        return self._advance(ctx, state, STEP_BPU_SECTOR, income=answer)

    def _on_sector(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        buttons = {BTN_SECTOR_TRANSPORT: "transportasi", BTN_SECTOR_OTHER: "lainnya"}
        value, was_button = self._choice(ctx, buttons, _SECTOR_WORDS)
        if value is None:
            return (
                self._stale(ctx, state) if was_button else self._invalid(ctx, state, Reply("calculator/invalid_choice"))
            )
        return self._advance(ctx, state, STEP_BPU_JHT, sector=value)

    def _on_jht(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        buttons = {BTN_JHT_YES: "ya", BTN_JHT_NO: "tidak"}
        words = {w: "ya" for w in _YES_WORDS} | {w: "tidak" for w in _NO_WORDS}
        value, was_button = self._choice(ctx, buttons, words)
        if value is None:
            return (
                self._stale(ctx, state) if was_button else self._invalid(ctx, state, Reply("calculator/invalid_choice"))
            )
        data = {**state.data, "jht": value == "ya"}
        result = bpu_contribution(
            int(data["income"]), ctx.today, with_jht=bool(data["jht"]), sector=str(data["sector"]), params=self.params
        )
        return FlowResult(replies=[self._bpu_result(ctx, result)], state=None)

    def _on_wage(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        answer = self._money_answer(ctx, state, None, "upah")
        if isinstance(answer, FlowResult):
            return answer
        return self._advance(ctx, state, STEP_PU_RISK, wage=answer)

    def _on_risk(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        buttons = {button: risk for risk, button in BTN_RISK.items()} | {BTN_RISK_UNKNOWN: RISK_UNKNOWN}
        value, was_button = self._choice(ctx, buttons, _RISK_WORDS)
        if value is None:
            return (
                self._stale(ctx, state) if was_button else self._invalid(ctx, state, Reply("calculator/invalid_choice"))
            )
        return self._advance(ctx, state, STEP_PU_SCALE, risk=value)

    def _on_scale(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        buttons = {button: scale for scale, button in BTN_SCALE.items()}
        value, was_button = self._choice(ctx, buttons, _SCALE_WORDS)
        if value is None:
            return (
                self._stale(ctx, state) if was_button else self._invalid(ctx, state, Reply("calculator/invalid_choice"))
            )
        if state.data.get("role") == "employee":
            # A worker asking about his own contribution: one worker, no need to ask.
            return FlowResult(replies=[self._pu_result(ctx, {**state.data, "scale": value, "workers": 1})], state=None)
        return self._advance(ctx, state, STEP_PU_WORKERS, scale=value)

    def _on_workers(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        if ctx.inbound.button is not None:
            return self._stale(ctx, state)
        match = _WORKERS.match(_words(ctx.inbound.text))
        workers = int(match.group(1)) if match is not None else -1
        reason = (
            "not_a_number" if workers < 0 else "zero" if workers == 0 else "too_large" if workers > MAX_WORKERS else ""
        )
        if reason:
            context = {"reason": reason, "maximum": rupiah(MAX_WORKERS).removeprefix("Rp")}
            return self._invalid(ctx, state, Reply("calculator/invalid_workers", context))
        data = {**state.data, "workers": workers}
        return FlowResult(replies=[self._pu_result(ctx, data)], state=None)

    # --- Results ---------------------------------------------------------------

    def _end_choices(self) -> tuple[Choice, ...]:
        return (
            Choice(choices.BTN_REGISTER, "label.calculator.register"),
            Choice(choices.BTN_CALCULATOR, "label.calculator.again"),
            Choice(choices.BTN_MENU, "label.calculator.menu"),
        )

    def _date_context(self, ctx: FlowContext) -> dict[str, Any]:
        return {"day": ctx.today.day, "month": ctx.today.month, "year": ctx.today.year}

    def _bpu_result(self, ctx: FlowContext, result: Contribution) -> Reply:
        rows = [
            {
                "program": share.program,
                "amount": rupiah(share.worker),
                "status": "wajib" if share.mandatory else "pilihan",
                "included": share.included,
                "reason": share.reason,
            }
            for share in result.programs
        ]
        jht = result.program("JHT")
        discount = result.discount
        context: dict[str, Any] = {
            "income": rupiah(result.base),
            "sector": result.sector or "lainnya",
            "rows": rows,
            "total": rupiah(result.total_per_worker),
            "with_jht": bool(jht is not None and jht.included),
            "jht_amount": rupiah(jht.worker if jht is not None else 0),
            "discount": discount is not None,
            "discount_name": discount.name if discount else "",
            "discount_percent": int(discount.percent) if discount else 0,
            "discount_until_month": discount.until.month if discount else 0,
            "discount_until_year": discount.until.year if discount else 0,
            "undiscounted_total": rupiah(result.undiscounted_total or 0),
            **self._date_context(ctx),
        }
        return Reply("calculator/result_bpu", context, choices=self._end_choices())

    def _pu_result(self, ctx: FlowContext, data: dict[str, Any]) -> Reply:
        wage, scale, workers = int(data["wage"]), str(data["scale"]), int(data["workers"])
        risk = str(data["risk"])
        if risk == RISK_UNKNOWN:
            spread = pu_contribution_range(wage, ctx.today, scale=scale, workers=workers, params=self.params)
            low, high = spread.low, spread.high
        else:
            low = high = pu_contribution(wage, ctx.today, risk=risk, scale=scale, workers=workers, params=self.params)

        def money(a: int, b: int) -> str:
            return rupiah(a) if a == b else f"{rupiah(a)}–{rupiah(b)}"

        rows = []
        for lo, hi in zip(low.programs, high.programs, strict=True):
            rows.append(
                {
                    "program": lo.program,
                    "employer": money(lo.employer, hi.employer),
                    "worker": money(lo.worker, hi.worker),
                    "total": money(lo.total, hi.total),
                    "status": _pu_status(lo),
                    "reason": lo.reason,
                }
            )
        jp = low.program("JP")
        context: dict[str, Any] = {
            "wage": rupiah(wage),
            "risk": risk,
            "scale": scale,
            "workers": workers,
            "employee": data.get("role") == "employee",
            "is_range": risk == RISK_UNKNOWN,
            "risk_low": low.risk or "",
            "risk_high": high.risk or "",
            "rows": rows,
            "employer_total": money(low.employer_per_worker, high.employer_per_worker),
            "worker_total": money(low.worker_per_worker, high.worker_per_worker),
            "total": money(low.total_per_worker, high.total_per_worker),
            "all_total": money(low.total_monthly, high.total_monthly),
            "jp_mandatory": bool(jp is not None and jp.mandatory),
            "jp_cap": rupiah(low.jp_wage_cap or 0),
            "jp_capped": low.jp_capped,
            "jp_cap_weak": low.jp_wage_cap_status != "OK",
            "pension_age": low.pension_age or 0,
            **self._date_context(ctx),
        }
        return Reply("calculator/result_pu", context, choices=self._end_choices())


def _pu_status(share: ProgramShare) -> str:
    if share.reason == REASON_PU_JP_AGE:
        return "tidak_berlaku"
    if share.reason in (REASON_JKP_AUTO, REASON_JKP_IF_JHT):
        return "otomatis"
    return "wajib" if share.mandatory else "pilihan"
