"""Behaviour of the matcher and the service: scope, redirects, greetings, clarification."""

from __future__ import annotations

from datetime import date

import pytest
from faq_helpers import plain, render, service

from bot.core.choices import FAQ_PREFIX
from bot.core.ports import FaqAnswerer

TODAY = date(2026, 11, 23)

# Our own out-of-scope questions (not the evaluation sets): everyday topics, some sharing
# words with the domain (kerja, daftar, kartu, kantor, usaha).
OUT_OF_SCOPE = [
    "resep sambal terasi",
    "cara menanam cabai di polybag",
    "jadwal sholat jumat blitar",
    "harga tiket pesawat ke bali",
    "cara membuat ktp elektronik",
    "lirik lagu dangdut terbaru",
    "daftar harga hp samsung",
    "kantor pos terdekat buka jam berapa",
    "usaha apa yang menguntungkan di desa",
    "cuaca besok hujan tidak",
    "tolong terjemahkan ke bahasa inggris",
    "berita terbaru hari ini",
    "asdfghjkl",
    "cara membuat sim online",
    "lowongan pabrik rokok",
    "thr dibayar kapan",
    "lupa pin atm bri",
    "cara top up dana",
    "saldo e-money cek dimana",
    "selamat ulang tahun",
    "1234567",
]


def test_service_is_a_faq_answerer() -> None:
    answerer: FaqAnswerer = service()
    assert answerer.answer_entry("iuran-bpu", TODAY) is not None


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_falls_back_honestly(question: str) -> None:
    outcome = service().answer(question, TODAY)
    assert not outcome.recognised
    assert [r.key for r in outcome.replies] == ["faq/unknown"]
    assert all(r.topic is None for r in outcome.replies)
    text = plain(render(outcome.replies[0]))
    assert "belum tahu" in text and "175" in text and "JMO" in text and "Jl. Palem" in text


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("info pendaftaran cpns tahun ini", "redirect-cpns"),
        ("gimana cara dapat kartu prakerja", "redirect-prakerja"),
        ("bisa pinjam uang di bpjs tk?", "redirect-pinjaman"),
        ("usia pensiun pns berapa", "redirect-cpns"),
        ("taspen cair kapan", "redirect-cpns"),
        ("bansos bulan ini kapan cair", "redirect-prakerja"),
    ],
)
def test_near_domain_topics_are_redirected_not_answered(question: str, entry: str) -> None:
    outcome = service().answer(question, TODAY)
    assert not outcome.recognised
    assert outcome.replies[0].key == "faq/" + entry
    assert outcome.replies[0].topic is None


def test_bpjs_kesehatan_points_to_165() -> None:
    outcome = service().answer("kartu kis ibu saya mau diaktifkan lagi", TODAY)
    assert outcome.recognised and outcome.replies[0].topic == "beda-bpjs-kesehatan"
    assert "165" in render(outcome.replies[0])


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("halooo", "salam"),
        ("selamat pagi kak", "salam"),
        ("assalamualaikum", "salam"),
        ("makasih banyak ya", "terima-kasih"),
        ("suwun mas", "terima-kasih"),
        ("thank you very much", "terima-kasih"),
    ],
)
def test_greetings_and_thanks(question: str, entry: str) -> None:
    outcome = service().answer(question, TODAY)
    assert outcome.recognised and outcome.replies[0].topic == entry


def test_greeting_with_a_question_answers_the_question() -> None:
    outcome = service().answer("selamat siang, mau tanya iuran bpu berapa", TODAY)
    assert outcome.replies[0].topic == "iuran-bpu"


def test_one_vague_word_gets_a_clarification_with_buttons() -> None:
    outcome = service().answer("klaim", TODAY)
    assert outcome.recognised
    reply = outcome.replies[0]
    assert reply.key == "faq/clarify"
    assert 2 <= len(reply.choices) <= 3
    assert all(c.id.startswith(FAQ_PREFIX) and c.label_key == "label.faq.entry" for c in reply.choices)
    assert reply.topic is not None
    assert "maksud Anda" in render(reply)


def test_answer_buttons_open_related_entries() -> None:
    replies = service().answer_entry("jht-cair-kapan", TODAY)
    assert replies is not None
    ids = [c.id for c in replies[0].choices]
    assert len(ids) <= 3
    for cid in ids:
        if cid.startswith(FAQ_PREFIX):
            assert service().answer_entry(cid.removeprefix(FAQ_PREFIX), TODAY) is not None


def test_unknown_entry_id_is_none() -> None:
    assert service().answer_entry("tidak-ada", TODAY) is None


@pytest.mark.parametrize("text", ["", "   ", "???", "!!!"])
def test_empty_or_punctuation_only(text: str) -> None:
    outcome = service().answer(text, TODAY)
    assert not outcome.recognised and outcome.replies[0].key == "faq/unknown"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("gmn carane daftarin karyawan ke bpjs tk", "daftar-perusahaan"),
        ("jht ku iso dicairke kapan", "jht-cair-kapan"),
        ("brp iuran jkm buat pegawai", "jkm-iuran"),
        ("what is jaminan pensiun", "jp-apa"),
        ("kecelakaaan kerjaaa di pabrik ditanggung gak", "jkk-"),
    ],
)
def test_informal_questions(question: str, entry: str) -> None:
    outcome = service().answer(question, TODAY)
    topic = outcome.replies[0].topic
    assert outcome.recognised and topic is not None
    assert topic == entry or (entry.endswith("-") and topic.startswith(entry))


def test_health_agency_questions_go_to_165_unless_about_a_bpjs_tk_program() -> None:
    """'bpjs kesehatan' business is answered with the difference (call centre 165), never with
    a BPJS Ketenagakerjaan answer; a question that also names a BPJSTK program is ranked normally."""
    faq = service()
    today = date(2026, 11, 23)
    for text in ("cara bayar bpjs kesehatan", "iuran kis kelas 3 berapa", "pindah faskes gimana"):
        decision = faq.matcher.decide(text)
        assert decision.best is not None and decision.best.id == "beda-bpjs-kesehatan", text
    for text in ("syarat jkp harus terdaftar jkn?", "kecelakaan kerja berobat di rumah sakit ditanggung?"):
        decision = faq.matcher.decide(text)
        assert decision.best is not None and decision.best.id != "beda-bpjs-kesehatan", text
    replies = faq.answer("bayar iuran bpjs kesehatan dimana", today).replies
    assert replies and replies[0].topic == "beda-bpjs-kesehatan"
