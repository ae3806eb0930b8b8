"""Rendered replies -> Bot API payloads (JSON, stored in outbox rows).

A payload is `{"method": "sendMessage", "params": {...}}`, plus for an upload
`"file": {"field": "photo", "filename": ..., "base64": ...}`. Inline keyboards
carry button ids as callback_data (at most 64 bytes, checked by `Choice`). A
reply asking for the phone number gets a one-time reply keyboard with a
contact button; Telegram allows one keyboard per message, so if the reply also
has inline buttons the contact keyboard comes in a short second message. Text
is HTML (the renderer escaped user values); text over 4096 characters is split
and the keyboard goes on the last part.
"""

from __future__ import annotations

import base64
from typing import Any

from bot.channels.base import Payload
from bot.channels.telegram.split import split_html
from bot.render.templates import RenderedMessage

SHARE_PHONE_LABEL = "label.telegram.share_phone"
SHARE_PHONE_HINT = "telegram/share_phone_hint"
PRIVATE_LINK_LABEL = "label.telegram.continue_private"
# Telegram counts a caption's characters after parsing entities; the HTML source is never shorter.
CAPTION_LIMIT = 1024
REMOVE_KEYBOARD: dict[str, Any] = {"remove_keyboard": True}


def call(method: str, **params: Any) -> Payload:
    return {"method": method, "params": params}


def inline_keyboard(message: RenderedMessage, private_link: tuple[str, str] | None = None) -> dict[str, Any] | None:
    # One button per row: labels are short sentences, and rows read well on phones.
    rows: list[list[dict[str, str]]] = [[{"text": b.label, "callback_data": b.id}] for b in message.buttons]
    if private_link is not None:
        label, url = private_link
        rows.append([{"text": label, "url": url}])
    return {"inline_keyboard": rows} if rows else None


def contact_keyboard(label: str) -> dict[str, Any]:
    return {
        "keyboard": [[{"text": label, "request_contact": True}]],
        "resize_keyboard": True,
        "one_time_keyboard": True,
    }


def send_message(chat_id: int, text: str, markup: dict[str, Any] | None = None) -> Payload:
    params: dict[str, Any] = {"chat_id": chat_id, "text": text, "parse_mode": "HTML"}
    if markup is not None:
        params["reply_markup"] = markup
    return {"method": "sendMessage", "params": params}


def message_payloads(
    chat_id: int,
    message: RenderedMessage,
    *,
    share_label: str,
    share_hint: str,
    remove_keyboard: bool = False,
    private_link: tuple[str, str] | None = None,
) -> list[Payload]:
    """The sendMessage payloads for one rendered reply.

    `remove_keyboard`: a contact keyboard was shown earlier and this message has
    no keyboard of its own, so take the old one away. `private_link`: (label, url)
    of a button opening a private chat with the bot.
    """
    if message.attachment is not None:
        return attachment_payloads(chat_id, message)
    parts = split_html(message.text) or [""]
    inline = inline_keyboard(message, private_link)
    last: dict[str, Any] | None = inline
    extra: list[Payload] = []
    if message.request_contact:
        if inline is None:
            last = contact_keyboard(share_label)
        else:
            extra.append(send_message(chat_id, share_hint, contact_keyboard(share_label)))
    elif inline is None and remove_keyboard:
        last = REMOVE_KEYBOARD
    payloads = [send_message(chat_id, part) for part in parts[:-1]]
    payloads.append(send_message(chat_id, parts[-1], last))
    return payloads + extra


def attachment_payloads(chat_id: int, message: RenderedMessage) -> list[Payload]:
    """sendPhoto (a chart) or sendDocument (an export) for a reply that carries a file.

    The reply's text is the caption, with its buttons, when it fits; a longer text goes first
    as ordinary messages and the file follows without a caption.
    """
    attachment = message.attachment
    if attachment is None:
        raise ValueError("message has no attachment")
    method, field_name = ("sendPhoto", "photo") if attachment.kind == "image" else ("sendDocument", "document")
    params: dict[str, Any] = {"chat_id": chat_id}
    payloads: list[Payload] = []
    if len(message.text) <= CAPTION_LIMIT:
        params.update(caption=message.text, parse_mode="HTML")
        markup = inline_keyboard(message)
        if markup is not None:
            params["reply_markup"] = markup
    else:
        text_only = RenderedMessage(message.text, message.buttons, message.request_contact, message.topic)
        payloads = message_payloads(chat_id, text_only, share_label="", share_hint="")
    upload = {
        "field": field_name,
        "filename": attachment.filename,
        "base64": base64.b64encode(attachment.content).decode("ascii"),
    }
    payloads.append({"method": method, "params": params, "file": upload})
    return payloads


def answer_callback(query_id: str) -> Payload:
    return call("answerCallbackQuery", callback_query_id=query_id)


def remove_inline_keyboard(chat_id: int, message_id: int) -> Payload:
    return call("editMessageReplyMarkup", chat_id=chat_id, message_id=message_id)
