"""A person and a staff member talk through the real `bpjstk-bot run` process (Telegram emulator):
the alert in the staff group, taking it there, the relay both ways in private, the hand-back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.tgemu.botapi import Call
from tests.tgemu.driver import BotProcess, User
from tests.tgemu.server import Emulator

GROUP = -100500
STAFF = 602
PERSON = 601


@pytest.fixture
async def running(emulator: Emulator, tmp_path: Path) -> AsyncIterator[tuple[Emulator, BotProcess]]:
    env = {
        "TELEGRAM_STAFF_CHAT_ID": str(GROUP),
        "BPJSTK_STAFF_IDS": f"telegram:{STAFF}",
        "BPJSTK_TICK_SECONDS": "0.3",
        "BPJSTK_SENDER_POLL_SECONDS": "0.2",
    }
    bot = BotProcess(emulator, tmp_path / "bot.sqlite3", tmp_path, env)
    await bot.start()
    try:
        yield emulator, bot
    finally:
        assert await bot.stop() == 0


def texts(calls: list[Call]) -> list[str]:
    return [c.text for c in calls]


async def test_a_conversation_taken_over_and_handed_back(running: tuple[Emulator, BotProcess]) -> None:
    emulator, _bot = running
    person, staff = User(emulator, PERSON, "Sri"), User(emulator, STAFF, "Budi")
    await person.say("petugas", expect=1)
    found = await emulator.wait_for(lambda: emulator.api.last_keyboard_message(GROUP))
    assert found is not None
    alert: Call = found
    [take] = [b for b in alert.buttons if b.startswith("hr:take:")]
    assert "Sri" in alert.text and "+62" not in alert.text
    assert alert.message_id is not None
    emulator.api.user_press(STAFF, alert.message_id, take, first_name="Budi", chat_id=GROUP)
    await emulator.wait_for(lambda: len(emulator.api.sent_to(GROUP)) >= 2)
    assert "diambil" in emulator.api.sent_to(GROUP)[-1].text
    await emulator.wait_for(lambda: any("menangani" in t for t in texts(staff.inbox)))
    await emulator.wait_for(lambda: any("petugas" in t.lower() for t in texts(person.inbox)[1:]))

    seen = len(person.inbox)
    emulator.api.user_message(PERSON, "JHT saya kok belum cair ya pak", first_name="Sri")
    await emulator.wait_for(lambda: any("belum cair" in t for t in texts(staff.inbox)))
    assert len(person.inbox) == seen  # the bot itself says nothing to the person

    emulator.api.user_message(STAFF, "Baik Bu Sri, saya cek dulu datanya ya", first_name="Budi")
    await emulator.wait_for(lambda: any("saya cek dulu" in t for t in texts(person.inbox)))
    assert "Petugas" in person.inbox[-1].text

    emulator.api.user_message(STAFF, "/selesai", first_name="Budi")
    await emulator.wait_for(lambda: any("sudah selesai" in t for t in texts(person.inbox)))
    answer = await person.say("bantuan", expect=1)  # the bot is back
    assert answer and "Petugas" not in answer[0].text
