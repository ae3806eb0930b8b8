"""A branch's worth of history written straight into SQLite, for the staff benchmarks.

Contacts, their inbound messages, funnel events, unanswered questions and leads spread over a
year (WIB timestamps, as the bot writes them), each lead with a valid-looking NIK and phone.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from bot.core.clock import WIB
from bot.staff_tools import open_staff_tools

AREAS = ("kota_blitar", "kab_blitar", "tulungagung", "trenggalek", "other")
ROLES = ("employee", "owner", "self_employed")
STATUSES = ("new", "contacted", "registered", "declined", "unreachable")
SOURCES = (None, None, None, "posterpasar", "qrpuskesmas", "brosurdesa")
START = datetime(2025, 11, 24, 8, tzinfo=WIB)
SECONDS_IN_YEAR = 365 * 24 * 3600


def _stamp(rng: random.Random) -> str:
    return (START + timedelta(seconds=rng.randrange(SECONDS_IN_YEAR))).isoformat(timespec="seconds")


def create(db_path: Path, contacts: int, leads: int, messages_per_contact: int = 3, seed: int = 13) -> None:
    """A new database with the current schema, filled in one transaction."""
    asyncio.run(_migrate(db_path))
    rng = random.Random(seed)
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO contacts (id, created_at, source) VALUES (?, ?, ?)",
                ((n, _stamp(rng), rng.choice(SOURCES)) for n in range(1, contacts + 1)),
            )
            conn.executemany(
                "INSERT INTO contact_addresses (channel, address, contact_id, created_at, last_seen_at)"
                " VALUES ('telegram', ?, ?, ?, ?)",
                ((str(100000 + n), n, _stamp(rng), _stamp(rng)) for n in range(1, contacts + 1)),
            )
            conn.executemany(
                "INSERT INTO inbound_messages (channel, external_id, contact_id, received_at, kind, body)"
                " VALUES ('telegram', ?, ?, ?, 'text', 'halo')",
                ((f"{n}:{m}", n, _stamp(rng)) for n in range(1, contacts + 1) for m in range(messages_per_contact)),
            )
            events = []
            for n in range(1, contacts + 1):
                if rng.random() < 0.6:
                    events.append((n, "faq_answered", "jht-cair-kapan", _stamp(rng)))
                if rng.random() < 0.3:
                    events.append((n, "flow_started", "calculator", _stamp(rng)))
                if rng.random() < 0.2:
                    events.append((n, "flow_started", "registration", _stamp(rng)))
            conn.executemany("INSERT INTO events (contact_id, kind, detail, at) VALUES (?, ?, ?, ?)", events)
            conn.executemany(
                "INSERT INTO unanswered (text, channel, asked_at, contact_id) VALUES (?, 'telegram', ?, ?)",
                (
                    (f"pertanyaan {rng.randrange(500)}", _stamp(rng), rng.randrange(1, contacts + 1))
                    for _ in range(contacts // 5)
                ),
            )
            conn.executemany(
                "INSERT INTO leads (id, reference, contact_id, role, name, nik, phone, area, area_other, business_name,"
                " sector, employees, employer_name, occupation, income, employer_lead, contact_time, source, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_lead(rng, n, contacts) for n in range(1, leads + 1)),
            )
    finally:
        conn.close()


async def _migrate(db_path: Path) -> None:
    async with open_staff_tools(db_path):
        pass


def _lead(rng: random.Random, n: int, contacts: int) -> tuple[object, ...]:
    role = rng.choice(ROLES)
    stamp = _stamp(rng)
    return (
        n,
        f"BLT-2026-{n:06d}",
        (n - 1) % contacts + 1,
        role,
        f"Peserta {n}",
        f"3572011708{85 + n % 10:02d}{n % 10000:04d}",
        f"+62812{n:08d}",
        rng.choice(AREAS),
        "Kediri" if rng.random() < 0.05 else None,
        f"Usaha {n}" if role == "owner" else None,
        "jasa" if role == "owner" else None,
        rng.randrange(0, 20) if role == "owner" else None,
        f"=CV {n}" if role == "employee" and n % 100 == 0 else ("CV Maju" if role == "employee" else None),
        "pedagang" if role == "self_employed" else None,
        rng.randrange(1_000_000, 5_000_000) if role == "self_employed" else None,
        int(rng.random() < 0.1),
        rng.choice(("pagi", "siang", "sore", "any")),
        rng.choice(SOURCES),
        rng.choice(STATUSES),
        stamp,
        stamp,
    )
