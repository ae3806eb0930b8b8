"""Cut rendered text into messages under a channel's length limit.

Every chat channel cuts a long answer the same way: whole lines are packed
into a part while they fit, and only a line longer than a whole part is cut
inside, by a rule that keeps that channel's markup balanced (Telegram: HTML
tags, see `bot.channels.telegram.split`; WhatsApp: `*bold*`-style markers,
`split_marked_line` below). Lengths are counted in UTF-16 code units, which is
never less than what Telegram or WhatsApp count, so every part is safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable

LineSplitter = Callable[[str, int], list[str]]

_WORDS = re.compile(r"\s+|\S+")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def pack_lines(text: str, limit: int, split_line: LineSplitter) -> list[str]:
    """Parts of `text`, each at most `limit` UTF-16 units; one part if it fits.

    Lines are kept whole where possible; `split_line` cuts a line that alone is
    longer than `limit`. Blank parts are dropped.
    """
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in [line] if utf16_len(line) <= limit else split_line(line, limit):
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


def chop_long_word(word: str, limit: int) -> list[str]:
    """A single word longer than half a part is cut into pieces of that size."""
    size = max(1, limit // 2)
    if utf16_len(word) <= size:
        return [word]
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and utf16_len(current + char) > size:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def open_markers(text: str, markers: str) -> list[str]:
    """Markers opened in `text` and not closed yet, in opening order ("*_x" -> ["*", "_"])."""
    stack: list[str] = []
    for char in text:
        if char not in markers:
            continue
        if char in stack:
            stack.remove(char)
        else:
            stack.append(char)
    return stack


def split_marked_line(line: str, limit: int, markers: str = "*_~") -> list[str]:
    """Cut one over-long line between words; a `*bold*` span cut in two is closed and reopened.

    Assumes every marker character in `line` is markup (values typed by users
    were turned into look-alikes by the renderer), as on WhatsApp.
    """
    atoms = [piece for atom in _WORDS.findall(line) for piece in chop_long_word(atom, limit)]
    parts: list[str] = []
    body = ""
    for atom in atoms:
        candidate = body + atom
        closing = "".join(reversed(open_markers(candidate.rstrip(), markers)))
        if utf16_len(candidate.rstrip()) + len(closing) > limit and body.strip():
            kept = body.rstrip()
            still_open = open_markers(kept, markers)
            parts.append(kept + "".join(reversed(still_open)))
            body = "".join(still_open)
            if atom.isspace():
                continue
        body += atom
    if body.strip():
        parts.append(body.rstrip() + "".join(reversed(open_markers(body.rstrip(), markers))))
    return parts
