"""Shared helpers for the FAQ tests (imported as tests.faq.faq_helpers)."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import jinja2

from bot.core.models import Reply
from bot.faq.matcher import Verdict
from bot.faq.service import FaqService, build_faq_service
from bot.paths import messages_dir

REPO = Path(__file__).resolve().parents[2]
DATES = (date(2026, 11, 23), date(2027, 1, 1), date(2027, 4, 1), date(2028, 1, 1))


@lru_cache(maxsize=1)
def service() -> FaqService:
    return build_faq_service()


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    templates = dict(service().answer_templates())
    for path in (messages_dir() / "id" / "faq").glob("*.j2"):
        templates[f"faq/{path.stem}.j2"] = path.read_text(encoding="utf-8")
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,  # as bot/render does
        lstrip_blocks=True,
    )


def render(reply: Reply) -> str:
    return environment().get_template(reply.key + ".j2").render(**dict(reply.context))


def render_entry(entry_id: str, today: date) -> str:
    replies = service().answer_entry(entry_id, today)
    assert replies is not None, entry_id
    return "\n".join(render(r) for r in replies)


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def eval_questions(path: Path) -> list[str]:
    """Every question of an evaluation file (both messages of a follow-up case)."""
    found: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            found.extend(q for q in (case.get("first", ""), case["q"]) if q)
    return found


def bare_words(text: str) -> str:
    """Lower-case letters and digits only, single-spaced: what a copy would share."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def assert_unstated(question: str, subject: str | tuple[str, ...], asked: str) -> None:
    """The question is not answered: its nearest entry (offered as a button) is about `subject`,
    yet never states the detail or unit `asked`."""
    decision = service().matcher.decide(question)
    assert decision.verdict is Verdict.UNKNOWN
    assert decision.nearest is not None and decision.nearest.id.startswith(subject)
    assert asked in decision.unstated
