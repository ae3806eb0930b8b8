"""Fixtures to drive CalculatorFlow directly (no engine, no database)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from bot.core.clock import WIB
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.flows.calculator import CalculatorFlow
from bot.core.models import Contact, FlowState, Inbound, Reply


def make_ctx(text: str | None = None, button: str | None = None, today: date = date(2026, 5, 1)) -> FlowContext:
    now = datetime(today.year, today.month, today.day, 10, 0, tzinfo=WIB)
    inbound = Inbound(channel="console", address="u1", received_at=now, text=text, button=button)
    return FlowContext(contact=Contact(id=1), inbound=inbound, now=now, today=today)


class Driver:
    """Feeds messages to the flow the way the engine would, keeping the state between them."""

    def __init__(self, today: date = date(2026, 5, 1)) -> None:
        self.flow = CalculatorFlow()
        self.today = today
        self.state: FlowState | None = None
        self.all_replies: list[Reply] = []

    def _keep(self, result: FlowResult) -> list[Reply]:
        self.state = result.state
        self.all_replies.extend(result.replies)
        return result.replies

    async def start(self) -> list[Reply]:
        return self._keep(await self.flow.start(make_ctx("iuran", today=self.today), ""))

    async def say(self, text: str) -> list[Reply]:
        assert self.state is not None, "flow already finished"
        # as the engine does, the state goes through JSON in SQLite between messages
        state = FlowState.from_json_dict(self.state.to_json_dict())
        return self._keep(await self.flow.step(make_ctx(text=text, today=self.today), state))

    async def press(self, button: str) -> list[Reply]:
        assert self.state is not None, "flow already finished"
        state = FlowState.from_json_dict(self.state.to_json_dict())
        return self._keep(await self.flow.step(make_ctx(button=button, today=self.today), state))


def keys(replies: list[Reply]) -> list[str]:
    return [r.key for r in replies]


def choice_ids(replies: list[Reply]) -> list[str]:
    return [c.id for r in replies for c in r.choices]


@pytest.fixture
def make_driver() -> Callable[..., Driver]:
    """Factory fixture: make_driver(today=date(...)) -> a fresh Driver."""
    return Driver


@pytest.fixture
def ctx_factory() -> Callable[..., FlowContext]:
    return make_ctx
