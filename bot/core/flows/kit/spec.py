"""A whole flow as data: its steps in order, the generic texts, and how it ends.

The order of `steps` is the order of the questions; `Step.when` leaves out the
ones that do not apply to this person. Moving on always goes to the first
question not answered yet, so after KEMBALI or an edit the person lands back
where they were instead of answering everything again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.flows.base import FlowContext
from bot.core.flows.kit.steps import Data, Step
from bot.core.models import Reply

Finish = Callable[[FlowContext, dict[str, Any]], Awaitable[list[Reply]]]
Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
# Keys the kit keeps in FlowState.data for itself; step names never start with "_".
PENDING_CONFIRM = "_confirm"
# The template partial a numbered flow's questions include to show `progress`.
PROGRESS_PARTIAL = "flow/progress"


@dataclass(frozen=True, slots=True)
class FlowTexts:
    """Message keys of the replies the kit makes itself. New flows can keep the defaults."""

    stale_button: str = "flow/stale_button"  # a button from an earlier question
    offer_help: str = "flow/offer_help"  # after repeated failures: staff or cancel
    cannot_go_back: str = "flow/cannot_go_back"  # KEMBALI on the first question
    resume: str = ""  # optional "where you were" line before the question on LANJUT


@dataclass(frozen=True, slots=True)
class Progress:
    number: int
    total: int


@dataclass(frozen=True)
class FlowSpec:
    name: str  # FlowState.flow
    prefix: str  # button ids: "<prefix>:<step>:<option>", "<prefix>:back"
    steps: tuple[Step, ...]
    finish: Finish  # called when no question is left; its replies end the flow
    texts: FlowTexts = field(default_factory=FlowTexts)
    numbered: bool = False  # show "langkah N dari M" in each question
    failures_before_help: int = 3
    # Reads a state saved by an older version (renamed keys, old values); may raise
    # KeyError/TypeError/ValueError, and then the flow starts again politely.
    upgrade: Upgrade | None = None

    def __post_init__(self) -> None:
        names = [step.name for step in self.steps]
        if len(set(names)) != len(names) or any(name.startswith("_") for name in names):
            raise ValueError(f"{self.name}: step names must be unique and not start with '_'")
        for step in self.steps:
            if step.parse is None and not (step.options and step.invalid):
                raise ValueError(f"{self.name}.{step.name}: a step without a parser needs options and `invalid`")

    @property
    def back_button(self) -> str:
        return f"{self.prefix}:back"

    def confirm_buttons(self, step: Step) -> tuple[str, str]:
        return f"{self.prefix}:ok:{step.button_key}", f"{self.prefix}:redo:{step.button_key}"

    def step(self, name: str) -> Step | None:
        return next((step for step in self.steps if step.name == name), None)

    def sequence(self, data: Data) -> list[Step]:
        """The questions this person goes through, given the answers so far."""
        return [step for step in self.steps if step.applies(data)]

    def next_step(self, data: Data, after: str | None = None) -> Step | None:
        """The first unanswered question; else a summary after `after`; None: finished."""
        sequence = self.sequence(data)
        for step in sequence:
            if not step.review and step.name not in data:
                return step
        names = [step.name for step in sequence]
        position = names.index(after) if after in names else -1
        return next((step for step in sequence[position + 1 :] if step.review), None)

    def progress(self, step: Step) -> Progress:
        """'Langkah N dari M': one number per stage over all branches, so it never jumps.

        An unnumbered step (a preface) gets number 0 and still knows the total.
        """
        stages = list(dict.fromkeys(s.stage_name for s in self.steps if s.numbered))
        number = stages.index(step.stage_name) + 1 if step.numbered else 0
        return Progress(number, len(stages))
