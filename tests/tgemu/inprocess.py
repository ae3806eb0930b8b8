"""The Telegram channel in-process: real PTB `Bot` over a fake `BaseRequest`, real SQLite,
the real inbox worker, outbox and sender — no sockets, no sleeping on spacing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Bot

from bot.app import App, build_app
from bot.channels.inbox import InboxWorker
from bot.channels.replies import ReplyWriter
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.commands import register_commands
from bot.channels.telegram.inbound import BotIdentity
from bot.channels.telegram.polling import encode, event_key
from bot.core.clock import Clock, FixedClock
from bot.core.models import Reply
from bot.outreach.events import OutreachEvents
from bot.outreach.sender import Sender, SenderSettings, fixed_interval
from bot.storage.broadcasts import SqliteBroadcasts
from bot.storage.inbox import SqliteInbox
from bot.storage.outbox import SqliteOutbox
from tests.conftest import START
from tests.tgemu.botapi import BotApi, Call
from tests.tgemu.fake_request import FakeRequest
from tests.tgemu.server import Emulator

TOKEN = "123:TEST"


@dataclass
class Tg:
    api: BotApi
    app: App
    bot: Bot
    channel: TelegramChannel
    inbox: SqliteInbox
    outbox: SqliteOutbox
    worker: InboxWorker
    sender: Sender

    async def feed(self, update: dict[str, Any]) -> None:
        """Deliver an update as polling would (stored first), handle it, send what it caused."""
        await self.inbox.store("telegram", event_key(update), encode(update), time.time())
        await self.worker.drain_once()
        await self.worker.idle()
        await self.flush()

    async def send_replies(self, chat: int, replies: Sequence[Reply]) -> None:
        await ReplyWriter(self.outbox, self.app.clock).write(self.channel, str(chat), None, replies)
        await self.flush()

    async def flush(self, within: float = 10.0) -> None:
        """Run the sender until nothing queued is left (waiting out a retry-after if asked to)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            wait = await self.sender.run_once()
            await self.sender.idle()
            if not await self.outbox.counts(channel="telegram") or not await self._queued():
                return
            if wait > 0:
                await asyncio.sleep(min(wait, 0.2))
        raise AssertionError("outbox not drained in time")

    async def _queued(self) -> int:
        counts = await self.outbox.counts(channel="telegram")
        return counts.get("queued", 0) + counts.get("sending", 0)

    def calls(self, method: str | None = None) -> list[Call]:
        return [c for c in self.api.calls if method is None or c.method == method]

    def messages_to(self, chat: int) -> list[Call]:
        return self.api.sent_to(chat)


@asynccontextmanager
async def telegram_in_process(
    db: Path,
    *,
    staff_chat_id: int | None = None,
    clock: Clock | None = None,
    register: bool = True,
    emulator: Emulator | None = None,
    token: str = TOKEN,
) -> AsyncIterator[Tg]:
    """In-process over `FakeRequest`, or, with `emulator`, PTB's real httpx transport to it on 127.0.0.1."""
    app = await build_app(db, clock=clock or FixedClock(START))
    if emulator is None:
        api = BotApi()
        request = FakeRequest(api)
        bot = Bot(token, request=request, get_updates_request=request)
    else:
        api = emulator.api
        bot = Bot(token, base_url=emulator.base_url)
    await bot.initialize()
    if register:
        await register_commands(bot)
    channel = TelegramChannel(app.renderer, bot, BotIdentity(bot.id, bot.username), staff_chat_id)
    inbox, outbox = SqliteInbox(app.db), SqliteOutbox(app.db)
    events = OutreachEvents(app.store, SqliteBroadcasts(app.db), app.clock)
    settings = SenderSettings(rate_per_second=1000.0, chat_interval=fixed_interval(0.0), backoff_base=0.05)
    sender = Sender(channel, outbox, settings=settings, events=events)
    worker = InboxWorker(channel, inbox, app.engine, app.store, outbox, app.clock, events=events)
    try:
        yield Tg(api, app, bot, channel, inbox, outbox, worker, sender)
    finally:
        await worker.stop()
        await sender.stop()
        await bot.shutdown()
        await app.close()
