"""Messages to another chat than the one being answered (a conversation relayed between a
person and a staff member), written as outbox rows inside the message's transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot.channels.base import Channel
from bot.channels.replies import ReplyWriter
from bot.core.clock import Clock
from bot.core.models import Reply
from bot.core.takeover import Courier
from bot.storage.outbox import SqliteOutbox


class ChannelCourier:
    def __init__(
        self,
        channels: Mapping[str, Channel],
        outbox: SqliteOutbox,
        clock: Clock,
        queued: Callable[[str], None] = lambda _channel: None,
    ) -> None:
        self._channels = channels
        self._writer = ReplyWriter(outbox, clock)
        self._queued = queued

    async def send(self, channel: str, address: str, contact_id: int | None, replies: Sequence[Reply]) -> None:
        target = self._channels.get(channel)
        if target is None:
            return  # e.g. the terminal: nothing can be sent there
        await self._writer.write(target, address, contact_id, replies)
        self._queued(channel)


def _is_courier(courier: ChannelCourier) -> Courier:
    return courier
