"""Telegram behind the `Channel` protocol: parse updates, render replies, send payloads.

A button press is acknowledged (answerCallbackQuery) and its keyboard removed
as soon as the update is handled, whatever the engine answers, so the spinner
stops and old buttons do not linger. A private chat that blocks the bot
(my_chat_member "kicked") is reported before any send fails.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from telegram import Bot, ChatMember, Update

from bot.channels.base import ERROR_REPLY, Channel, ParsedEvent, Payload, Reachability, Received, SendResult
from bot.channels.telegram.client import TelegramClient
from bot.channels.telegram.inbound import CHANNEL, BotIdentity, route
from bot.channels.telegram.outbound import (
    PRIVATE_LINK_LABEL,
    SHARE_PHONE_HINT,
    SHARE_PHONE_LABEL,
    answer_callback,
    message_payloads,
    remove_inline_keyboard,
)
from bot.core.models import Reply
from bot.render.templates import Renderer


class TelegramChannel:
    def __init__(self, renderer: Renderer, bot: Bot, me: BotIdentity, staff_chat_id: int | None = None) -> None:
        self._renderer = renderer
        self._bot = bot
        self._client = TelegramClient(bot)
        self.me = me
        self.staff_chat_id = staff_chat_id
        # Chats currently showing a contact-sharing reply keyboard.
        self._contact_keyboards: set[int] = set()
        self._texts: dict[str, str] = {}

    @property
    def name(self) -> str:
        return CHANNEL

    # --- inbound ------------------------------------------------------------------
    def parse(self, raw: bytes) -> ParsedEvent:
        data: Any = json.loads(raw)
        if not isinstance(data, dict) or "update_id" not in data:
            raise ValueError("not a Telegram update")
        update = Update.de_json(data, self._bot)
        change = update.my_chat_member
        if change is not None:
            if change.chat.type != "private":
                return ParsedEvent()
            status = change.new_chat_member.status
            if status in (ChatMember.BANNED, ChatMember.MEMBER):
                return ParsedEvent(reachability=(Reachability(str(change.chat.id), status == ChatMember.MEMBER),))
            return ParsedEvent()
        routed = route(update, self.me, self.staff_chat_id, datetime.now(UTC))
        if routed is None:
            return ParsedEvent()
        acknowledgements: list[Payload] = []
        if routed.callback_query_id is not None:
            acknowledgements.append(answer_callback(routed.callback_query_id))
            if routed.pressed_message_id is not None:
                acknowledgements.append(remove_inline_keyboard(routed.chat_id, routed.pressed_message_id))
        return ParsedEvent(messages=(Received(routed.inbound, str(routed.chat_id), tuple(acknowledgements)),))

    # --- outbound -----------------------------------------------------------------
    def render(self, address: str, replies: Sequence[Reply]) -> list[Payload]:
        chat_id = int(address)
        payloads: list[Payload] = []
        for reply in replies:
            message = self._renderer.render_or(reply, CHANNEL, ERROR_REPLY)
            share_label, share_hint = (
                (self._text(SHARE_PHONE_LABEL, label=True), self._text(SHARE_PHONE_HINT))
                if message.request_contact
                else ("", "")
            )
            link = None
            if reply.private_start is not None:
                url = f"https://t.me/{self.me.username}?start={reply.private_start}"
                link = (self._text(PRIVATE_LINK_LABEL, label=True), url)
            payloads += message_payloads(
                chat_id,
                message,
                share_label=share_label,
                share_hint=share_hint,
                remove_keyboard=chat_id in self._contact_keyboards,
                private_link=link,
            )
            # A one-time contact keyboard only collapses after use: the next message
            # without a keyboard of its own takes it away (remove_keyboard).
            if message.request_contact:
                self._contact_keyboards.add(chat_id)
            elif not message.buttons:
                self._contact_keyboards.discard(chat_id)
        return payloads

    def _text(self, key: str, *, label: bool = False) -> str:
        if key not in self._texts:
            render = self._renderer.render_label if label else self._renderer.render_text
            self._texts[key] = render(key, {}, CHANNEL)
        return self._texts[key]

    async def send(self, payload: Payload) -> SendResult:
        return await self._client.send(payload)

    async def set_webhook(self, url: str, secret: str, allowed_updates: list[str]) -> None:
        await self._bot.set_webhook(url, secret_token=secret, allowed_updates=allowed_updates)


if TYPE_CHECKING:

    def _is_a_channel(channel: TelegramChannel) -> Channel:
        return channel  # mypy checks that TelegramChannel satisfies the Channel protocol
