"""A small flow made with the kit, as bot/core/flows/kit/README.md shows it: "ingatkan saya".

What to be reminded of (free text), when (buttons or typed), how many times
(a number, asked back when it looks odd), then a summary with edits.
"""

from __future__ import annotations

from typing import Any

from bot.core.flows.base import FlowContext
from bot.core.flows.kit import (
    Accepted,
    Answer,
    Confirm,
    FlowSpec,
    GoTo,
    Option,
    Outcome,
    Rejected,
    Step,
    StepFlow,
    equals,
    words,
)
from bot.core.models import Reply

DONE: list[dict[str, Any]] = []  # what finished reminders handed over (a store in a real flow)


def what(answer: Answer) -> Outcome:
    if len(answer.text) < 3:
        return Rejected(Reply("test/invalid_what", {"example": "bayar iuran"}))
    return Accepted(answer.text)


def times(answer: Answer) -> Outcome:
    if not answer.said.isdigit() or int(answer.said) == 0:
        return Rejected(Reply("test/invalid_times"))
    count = int(answer.said)
    if count > 5 and not answer.confirmed:
        return Confirm(Reply("test/confirm_times", {"count": count}))
    return Accepted(count)


def review(answer: Answer) -> Outcome:
    if answer.option == "send":
        return Accepted("send")
    if answer.option == "edit_when":
        return GoTo("when", drop=("time",))
    return Rejected(Reply("test/invalid_review"))


async def finish(ctx: FlowContext, data: dict[str, Any]) -> list[Reply]:
    DONE.append(dict(data))
    return [Reply("test/done", {"what": data["what"]})]


REMINDER = FlowSpec(
    name="reminder",
    prefix="ingat",
    numbered=True,
    finish=finish,
    steps=(
        Step("what", "test/ask_what", parse=what, back=False),
        Step(
            "when",
            "test/ask_when",
            (Option("besok", "label.test.tomorrow"), Option("lusa", "label.test.later", words("2 hari lagi"))),
            invalid="test/invalid_when",
            stage="when",
        ),
        Step(
            "time",
            "test/ask_time",
            (Option("pagi", "label.test.morning"), Option("sore", "label.test.evening")),
            invalid="test/invalid_time",
            when=equals("when", "besok"),
            stage="when",  # a branch-only question shares its stage: the numbering does not move
        ),
        Step("times", "test/ask_times", parse=times),
        Step(
            "review",
            "test/review",
            (Option("send", "label.test.send"), Option("edit_when", "label.test.edit_when")),
            parse=review,
            review=True,
            intro=lambda ctx, data: [Reply("test/recap", {"what": data["what"]})],
        ),
    ),
)


class ReminderFlow(StepFlow):
    entry_words = frozenset({"ingatkan saya", "ingatkan"})
    entry_buttons = frozenset({"menu:ingat"})

    def __init__(self) -> None:
        super().__init__(REMINDER)
