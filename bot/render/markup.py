"""The markup subset every channel can show: `*bold*` (and, in `.whatsapp.j2` files, `_italic_`).

Templates write `*bold*`. Values inserted from context (names, user text) are
"protected" first, so a markup character a user typed never turns into
formatting: HTML in user text is escaped on Telegram, and on WhatsApp, which
has no escape character, `* _ ~ `` typed by users become look-alike characters
that WhatsApp does not treat as markup.
"""

from __future__ import annotations

import html
import re

# Private-use characters stand in for markup characters that came from values.
_PROTECTED = {"*": "\ue000", "_": "\ue001", "~": "\ue002", "`": "\ue003"}
# WhatsApp formats *bold*, _italic_, ~strike~ and `code`; these look the same and format nothing.
WHATSAPP_LOOKALIKES = {"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"}
_BOLD = re.compile(r"\*([^*\n]+)\*")
_PROTECT_TABLE = str.maketrans(_PROTECTED)
_AS_TYPED = str.maketrans({stand_in: char for char, stand_in in _PROTECTED.items()})
_AS_LOOKALIKE = str.maketrans({_PROTECTED[char]: lookalike for char, lookalike in WHATSAPP_LOOKALIKES.items()})


def protect(value: str) -> str:
    return value.translate(_PROTECT_TABLE)


def _unprotect(text: str) -> str:
    return text.translate(_AS_TYPED)


def to_plain(text: str) -> str:
    """Terminal: bold markers dropped."""
    return _unprotect(_BOLD.sub(r"\1", text))


def to_telegram_html(text: str) -> str:
    """Telegram HTML parse mode: everything escaped, then bold as <b>."""
    return _unprotect(_BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False)))


def to_whatsapp(text: str) -> str:
    """WhatsApp already uses *bold*; markup characters from values become look-alikes."""
    return text.translate(_AS_LOOKALIKE)


def whatsapp_literal(value: str) -> str:
    """A value placed into WhatsApp text outside a Jinja template (e.g. a template parameter)."""
    return to_whatsapp(protect(value))


CONVERTERS = {"console": to_plain, "telegram": to_telegram_html, "whatsapp": to_whatsapp}


def convert(text: str, channel: str) -> str:
    return CONVERTERS.get(channel, to_plain)(text)
