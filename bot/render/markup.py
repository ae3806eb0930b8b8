"""The markup subset every channel can show: `*bold*`, and nothing else.

Templates write `*bold*`. Values inserted from context (names, user text) are
"protected" first, so an asterisk a user typed never turns into formatting, and
HTML in user text is escaped on Telegram.
"""

from __future__ import annotations

import html
import re

# Private-use characters stand in for markup characters that came from values.
_PROTECTED_STAR = "\ue000"
_BOLD = re.compile(r"\*([^*\n]+)\*")


def protect(value: str) -> str:
    return value.replace("*", _PROTECTED_STAR)


def _unprotect(text: str) -> str:
    return text.replace(_PROTECTED_STAR, "*")


def to_plain(text: str) -> str:
    """Terminal: bold markers dropped."""
    return _unprotect(_BOLD.sub(r"\1", text))


def to_telegram_html(text: str) -> str:
    """Telegram HTML parse mode: everything escaped, then bold as <b>."""
    return _unprotect(_BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False)))


def to_whatsapp(text: str) -> str:
    """WhatsApp already uses *bold*; user asterisks are kept as typed."""
    return _unprotect(text)


CONVERTERS = {"console": to_plain, "telegram": to_telegram_html, "whatsapp": to_whatsapp}


def convert(text: str, channel: str) -> str:
    return CONVERTERS.get(channel, to_plain)(text)
