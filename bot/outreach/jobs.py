"""The scheduler's tick: everything that is due becomes outbox rows, from SQLite alone.

One tick (every `BPJSTK_TICK_SECONDS`, default 30 s): queue staff notifications,
expand broadcasts whose time has come, run the reminder rules, close finished
broadcasts, and the jobs that run once a day (retention, stale parameters) or once
a week (the Monday summary for staff). Each is idempotent, so a tick that runs
twice, late or after a restart sends nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.core import choices as menu
from bot.core.clock import WIB, Clock
from bot.core.models import Reply
from bot.core.outreach.model import NewMessage
from bot.core.takeover import SILENCE_ENDS_AFTER, UNTAKEN_EXPIRES_WORKING_DAYS, HumanRequest, HumanRequestStore
from bot.outreach.broadcasts import Broadcasts
from bot.outreach.compose import Composer, Destination, OutreachMessage, RowKeys
from bot.outreach.reminders import ReminderRules, add_working_days
from bot.outreach.staff_notify import StaffNotifier
from bot.storage.outbox import SqliteOutbox
from bot.storage.reminders import SqliteReminders

log = logging.getLogger(__name__)

WEEKLY_SUMMARY_AT = time(8, 0)  # Monday morning, WIB

DailyJob = Callable[[datetime], Awaitable[object]]
WeeklySummary = Callable[[datetime], Awaitable[Sequence[Reply]]]


@dataclass
class TickReport:
    staff: int = 0
    broadcast_rows: int = 0
    reminder_rows: int = 0
    broadcasts_done: int = 0
    takeovers_closed: int = 0
    requests_expired: int = 0

    @property
    def queued_anything(self) -> bool:
        return bool(self.staff or self.broadcast_rows or self.reminder_rows)


class OutreachJobs:
    def __init__(
        self,
        composer: Composer,
        staff: StaffNotifier,
        broadcasts: Broadcasts,
        rules: ReminderRules,
        periods: SqliteReminders,
        outbox: SqliteOutbox,
        clock: Clock,
        *,
        daily: Sequence[tuple[str, DailyJob]] = (),
        weekly_summary: WeeklySummary | None = None,
        takeovers: HumanRequestStore | None = None,
        queued: Callable[[], None] = lambda: None,
    ) -> None:
        self._composer = composer
        self._staff = staff
        self._broadcasts = broadcasts
        self._rules = rules
        self._periods = periods
        self._outbox = outbox
        self._clock = clock
        self._daily = tuple(daily)
        self._weekly_summary = weekly_summary
        self._takeovers = takeovers
        self._queued = queued

    async def tick(self) -> TickReport:
        report = TickReport()
        try:
            report.staff = await self._staff.queue(self._composer)
            report.broadcast_rows = await self._broadcasts.expand_due(self._composer)
            report.reminder_rows = await self._rules.run(self._composer)
            report.broadcasts_done = len(await self._broadcasts.finish_sent())
            report.takeovers_closed = await self._close_silent_takeovers()
            report.requests_expired = await self._expire_untaken_requests()
            await self._periodic()
        finally:
            self._queued()  # wake the senders: rows may have been written
        return report

    async def _close_silent_takeovers(self) -> int:
        """A taken conversation with no message for 24 hours goes back to the bot; both are told."""
        if self._takeovers is None:
            return 0
        now = self._clock.now()
        silent = await self._takeovers.silent_since(now - SILENCE_ENDS_AFTER)
        for request in silent:
            staff = Destination(request.staff_channel, request.staff_address)
            ended = OutreachMessage(Reply("core/human_ended", choices=menu.main_menu()))
            note = OutreachMessage(Reply("staff/takeover_ended", {"request_id": request.id}))
            rows = self._composer.rows("staff", staff, note, now.timestamp())
            await self._close_and_tell(request, "silence", ended, now, rows)
        return len(silent)

    async def _close_and_tell(
        self,
        request: HumanRequest,
        reason: str,
        to_person: OutreachMessage,
        now: datetime,
        more: Sequence[NewMessage] = (),
    ) -> None:
        """Close a request and queue what the person (and anyone else) is told, in one transaction:
        a stop in between neither closes it silently nor tells them twice."""
        assert self._takeovers is not None  # only the jobs above, which checked, call it
        person = Destination(request.channel, request.address, request.contact_id, request.last_activity_at)
        rows = [*self._composer.rows("reply", person, to_person, now.timestamp()), *more]
        async with self._outbox.db.transaction():
            await self._takeovers.close(request.id, reason, now)
            await self._outbox.enqueue(rows, now.timestamp())

    async def _expire_untaken_requests(self) -> int:
        """A request nobody took within its working days is closed; the person is told where else to turn."""
        if self._takeovers is None:
            return 0
        now = self._clock.now()
        candidates = await self._takeovers.untaken_since(now - timedelta(days=UNTAKEN_EXPIRES_WORKING_DAYS))
        expired = 0
        for request in candidates:
            opened = request.opened_at.astimezone(WIB)
            if add_working_days(opened, UNTAKEN_EXPIRES_WORKING_DAYS) > now:
                continue
            told = OutreachMessage(
                Reply("core/human_expired", {"since": opened.strftime("%d-%m-%Y")}, choices=menu.main_menu())
            )
            await self._close_and_tell(request, "expired", told, now)
            expired += 1
        return expired

    async def _periodic(self) -> None:
        now = self._clock.now()
        local = now.astimezone(WIB)
        for job_name, job in self._daily:
            if await self._periods.claim_period(job_name, local.date().isoformat(), now):
                try:
                    await job(now)
                except Exception:
                    log.exception("daily job %s failed", job_name)
        if self._weekly_summary is not None and local.weekday() == 0 and local.time() >= WEEKLY_SUMMARY_AT:
            year, week, _day = local.isocalendar()
            if await self._periods.claim_period("weekly_summary", f"{year}-W{week:02d}", now):
                await self._send_weekly_summary(now, f"{year}-W{week:02d}")

    async def _send_weekly_summary(self, now: datetime, week: str) -> None:
        assert self._weekly_summary is not None
        replies = await self._weekly_summary(now)
        # Every staff destination, chart included. A WhatsApp staff number outside its 24-hour
        # window could only get an approved template, and the summary has none: the composer
        # records that row `skipped` with the reason instead of sending it.
        rows = [
            row
            for to in await self._staff.resolve()
            for reply in replies
            for row in self._composer.rows("staff", to, OutreachMessage(reply), now.timestamp(), RowKeys())
        ]
        await self._outbox.enqueue(rows, now.timestamp())
        log.info("weekly summary %s queued for %d staff destination(s)", week, len(rows))
