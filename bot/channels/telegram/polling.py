"""Long polling that stores every update before Telegram is told it arrived.

getUpdates acknowledges everything below the `offset` it is called with, so the
next offset is asked for only after the batch is committed to `inbound_events`:
a crash at any moment loses no update (Telegram sends unacknowledged ones again,
and the engine recognises a message it already answered).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from telegram import Bot
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram.client import retry_after_seconds
from bot.channels.telegram.inbound import CHANNEL
from bot.storage.inbox import SqliteInbox

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
POLL_TIMEOUT_SECONDS = 10


def event_key(update: dict[str, Any]) -> str:
    return str(update["update_id"])


def encode(update: dict[str, Any]) -> bytes:
    return json.dumps(update, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class TelegramPoller:
    def __init__(
        self,
        bot: Bot,
        inbox: SqliteInbox,
        *,
        stored: Callable[[], None] = lambda: None,
        now: Callable[[], float],
        timeout: int = POLL_TIMEOUT_SECONDS,
    ) -> None:
        self._bot = bot
        self._inbox = inbox
        self._stored = stored
        self._now = now
        self._timeout = timeout
        self._offset: int | None = None

    async def confirm(self) -> None:
        """On the way out: tell Telegram what was stored (anything new is stored too)."""
        try:
            await self.poll_once(wait=0)
        except TelegramError as exc:
            log.warning("telegram: could not confirm the last updates (%s)", type(exc).__name__)

    async def poll_once(self, wait: int | None = None) -> int:
        """One getUpdates call (long-polling `wait` seconds); stores what came, moves the offset past it."""
        wait = self._timeout if wait is None else wait
        params: dict[str, Any] = {"timeout": wait, "allowed_updates": ALLOWED_UPDATES}
        if self._offset is not None:
            params["offset"] = self._offset
        updates = await self._bot.do_api_request("getUpdates", api_kwargs=params, read_timeout=wait + 10)
        batch = [u for u in updates or [] if isinstance(u, dict) and "update_id" in u]
        if not batch:
            return 0
        await self._inbox.store_many(CHANNEL, [(event_key(u), encode(u)) for u in batch], self._now())
        # Only now, with the batch committed, may Telegram forget it.
        self._offset = max(int(u["update_id"]) for u in batch) + 1
        self._stored()
        return len(batch)

    async def run(self) -> None:
        failures = 0
        while True:
            try:
                await self.poll_once()
                failures = 0
            except asyncio.CancelledError:
                raise
            except RetryAfter as exc:
                await asyncio.sleep(retry_after_seconds(exc))
            except (InvalidToken, Conflict) as exc:
                # A revoked token or another process polling: wait long, staff see the log.
                log.error("telegram polling refused (%s); retrying in 30 s", type(exc).__name__)
                await asyncio.sleep(30)
            except (NetworkError, TelegramError) as exc:
                failures += 1
                delay = min(30.0, 0.5 * 2**failures)
                log.warning("telegram polling failed (%s); retrying in %.1f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
