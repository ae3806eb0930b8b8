"""Every figure an answer states is in the parameter data or in the fact-sheet allow-list."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.faq.facts import facts_for
from bot.faq.matcher import answer_words
from bot.rules.parameters import default_parameters
from tests.faq.faq_helpers import DATES, render_entry, service
from tests.faq.figures import figures

ALLOW = tomllib.loads((Path(__file__).parent / "fact_allowlist.toml").read_text(encoding="utf-8"))
IGNORE = tuple(ALLOW["ignore"])
LIST_MARKER = re.compile(r"^\s*\d+\.\s", re.MULTILINE)  # "1. JKK ..." is numbering, not a figure
EXTRA_DATES = (date(2026, 2, 28), date(2026, 3, 1), date(2026, 12, 31), date(2027, 3, 31), date(2027, 12, 31))


def static_allowed() -> set[tuple[str, Decimal]]:
    allowed = {("rupiah", Decimal(k)) for k in ALLOW["rupiah"]}
    allowed |= {("percent", Decimal(k)) for k in ALLOW["percent"]}
    allowed |= {("number", Decimal(k)) for k in ALLOW["number"]}
    return allowed


def parameter_allowed(today: date) -> set[tuple[str, Decimal]]:
    """Figures the parameter table yields for `today` (through the template context)."""
    allowed: set[tuple[str, Decimal]] = set()
    for value in facts_for(today, default_parameters()).values():
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            allowed.add(("number", Decimal(value)))
            continue
        _regs, found = figures(value)
        allowed.update(found)
    return allowed


def scan(text: str) -> tuple[list[str], list[tuple[str, Decimal]]]:
    return figures(LIST_MARKER.sub(" ", text), IGNORE)


@pytest.mark.parametrize("today", DATES + EXTRA_DATES, ids=str)
def test_every_figure_is_sourced(today: date) -> None:
    allowed = static_allowed() | parameter_allowed(today)
    for entry in service().knowledge.entries:
        regulations, found = scan(render_entry(entry.id, today))
        for regulation in regulations:
            assert regulation in ALLOW["regulations"], (entry.id, regulation)
        for kind, value in found:
            assert (kind, value) in allowed, (entry.id, today, kind, value)


def dated_values() -> set[tuple[str, Decimal]]:
    """Figures that change with the date: they must never be typed into answer text."""
    params = default_parameters()
    dated: set[tuple[str, Decimal]] = set()
    dated |= {("rupiah", Decimal(row.value)) for row in params.history("jp_wage_cap")}
    dated.add(("rupiah", Decimal(params.history("jmo_jht_claim_limit")[-1].value)))
    # Pension ages between the JHT age (56, also "56 x wage") and the rule's end (65, static text).
    dated |= {("number", Decimal(row.value)) for row in params.history("pension_age") if 56 < row.value < 65}
    discounted = facts_for(date(2026, 11, 23), params)
    for key in ("disc_other_2prog", "disc_other_3prog", "disc_other_jkm", "jp_cap_worker_max"):
        dated.update(figures(str(discounted[key]))[1])
    return dated


def test_allow_list_holds_no_dated_figure() -> None:
    assert not static_allowed() & dated_values()


def test_answer_sources_type_no_dated_figure() -> None:
    """Pension age, JP cap, discount prices and the JMO limit come only from the context."""
    dated = dated_values()
    for entry in service().knowledge.entries:
        _regs, found = scan(answer_words(entry.answer))
        for item in found:
            assert item not in dated, (entry.id, item)
