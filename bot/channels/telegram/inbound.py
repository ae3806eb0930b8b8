"""Telegram `Update` -> `Inbound`, and the decision whether to answer at all.

Private chats are always answered. In the configured staff group the bot only
answers when addressed: a command or mention naming the bot, a reply to one of
its messages, or a press on one of its buttons. Every other group is ignored.

The external id makes Telegram's redelivery of an update a duplicate for the
engine: "<chat id>:<message id>" for messages (unique and stable per chat),
"cb:<callback query id>" for button presses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from telegram import CallbackQuery, Message, MessageEntity, Update

from bot.core.models import Inbound

CHANNEL = "telegram"


@dataclass(frozen=True, slots=True)
class BotIdentity:
    id: int
    username: str  # without '@'


@dataclass(frozen=True, slots=True)
class Routed:
    """An update the bot should answer: what the engine sees and where replies go."""

    inbound: Inbound
    chat_id: int
    callback_query_id: str | None = None  # answer it and remove the pressed keyboard
    pressed_message_id: int | None = None


def _is_private(message: Message) -> bool:
    return message.chat.type == "private"


def _mentions(message: Message, me: BotIdentity) -> bool:
    text = message.text or message.caption or ""
    handle = "@" + me.username.lower()
    for entity in message.entities or message.caption_entities or ():
        fragment = message.parse_entity(entity) if message.text else message.parse_caption_entity(entity)
        if entity.type == MessageEntity.MENTION and fragment.lower() == handle:
            return True
        if entity.type == MessageEntity.BOT_COMMAND and fragment.lower().endswith(handle):
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == me.id:
            return True
    return handle in text.lower()


def _addressed(message: Message, me: BotIdentity) -> bool:
    reply_to = message.reply_to_message
    if reply_to is not None and reply_to.from_user is not None and reply_to.from_user.id == me.id:
        return True
    return _mentions(message, me)


def _strip_mention(text: str, me: BotIdentity) -> str:
    """'@bpjstk_bot iuran' -> 'iuran'; '/menu@bpjstk_bot' stays (the engine strips it)."""
    return re.sub(rf"(?<![/\w])@{re.escape(me.username)}\b", "", text, flags=re.IGNORECASE).strip()


def _message_inbound(message: Message, me: BotIdentity, received_at: datetime, group: bool) -> Inbound:
    user = message.from_user
    address = str(user.id if user is not None else message.chat.id)
    text = message.text if message.text is not None else message.caption
    shared_phone: str | None = None
    if message.contact is not None:
        if user is not None and message.contact.user_id == user.id:
            shared_phone = message.contact.phone_number
        else:
            # Someone else's card: treat the number as if it had been typed.
            text = message.contact.phone_number
    if text is not None and group:
        text = _strip_mention(text, me)
    return Inbound(
        channel=CHANNEL,
        address=address,
        received_at=received_at,
        external_id=f"{message.chat.id}:{message.message_id}",
        text=text,
        shared_phone=shared_phone,
        display_name=user.first_name if user is not None else None,
        unsupported=_media_kind(message) if text is None and shared_phone is None else None,
        from_staff_group=group,
    )


# Telegram's message fields -> the core's names for content it cannot read (Inbound.unsupported).
# A GIF arrives as both `animation` and `document`: it is checked first.
_MEDIA_KINDS = (
    ("photo", "image"),
    ("animation", "video"),
    ("video", "video"),
    ("video_note", "video"),
    ("voice", "voice"),
    ("audio", "audio"),
    ("sticker", "sticker"),
    ("document", "document"),
    ("location", "location"),
    ("venue", "location"),
    ("contact", "contacts"),
)


def _media_kind(message: Message) -> str | None:
    """What was sent instead of text (a photo, a voice note, ...), None for an empty message."""
    for field_name, kind in _MEDIA_KINDS:
        if getattr(message, field_name, None):
            return kind
    return None


def _callback_routed(query: CallbackQuery, staff_chat_id: int | None, received_at: datetime) -> Routed | None:
    message = query.message
    chat_id = message.chat.id if message is not None else query.from_user.id
    if message is not None and message.chat.type != "private" and chat_id != staff_chat_id:
        return None
    inbound = Inbound(
        channel=CHANNEL,
        address=str(query.from_user.id),
        received_at=received_at,
        external_id=f"cb:{query.id}",
        button=query.data or "",
        display_name=query.from_user.first_name,
        from_staff_group=message is not None and message.chat.type != "private",
    )
    return Routed(
        inbound,
        chat_id,
        callback_query_id=query.id,
        pressed_message_id=message.message_id if message is not None else None,
    )


def route(update: Update, me: BotIdentity, staff_chat_id: int | None, received_at: datetime) -> Routed | None:
    """What to hand the engine for this update, or None to stay quiet."""
    if update.callback_query is not None:
        return _callback_routed(update.callback_query, staff_chat_id, received_at)
    message = update.message
    if message is None:
        return None  # edits, channel posts, membership changes: nothing to answer
    if message.from_user is not None and message.from_user.is_bot:
        return None
    if _is_private(message):
        return Routed(_message_inbound(message, me, received_at, group=False), message.chat.id)
    if staff_chat_id is not None and message.chat.id == staff_chat_id and _addressed(message, me):
        return Routed(_message_inbound(message, me, received_at, group=True), message.chat.id)
    return None
