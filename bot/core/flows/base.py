"""The contract every multi-step flow (calculator, registration, ...) implements.

A flow is a small state machine: `start` opens it, `step` handles each later
message. The engine persists the returned `FlowState` in SQLite between
messages, so a restart resumes exactly where the user was. Flows get their own
dependencies (stores, calculators) through their constructors, in `bot/app.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from bot.core.models import Contact, FlowState, Inbound, Reply


@dataclass(frozen=True, slots=True)
class FlowContext:
    contact: Contact
    inbound: Inbound
    now: datetime
    today: date  # in Asia/Jakarta: the date dated parameters are read for


@dataclass(slots=True)
class FlowResult:
    replies: list[Reply] = field(default_factory=list)
    state: FlowState | None = None  # None: the flow is finished
    completed: bool = False  # finished by reaching its end (not cancelled, not refused)


class Flow(Protocol):
    name: str  # stored in FlowState.flow
    # Whole messages that open it (lower case, single spaces), e.g. "daftar", "hitung iuran";
    # single words also work as slash commands ("/daftar").
    entry_words: frozenset[str]
    entry_buttons: frozenset[str]  # button ids that open it, e.g. "menu:daftar"
    # Openings of a sentence that open it with the rest as the argument, e.g. "ingatkan saya"
    # in "ingatkan saya bayar iuran tanggal 10"; most flows have none.
    entry_prefixes: frozenset[str]

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        """Open the flow. `argument` is what followed the entry word or deep link."""
        ...

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        """Handle `ctx.inbound` at `state.step`."""
        ...

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        """Replies that re-ask the current step (after MENU, a restart or a stale button)."""
        ...

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        """Called when the user cancels or leaves the flow (record what was reached)."""
        ...
