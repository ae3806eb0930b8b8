"""Outreach end to end: the real `bpjstk-bot run` process, the loopback Bot API emulator, kill -9.

A broadcast to many people is killed half way; after the restart nobody has it twice,
every row ends sent, failed or unknown with a reason, and none is left sending.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
from pathlib import Path

from bot.core.clock import WIB
from bot.storage.stores import open_stores
from tests.cli_process import bot_command
from tests.tgemu.driver import BotProcess, User
from tests.tgemu.server import Emulator

PEOPLE = 120
FIRST = 7000
FAST = {
    "BPJSTK_OUTBOX_RATE": "40",
    "BPJSTK_TICK_SECONDS": "0.5",
    "BPJSTK_TELEGRAM_CHAT_INTERVAL": "0",
    "BPJSTK_SENDER_POLL_SECONDS": "0.2",
    "BPJSTK_QUIET_HOURS": "0-0",  # never quiet: the test may run at night in Jakarta
}


async def seed(db: Path, people: int) -> None:
    """People who said yes to reminders and information, as if they had chatted before."""
    stores = await open_stores(db)
    try:
        now = datetime.now(WIB)
        for number in range(people):
            contact = await stores.conversations.contact_for("telegram", str(FIRST + number))
            await stores.conversations.set_outreach(contact.id, "yes", now)
    finally:
        await stores.close()


async def rows(db: Path) -> list[tuple[str, str | None]]:
    stores = await open_stores(db)
    try:
        found = await stores.db.fetchall("SELECT state, error FROM outbox WHERE kind = 'broadcast'")
        return [(str(r["state"]), r["error"]) for r in found]
    finally:
        await stores.close()


def delivered(emulator: Emulator) -> Counter[int]:
    return Counter(
        c.chat_id
        for c in emulator.api.calls
        if c.method == "sendMessage" and c.status == 200 and c.chat_id is not None and c.chat_id >= FIRST
    )


async def test_a_broadcast_killed_half_way_reaches_nobody_twice(emulator: Emulator, tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    await seed(db, PEOPLE)
    message = tmp_path / "pesan.txt"
    message.write_text("Sosialisasi program di balai desa, Sabtu pukul 09.00 WIB.", encoding="utf-8")
    assert (await bot_command(db, "broadcast", "create", "--pesan", str(message), "--kanal", "telegram")).status == 0
    assert (await bot_command(db, "broadcast", "send", "1")).status == 0
    bot = BotProcess(emulator, db, tmp_path, FAST)
    await bot.start()
    await emulator.wait_for(lambda: sum(delivered(emulator).values()) >= PEOPLE // 2, within=90)
    await bot.kill()  # kill -9: no goodbye
    half = sum(delivered(emulator).values())
    assert half < PEOPLE
    await bot.start()
    try:
        # Meanwhile someone writes: they are answered at once, whatever the broadcast does.
        assert await User(emulator, 42).say("bantuan", expect=1)
        for _attempt in range(900):
            if not {"queued", "sending"} & {state for state, _ in await rows(db)}:
                break
            await asyncio.sleep(0.1)
    finally:
        assert await bot.stop() == 0
    counts = delivered(emulator)
    assert max(counts.values()) == 1  # nobody got the broadcast twice
    final = await rows(db)
    states = Counter(state for state, _ in final)
    assert states["sending"] == 0 and states["queued"] == 0
    assert set(states) <= {"sent", "unknown", "failed"}
    # A row claimed when the process died is "unknown": it may or may not have arrived, and it is
    # not sent again. So: every confirmed send arrived, and nothing arrived beyond sent + unknown.
    assert states["sent"] <= len(counts) <= states["sent"] + states["unknown"]
    assert all(error for state, error in final if state != "sent")  # a reason for every other end
    assert states["sent"] + states["unknown"] == PEOPLE
