"""Deliver staff notifications (new leads, requests for a human) to the staff Telegram group.

The core writes rows to `staff_notifications(id, kind, payload JSON, created_at,
sent_at)`; `kind` is the message key to render (e.g. `registration/staff_new_lead`)
and the payload its context. Unsent rows go through the outbox; `sent_at` is set
once Telegram accepted the message. Without TELEGRAM_STAFF_CHAT_ID this does nothing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.app import App
from bot.channels.telegram.channel import TelegramChannel
from bot.core.models import Reply
from bot.outreach.outbox import OutboxItem, Priority

log = logging.getLogger(__name__)

BATCH = 50


class StaffNotifier:
    def __init__(self, app: App, channel: TelegramChannel, staff_chat_id: int | None) -> None:
        self.app = app
        self.channel = channel
        self.staff_chat_id = staff_chat_id
        self._in_flight: set[int] = set()

    async def drain(self) -> int:
        """Queue every unsent notification once; returns how many were queued."""
        if self.staff_chat_id is None:
            return 0
        rows = await self.app.store.pending_staff_notifications(BATCH)
        # Forget rows that were sent meanwhile; keep those still on their way.
        self._in_flight.intersection_update(row.id for row in rows)
        queued = 0
        for row in rows:
            row_id = row.id
            if row_id in self._in_flight:
                continue
            try:
                calls = self.channel.calls_for(self.staff_chat_id, [Reply(row.kind, row.context)])
            except Exception:
                log.exception("staff notification %s (%s) cannot be rendered; left unsent", row_id, row.kind)
                continue
            self._in_flight.add(row_id)
            for number, call in enumerate(calls, start=1):
                last = number == len(calls)
                self.channel.outbox.put(
                    OutboxItem(
                        str(self.staff_chat_id),
                        call,
                        priority=Priority.LIVE,
                        on_sent=self._marker(row_id) if last else None,
                    )
                )
            queued += 1
        return queued

    def _marker(self, row_id: int) -> Any:
        async def mark_sent(_result: object) -> None:
            await self.app.store.mark_staff_notification_sent(row_id, self.app.clock.now())

        return mark_sent

    async def run(self, every: float = 5.0) -> None:
        while True:
            try:
                await self.drain()
            except Exception:
                log.exception("draining staff notifications failed")
            await asyncio.sleep(every)
