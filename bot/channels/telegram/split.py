"""Split Telegram HTML text into messages under the 4096-character limit.

Breaks at line boundaries where possible, then between words; a break never
falls inside a tag or an entity (`&amp;`), and a `<b>` open across a break is
closed at the end of one part and reopened at the start of the next. Lengths
are counted in UTF-16 code units of the raw HTML, which is never shorter than
what Telegram counts, so every part is safe.
"""

from __future__ import annotations

import re

TELEGRAM_TEXT_LIMIT = 4096

_ATOM = re.compile(r"<[^<>]*>|&#?\w+;|\s+|[^<&\s]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_html(text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> list[str]:
    """Parts of `text`, each at most `limit` UTF-16 units; one part if it fits."""
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in [line] if utf16_len(line) <= limit else _split_line(line, limit):
            candidate = piece if not current else current + "\n" + piece
            if utf16_len(candidate) <= limit:
                current = candidate
            else:
                if current.strip():
                    parts.append(current)
                current = piece
    if current.strip():
        parts.append(current)
    return parts


def _split_line(line: str, limit: int) -> list[str]:
    """Split one over-long line between words, keeping tags balanced in every part."""
    atoms: list[str] = []
    for atom in _ATOM.findall(line):
        # A single word longer than a whole message is cut into pieces.
        if not atom.startswith(("<", "&")) and utf16_len(atom) > limit // 2:
            atoms.extend(atom[i : i + limit // 2] for i in range(0, len(atom), limit // 2))
        else:
            atoms.append(atom)

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
