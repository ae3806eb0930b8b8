"""A flow described as data: steps, their options, and what a parser may answer.

A `Step` is one question. Its answer is stored in `FlowState.data[step.name]`;
a step counts as answered when that key is present (the value may be None, e.g.
"tidak tahu"). A parser turns an `Answer` into one of five outcomes:

- `Accepted(value)`: store it (plus `updates`, minus `drop`), say `notes`, move on;
- `Rejected(reply)`: say why, with an example; counts as a failure;
- `Confirm(reply)`: ask back ("Rp2 juta?"); "ya" parses the same answer again
  with `Answer.confirmed` set, "bukan" with `Answer.declined` set (a parser that
  asks back again then means: ask the question again);
- `GoTo(step, notes)`: say the notes and go to a step without storing (edits
  from a summary, or a list shown before asking the same question again);
- `End(replies)`: the flow stops here, nothing more is asked (consent refused).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.flows.base import FlowContext
from bot.core.flows.kit.words import normalise, without_fillers
from bot.core.models import Reply

Data = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Option:
    """A button, and the words that mean it when typed."""

    value: str  # what is stored (or what the parser sees as `Answer.option`)
    label_key: str
    words: frozenset[str] = frozenset()  # typed synonyms, already normalised
    code: str = ""  # the button id's last part, when it differs from `value` (kept for old buttons)

    @property
    def button_code(self) -> str:
        return self.code or self.value


@dataclass(frozen=True, slots=True)
class Answer:
    """What a parser gets: the message, the answers so far, and the option it picked."""

    ctx: FlowContext
    data: Data
    text: str  # the cleaned typed text; "" for a button press
    option: str | None  # value of the option a button or typed word picked
    confirmed: bool = False  # True when re-read after "ya" to a `Confirm`
    declined: bool = False  # True when re-read after "bukan" to a `Confirm`

    @property
    def said(self) -> str:
        return normalise(self.text)

    @property
    def shared_phone(self) -> str | None:
        return self.ctx.inbound.shared_phone


@dataclass(frozen=True, slots=True)
class Accepted:
    value: Any
    updates: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[Reply, ...] = ()  # said before the next question
    drop: tuple[str, ...] = ()  # answers this one makes irrelevant


@dataclass(frozen=True, slots=True)
class Rejected:
    reply: Reply  # gets the step's buttons when it has none of its own


@dataclass(frozen=True, slots=True)
class Confirm:
    reply: Reply
    yes_label: str = "label.flow.confirm_yes"
    no_label: str = "label.flow.confirm_no"


@dataclass(frozen=True, slots=True)
class GoTo:
    step: str | None  # None: the first question not answered yet
    drop: tuple[str, ...] = ()
    notes: tuple[Reply, ...] = ()


@dataclass(frozen=True, slots=True)
class End:
    replies: tuple[Reply, ...]


Outcome = Accepted | Rejected | Confirm | GoTo | End
Parser = Callable[[Answer], Outcome]
Condition = Callable[[Data], bool]
QuestionContext = Callable[[FlowContext, Data], Mapping[str, Any]]
# Said just before a question: a result it asks about. May be a coroutine (a preview that reads storage).
Intro = Callable[[FlowContext, Data], Sequence[Reply] | Awaitable[Sequence[Reply]]]


@dataclass(frozen=True, slots=True)
class Step:
    name: str  # FlowState.step and the data key of the answer
    question: str  # message key of the question
    options: tuple[Option, ...] = ()
    parse: Parser | None = None  # None: one of the options must be picked
    invalid: str = ""  # message key when no option matched (steps without a parser)
    context: QuestionContext | None = None  # the question's template context
    intro: Intro | None = None  # said just before the question when it is reached (a result it asks about)
    when: Condition | None = None  # None: always asked
    stage: str = ""  # steps of one stage share a progress number (default: the step's own)
    numbered: bool = True  # False: shows no "langkah N dari M" (a preface such as consent)
    back: bool = True  # offer the KEMBALI button
    request_contact: bool = False  # channels that can, offer "share my number"
    review: bool = False  # a summary: asked whenever reached, its answer is not stored
    key: str = ""  # the button ids' middle part, when it differs from `name` (kept for old buttons)
    pick_by_number: bool = True  # False where a typed number is an answer ("2" juta), not option 2

    @property
    def button_key(self) -> str:
        return self.key or self.name

    @property
    def stage_name(self) -> str:
        return self.stage or self.name

    def applies(self, data: Data) -> bool:
        return self.when is None or self.when(data)

    def option_for_button(self, button_id: str, prefix: str) -> Option | None:
        for option in self.options:
            if button_id == f"{prefix}:{self.button_key}:{option.button_code}":
                return option
        return None

    def option_for_text(self, said: str) -> Option | None:
        """The option a typed answer names: its number, its value, or one of its words."""
        if self.pick_by_number and said.isdigit() and 1 <= int(said) <= len(self.options):
            return self.options[int(said) - 1]
        for candidate in dict.fromkeys((said, without_fillers(said))):
            for option in self.options:
                if candidate == option.value or candidate in option.words:
                    return option
        return None


def equals(key: str, *values: Any) -> Condition:
    """A condition: the answer to `key` is one of `values`."""
    return lambda data: data.get(key) in values


def words(*items: str) -> frozenset[str]:
    """Typed synonyms, normalised the way answers are."""
    return frozenset(normalise(item) for item in items)
