"""CalculatorFlow driven directly: both segments, reprompts, stale buttons, staff offer, resume."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from bot.core import choices
from bot.core.flows.calculator import CalculatorFlow
from bot.core.models import FlowState, Reply
from tests.calculator.buttons import (
    BTN_BACK,
    BTN_JHT_NO,
    BTN_JHT_YES,
    BTN_OWNER_NO,
    BTN_RISK,
    BTN_RISK_UNKNOWN,
    BTN_SCALE,
    BTN_SECTOR_OTHER,
    BTN_SECTOR_TRANSPORT,
    BTN_SEG_BPU,
    BTN_SEG_EMPLOYEE,
    BTN_SEG_EMPLOYER,
)


def keys(replies: list[Reply]) -> list[str]:
    return [r.key for r in replies]


def choice_ids(replies: list[Reply]) -> list[str]:
    return [c.id for r in replies for c in r.choices]


def test_flow_identity() -> None:
    flow = CalculatorFlow()
    assert flow.name == "calculator"
    assert {"iuran", "hitung", "kalkulator", "hitung iuran"} <= flow.entry_words
    assert flow.entry_buttons == frozenset({choices.BTN_CALCULATOR})


async def test_bpu_with_buttons_transport_discount(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver(today=date(2026, 1, 1))
    replies = await d.start()
    assert keys(replies) == ["calculator/ask_segment"]
    assert choice_ids(replies) == [BTN_SEG_BPU, BTN_SEG_EMPLOYER, BTN_SEG_EMPLOYEE]
    assert keys(await d.press(BTN_SEG_BPU)) == ["calculator/ask_income"]
    assert keys(await d.say("Rp 1.000.000,-")) == ["calculator/ask_sector"]
    replies = await d.press(BTN_SECTOR_TRANSPORT)
    assert keys(replies) == ["calculator/ask_jht"]
    assert replies[0].context["jht_amount"] == "Rp20.000"  # 2% x 1.000.000
    replies = await d.press(BTN_JHT_YES)
    assert d.state is None
    (result,) = replies
    assert result.key == "calculator/result_bpu"
    # 1.000.000 in Jan 2026, transport: JKK 10.000/2 = 5.000; JKM 6.800/2 = 3.400; JHT 20.000 -> 28.400
    assert [row["amount"] for row in result.context["rows"]] == ["Rp5.000", "Rp3.400", "Rp20.000"]
    assert result.context["total"] == "Rp28.400"
    assert result.context["discount"] is True
    assert result.context["undiscounted_total"] == "Rp36.800"
    assert (result.context["day"], result.context["month"], result.context["year"]) == (1, 1, 2026)
    assert choice_ids(replies) == [choices.BTN_REGISTER, choices.BTN_CALCULATOR, choices.BTN_MENU]


async def test_bpu_typed_answers_no_discount_without_jht(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver(today=date(2026, 3, 31))
    await d.start()
    await d.say("mandiri")
    await d.say("2,5 juta")
    await d.say("lainnya")
    replies = await d.say("tidak")
    (result,) = replies
    # 2.500.000 on 31 Mar 2026, other sector: JKK 25.000 + JKM 6.800 = 31.800; JHT 50.000 not chosen
    assert result.context["total"] == "Rp31.800"
    assert result.context["discount"] is False
    assert result.context["with_jht"] is False
    assert result.context["jht_amount"] == "Rp50.000"


async def test_pu_employer_known_risk(make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]) -> None:
    d = make_driver()
    await d.start()
    assert keys(await d.press(BTN_SEG_EMPLOYER)) == ["calculator/ask_wage"]
    replies = await d.say("2.500.000")
    assert keys(replies) == ["calculator/ask_risk"]
    assert len(choice_ids(replies)) == 7  # five classes + "tidak tahu" + KEMBALI
    assert replies[0].context["sangat_rendah"] == "0,24%"
    assert keys(await d.press(BTN_RISK["sangat-rendah"])) == ["calculator/ask_scale"]
    assert keys(await d.press(BTN_SCALE["mikro"])) == ["calculator/ask_workers"]
    assert keys(await d.say("3 orang")) == ["calculator/ask_owner_cover"]
    replies = await d.say("tidak")
    assert d.state is None
    (result,) = replies
    assert result.key == "calculator/result_pu"
    rows = {row["program"]: row for row in result.context["rows"]}
    # fact sheet 9.1 example: JKK 6.000 + JKM 7.500 = 13.500 per worker; x 3 = 40.500
    assert rows["JKK"]["employer"] == "Rp6.000" and rows["JKM"]["employer"] == "Rp7.500"
    assert rows["JHT"]["status"] == "pilihan" and rows["JP"]["status"] == "pilihan"
    assert rows["JKP"]["status"] == "otomatis" and rows["JKP"]["total"] == "Rp0"
    assert result.context["total"] == "Rp13.500"
    assert result.context["all_total"] == "Rp40.500"
    assert result.context["is_range"] is False


async def test_pu_unknown_risk_shows_range(make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]) -> None:
    d = make_driver()
    await d.start()
    await d.say("pemberi kerja")
    await d.say("2,5jt")
    await d.press(BTN_RISK_UNKNOWN)
    await d.press(BTN_SCALE["mikro"])
    await d.say("1")
    (result,) = await d.press(BTN_OWNER_NO)
    assert result.context["is_range"] is True
    rows = {row["program"]: row for row in result.context["rows"]}
    # JKK 0,24% .. 1,74% of 2.500.000 = 6.000 .. 43.500; totals 13.500 .. 51.000
    assert rows["JKK"]["employer"] == "Rp6.000–Rp43.500"
    assert rows["JKM"]["employer"] == "Rp7.500"
    assert result.context["total"] == "Rp13.500–Rp51.000"


async def test_pu_employee_skips_worker_count_and_sees_cap(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver(today=date(2026, 3, 1))
    await d.start()
    replies = await d.press(BTN_SEG_EMPLOYEE)
    assert replies[0].context["employee"] is True
    await d.say("12 juta")
    await d.say("sedang")
    replies = await d.press(BTN_SCALE["besar"])
    assert d.state is None
    (result,) = replies
    assert result.context["workers"] == 1
    assert result.context["jp_capped"] is True
    assert result.context["jp_cap"] == "Rp11.086.300"
    rows = {row["program"]: row for row in result.context["rows"]}
    assert rows["JP"]["worker"] == "Rp110.863"  # 1% of the cap
    assert result.context["pension_age"] == 59


async def test_invalid_money_reprompts_with_reason_and_offers_staff_after_three(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver()
    await d.start()
    await d.press(BTN_SEG_BPU)
    replies = await d.say("banyak sekali")
    assert keys(replies) == ["calculator/invalid_money"]
    assert choice_ids(replies) == ["calc:inc:tt", BTN_BACK]
    assert replies[0].context["reason"] == "not_a_number"
    assert replies[0].context["example"] == "2.500.000 atau 2,5 juta"
    replies = await d.say("500rb")
    assert replies[0].context["reason"] == "below_minimum"
    assert replies[0].context["minimum"] == "Rp1.000.000"
    assert choices.BTN_HUMAN not in choice_ids(replies)
    replies = await d.say("0")
    assert replies[0].context["reason"] == "zero"
    assert keys(replies)[-1] == "calculator/offer_human"
    assert choices.BTN_HUMAN in choice_ids(replies)
    assert d.state is not None and d.state.failures == 3
    # a good answer resets the failure count
    await d.say("2jt")
    assert d.state is not None and d.state.step == "bpu_sector" and d.state.failures == 0


async def test_money_reasons_reported(make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]) -> None:
    d = make_driver()
    await d.start()
    await d.press(BTN_SEG_EMPLOYER)
    for text, reason in [("-2jt", "negative"), ("5 miliar", "too_large"), ("banyak", "not_a_number")]:
        replies = await d.say(text)
        assert replies[0].key == "calculator/invalid_money"
        assert replies[0].context["reason"] == reason


async def test_invalid_choice_and_stale_button(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver()
    await d.start()
    replies = await d.say("astronot")
    assert keys(replies) == ["calculator/invalid_choice"]
    assert choice_ids(replies) == [BTN_SEG_BPU, BTN_SEG_EMPLOYER, BTN_SEG_EMPLOYEE]
    assert d.state is not None and d.state.failures == 1
    await d.press(BTN_SEG_BPU)
    await d.say("2jt")
    # a button from an earlier question: re-ask without counting a failure
    replies = await d.press(BTN_SEG_EMPLOYER)
    assert keys(replies) == ["calculator/stale_button", "calculator/ask_sector"]
    assert d.state is not None and d.state.step == "bpu_sector" and d.state.failures == 0
    # an unknown calc: button is stale too, also at a money step
    d2 = make_driver()
    await d2.start()
    await d2.press(BTN_SEG_BPU)
    replies = await d2.press("calc:old:thing")
    assert keys(replies) == ["calculator/stale_button", "calculator/ask_income"]


async def test_invalid_workers(make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]) -> None:
    d = make_driver()
    await d.start()
    await d.press(BTN_SEG_EMPLOYER)
    await d.say("3jt")
    await d.press(BTN_RISK["rendah"])
    await d.press(BTN_SCALE["kecil"])
    for text, reason in [("nol", "not_a_number"), ("0", "zero"), ("1000000", "too_large")]:
        replies = await d.say(text)
        assert replies[0].key == "calculator/invalid_workers"
        assert replies[0].context["reason"] == reason
    assert keys(replies)[-1] == "calculator/offer_human"


async def test_jht_typed_yes_and_unknown(make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]) -> None:
    d = make_driver()
    await d.start()
    await d.press(BTN_SEG_BPU)
    await d.say("1jt")
    await d.press(BTN_SECTOR_OTHER)
    replies = await d.say("mungkin")
    assert keys(replies) == ["calculator/invalid_choice"]
    assert choice_ids(replies) == [BTN_JHT_YES, BTN_JHT_NO, BTN_BACK]
    (result,) = await d.say("iya")
    assert result.context["with_jht"] is True


async def test_resume_replies_reask_current_step(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver()
    await d.start()
    await d.press(BTN_SEG_EMPLOYER)
    await d.say("3jt")
    assert d.state is not None
    again = await d.flow.resume_replies(ctx_factory(text="lanjut"), d.state)
    assert keys(again) == ["calculator/ask_risk"]
    await d.flow.abandoned(ctx_factory(text="batal"), d.state)  # nothing to do, must not fail


async def test_state_is_json_and_unknown_step_restarts(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver()
    await d.start()
    await d.press(BTN_SEG_EMPLOYER)
    await d.say("3jt")
    await d.press(BTN_RISK_UNKNOWN)
    assert d.state is not None
    assert json.loads(json.dumps(d.state.to_json_dict()))["data"] == {
        "segment": "employer",
        "pu_wage": 3_000_000,
        "pu_risk": "tidak-tahu",
    }
    assert d.state.history == ["segment", "pu_wage", "pu_risk"]
    result = await d.flow.step(ctx_factory(text="x"), FlowState(flow="calculator", step="gone", data={}))
    assert keys(result.replies) == ["calculator/ask_segment"]
    gone = FlowState(flow="calculator", step="gone", data={})
    assert keys(await d.flow.resume_replies(ctx_factory(text="lanjut"), gone)) == ["calculator/ask_segment"]


async def test_missing_parameters_end_politely(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver(today=date(2010, 1, 1))  # before any parameter row
    await d.start()
    await d.press(BTN_SEG_EMPLOYER)
    replies = await d.say("3jt")  # the risk question shows rates read for that date
    assert keys(replies) == ["calculator/no_parameters"]
    assert d.state is None
    stuck = FlowState(flow="calculator", step="bpu_income", data={"segment": "bpu"})
    again = await d.flow.resume_replies(ctx_factory(text="lanjut", today=date(2010, 1, 1)), stuck)
    assert keys(again) == ["calculator/no_parameters"]


def test_choice_ids_are_short_prefixed_and_unchanged() -> None:
    """Every button the flow can show is one of the ids old messages carry (plus KEMBALI)."""
    from tests.calculator import buttons

    flow = CalculatorFlow()
    shown = {choice.id for step in flow.spec.steps for choice in flow.choices(step)}
    known = {v for k, v in vars(buttons).items() if k.startswith("BTN_") and isinstance(v, str)}
    known |= set(buttons.BTN_RISK.values()) | set(buttons.BTN_SCALE.values())
    assert shown <= known
    for button in shown:
        assert button.startswith("calc:") and len(button.encode()) <= 64


async def test_a_state_saved_before_the_kit_is_read(ctx_factory: Callable[..., Any]) -> None:
    flow = CalculatorFlow()
    old = FlowState(
        flow="calculator",
        step="pu_workers",
        data={"segment": "pu", "role": "employer", "wage": 2_500_000, "risk": "sangat-rendah", "scale": "mikro"},
        history=["segment", "pu_wage", "pu_risk", "pu_scale"],
    )
    result = await flow.step(ctx_factory(text="3"), old)
    assert keys(result.replies) == ["calculator/ask_owner_cover"]
    assert result.state is not None
    result = await flow.step(ctx_factory(text="tidak"), result.state)
    (reply,) = result.replies
    assert reply.key == "calculator/result_pu" and reply.context["all_total"] == "Rp40.500"
    old_bpu = FlowState("calculator", "bpu_jht", {"segment": "bpu", "income": 1_000_000, "sector": "lainnya"})
    result = await flow.step(ctx_factory(text="ya"), old_bpu)
    # 1 May 2026, PP 50/2025 window for other sectors: 10.000/2 + 6.800/2 + JHT 20.000
    assert result.replies[0].context["total"] == "Rp28.400"


async def test_a_typed_transport_trade_picks_the_transport_sector(
    make_driver: Callable[..., Any], ctx_factory: Callable[..., Any]
) -> None:
    d = make_driver(today=date(2026, 12, 1))
    await d.start()
    await d.say("mandiri")
    await d.say("2 juta")
    replies = await d.say("angkot")  # a trade word, not the option's label
    assert keys(replies) == ["calculator/ask_jht"]
    (result,) = await d.say("tidak")
    assert result.context["sector"] == "transportasi"
