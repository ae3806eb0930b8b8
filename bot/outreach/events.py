"""What the senders' findings change elsewhere: contacts, broadcasts, and staff who must know."""

from __future__ import annotations

import logging
import time

from bot.core.clock import Clock
from bot.core.ports import ConversationStore
from bot.storage.broadcasts import SqliteBroadcasts

log = logging.getLogger(__name__)

STAFF_ALERT = "outreach/staff_alert"
ALERT_EVERY_SECONDS = 3600.0  # one alert per problem and channel an hour is enough


class OutreachEvents:
    def __init__(self, contacts: ConversationStore, broadcasts: SqliteBroadcasts, clock: Clock) -> None:
        self._contacts = contacts
        self._broadcasts = broadcasts
        self._clock = clock
        self._alerted: dict[tuple[str, str], float] = {}

    async def recipient_gone(self, channel: str, address: str) -> None:
        contact = await self._contacts.get_contact_by_address(channel, address)
        if contact is None:
            return
        await self._contacts.set_reachable(contact.id, False)
        await self._contacts.record_event(contact.id, "unreachable", channel, self._clock.now())

    async def marketing_refused(self, channel: str, address: str) -> None:
        contact = await self._contacts.get_contact_by_address(channel, address)
        if contact is None:
            return
        await self._contacts.set_outreach(contact.id, "no", self._clock.now())
        await self._contacts.record_event(contact.id, "outreach_refused_on_platform", channel, self._clock.now())

    async def outreach_blocked(self, channel: str, detail: str) -> None:
        log.error("outreach on %s stopped: the platform blocked it (%s)", channel, detail)
        await self._alert(channel, "policy", detail)

    async def broadcast_failed(self, broadcast_id: int, detail: str) -> None:
        await self._broadcasts.set_state(broadcast_id, "failed", self._clock.now(), detail)
        await self._alert("whatsapp", "template", detail, broadcast=broadcast_id)

    async def channel_misconfigured(self, channel: str, detail: str) -> None:
        log.error("channel %s refused our credentials or settings (%s)", channel, detail)
        await self._alert(channel, "configuration", detail)

    async def _alert(self, channel: str, problem: str, detail: str, broadcast: int = 0) -> None:
        key = (channel, f"{problem}:{broadcast}")
        now = time.monotonic()
        if now - self._alerted.get(key, -ALERT_EVERY_SECONDS) < ALERT_EVERY_SECONDS:
            return
        self._alerted[key] = now
        context: dict[str, str | int | bool] = {
            "channel": channel.capitalize(),
            "problem": problem,
            "detail": detail[:200],
            "broadcast": broadcast,
        }
        await self._contacts.notify_staff(STAFF_ALERT, context, self._clock.now())
