"""Staff-desk test helpers: who writes from where, and leads made without a whole conversation."""

from __future__ import annotations

import asyncio
from datetime import datetime
from itertools import count
from typing import Any

from bot.cli import main
from bot.core.flows.registration.ports import LeadInput
from bot.core.models import Inbound, Reply
from bot.storage.leads import SqliteLeadStore
from tests.conftest import Harness

STAFF = "petugas1"  # listed in BPJSTK_STAFF_IDS
STAFF_ID = f"console:{STAFF}"
MEMBER = "anggota9"  # not listed: staff only by writing inside the staff group
STRANGER = "warga7"
NIK_A = "3572011708850001"
NIK_B = "3572011708850002"
PHONE_A = "+6281234567001"

_ids = count(1)


async def say(
    harness: Harness, text: str | None = None, *, button: str | None = None, user: str = STAFF, group: bool = False
) -> list[Reply]:
    inbound = Inbound(
        channel="console",
        address=user,
        received_at=harness.clock.now(),
        external_id=f"s{next(_ids)}",
        text=text,
        button=button,
        from_staff_group=group,
    )
    replies: list[Reply] = await harness.engine.handle(inbound)
    return replies


async def add_lead(
    harness: Harness,
    user: str,
    *,
    nik: str = NIK_A,
    phone: str = PHONE_A,
    name: str = "Budi Santoso",
    role: str = "employee",
    area: str = "kota_blitar",
    source: str | None = None,
    at: datetime | None = None,
    **extra: Any,
) -> str:
    """A lead as a finished registration saves it; returns its reference."""
    contact = await harness.store.contact_for("console", user)
    lead = LeadInput(
        contact_id=contact.id,
        role=role,
        name=name,
        nik=nik,
        phone=phone,
        area=area,
        area_other="Kediri" if area == "other" else None,
        contact_time="pagi",
        source=source,
        employer_name="CV Maju" if role == "employee" else None,
        employer_registered="no" if role == "employee" else None,
        **extra,
    )
    saved = await SqliteLeadStore(harness.store.db).save_lead(lead, at or harness.clock.now(), {})
    return saved.reference


async def cli(argv: list[str]) -> int:
    """Run the CLI in a thread: it starts its own event loop, beside the bot's open database."""
    return await asyncio.to_thread(main, argv)


async def rows(harness: Harness, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    return [dict(row) for row in await harness.store.db.fetchall(sql, params)]


def keys(replies: list[Reply]) -> list[str]:
    return [reply.key for reply in replies]
