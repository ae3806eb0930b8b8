"""Composition root: wires the stores, the engine, its flows, the FAQ and the renderer."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.clock import Clock, SystemClock
from bot.core.engine import Engine
from bot.core.flows.base import Flow
from bot.core.flows.calculator import CalculatorFlow
from bot.core.flows.registration import DataDeleteFlow, DataViewFlow, RegistrationFlow
from bot.core.flows.reminder import ReminderFlow, ReminderStopFlow
from bot.core.ports import FaqAnswerer
from bot.core.staff.broadcast_wizard import BroadcastMenu, BroadcastWizard
from bot.core.staff.desk import StaffDesk
from bot.core.staff.directory import StaffDirectory
from bot.core.staff.takeover_desk import TakeoverDesk
from bot.core.takeover import Courier, OfficeHours, Takeover
from bot.faq.service import build_faq_service
from bot.outreach.quiet import QuietHours
from bot.outreach.staff_planner import OutreachPlanner
from bot.outreach.tools import build_broadcasts
from bot.parameter_alerts import report_stale_parameters
from bot.paths import messages_dir
from bot.render.templates import Renderer
from bot.rules.parameters import default_parameters
from bot.staff_tools import build_staff_desk
from bot.storage.address_key import AddressHasher
from bot.storage.db import Database
from bot.storage.human_requests import SqliteHumanRequests
from bot.storage.reminders import SqliteReminders
from bot.storage.staff import SqliteStaffStore
from bot.storage.store import SqliteStore
from bot.storage.stores import Stores, open_stores


@dataclass
class App:
    stores: Stores
    engine: Engine
    renderer: Renderer
    clock: Clock
    staff: StaffDesk | None = None  # its weekly_summary() feeds the scheduler's Monday job
    takeover: Takeover | None = None
    takeover_desk: TakeoverDesk | None = None

    def attach_courier(self, courier: Courier) -> None:
        """With channels to send through (`run`), conversations can be relayed to staff."""
        if self.takeover is not None:
            self.takeover.courier = courier
        if self.takeover_desk is not None:
            self.takeover_desk.courier = courier

    @property
    def store(self) -> SqliteStore:
        return self.stores.conversations

    @property
    def db(self) -> Database:
        return self.stores.db

    async def close(self) -> None:
        await self.stores.close()


def build_faq() -> tuple[FaqAnswerer, dict[str, str]]:
    """The FAQ service and its answer templates (for the renderer)."""
    return _shared_faq(messages_dir())


@functools.cache
def _shared_faq(messages: Path) -> tuple[FaqAnswerer, dict[str, str]]:
    # Built once per process: the knowledge and its indexes never change while the bot runs
    # (and answering keeps no state), so every app in the process can share them.
    service = build_faq_service(messages)
    return service, service.answer_templates()


def build_flows(stores: Stores, *, monthly_day: int = 10) -> Sequence[Flow]:
    leads = stores.leads
    return (
        CalculatorFlow(interests=stores.conversations),
        RegistrationFlow(leads, personal=leads),
        DataViewFlow(leads),
        DataDeleteFlow(leads),
        ReminderFlow(reminders := SqliteReminders(stores.db), monthly_day),
        ReminderStopFlow(reminders),
    )


async def open_store(db_path: Path | str) -> SqliteStore:
    return (await open_stores(db_path)).conversations


async def build_app(
    db_path: Path | str,
    clock: Clock | None = None,
    hasher: AddressHasher | None = None,
    *,
    check_parameters: bool = True,
    staff_ids: Iterable[str] = (),
    monthly_day: int = 10,
    office: OfficeHours | None = None,
) -> App:
    """The whole bot over `db_path`.

    `check_parameters` warns staff about stale dated figures; `staff_ids` are addresses such as
    "telegram:123456" (Settings.staff_ids) that may use the staff desk.
    """
    clock = clock or SystemClock()
    staff_ids = tuple(staff_ids)
    stores = await open_stores(db_path, hasher)
    if check_parameters:
        await report_stale_parameters(stores.conversations, default_parameters(), clock.now())
    faq, faq_templates = build_faq()
    renderer = Renderer(messages_dir(), extra_templates=faq_templates)
    requests = SqliteHumanRequests(stores.db)
    takeover = Takeover(requests, stores.conversations, None, office)
    takeover_desk = TakeoverDesk(takeover, requests, SqliteStaffStore(stores.db))
    staff = build_staff_desk(stores.db, renderer, staff_ids, (takeover_desk, BroadcastMenu()))
    planner = OutreachPlanner(
        build_broadcasts(stores.db, renderer, clock, QuietHours()), renderer, SqliteStaffStore(stores.db), clock
    )
    wizard = BroadcastWizard(planner, StaffDirectory(staff_ids))
    engine = Engine(
        store=stores.conversations,
        clock=clock,
        flows=(*build_flows(stores, monthly_day=monthly_day), wizard),
        faq=faq,
        staff=staff,
        takeover=takeover,
    )
    return App(stores, engine, renderer, clock, staff, takeover, takeover_desk)
