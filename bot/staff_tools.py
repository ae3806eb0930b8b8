"""Composition of the staff desk: for the engine (chat) and for the staff CLI commands.

CLI commands open `StaffTools` and call store methods; they never run SQL themselves.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.core.staff.desk import StaffDesk, StaffExtension
from bot.core.staff.directory import StaffDirectory
from bot.core.staff.numbers import StaffNumbers
from bot.core.staff.ports import StaffStore
from bot.exports.writer import SpreadsheetWriter
from bot.faq.knowledge import load_knowledge
from bot.paths import messages_dir
from bot.render.charts import FunnelChart
from bot.render.templates import Renderer
from bot.storage.db import Database
from bot.storage.staff import SqliteStaffStore
from bot.storage.stats import SqliteStatsStore
from bot.storage.stores import open_stores


@functools.cache
def small_talk_topics() -> frozenset[str]:
    """FAQ entries that answer greetings and thanks: not questions in the funnel."""
    knowledge = load_knowledge(messages_dir() / "faq")
    return frozenset(entry.id for entry in knowledge.entries if entry.kind == "smalltalk")


def build_numbers(db: Database, renderer: Renderer) -> StaffNumbers:
    return StaffNumbers(SqliteStatsStore(db, small_talk_topics()), FunnelChart(renderer))


def build_staff_desk(
    db: Database, renderer: Renderer, staff_ids: Iterable[str], extensions: Sequence[StaffExtension] = ()
) -> StaffDesk:
    return StaffDesk(
        StaffDirectory(staff_ids), SqliteStaffStore(db), build_numbers(db, renderer), SpreadsheetWriter(), extensions
    )


@dataclass
class StaffTools:
    store: StaffStore
    numbers: StaffNumbers
    writer: SpreadsheetWriter
    renderer: Renderer


@asynccontextmanager
async def open_staff_tools(db_path: Path | str) -> AsyncIterator[StaffTools]:
    """The staff desk's parts over a (migrated) database, closed on exit."""
    stores = await open_stores(db_path)
    try:
        renderer = Renderer(messages_dir())
        db = stores.db
        yield StaffTools(SqliteStaffStore(db), build_numbers(db, renderer), SpreadsheetWriter(), renderer)
    finally:
        await stores.close()
