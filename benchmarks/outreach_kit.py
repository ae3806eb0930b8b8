"""Shared pieces of the outreach benchmarks (not a benchmark itself).

People are seeded through the store API (`contact_for` + `set_outreach(..., "yes")`), as if
they had chatted and said yes; broadcasts are created and sent with `python -m bot broadcast`,
as staff would; figures about the serving process come from /proc.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core.clock import WIB
from bot.storage.stores import Stores, open_stores
from tests.cli_process import bot_command
from tests.tgemu.botapi import Call
from tests.tgemu.server import Emulator

SEED_BATCH = 1000  # people per transaction while seeding


async def seed_people(db: Path, channel: str, addresses: Iterable[str], *, last_seen_at: str | None = None) -> int:
    """Contacts who said yes to reminders and information; returns how many.

    `last_seen_at` (ISO, WIB) backdates their last message on `channel` (WhatsApp's
    24-hour window) the way `tests/test_whatsapp_e2e.py` does.
    """
    stores = await open_stores(db)
    seeded = 0
    try:
        now = datetime.now(WIB)
        batch: list[str] = []

        async def flush() -> None:
            async with stores.db.transaction():  # the store calls join it: one commit per batch
                for address in batch:
                    contact = await stores.conversations.contact_for(channel, address)
                    await stores.conversations.set_outreach(contact.id, "yes", now)
            batch.clear()

        for address in addresses:
            batch.append(address)
            seeded += 1
            if len(batch) >= SEED_BATCH:
                await flush()
        if batch:
            await flush()
        if last_seen_at is not None:
            await stores.db.execute(
                "UPDATE contact_addresses SET last_seen_at = ? WHERE channel = ?", (last_seen_at, channel)
            )
    finally:
        await stores.close()
    return seeded


async def start_broadcast(db: Path, workdir: Path, text: str, channel: str, env: Mapping[str, str]) -> int:
    """`broadcast create --pesan FILE --kanal CHANNEL`, then `broadcast send ID`; returns the id."""
    message = workdir / "pesan.txt"
    message.write_text(text, encoding="utf-8")
    created = await bot_command(db, "broadcast", "create", "--pesan", str(message), "--kanal", channel, env=env)
    if created.status != 0:
        raise SystemExit(f"broadcast create failed: {created.err}")
    found = re.search(r"#(\d+)", created.out)
    if found is None:
        raise SystemExit(f"no broadcast id in: {created.out[:200]}")
    broadcast_id = int(found.group(1))
    sent = await bot_command(db, "broadcast", "send", str(broadcast_id), env=env)
    if sent.status != 0:
        raise SystemExit(f"broadcast send failed: {sent.err}")
    return broadcast_id


class Outbox:
    """A read-only look at the outbox while the bot runs (its own reader connection)."""

    def __init__(self, stores: Stores) -> None:
        self.stores = stores

    @classmethod
    async def open(cls, db: Path) -> Outbox:
        return cls(await open_stores(db))

    async def close(self) -> None:
        await self.stores.close()

    async def states(self, kind: str = "broadcast") -> Counter[str]:
        rows = await self.stores.db.fetchall(
            "SELECT state, COUNT(*) AS n FROM outbox WHERE kind = ? GROUP BY state", (kind,)
        )
        return Counter({str(r["state"]): int(r["n"]) for r in rows})

    async def rows(self, kind: str = "broadcast") -> list[tuple[str, str, str | None]]:
        """(address, state, error) of every row of this kind."""
        rows = await self.stores.db.fetchall("SELECT address, state, error FROM outbox WHERE kind = ?", (kind,))
        return [(str(r["address"]), str(r["state"]), r["error"]) for r in rows]


@dataclass(frozen=True)
class Usage:
    cpu_seconds: float
    rss_mb: float
    peak_rss_mb: float


def usage(pid: int) -> Usage:
    """CPU seconds (user + system), resident and peak resident memory of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    memory = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            memory[name] = int(value.split()[0]) / 1024
    return Usage(cpu, memory.get("VmRSS", 0.0), memory.get("VmHWM", 0.0))


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def rate(times: Sequence[float]) -> float:
    """Messages per second between the first and the last of these arrival times."""
    if len(times) < 2:
        return math.nan
    ordered = sorted(times)
    return (len(ordered) - 1) / (ordered[-1] - ordered[0])


def peak_per_second(times: Sequence[float]) -> int:
    """The most arrivals in any one-second window."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def machine() -> str:
    """Cores and load, for the report: the figures depend on what else runs."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}, {time.strftime('%Y-%m-%d %H:%M %Z')}"


class ChatLog:
    """The messages the emulator delivered, per chat (a Bot API listener: no scanning of every call)."""

    def __init__(self, emulator: Emulator, chats: range) -> None:
        self.emulator = emulator
        self.chats = chats
        self.inbox: dict[int, list[Call]] = {chat: [] for chat in chats}
        emulator.api.listeners.append(self.on_call)

    def on_call(self, call: Call) -> None:
        if call.method == "sendMessage" and call.status == 200 and call.chat_id in self.inbox:
            self.inbox[call.chat_id].append(call)

    async def exchange(
        self, chat: int, *, text: str | None = None, press: str | None = None, expect: int = 1, lull: float = 0.3
    ) -> list[Call]:
        """Type `text` or press the button `press`; returns the answer (`expect` messages, then a lull)."""
        inbox = self.inbox[chat]
        seen = len(inbox)
        if press is not None:
            shown = next((c for c in reversed(inbox) if press in c.buttons), None)
            if shown is None or shown.message_id is None:
                raise SystemExit(f"chat {chat}: no message shows the button {press!r}")
            self.emulator.api.user_press(chat, shown.message_id, press, first_name="Warga")
        else:
            self.emulator.api.user_message(chat, text or "", first_name="Warga")
        await self.emulator.wait_for(lambda: len(inbox) >= seen + expect, within=30)
        while True:
            count = len(inbox)
            await asyncio.sleep(lull)
            if len(inbox) == count:
                return inbox[seen:]
