""" "Ingatkan saya": a person asks to be reminded to register or to pay, on a day they choose,
or every month before the BPU deadline (the 15th). Made with the flow kit.

The request itself is the consent for that reminder; BERHENTI still stops it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.core import choices as menu
from bot.core.flows.base import FlowContext
from bot.core.flows.kit import Accepted, Answer, FlowSpec, Option, Outcome, Rejected, Step, StepFlow, equals, words
from bot.core.models import Reply
from bot.core.validation.dates import read_day

BTN_REMIND = "menu:ingat"
FURTHEST = timedelta(days=120)


class ReminderRequests(Protocol):
    async def remind_on(self, contact_id: int, topic: str, day: date, now: datetime) -> int: ...

    async def remind_monthly(
        self, contact_id: int, day_of_month: int, detail: dict[str, Any], now: datetime
    ) -> int: ...


TOPICS = (
    Option("daftar", "label.reminder.topic_register", words("daftar", "mendaftar", "pendaftaran", "registrasi")),
    Option("bayar", "label.reminder.topic_pay", words("bayar", "bayar iuran", "iuran", "membayar")),
    Option(
        "bulanan", "label.reminder.topic_monthly", words("tiap bulan", "setiap bulan", "bulanan", "tiap bulan saja")
    ),
)


def _day(answer: Answer) -> Outcome:
    today = answer.ctx.today
    day = read_day(answer.text, today)
    if day is None:
        return Rejected(Reply("reminder/invalid_day", {"reason": "unreadable"}))
    if day <= today:
        return Rejected(Reply("reminder/invalid_day", {"reason": "past"}))
    if day - today > FURTHEST:
        return Rejected(Reply("reminder/invalid_day", {"reason": "too_far", "days": FURTHEST.days}))
    return Accepted(day.isoformat())


class ReminderFlow(StepFlow):
    name = "reminder"
    entry_words = frozenset(
        {"ingatkan", "ingatkan saya", "ingatkan aku", "ingetin", "ingetin aku", "ingetin saya", "pengingat iuran"}
        | {"remind me", "tolong ingatkan"}
    )
    entry_buttons = frozenset({BTN_REMIND})

    def __init__(self, requests: ReminderRequests, monthly_day: int = 10) -> None:
        self._requests = requests
        self._monthly_day = monthly_day
        super().__init__(
            FlowSpec(
                name="reminder",
                prefix="ingat",
                finish=self._finish,
                steps=(
                    Step("topic", "reminder/ask_topic", TOPICS, invalid="reminder/invalid_topic", back=False),
                    Step(
                        "day",
                        "reminder/ask_day",
                        parse=_day,
                        when=equals("topic", "daftar", "bayar"),
                        context=lambda ctx, data: {"topic": data["topic"]},
                    ),
                ),
            )
        )

    async def _finish(self, ctx: FlowContext, data: dict[str, Any]) -> list[Reply]:
        topic = str(data["topic"])
        if topic == "bulanan":
            await self._requests.remind_monthly(ctx.contact.id, self._monthly_day, {}, ctx.now)
            context: dict[str, Any] = {"topic": topic, "day_of_month": self._monthly_day}
        else:
            day = date.fromisoformat(str(data["day"]))
            await self._requests.remind_on(ctx.contact.id, topic, day, ctx.now)
            context = {"topic": topic, "day": day}
        return [Reply("reminder/done", context, choices=menu.main_menu())]
