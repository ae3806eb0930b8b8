"""Rendered replies -> WhatsApp Cloud API message payloads (JSON-serialisable dicts).

* no choices: text messages of at most 4096 characters;
* 1-3 choices: an interactive reply-buttons message (titles at most 20 characters);
* 4-10 choices: an interactive list message (row titles at most 24 characters);
* more (none today): the channel appends the options as numbered text (see `channel.py`).

An interactive body holds at most 1024 characters: longer text goes first as
text message(s), and the interactive message carries the last paragraphs that
fit (the question the buttons answer). Lengths are counted in UTF-16 code
units, never less than what WhatsApp counts. Text was already converted for
WhatsApp by the renderer (user-typed markup characters are look-alikes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.channels.base import Payload
from bot.render.split import pack_lines, split_marked_line, utf16_len
from bot.render.templates import RenderedButton, RenderedMessage

TEXT_LIMIT = 4096
INTERACTIVE_BODY_LIMIT = 1024
MAX_REPLY_BUTTONS = 3
MAX_LIST_ROWS = 10
BUTTON_TITLE_LIMIT = 20
ROW_TITLE_LIMIT = 24
LIST_BUTTON_LIMIT = 20

# A business-scoped user id ("ID.1234567890", "US.ENT.118157...") instead of a phone number (wa_id).
_BSUID = re.compile(r"^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]+$")


def is_bsuid(address: str) -> bool:
    return _BSUID.match(address) is not None


def addressed(address: str, body: Payload) -> Payload:
    """The common envelope: a wa_id goes in `to`, a business-scoped user id in `recipient`."""
    payload: Payload = {"messaging_product": "whatsapp", "recipient_type": "individual"}
    payload["recipient" if is_bsuid(address) else "to"] = address
    payload.update(body)
    return payload


def text_payload(address: str, body: str) -> Payload:
    return addressed(address, {"type": "text", "text": {"preview_url": False, "body": body}})


def fit(title: str, limit: int) -> str:
    """A title cut to `limit` UTF-16 units with an ellipsis (labels are checked to fit; this is a guard)."""
    if utf16_len(title) <= limit:
        return title
    cut = title
    while cut and utf16_len(cut) > limit - 1:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def _titles(buttons: Sequence[RenderedButton], limit: int) -> list[str]:
    """Fitted titles, made unique (WhatsApp refuses two buttons with the same title)."""
    titles: list[str] = []
    for button in buttons:
        title = fit(button.label, limit)
        number = 2
        while title in titles:
            suffix = f" ({number})"
            title = fit(button.label, limit - utf16_len(suffix)) + suffix
            number += 1
        titles.append(title)
    return titles


def _interactive(address: str, kind: str, body: str, action: Payload) -> Payload:
    interactive = {"type": kind, "body": {"text": body}, "action": action}
    return addressed(address, {"type": "interactive", "interactive": interactive})


def buttons_payload(address: str, body: str, buttons: Sequence[RenderedButton]) -> Payload:
    titles = _titles(buttons, BUTTON_TITLE_LIMIT)
    replies = [{"type": "reply", "reply": {"id": b.id, "title": t}} for b, t in zip(buttons, titles, strict=True)]
    return _interactive(address, "button", body, {"buttons": replies})


def list_payload(address: str, body: str, buttons: Sequence[RenderedButton], list_button: str) -> Payload:
    titles = _titles(buttons, ROW_TITLE_LIMIT)
    rows = [{"id": b.id, "title": t} for b, t in zip(buttons, titles, strict=True)]
    return _interactive(
        address, "list", body, {"button": fit(list_button, LIST_BUTTON_LIMIT), "sections": [{"rows": rows}]}
    )


def mark_read_payload(message_id: str) -> Payload:
    """Blue ticks for an inbound message (and, for WhatsApp, every earlier one in the chat)."""
    return {"messaging_product": "whatsapp", "status": "read", "message_id": message_id}


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Text message parts: whole lines where possible, `*bold*` kept balanced across a cut."""
    return pack_lines(text, limit, split_marked_line) if text.strip() else []


def split_for_interactive(text: str, limit: int = INTERACTIVE_BODY_LIMIT) -> tuple[str, str]:
    """(lead, body): `body` fits an interactive message; `lead` (maybe empty) goes before it as text.

    The body is the longest run of final lines that fits, starting at a paragraph
    if one fits; a last line longer than `limit` is cut between words.
    """
    text = text.strip()
    if utf16_len(text) <= limit:
        return "", text
    lines = text.split("\n")
    start = len(lines)
    while start > 0 and utf16_len("\n".join(lines[start - 1 :]).strip("\n")) <= limit:
        start -= 1
    if start < len(lines) and "\n".join(lines[start:]).strip():
        paragraphs = [i for i in range(max(start, 1), len(lines)) if not lines[i - 1].strip() and lines[i].strip()]
        if paragraphs and start > 0 and lines[start - 1].strip():
            start = paragraphs[0]
        return "\n".join(lines[:start]).strip("\n"), "\n".join(lines[start:]).strip("\n")
    pieces = split_marked_line(lines[-1], limit)
    lead = "\n".join([*lines[:-1], " ".join(pieces[:-1])]).strip("\n")
    return lead, pieces[-1]


def message_payloads(address: str, message: RenderedMessage, *, list_button: str) -> list[Payload]:
    """The payloads, in order, that show one rendered reply (at most 10 buttons; see `channel.py`)."""
    buttons = message.buttons
    if len(buttons) > MAX_LIST_ROWS:
        raise ValueError(f"{len(buttons)} choices do not fit a list message; number them as text first")
    if not buttons:
        return [text_payload(address, part) for part in split_text(message.text)]
    lead, body = split_for_interactive(message.text)
    payloads = [text_payload(address, part) for part in split_text(lead)]
    if not body.strip():
        body = list_button
    if len(buttons) <= MAX_REPLY_BUTTONS:
        payloads.append(buttons_payload(address, body, buttons))
    else:
        payloads.append(list_payload(address, body, buttons, list_button))
    return payloads
