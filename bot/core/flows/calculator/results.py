"""The calculator's result messages: contribution tables turned into template context.

Figures come from `bot.rules.contributions` for `ctx.today`; only plain values
(str/int/bool/list) travel to the templates in messages/id/calculator/.
"""

from __future__ import annotations

from typing import Any

from bot.core import choices
from bot.core.flows.base import FlowContext
from bot.core.models import Choice, Reply
from bot.rules.contributions import (
    REASON_JKP_AUTO,
    REASON_JKP_IF_JHT,
    REASON_PU_JP_AGE,
    Contribution,
    ProgramShare,
    pu_contribution,
    pu_contribution_range,
)
from bot.rules.formatting import rupiah
from bot.rules.parameters import Parameters

RISK_UNKNOWN = "tidak-tahu"


def end_choices() -> tuple[Choice, ...]:
    return (
        Choice(choices.BTN_REGISTER, "label.calculator.register"),
        Choice(choices.BTN_CALCULATOR, "label.calculator.again"),
        Choice(choices.BTN_MENU, "label.calculator.menu"),
    )


def _date_context(ctx: FlowContext) -> dict[str, Any]:
    return {"day": ctx.today.day, "month": ctx.today.month, "year": ctx.today.year}


def bpu_result(ctx: FlowContext, result: Contribution, *, income_assumed: bool = False, owner: bool = False) -> Reply:
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
        "income_assumed": income_assumed,
        "owner": owner,
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
        **_date_context(ctx),
    }
    return Reply("calculator/result_bpu", context, choices=end_choices())


def pu_result(
    ctx: FlowContext,
    params: Parameters,
    *,
    wage: int,
    risk: str,
    scale: str,
    workers: int,
    employee: bool,
    scale_assumed: bool = False,
) -> Reply:
    if risk == RISK_UNKNOWN:
        spread = pu_contribution_range(wage, ctx.today, scale=scale, workers=workers, params=params)
        low, high = spread.low, spread.high
    else:
        low = high = pu_contribution(wage, ctx.today, risk=risk, scale=scale, workers=workers, params=params)

    def money(a: int, b: int) -> str:
        return rupiah(a) if a == b else f"{rupiah(a)}–{rupiah(b)}"

    rows = [
        {
            "program": lo.program,
            "employer": money(lo.employer, hi.employer),
            "worker": money(lo.worker, hi.worker),
            "total": money(lo.total, hi.total),
            "status": _pu_status(lo),
            "reason": lo.reason,
        }
        for lo, hi in zip(low.programs, high.programs, strict=True)
    ]
    jp = low.program("JP")
    context: dict[str, Any] = {
        "wage": rupiah(wage),
        "risk": risk,
        "scale": scale,
        "scale_assumed": scale_assumed,
        "workers": workers,
        "employee": employee,
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
        **_date_context(ctx),
    }
    return Reply("calculator/result_pu", context, choices=end_choices())


def _pu_status(share: ProgramShare) -> str:
    if share.reason == REASON_PU_JP_AGE:
        return "tidak_berlaku"
    if share.reason in (REASON_JKP_AUTO, REASON_JKP_IF_JHT):
        return "otomatis"
    return "wajib" if share.mandatory else "pilihan"
