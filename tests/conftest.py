"""Shared fixtures: a real engine on a temporary SQLite file, driven like a user.

`harness.send("teks")` or `harness.press("menu:iuran")` returns the replies;
`harness.text(replies)` renders them as the terminal shows them, so tests assert
on message keys first and on wording only where wording is the point.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import datetime
from itertools import count
from pathlib import Path

import pytest
from hypothesis import settings

from bot.app import App, build_app
from bot.core.clock import WIB, FixedClock
from bot.core.models import Inbound, Reply
from tests.tgemu.server import Emulator

# Property tests explore the same inputs on every run (CI included): a failure they find is a
# finding to fix, not a coin that lands differently on the next run. Set
# HYPOTHESIS_PROFILE=explore to search afresh with random seeds.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

START = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)


class Harness:
    def __init__(self, app: App, clock: FixedClock, db_path: Path) -> None:
        self.app = app
        self.clock = clock
        self.db_path = db_path
        self._ids = count(1)

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.app.engine

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.app.store

    def inbound(
        self,
        text: str | None = None,
        *,
        button: str | None = None,
        user: str = "u1",
        channel: str = "console",
        external_id: str | None = None,
        shared_phone: str | None = None,
    ) -> Inbound:
        return Inbound(
            channel=channel,
            address=user,
            received_at=self.clock.now(),
            external_id=external_id if external_id is not None else f"m{next(self._ids)}",
            text=text,
            button=button,
            shared_phone=shared_phone,
        )

    async def send(self, text: str, **kwargs: object) -> list[Reply]:
        return await self.app.engine.handle(self.inbound(text, **kwargs))  # type: ignore[arg-type]

    async def press(self, button: str, **kwargs: object) -> list[Reply]:
        return await self.app.engine.handle(self.inbound(button=button, **kwargs))  # type: ignore[arg-type]

    def text(self, replies: list[Reply], channel: str = "console") -> str:
        return "\n\n".join(self.app.renderer.render(r, channel).text for r in replies)

    @staticmethod
    def keys(replies: list[Reply]) -> list[str]:
        return [r.key for r in replies]

    @staticmethod
    def button_ids(replies: list[Reply]) -> list[str]:
        return [c.id for r in replies for c in r.choices]

    async def restart(self) -> None:
        """Close the app and open a new one on the same database file (a process restart)."""
        await self.app.close()
        self.app = await build_app(self.db_path, clock=self.clock)


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    clock = FixedClock(START)
    db_path = tmp_path / "bot.sqlite3"
    app = await build_app(db_path, clock=clock)
    h = Harness(app, clock, db_path)
    try:
        yield h
    finally:
        await h.app.close()


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    """The Bot API emulator on a free loopback port, for the end-to-end tests."""
    emu = Emulator()
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()
