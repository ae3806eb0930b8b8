"""The broadcast wizard in a staff member's private chat: text, segment, channel, preview, send."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.core.clock import FixedClock
from bot.core.models import Inbound
from tests.conftest import START

STAFF = "staff-1"


class Chat:
    def __init__(self, app: App) -> None:
        self.app = app
        self.n = 0

    async def send(
        self, text: str = "", user: str = STAFF, button: str | None = None, group: bool = False
    ) -> list[str]:
        self.n += 1
        inbound = Inbound("console", user, START, f"w{self.n}", text=None if button else text, button=button)
        replies = await self.app.engine.handle(replace(inbound, from_staff_group=group))
        self.last = replies
        return [r.key for r in replies]


@pytest.fixture
async def chat(tmp_path: Path) -> AsyncIterator[Chat]:
    app = await build_app(tmp_path / "w.sqlite3", clock=FixedClock(START), staff_ids=[f"console:{STAFF}"])
    try:
        for address in ("a", "b", "c"):
            contact = await app.store.contact_for("telegram", address)
            await app.store.set_outreach(contact.id, "yes", START)
        yield Chat(app)
    finally:
        await app.close()


async def test_a_staff_member_previews_then_sends(chat: Chat) -> None:
    assert await chat.send("/siaran") == ["staff/bc_ask_text"]
    assert await chat.send("x" * 901) == ["staff/bc_invalid_text"]
    assert await chat.send("Kantor tutup Jumat 25 Desember.") == ["staff/bc_ask_segment"]
    assert await chat.send("kota=blitar") == ["staff/bc_invalid_segment"]
    assert await chat.send("semua") == ["staff/bc_ask_channels"]
    keys = await chat.send("telegram")
    assert keys == ["staff/bc_preview", "staff/bc_confirm"]
    preview = chat.last[0].context
    assert preview["total"] == 3 and "Kantor tutup Jumat" in str(preview["text"])
    assert await chat.app.db.fetchall("SELECT id FROM broadcasts") == []  # nothing yet
    assert await chat.send("kirim") == ["staff/bc_sent"]
    [row] = await chat.app.db.fetchall("SELECT state, channels, created_by FROM broadcasts")
    assert tuple(row) == ("scheduled", "telegram", f"console:{STAFF}")
    audit = await chat.app.db.fetchall("SELECT action FROM staff_audit")
    assert [r["action"] for r in audit] == ["broadcast_send"]


async def test_cancel_at_the_preview_sends_nothing(chat: Chat) -> None:
    await chat.send(button="st:bc")
    await chat.send("Info penting")
    await chat.send(button="bc:segment:semua")
    await chat.send(button="bc:channels:semua")
    assert await chat.send(button="bc:confirm:cancel") == ["staff/bc_cancelled"]
    assert await chat.app.db.fetchall("SELECT id FROM broadcasts") == []


async def test_nobody_else_can_open_it(chat: Chat) -> None:
    unknown = await chat.send("/zzz", user="warga")
    assert await chat.send("/siaran", user="warga") == unknown == ["core/unknown_command"]
    assert await chat.send("/siaran", group=True) == ["core/private_only"]  # never in the group
