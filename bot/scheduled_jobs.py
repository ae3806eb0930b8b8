"""The outreach parts over one app and its channels: what `run` starts and what tests drive."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.app import App
from bot.channels.base import Channel
from bot.channels.whatsapp.templates import load_templates
from bot.core.clock import WIB
from bot.outreach.broadcasts import Broadcasts
from bot.outreach.compose import Composer
from bot.outreach.jobs import OutreachJobs
from bot.outreach.quiet import QuietHours
from bot.outreach.reminders import ReminderRules
from bot.outreach.staff_notify import StaffDestination, StaffNotifier
from bot.parameter_alerts import report_stale_parameters
from bot.rules.parameters import Parameters, default_parameters
from bot.storage.audience import SqliteAudience
from bot.storage.broadcasts import SqliteBroadcasts
from bot.storage.human_requests import SqliteHumanRequests
from bot.storage.outbox import SqliteOutbox
from bot.storage.reminders import SqliteReminders
from bot.storage.retention import RetentionPolicy, retention_job


def build_jobs(
    app: App,
    channels: Mapping[str, Channel],
    staff_destinations: Sequence[StaffDestination],
    *,
    quiet: QuietHours,
    retention: RetentionPolicy | None = None,
    params: Parameters | None = None,
    queued: Callable[[], None] = lambda: None,
) -> OutreachJobs:
    db, clock = app.db, app.clock
    params = params or default_parameters()
    templates = load_templates()
    outbox, audience, reminders = SqliteOutbox(db), SqliteAudience(db), SqliteReminders(db)
    composer = Composer(channels, templates)
    staff = StaffNotifier(app.store, outbox, audience, staff_destinations, clock)
    broadcasts = Broadcasts(
        SqliteBroadcasts(db), audience, outbox, app.renderer, params, clock, whatsapp_templates=templates, quiet=quiet
    )
    rules = ReminderRules(
        reminders,
        audience,
        outbox,
        staff,
        params,
        clock,
        channels=tuple(channels),
        quiet=quiet,
    )
    policy = retention or RetentionPolicy()

    async def purge(_now: datetime) -> object:
        return await retention_job(db, clock, policy)

    async def stale_parameters(now: datetime) -> object:
        return await report_stale_parameters(app.store, params, now)

    async def weekly(now: datetime) -> list[Any]:
        return list(await app.staff.weekly_summary(now.astimezone(WIB).date())) if app.staff is not None else []

    return OutreachJobs(
        composer,
        staff,
        broadcasts,
        rules,
        reminders,
        outbox,
        clock,
        daily=(("retention", purge), ("stale_parameters", stale_parameters)),
        weekly_summary=weekly,
        takeovers=SqliteHumanRequests(db),
        queued=queued,
    )
