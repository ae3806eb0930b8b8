"""The Telegram channel: updates in, engine, rendered replies out through the outbox.

`TelegramChannel.handle_update` is the one entry point for polling and webhook
alike. A button press is answered (answerCallbackQuery) and its keyboard edited
away before the engine runs, so the spinner stops and old buttons do not
linger. Whatever fails, the user gets a reply: rendering errors turn into the
`core/error` message, sending errors are the outbox's job.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import ChatMember, ChatMemberUpdated, Update

from bot.app import App
from bot.channels.base import ERROR_REPLY
from bot.channels.telegram.inbound import CHANNEL, BotIdentity, Routed, route
from bot.channels.telegram.outbound import (
    SHARE_PHONE_HINT,
    SHARE_PHONE_LABEL,
    TelegramCall,
    answer_callback,
    message_calls,
    remove_inline_keyboard,
)
from bot.core.models import Reply
from bot.core.privacy import mask_personal_text
from bot.outreach.outbox import Outbox, OutboxItem, Priority
from bot.render.templates import RenderedMessage

log = logging.getLogger(__name__)


def _kind(routed: Routed) -> str:
    inbound = routed.inbound
    if inbound.button is not None:
        return "button"
    if inbound.shared_phone is not None:
        return "contact"
    return "text"


class TelegramChannel:
    def __init__(self, app: App, outbox: Outbox, me: BotIdentity, staff_chat_id: int | None = None) -> None:
        self.app = app
        self.outbox = outbox
        self.me = me
        self.staff_chat_id = staff_chat_id
        # Chats currently showing a contact-sharing reply keyboard.
        self._contact_keyboards: set[int] = set()
        # Addresses whose stored reachability was checked since start (one query each).
        self._reachability_checked: set[str] = set()
        self._share_texts: tuple[str, str] | None = None

    # --- inbound --------------------------------------------------------------
    async def handle_update(self, update: Update) -> None:
        if update.my_chat_member is not None:
            await self._membership_changed(update.my_chat_member)
            return
        routed = route(update, self.me, self.staff_chat_id, self.app.clock.now())
        if routed is None:
            log.debug("telegram update %s ignored", update.update_id)
            return
        # Never the text, the name or the shared number: only what kind of message it was.
        kind = _kind(routed)
        log.debug("telegram update %s: %s from chat %s", update.update_id, kind, routed.chat_id)
        try:
            await self._handle(routed)
        except Exception:
            log.exception(
                "telegram update %s (%s, %s) from %s failed",
                update.update_id,
                routed.inbound.external_id,
                kind,
                mask_personal_text(routed.inbound.address),
            )
            self.send_replies(routed.chat_id, [ERROR_REPLY])
            return
        try:
            await self._mark_reachable(routed)
        except Exception:
            log.exception("could not mark telegram contact %s reachable", mask_personal_text(routed.inbound.address))

    async def _handle(self, routed: Routed) -> None:
        chat = str(routed.chat_id)
        if routed.callback_query_id is not None:
            self._put(chat, answer_callback(routed.callback_query_id), spaced=False)
            if routed.pressed_message_id is not None:
                self._put(chat, remove_inline_keyboard(routed.chat_id, routed.pressed_message_id), spaced=False)
        # A user who writes to us has (again) allowed us to write to them.
        self.outbox.unblock(chat)
        # No await between the engine's answer and queueing it: replies to one
        # person leave in the order the engine (which serialises them) produced them.
        replies = await self.app.engine.handle(routed.inbound)
        self.send_replies(routed.chat_id, replies)

    async def _membership_changed(self, change: ChatMemberUpdated) -> None:
        """A private chat blocked (status "kicked") or unblocked the bot: no need to wait for a 403."""
        if change.chat.type != "private":
            return
        chat = str(change.chat.id)
        status = change.new_chat_member.status
        if status == ChatMember.BANNED:
            self.outbox.block(chat)
            await self.on_unreachable(chat)
        elif status == ChatMember.MEMBER:
            self.outbox.unblock(chat)
            contact = await self.app.store.get_contact_by_address(CHANNEL, chat)
            if contact is not None and not contact.reachable:
                await self.app.store.set_reachable(contact.id, True)

    async def _mark_reachable(self, routed: Routed) -> None:
        """Clear a stored "unreachable" once per address and process (later 403s set it again)."""
        address = routed.inbound.address
        if address in self._reachability_checked:
            return
        contact = await self.app.store.get_contact_by_address(CHANNEL, address)
        if contact is not None and not contact.reachable:
            await self.app.store.set_reachable(contact.id, True)
        self._reachability_checked.add(address)

    # --- outbound -------------------------------------------------------------
    def render(self, reply: Reply) -> RenderedMessage:
        return self.app.renderer.render_or(reply, CHANNEL, ERROR_REPLY)

    def calls_for(self, chat_id: int, replies: Sequence[Reply]) -> list[TelegramCall]:
        calls: list[TelegramCall] = []
        for reply in replies:
            message = self.render(reply)
            share_label, share_hint = self._share_phone_texts() if message.request_contact else ("", "")
            calls.extend(
                message_calls(
                    chat_id,
                    message,
                    share_label=share_label,
                    share_hint=share_hint,
                    remove_keyboard=chat_id in self._contact_keyboards,
                )
            )
            # A one-time contact keyboard only collapses after use: the next message
            # without a keyboard of its own takes it away (ReplyKeyboardRemove).
            if message.request_contact:
                self._contact_keyboards.add(chat_id)
            elif not message.buttons:
                self._contact_keyboards.discard(chat_id)
        return calls

    def _share_phone_texts(self) -> tuple[str, str]:
        if self._share_texts is None:
            renderer = self.app.renderer
            self._share_texts = (
                renderer.render_label(SHARE_PHONE_LABEL, {}, CHANNEL),
                renderer.render_text(SHARE_PHONE_HINT, {}, CHANNEL),
            )
        return self._share_texts

    def send_replies(self, chat_id: int, replies: Sequence[Reply], priority: Priority = Priority.LIVE) -> None:
        for call in self.calls_for(chat_id, replies):
            self._put(str(chat_id), call, priority=priority)

    def _put(self, chat: str, call: TelegramCall, *, spaced: bool = True, priority: Priority = Priority.LIVE) -> None:
        self.outbox.put(OutboxItem(chat, call, priority=priority, spaced=spaced))

    async def on_unreachable(self, chat: str) -> None:
        """The outbox got 403 for this chat: mark the contact so outreach skips it."""
        self._reachability_checked.discard(chat)
        contact = await self.app.store.get_contact_by_address(CHANNEL, chat)
        if contact is None:
            log.info("chat %s blocked the bot (no contact on record)", chat)
            return
        await self.app.store.set_reachable(contact.id, False)
        await self.app.store.record_event(contact.id, "unreachable", CHANNEL, self.app.clock.now())
