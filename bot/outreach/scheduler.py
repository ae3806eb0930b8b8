"""APScheduler 3 runs the outreach tick: one interval job, never two at once, no job store.

SQLite is the truth (reminders, broadcasts, states); APScheduler only says "now".
Its own job stores would pickle jobs and live in one process; its default
one-second misfire grace would drop ticks after a pause. So: one in-memory
interval job, coalescing missed runs into one, one instance at a time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

JOB_ID = "outreach-tick"


class Ticker:
    """APScheduler with our one job; `stop` waits for a tick in progress (it writes SQLite)."""

    def __init__(self, tick: Callable[[], Awaitable[object]]) -> None:
        self._tick = tick
        self._scheduler: AsyncIOScheduler | None = None
        self._running: asyncio.Task[object] | None = None

    async def _run(self) -> None:
        self._running = asyncio.current_task()
        try:
            await self._tick()
        except Exception:
            log.exception("outreach tick failed; the next one tries again")
        finally:
            self._running = None

    def start(self, every_seconds: float) -> None:
        """Tick now and every `every_seconds` (inside the running event loop)."""
        self._scheduler = start_scheduler(self._run, every_seconds)

    async def stop(self) -> None:
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            scheduler.pause()  # no new tick; the one running finishes (shutdown would cancel it)
        running = self._running
        if running is not None and not running.done():
            await asyncio.gather(running, return_exceptions=True)
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def start_scheduler(tick: Callable[[], Awaitable[object]], every_seconds: float) -> AsyncIOScheduler:
    """Start ticking now and every `every_seconds` (call inside the running event loop)."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        tick,
        "interval",
        seconds=every_seconds,
        id=JOB_ID,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,  # a late tick still runs (once, coalesced)
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    return scheduler
