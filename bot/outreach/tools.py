"""Broadcasts and the outbox for staff tools (CLI and chat), over an open database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.channels.whatsapp.templates import load_templates
from bot.core.clock import Clock, SystemClock
from bot.outreach.broadcasts import Broadcasts
from bot.outreach.quiet import QuietHours
from bot.paths import messages_dir
from bot.render.templates import Renderer
from bot.rules.parameters import default_parameters
from bot.storage.audience import SqliteAudience
from bot.storage.broadcasts import SqliteBroadcasts
from bot.storage.db import Database
from bot.storage.outbox import SqliteOutbox
from bot.storage.staff import SqliteStaffStore
from bot.storage.stores import open_stores


@dataclass
class OutreachTools:
    broadcasts: Broadcasts
    outbox: SqliteOutbox
    staff: SqliteStaffStore  # the audit log
    clock: Clock


def build_broadcasts(db: Database, renderer: Renderer, clock: Clock, quiet: QuietHours) -> Broadcasts:
    return Broadcasts(
        SqliteBroadcasts(db),
        SqliteAudience(db),
        SqliteOutbox(db),
        renderer,
        default_parameters(),
        clock,
        whatsapp_templates=load_templates(),
        quiet=quiet,
    )


@asynccontextmanager
async def open_outreach_tools(
    db_path: Path | str, quiet: QuietHours | None = None, clock: Clock | None = None
) -> AsyncIterator[OutreachTools]:
    stores = await open_stores(db_path)
    try:
        clock = clock or SystemClock()
        broadcasts = build_broadcasts(stores.db, Renderer(messages_dir()), clock, quiet or QuietHours())
        yield OutreachTools(broadcasts, SqliteOutbox(stores.db), SqliteStaffStore(stores.db), clock)
    finally:
        await stores.close()
