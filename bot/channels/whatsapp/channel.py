"""WhatsApp behind the `Channel` protocol: parse webhook bodies, render replies, send payloads.

Rendering uses the `whatsapp` variant of each message template
(`<name>.whatsapp.j2` where one exists). More than ten choices do not fit a
list message: they are appended to the text as a numbered list
(`whatsapp/choices_numbered`), and the flows read a typed number as the
option with that number. A reply asking for the phone number has no button
on WhatsApp; its `.whatsapp.j2` text explains how to send a contact card.
A reply with a file becomes an image or document message (`media`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.channels.base import ERROR_REPLY, Channel, ParsedEvent, Payload, SendResult
from bot.channels.whatsapp import CHANNEL
from bot.channels.whatsapp.client import WhatsAppClient
from bot.channels.whatsapp.events import parse_event
from bot.channels.whatsapp.media import attachment_payloads
from bot.channels.whatsapp.outbound import MAX_LIST_ROWS, message_payloads
from bot.core.models import Reply
from bot.render.templates import RenderedMessage, Renderer

LIST_BUTTON_LABEL = "label.whatsapp.open_list"
NUMBERED_CHOICES = "whatsapp/choices_numbered"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class WhatsAppChannel:
    def __init__(
        self,
        renderer: Renderer,
        client: WhatsAppClient | None = None,
        *,
        phone_number_id: str | None = None,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._renderer = renderer
        self._client = client
        self._phone_number_id = phone_number_id or None
        self._now = now
        self._list_button: str | None = None

    @property
    def name(self) -> str:
        return CHANNEL

    def parse(self, raw: bytes) -> ParsedEvent:
        return parse_event(raw, self._now(), self._phone_number_id)

    def render_message(self, reply: Reply) -> RenderedMessage:
        message = self._renderer.render_or(reply, CHANNEL, ERROR_REPLY)
        if len(message.buttons) <= MAX_LIST_ROWS:
            return message
        labels = [button.label for button in message.buttons]
        numbered = self._renderer.render_text(NUMBERED_CHOICES, {"labels": labels}, CHANNEL)
        return replace(message, text=f"{message.text}\n\n{numbered}", buttons=())

    def render(self, address: str, replies: Sequence[Reply]) -> list[Payload]:
        payloads: list[Payload] = []
        for reply in replies:
            message = self.render_message(reply)
            build = message_payloads if message.attachment is None else attachment_payloads
            payloads += build(address, message, list_button=self.list_button)
        return payloads

    @property
    def list_button(self) -> str:
        if self._list_button is None:
            self._list_button = self._renderer.render_label(LIST_BUTTON_LABEL, {}, CHANNEL)
        return self._list_button

    async def send(self, payload: Payload) -> SendResult:
        if self._client is None:
            raise RuntimeError("this WhatsAppChannel was built without a client (render/parse only)")
        return await self._client.send(payload)


if TYPE_CHECKING:

    def _is_a_channel(channel: WhatsAppChannel) -> Channel:
        return channel  # mypy checks that WhatsAppChannel satisfies the Channel protocol
