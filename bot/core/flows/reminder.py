""" "Ingatkan saya": a person asks to be reminded to register or to pay, on a day they choose,
or every month before the BPU deadline (the 15th). Made with the flow kit.

The request itself is the consent for that reminder; BERHENTI still stops it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Protocol

from bot.core import choices as menu
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.flows.kit import Accepted, Answer, FlowSpec, Option, Outcome, Rejected, Step, StepFlow, equals, words
from bot.core.flows.kit.words import normalise
from bot.core.models import Choice, FlowState, Reply
from bot.core.validation.dates import find_day, read_day

BTN_REMIND = "menu:ingat"
FURTHEST = timedelta(days=120)


class ReminderRequests(Protocol):
    async def remind_on(self, contact_id: int, topic: str, day: date, now: datetime) -> int: ...

    async def remind_monthly(
        self, contact_id: int, day_of_month: int, detail: dict[str, Any], now: datetime
    ) -> int: ...

    async def stop_requested(self, contact_id: int, topic: str | None = None) -> int:
        """Stop the reminders the person asked for (all, or the one of `topic`); returns how many."""
        ...

    async def requested_topics(self, contact_id: int) -> list[str]:
        """Topics (daftar, bayar, bulanan) of the person's reminders still to come."""
        ...


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


def _named(said: str, options: tuple[Option, ...]) -> str | None:
    """The first option whose words stand whole in `said` (already normalised and padded)."""
    for option in options:
        if any(f" {word} " in said for word in option.words):
            return str(option.value)
    return None


def read_request(sentence: str, today: date) -> dict[str, Any]:
    """What "ingatkan saya <...>" already says: the topic, the day, or both.

    Only what reads clearly is taken; the flow asks for the rest. A day in the past
    or too far ahead is left for the question, which explains what is possible.
    """
    found: dict[str, Any] = {}
    topic = _named(f" {normalise(sentence)} ", TOPICS)
    if topic is not None:
        found["topic"] = topic
    if topic == "bulanan":
        return found
    day = find_day(sentence, today)
    if day is not None and today < day <= today + FURTHEST:
        found["day"] = day.isoformat()
    return found


class ReminderFlow(StepFlow):
    name = "reminder"
    entry_words = frozenset(
        {"ingatkan", "ingatkan saya", "ingatkan aku", "ingetin", "ingetin aku", "ingetin saya", "pengingat iuran"}
        | {"remind me", "tolong ingatkan"}
    )
    entry_buttons = frozenset({BTN_REMIND})
    entry_prefixes = frozenset(
        {"ingatkan", "ingatkan saya", "ingatkan aku", "ingetin", "ingetin aku", "ingetin saya", "tolong ingatkan"}
        | {"tolong ingatkan saya", "tolong ingetin", "mohon ingatkan", "remind me", "please remind me"}
    )

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

    async def initial_data(self, ctx: FlowContext, argument: str) -> dict[str, Any]:
        return read_request(argument, ctx.today) if argument else {}

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


STOP_PREFIX = "ingatstop:"
STOP_ALL = "semua"
# "semua" is looked for first: "semua pengingat bulanan" means all of them.
STOP_OPTIONS = (
    Option(
        STOP_ALL,
        "label.reminder.stop_all",
        words("semua", "semuanya", "all", "kabeh", "sedanten", "dua duanya", "semua saja"),
    ),
    *TOPICS,
)
STOP_LABELS = {option.value: option.label_key for option in STOP_OPTIONS}


def _stop_choice(said: str, button: str | None) -> str | None:
    """Which reminder a person names: a topic, "semua", or None."""
    if button is not None and button.startswith(STOP_PREFIX):
        return button.removeprefix(STOP_PREFIX)
    return _named(f" {normalise(said)} ", STOP_OPTIONS)


class ReminderStopFlow:
    """ "hapus pengingat" stops the reminders the person asked for, nothing else: the one named
    ("hapus pengingat bulanan"), the only one, or, with several, the one chosen from a question.

    BERHENTI stops every message from us; this keeps broadcasts and the rest as they were.
    """

    name = "reminder_stop"
    entry_words = frozenset(
        {"hapus pengingat", "batal pengingat", "batalkan pengingat", "stop pengingat", "hentikan pengingat"}
        | {"berhenti pengingat", "matikan pengingat", "jangan ingatkan", "jangan ingatkan saya", "gak usah ingatkan"}
    )
    entry_buttons: frozenset[str] = frozenset()
    entry_prefixes = frozenset(
        {"hapus pengingat", "batal pengingat", "batalkan pengingat", "stop pengingat", "hentikan pengingat"}
        | {"matikan pengingat", "jangan ingatkan"}
    )

    def __init__(self, requests: ReminderRequests) -> None:
        self._requests = requests

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        topics = await self._requests.requested_topics(ctx.contact.id)
        chosen = _stop_choice(argument, None) if argument else None
        if chosen in topics:
            return await self._stop(ctx, chosen)
        if not topics or chosen == STOP_ALL or (chosen is None and len(topics) == 1):
            return await self._stop(ctx, None)
        return self._ask(topics, invalid=chosen is not None)  # several, or one they did not name

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        topics = [str(t) for t in state.data.get("topics", [])]
        chosen = _stop_choice(ctx.inbound.text or "", ctx.inbound.button)
        if chosen == STOP_ALL:
            return await self._stop(ctx, None)
        if chosen in topics:
            return await self._stop(ctx, chosen)
        return self._ask(topics, invalid=True)

    async def _stop(self, ctx: FlowContext, topic: str | None) -> FlowResult:
        stopped = await self._requests.stop_requested(ctx.contact.id, topic)
        context = {"count": stopped, "topic": topic or ""}
        return FlowResult([Reply("reminder/stopped", context, choices=menu.main_menu())], None)

    def _ask(self, topics: list[str], *, invalid: bool) -> FlowResult:
        choices = tuple(Choice(f"{STOP_PREFIX}{t}", STOP_LABELS[t]) for t in (*topics, STOP_ALL))
        reply = Reply("reminder/stop_which", {"topics": topics, "invalid": invalid}, choices=choices)
        return FlowResult([reply], FlowState(self.name, "which", {"topics": topics}))

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        return self._ask([str(t) for t in state.data.get("topics", [])], invalid=False).replies

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        return None
