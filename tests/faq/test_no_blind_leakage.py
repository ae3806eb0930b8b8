"""The frozen blind sets stay blind: no knowledge phrasing and no test repeats one of their questions.

Every blind set is covered as soon as it is committed (by file name), so a new set needs no
edit here. Short canonical questions coincide naturally ("iuran jkk bpu berapa persen" was a
phrasing from the first day, before any blind set, and is also how a blind follow-up opens);
questions of six or more canonical words must not. Failures name no question: nobody reads the blind sets line by
line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faq.faq_helpers import REPO, bare_words, eval_questions, service

DATA = REPO / "tests" / "data"
# faq-blind.jsonl, the first set, was tuned on in round 1 and is no longer blind.
BLIND_SETS = sorted(
    {*DATA.glob("faq-blind-*.jsonl"), *DATA.glob("faq-followup-v*.jsonl"), *DATA.glob("faq-followup-r*.jsonl")}
)
LONG_ENOUGH = 6


def test_the_blind_sets_are_found() -> None:
    assert len(BLIND_SETS) >= 6


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda p: p.name)
def test_no_knowledge_phrasing_copies_a_blind_question(path: Path) -> None:
    norm = service().matcher.normalizer
    phrasings = {" ".join(norm.tokens(p)) for e in service().knowledge.entries for p in e.phrasings}
    copied = 0
    for question in eval_questions(path):
        canonical = norm.tokens(question)
        copied += len(canonical) >= LONG_ENOUGH and " ".join(canonical) in phrasings
    assert copied == 0, f"{copied} knowledge phrasings copy questions of {path.name}"


@pytest.mark.parametrize("path", BLIND_SETS, ids=lambda p: p.name)
def test_no_test_source_repeats_a_blind_question(path: Path) -> None:
    sources = " \n ".join(bare_words(p.read_text(encoding="utf-8")) for p in (REPO / "tests").rglob("*.py"))
    repeated = sum(
        1
        for question in eval_questions(path)
        if len(question.split()) >= LONG_ENOUGH and bare_words(question) in sources
    )
    assert repeated == 0, f"{repeated} questions of {path.name} appear in test sources"
