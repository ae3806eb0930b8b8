"""An outreach message (reminder, broadcast, staff notice) -> outbox rows for one person.

The message is a `Reply` (rendered per channel, free-form) and, for WhatsApp, the
approved template to use outside the 24-hour window with its parameters. On
WhatsApp the window is judged for the moment the row falls due: inside it the
free-form message goes, outside it the template, and without a template the row
is stored `skipped` with that reason rather than sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.channels.base import Channel, Payload
from bot.channels.whatsapp.templates import WhatsAppTemplate, template_message
from bot.channels.whatsapp.window import OutreachMode, plan_outreach
from bot.core.models import Reply
from bot.core.outreach.model import NewMessage

WHATSAPP = "whatsapp"


@dataclass(frozen=True, slots=True)
class OutreachMessage:
    reply: Reply
    template: str | None = None  # key in messages/whatsapp/templates.toml, for outside the window
    values: Mapping[str, str] = field(default_factory=dict)  # the template's parameters by name


@dataclass(frozen=True, slots=True)
class Destination:
    channel: str
    address: str
    contact_id: int | None = None
    last_seen_at: datetime | None = None  # the person's last message (WhatsApp's window)


@dataclass(frozen=True, slots=True)
class RowKeys:
    """What makes a second copy impossible: the broadcast, or the reminder and its occurrence."""

    broadcast_id: int | None = None
    reminder_id: int | None = None
    occurrence: str | None = None


class Composer:
    def __init__(self, channels: Mapping[str, Channel], whatsapp_templates: Mapping[str, WhatsAppTemplate]) -> None:
        self._channels = channels
        self._templates = whatsapp_templates

    def serves(self, channel: str) -> bool:
        return channel in self._channels

    def rows(
        self, kind: str, to: Destination, message: OutreachMessage, due_at: float, keys: RowKeys = RowKeys()
    ) -> list[NewMessage]:
        channel = self._channels.get(to.channel)
        if channel is None:
            return [self.skipped(kind, to, due_at, keys, f"channel {to.channel} is not configured")]
        payloads: list[Payload]
        if to.channel == WHATSAPP:
            template = self._templates.get(message.template) if message.template else None
            due = datetime.fromtimestamp(due_at, UTC)
            plan = plan_outreach(to.last_seen_at, due, has_template=template is not None)
            if plan.mode is OutreachMode.SKIP:
                return [self.skipped(kind, to, due_at, keys, plan.reason or "outside the 24-hour window")]
            if plan.mode is OutreachMode.TEMPLATE:
                assert template is not None
                payloads = [template_message(to.address, template, message.values)]
            else:
                payloads = channel.render(to.address, [message.reply])
        else:
            payloads = channel.render(to.address, [message.reply])
        return [
            _row(kind, to, due_at, keys, payload, part=part, about=message.reply.about)
            for part, payload in enumerate(payloads)
        ]

    @staticmethod
    def skipped(kind: str, to: Destination, due_at: float, keys: RowKeys, reason: str) -> NewMessage:
        """A row recorded as not sent, with why (nothing rendered: it carries no text)."""
        return _row(kind, to, due_at, keys, {}, skipped=reason)


def _row(
    kind: str,
    to: Destination,
    due_at: float,
    keys: RowKeys,
    payload: Payload,
    *,
    part: int = 0,
    about: int | None = None,
    skipped: str | None = None,
) -> NewMessage:
    return NewMessage(
        to.channel,
        to.address,
        kind,
        payload,
        contact_id=to.contact_id,
        due_at=due_at,
        broadcast_id=keys.broadcast_id,
        reminder_id=keys.reminder_id,
        occurrence=keys.occurrence,
        part=part,
        about_contact_id=about,
        skipped=skipped,
    )
