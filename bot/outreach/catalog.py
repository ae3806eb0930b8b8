"""The outreach messages the bot sends, with their figures from the dated parameters.

Each builder returns an `OutreachMessage`: the reply shown where free-form text
is allowed, and the approved WhatsApp template (with its parameters) for outside
the 24-hour window. Figures come from messages/params for the day of sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.core import choices as menu
from bot.core.models import Choice, Reply
from bot.outreach.compose import OutreachMessage
from bot.rules.contributions import bpu_contribution
from bot.rules.formatting import long_date, month_year, rupiah
from bot.rules.parameters import DiscountWindow, Parameters

STOP = Choice(menu.BTN_OPT_OUT, "label.outreach.stop")
DEADLINE_DAY = 15  # BPU pay by the 15th of the contribution month itself (fact sheet §10)


def minimum_bpu(params: Parameters, on: date, sector: str = "lainnya") -> tuple[int, int, DiscountWindow | None]:
    """JKK+JKM at the lowest declared income: (price on `on`, price without discount, discount)."""
    contribution = bpu_contribution(params.integer("bpu_min_income", on), on, sector=sector, params=params)
    full = contribution.undiscounted_total or contribution.total_monthly
    return contribution.total_monthly, full, params.discount_for(sector, on)


def contribution_month_due(today: date) -> date:
    """The month whose BPU contribution is due next: this one until the 15th, then the next."""
    if today.day <= DEADLINE_DAY:
        return today
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def bpu_monthly(params: Parameters, month: date) -> OutreachMessage:
    amount, _full, discount = minimum_bpu(params, month)
    deadline = month.replace(day=DEADLINE_DAY)
    reply = Reply(
        "outreach/bpu_monthly",
        {
            "month": month_year(month),
            "deadline": deadline,
            "amount": amount,
            "discounted": discount is not None,
            "discount_name": discount.name if discount is not None else "",
        },
        choices=(Choice(menu.BTN_CALCULATOR, "label.outreach.calculator"), STOP),
    )
    values = {"bulan": month_year(month), "jumlah": f"mulai {rupiah(amount)}", "batas": long_date(deadline)}
    return OutreachMessage(reply, "bpu_contribution_reminder", values)


def registration_follow_up() -> OutreachMessage:
    reply = Reply(
        "outreach/registration_follow_up",
        choices=(Choice(menu.BTN_RESUME, "label.outreach.continue_registration"), STOP),
    )
    return OutreachMessage(reply, "registration_follow_up", {})


@dataclass(frozen=True, slots=True)
class DiscountCampaign:
    """A week before a temporary discount ends: tell those who looked at BPU contributions."""

    window: DiscountWindow
    send_on: date
    ends_on: date  # last day of the last discounted contribution month

    @property
    def key(self) -> str:
        return f"discount-end:{self.window.sector}:{self.window.until.isoformat()}"

    @property
    def interest(self) -> str:
        return "bpu_transport" if self.window.sector == "transportasi" else "bpu"


def discount_campaigns(params: Parameters, days_before: int = 7) -> list[DiscountCampaign]:
    campaigns = []
    for window in params.discounts:
        last_day = (window.until.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        campaigns.append(DiscountCampaign(window, last_day - timedelta(days=days_before), last_day))
    return campaigns


def discount_ending(params: Parameters, campaign: DiscountCampaign, on: date) -> OutreachMessage:
    window = campaign.window
    amount, full, _discount = minimum_bpu(params, on, window.sector)
    reply = Reply(
        "outreach/discount_ending",
        {
            "percent": f"{window.percent.normalize():f}",
            "discount_name": window.name,
            "sector": window.sector,
            "until_month": month_year(window.until),
            "amount": amount,
            "full_amount": full,
        },
        choices=(
            Choice(menu.BTN_CALCULATOR, "label.outreach.calculator"),
            Choice(menu.BTN_REGISTER, "label.outreach.register"),
            STOP,
        ),
    )
    values = {
        "potongan": f"{window.percent.normalize():f}% ({window.name})",
        "sampai": month_year(window.until),
        "iuran": rupiah(amount),
    }
    return OutreachMessage(reply, "discount_ending", values)


def personal_reminder(topic: str) -> OutreachMessage:
    what = "mendaftar BPJS Ketenagakerjaan" if topic == "daftar" else "membayar iuran BPJS Ketenagakerjaan"
    action = Choice(
        menu.BTN_REGISTER if topic == "daftar" else menu.BTN_CALCULATOR,
        "label.outreach.register" if topic == "daftar" else "label.outreach.calculator",
    )
    reply = Reply("outreach/personal_reminder", {"topic": topic}, choices=(action, STOP))
    return OutreachMessage(reply, "personal_reminder", {"pengingat": what})


def broadcast_text(text: str) -> OutreachMessage:
    reply = Reply("outreach/broadcast", {"text": text}, choices=(STOP,))
    return OutreachMessage(reply, "info_broadcast", {"isi": text})


def staff_lead_waiting(reference: str, created: str, role_word: str, area_word: str) -> OutreachMessage:
    reply = Reply("outreach/staff_lead_waiting", {"reference": reference, "created": created})
    values = {"referensi": reference, "peran": role_word, "wilayah": area_word, "masuk": created}
    return OutreachMessage(reply, "staff_lead_waiting", values)
