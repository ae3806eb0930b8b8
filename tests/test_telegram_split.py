"""Splitting Telegram HTML under the length limit: never inside a tag or entity, tags balanced."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.telegram.split import split_html, utf16_len
from bot.render.markup import to_telegram_html

_TAG = re.compile(r"<[^<>]*>")


def visible(html_text: str) -> str:
    return re.sub(r"\s+", "", _TAG.sub("", html_text))


def balanced(part: str) -> bool:
    depth = 0
    for tag in _TAG.findall(part):
        depth += -1 if tag.startswith("</") else 1
        if depth < 0:
            return False
    return depth == 0


def test_short_text_is_one_part() -> None:
    assert split_html("halo <b>Bapak</b>") == ["halo <b>Bapak</b>"]


def test_breaks_at_lines_first() -> None:
    text = "\n".join(["a" * 60] * 5)
    parts = split_html(text, limit=130)
    assert parts == ["a" * 60 + "\n" + "a" * 60] * 2 + ["a" * 60]


def test_a_long_bold_line_is_closed_and_reopened() -> None:
    text = "<b>" + " ".join(["iuran&amp;jkk"] * 40) + "</b>"
    parts = split_html(text, limit=100)
    assert len(parts) > 1
    assert all(utf16_len(p) <= 100 and balanced(p) for p in parts)
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)
    assert all(not re.search(r"&[a-z#0-9]*$", p) for p in parts)
    assert visible("".join(parts)) == visible(text)


def test_emoji_count_double() -> None:
    parts = split_html("👋" * 100, limit=50)
    assert all(utf16_len(p) <= 50 for p in parts)
    assert "".join(parts) == "👋" * 100


words = st.text(alphabet=st.sampled_from(list("abc xyz<>&*\n👋é")), min_size=0, max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=40), st.integers(min_value=40, max_value=300))
def test_any_rendered_text_splits_safely(chunks: list[str], limit: int) -> None:
    source = "".join(f"*{c}*" if i % 3 == 0 else c for i, c in enumerate(chunks))
    html_text = to_telegram_html(source)
    parts = split_html(html_text, limit=limit)
    assert all(utf16_len(p) <= limit for p in parts)
    assert all(balanced(p) for p in parts)
    assert all(not re.search(r"&[a-z#0-9]*$", p) and not re.search(r"<[^>]*$", p) for p in parts)
    assert visible("".join(parts)) == visible(html_text)
