"""Composition root: wires the store, the engine, its flows, the FAQ and the renderer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.clock import Clock, SystemClock
from bot.core.engine import Engine
from bot.core.flows.base import Flow
from bot.core.flows.calculator import CalculatorFlow
from bot.core.flows.registration import DataDeleteFlow, DataViewFlow, RegistrationFlow
from bot.core.ports import FaqAnswerer
from bot.faq.service import build_faq_service
from bot.paths import messages_dir, migrations_dir
from bot.render.templates import Renderer
from bot.storage.db import Database
from bot.storage.leads import SqliteLeadStore
from bot.storage.migrate import migrate
from bot.storage.store import SqliteStore


@dataclass
class App:
    db: Database
    store: SqliteStore
    engine: Engine
    renderer: Renderer
    clock: Clock

    async def close(self) -> None:
        await self.db.close()


def build_faq() -> tuple[FaqAnswerer, dict[str, str]]:
    """The FAQ service and its answer templates (for the renderer)."""
    service = build_faq_service()
    return service, service.answer_templates()


def build_flows(store: SqliteStore) -> Sequence[Flow]:
    leads = SqliteLeadStore(store.db)
    return (CalculatorFlow(), RegistrationFlow(leads, personal=leads), DataViewFlow(leads), DataDeleteFlow(leads))


async def open_store(db_path: Path | str) -> SqliteStore:
    db = await Database.open(db_path)
    await migrate(db, migrations_dir())
    return SqliteStore(db)


async def build_app(db_path: Path | str, clock: Clock | None = None) -> App:
    clock = clock or SystemClock()
    store = await open_store(db_path)
    faq, faq_templates = build_faq()
    engine = Engine(store=store, clock=clock, flows=build_flows(store), faq=faq)
    renderer = Renderer(messages_dir(), extra_templates=faq_templates)
    return App(db=store.db, store=store, engine=engine, renderer=renderer, clock=clock)
