"""A real app on a temporary SQLite file with one listed staff member, driven like chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_app
from bot.core.clock import FixedClock
from tests.conftest import START, Harness
from tests.staff.helpers import STAFF_ID


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Harness]:
    clock = FixedClock(START)
    db_path = tmp_path / "bot.sqlite3"
    app = await build_app(db_path, clock=clock, staff_ids={STAFF_ID})
    harness = Harness(app, clock, db_path)
    try:
        yield harness
    finally:
        await harness.app.close()
