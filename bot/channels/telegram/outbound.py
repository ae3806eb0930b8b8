"""Rendered replies -> Bot API calls, and the outbox sender that performs them.

Inline keyboards carry button ids as callback_data (at most 64 bytes, checked
by `Choice`). A reply asking for the phone number gets a one-time reply
keyboard with a contact button; Telegram allows one keyboard per message, so
if the reply also has inline buttons the contact keyboard comes in a short
second message. Text is HTML (the renderer escaped user values); text over
4096 characters is split and the keyboard goes on the last part.
"""

from __future__ import annotations

import html
import logging
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram.split import split_html
from bot.outreach.outbox import OutboxItem, RetryLater, TransientError, Unreachable
from bot.render.templates import RenderedMessage

log = logging.getLogger(__name__)

SHARE_PHONE_LABEL = "label.telegram.share_phone"
SHARE_PHONE_HINT = "telegram/share_phone_hint"

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True, slots=True)
class TelegramCall:
    """One Bot API call: a `telegram.Bot` coroutine method name and its arguments."""

    method: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)


def inline_keyboard(message: RenderedMessage) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    # One button per row: labels are short sentences, and rows read well on phones.
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.id)] for b in message.buttons])


def contact_keyboard(label: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label, request_contact=True)]], resize_keyboard=True, one_time_keyboard=True
    )


def send_message(chat_id: int, text: str, markup: ReplyMarkup | None = None) -> TelegramCall:
    kwargs: dict[str, Any] = {"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML}
    if markup is not None:
        kwargs["reply_markup"] = markup
    return TelegramCall("send_message", kwargs)


def message_calls(
    chat_id: int,
    message: RenderedMessage,
    *,
    share_label: str,
    share_hint: str,
    remove_keyboard: bool = False,
) -> list[TelegramCall]:
    """The sendMessage calls for one rendered reply.

    `remove_keyboard`: a contact keyboard was shown earlier and this message has
    no keyboard of its own, so take the old one away.
    """
    parts = split_html(message.text) or [""]
    inline = inline_keyboard(message)
    last: ReplyMarkup | None = inline
    extra: list[TelegramCall] = []
    if message.request_contact:
        if inline is None:
            last = contact_keyboard(share_label)
        else:
            extra.append(send_message(chat_id, share_hint, contact_keyboard(share_label)))
    elif inline is None and remove_keyboard:
        last = ReplyKeyboardRemove()
    calls = [send_message(chat_id, part) for part in parts[:-1]]
    calls.append(send_message(chat_id, parts[-1], last))
    return calls + extra


# Telegram counts a caption's characters after parsing entities; the HTML source is never shorter.
CAPTION_LIMIT = 1024


def attachment_calls(chat_id: int, message: RenderedMessage) -> list[TelegramCall]:
    """sendPhoto (a chart) or sendDocument (an export) for a reply that carries a file.

    The reply's text is the caption, with its buttons, when it fits; a longer text goes first
    as ordinary messages and the file follows without a caption. Not yet wired into
    `message_calls`: the durable outbox must first be able to carry file contents.
    """
    attachment = message.attachment
    if attachment is None:
        raise ValueError("message has no attachment")
    method, field_name = ("send_photo", "photo") if attachment.kind == "image" else ("send_document", "document")
    kwargs: dict[str, Any] = {"chat_id": chat_id, field_name: attachment.content, "filename": attachment.filename}
    calls: list[TelegramCall] = []
    if len(message.text) <= CAPTION_LIMIT:
        kwargs.update(caption=message.text, parse_mode=ParseMode.HTML)
        markup = inline_keyboard(message)
        if markup is not None:
            kwargs["reply_markup"] = markup
    else:
        calls = message_calls(chat_id, message, share_label="", share_hint="")
    calls.append(TelegramCall(method, kwargs))
    return calls


def answer_callback(query_id: str) -> TelegramCall:
    return TelegramCall("answer_callback_query", {"callback_query_id": query_id})


def remove_inline_keyboard(chat_id: int, message_id: int) -> TelegramCall:
    return TelegramCall("edit_message_reply_markup", {"chat_id": chat_id, "message_id": message_id})


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns about int time periods
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# BadRequest answers that only mean "nothing left to do".
_HARMLESS = (
    "message is not modified",
    "query is too old",
    "query id is invalid",
    "message to edit not found",
    "message can't be edited",
)


class TelegramSender:
    """Performs one outbox item with a PTB `Bot`, translating errors for the outbox."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def __call__(self, item: OutboxItem) -> TelegramObject | bool | None:
        call = item.payload
        if not isinstance(call, TelegramCall):
            raise TypeError(f"not a TelegramCall: {call!r}")
        method = getattr(self._bot, call.method)
        try:
            result: TelegramObject | bool | None = await method(**call.kwargs)
        except RetryAfter as exc:
            raise RetryLater(retry_after_seconds(exc)) from exc
        except Forbidden as exc:
            raise Unreachable(str(exc)) from exc
        except BadRequest as exc:
            if any(reason in str(exc).lower() for reason in _HARMLESS):
                log.debug("telegram %s to chat %s: %s (ignored)", call.method, item.chat, exc)
                return None
            if call.method == "send_message" and "parse entities" in str(exc).lower():
                # Our HTML should always parse; if it ever does not, the user still gets the words.
                log.error("telegram rejected HTML for chat %s (%s); sending as plain text", item.chat, exc)
                plain = dict(call.kwargs)
                plain.pop("parse_mode", None)
                plain["text"] = html.unescape(re.sub(r"<[^<>]*>", "", str(plain.get("text", ""))))
                return await self._bot.send_message(**plain)
            raise
        except NetworkError as exc:  # includes TimedOut; BadRequest was handled above
            raise TransientError(str(exc)) from exc
        except TelegramError:
            raise
        return result
