"""Answers whose counts are as of a date do not answer for another year, nor count what they do not.

The office's area answer says how many participants there were in 2023; asked for this year's
number, or for the number of staff, it would hand over an old or unrelated count. The examples
are this file's own.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.faq.knowledge import KnowledgeError, parse_entries
from bot.faq.snapshot import beyond, counts_asked, stated_years, years_asked
from tests.faq.faq_helpers import plain, render, service

TODAY = date(2026, 12, 1)
COUNTS = service().reader.normalizer.lexicon.counts


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("peserta aktif di kota blitar taun iki piro", {2026}),
        ("last year how many members joined in Trenggalek", {2025}),
        ("rekap klaim sepanjang 2024 ada?", {2024}),
        ("saya kerja dari tahun 2012, sekarang berapa peserta di blitar", set()),  # a start, not a year asked
        ("menurut PP 50/2025 diskonnya berapa", set()),  # a regulation's number
        ("iuran tahun 2029 berapa", {2029}),  # a later year too: a past count says nothing of it
        ("next year berapa orang yang ditanggung pemda", {2027}),
    ],
)
def test_the_years_a_question_asks_figures_of(text: str, years: set[int]) -> None:
    assert years_asked(text, TODAY) == years


def test_the_years_an_answer_dates_its_figures_by_leave_out_regulations() -> None:
    assert stated_years("Data 2023: 10 peserta (PP 44/2015). Sampai Agustus 2025, klaim Rp1 miliar.") == {2023, 2025}


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("ada berapa jumlah pegawai di kantor itu", ("karyawan",)),
        ("how many staff are there", ("karyawan",)),
        ("total perusahaan berapa yang sudah ikut", ("perusahaan",)),
        ("iurannya berapa persen", ()),
    ],
)
def test_what_a_question_asks_the_number_of(text: str, counted: tuple[str, ...]) -> None:
    assert counts_asked(service().reader.normalizer.tokens(text), COUNTS) == counted


def test_a_dated_answer_answers_its_own_year_and_its_own_counts_only() -> None:
    answer = "Data 2023: 1.000 peserta aktif."
    tokens = service().reader.normalizer.tokens
    assert not beyond(answer, "berapa peserta tahun 2023", tokens("berapa peserta tahun 2023"), TODAY, COUNTS)
    assert beyond(answer, "berapa peserta tahun ini", tokens("berapa peserta tahun ini"), TODAY, COUNTS)
    assert beyond(answer, "berapa pegawainya", tokens("berapa pegawainya"), TODAY, COUNTS)
    assert not beyond(answer, "ada berapa orang", tokens("ada berapa orang"), TODAY, COUNTS)


@pytest.mark.parametrize(
    "question",
    [
        "peserta bpjs tk se-kabupaten tulungagung taun iki ana pira?",
        "berapa staf yang kerja di kantor cabang blitar sih",
        "berapa perusahaan di trenggalek yang sudah terdaftar bpjs tk?",
        "taun 2028 iuran pekerja rentane isih dibayari pemkab blitar ora?",
    ],
)
def test_another_year_or_another_count_of_the_office_s_area_is_not_handed_the_old_count(question: str) -> None:
    outcome = service().answer(question, TODAY)
    assert not outcome.recognised
    assert outcome.replies[0].key == "faq/unknown_detail"
    assert "tidak mau menebak" in plain(render(outcome.replies[0]))


def test_the_office_s_area_still_answers_its_own_counts() -> None:
    outcome = service().answer("berapa peserta aktif bpjs tk di wilayah kantor cabang blitar?", TODAY)
    assert outcome.recognised and outcome.topic == "wilayah-blitar"


def test_a_rule_that_is_no_snapshot_answers_for_this_year() -> None:
    outcome = service().answer("iuran bpu tahun ini berapa ya buat tukang ojek", TODAY)
    assert outcome.recognised


def test_dated_must_be_true_or_false() -> None:
    raw = {"entry": [{"id": "x", "title": "X", "answer": "a", "phrasings": ["p"], "dated": "ya"}]}
    with pytest.raises(KnowledgeError, match="dated"):
        parse_entries(raw)
