"""Split Telegram HTML text into messages under the 4096-character limit.

Breaks at line boundaries where possible (`bot.render.split.pack_lines`), then
between words; a break never falls inside a tag or an entity (`&amp;`), and a
`<b>` open across a break is closed at the end of one part and reopened at the
start of the next. Lengths are counted in UTF-16 code units of the raw HTML,
which is never shorter than what Telegram counts, so every part is safe.
"""

from __future__ import annotations

import re

from bot.render.split import chop_long_word, pack_lines, utf16_len

__all__ = ["TELEGRAM_TEXT_LIMIT", "split_html", "utf16_len"]

TELEGRAM_TEXT_LIMIT = 4096

_ATOM = re.compile(r"<[^<>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")


def split_html(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Parts of `text`, each at most `limit` UTF-16 units; one part if it fits."""
    return pack_lines(text, limit, _split_line)


def _split_line(line: str, limit: int) -> list[str]:
    """Split one over-long line between words, keeping tags balanced in every part."""
    atoms: list[str] = []
    for atom in _ATOM.findall(line):
        # A single word longer than a whole message is cut into pieces.
        atoms.extend([atom] if atom.startswith(("<", "&")) else chop_long_word(atom, limit))

    parts: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, opening tag as written)
    body = ""

    def closing() -> str:
        return "".join(f"</{name}>" for name, _tag in reversed(open_tags))

    for atom in atoms:
        tag = _TAG.fullmatch(atom)
        reserve = utf16_len(closing()) + (len(f"</{tag.group(2)}>") if tag and not tag.group(1) else 0)
        if utf16_len(body + atom) + reserve > limit and body.strip():
            parts.append(body.rstrip() + closing())
            body = "".join(opening for _name, opening in open_tags)
            if atom.isspace():
                continue
        body += atom
        if tag is not None:
            if tag.group(1):
                if open_tags and open_tags[-1][0] == tag.group(2):
                    open_tags.pop()
            else:
                open_tags.append((tag.group(2), atom))
    if body.strip():
        parts.append(body.rstrip() + closing())
    return parts
