"""Staff notifications (new lead, a request for a human, alerts) -> outbox rows per staff destination.

The core queues a notification in `staff_notifications` inside the person's own
transaction. Here each one becomes one outbox row per destination — the Telegram
staff group, and every WhatsApp staff number (an approved utility template
outside the 24-hour window) — written in one transaction with the mark that it
was queued, so a restart neither loses nor repeats it. The sender then keeps
trying a failing staff group a bounded number of times and ends the row
`failed` with the reason (`bpjstk-bot outbox list --kind staff --state failed`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.clock import Clock
from bot.core.models import Choice, Reply
from bot.core.outreach.model import NewMessage
from bot.core.ports import ConversationStore, StaffNotification
from bot.core.takeover import STAFF_HUMAN_REQUEST, TAKE_PREFIX
from bot.outreach.compose import Composer, Destination, OutreachMessage, RowKeys
from bot.outreach.events import STAFF_ALERT
from bot.outreach.template_values import template_values
from bot.parameter_alerts import NOTIFICATION as STALE_PARAMETER
from bot.rules.formatting import long_date
from bot.storage.audience import SqliteAudience
from bot.storage.outbox import SqliteOutbox

BATCH = 50
PARTS = 10  # payloads one message may need on one destination


@dataclass(frozen=True, slots=True)
class StaffDestination:
    channel: str
    address: str


def staff_message(notification: StaffNotification, *, in_group: bool = False) -> OutreachMessage:
    """The notification as a reply, plus the WhatsApp template that carries its gist.

    In a group (`in_group`) a new lead's phone number is masked like its NIK: the full
    number is for a staff member's private chat (/lihat REF), where it is audited.
    """
    context = {**notification.context, "in_group": in_group}
    reply = Reply(notification.kind, context, about=notification.about)
    words = template_values()
    if notification.kind == "registration/staff_new_lead":
        values = {
            "referensi": str(context.get("reference", "")),
            "peran": words.role(str(context.get("role", ""))),
            "wilayah": words.area(str(context.get("area", ""))),
        }
        return OutreachMessage(reply, "staff_new_lead", values)
    if notification.kind == STAFF_HUMAN_REQUEST:
        request_id = int(context.get("request_id", 0) or 0)
        if request_id:  # a button under the alert takes the conversation
            reply = Reply(
                notification.kind,
                context,
                choices=(Choice(f"{TAKE_PREFIX}{request_id}", "label.staff.take"),),
                about=notification.about,
            )
        values = {
            "kontak": f"#{context.get('contact_id', '-')}",
            "saluran": words.channel(str(context.get("channel", "-"))),
            "waktu": str(context.get("at", "-")),
        }
        return OutreachMessage(reply, "staff_human_request", values)
    gist = _attention_gist(notification.kind, context)
    return OutreachMessage(reply, "staff_attention", {"hal": gist}) if gist else OutreachMessage(reply)


def _attention_gist(kind: str, context: dict[str, object]) -> str | None:
    """One line for the `staff_attention` template: what needs a staff member's eye."""
    words = template_values()
    if kind == STAFF_ALERT:
        return words.sending_gist(str(context.get("channel", "")).lower(), str(context.get("problem", "")))
    if kind == STALE_PARAMETER:
        return words.stale_parameter_gist(str(context.get("parameter", "-")), str(context.get("valid_until", "-")))
    return None


class StaffNotifier:
    def __init__(
        self,
        contacts: ConversationStore,
        outbox: SqliteOutbox,
        audience: SqliteAudience,
        destinations: Sequence[StaffDestination],
        clock: Clock,
    ) -> None:
        self._contacts = contacts
        self._outbox = outbox
        self._audience = audience
        self._destinations = tuple(destinations)
        self._clock = clock

    @property
    def destinations(self) -> tuple[StaffDestination, ...]:
        return self._destinations

    async def resolve(self) -> list[Destination]:
        """Destinations with the time each last wrote to us (WhatsApp's window)."""
        return [
            Destination(d.channel, d.address, None, await self._audience.last_seen(d.channel, d.address))
            for d in self._destinations
        ]

    async def queue(self, composer: Composer) -> int:
        """Turn every notification not yet queued into outbox rows; returns how many."""
        pending = await self._contacts.pending_staff_notifications(BATCH)
        if not pending:
            return 0
        destinations = await self.resolve()
        now = self._clock.now()
        for notification in pending:
            rows = [
                row
                for to in destinations
                for row in composer.rows(
                    "staff", to, staff_message(notification, in_group=is_group(to)), now.timestamp()
                )
            ]
            async with self._contacts.transaction():
                await self._outbox.enqueue(rows, now.timestamp())
                await self._contacts.mark_staff_notification_queued(notification.id, now)
        return len(pending)

    async def lead_waiting(
        self, composer: Composer, reminder_id: int, lead_id: int, message: OutreachMessage, now: datetime
    ) -> int:
        """A lead nobody contacted yet, once per lead and destination."""
        keys = RowKeys(None, reminder_id, f"lead:{lead_id}")
        rows: list[NewMessage] = []
        for number, to in enumerate(await self.resolve()):
            # One reminder occurrence, several destinations: parts keep them apart.
            rows += [
                replace(row, part=number * PARTS + row.part)
                for row in composer.rows("staff", to, message, now.timestamp(), keys)
            ]
        return await self._outbox.enqueue(rows, now.timestamp())


def is_group(to: Destination) -> bool:
    """Telegram group and supergroup ids are negative; people's ids and WhatsApp numbers are not."""
    return to.channel == "telegram" and to.address.startswith("-")


def created_words(moment: datetime) -> str:
    return long_date(moment.date())
