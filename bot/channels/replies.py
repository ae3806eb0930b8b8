"""Replies become outbox rows inside the message's own transaction."""

from __future__ import annotations

from collections.abc import Sequence

from bot.channels.base import Channel
from bot.core.clock import Clock
from bot.core.models import Reply
from bot.core.outreach.model import NewMessage
from bot.storage.outbox import SqliteOutbox


class ReplyWriter:
    """Renders replies for one chat on one channel and queues them as `reply` rows."""

    def __init__(self, outbox: SqliteOutbox, clock: Clock) -> None:
        self._outbox = outbox
        self._clock = clock

    async def write(self, channel: Channel, address: str, contact_id: int | None, replies: Sequence[Reply]) -> int:
        if not replies:
            return 0
        payloads = channel.render(address, replies)
        now = self._clock.now().timestamp()
        about = next((reply.about for reply in replies if reply.about is not None), None)
        messages = [
            NewMessage(channel.name, address, "reply", payload, contact_id=contact_id, about_contact_id=about)
            for payload in payloads
        ]
        return await self._outbox.enqueue(messages, now)
