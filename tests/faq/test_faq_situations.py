"""Round 5: people describe their situation instead of naming a program.

"suami saya meninggal", "sudah tua tidak kuat kerja", "dipecat pabrik" belong to a program the
message never names. The lexicon's [situations] imply that program for the ranking, and closed-
class English and Javanese words ([function]) no longer weigh in coverage like an unknown
subject. Every example here is written for the test, not taken from an evaluation set.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.faq.faq_helpers import service

TODAY = date(2026, 12, 1)


def topic(text: str, previous: str | None = None) -> str | None:
    outcome = service().answer(text, TODAY, previous)
    return outcome.topic if outcome.recognised else None


def implied(text: str) -> str | None:
    matcher = service().matcher
    return matcher.implied_program(matcher.normalizer.tokens(text))


@pytest.mark.parametrize(
    ("text", "program"),
    [
        ("istri saya wafat karena kanker", "jkm"),
        ("kakak saya meninggal karena demam tinggi", "jkm"),
        ("kakak saya meninggal karena kecelakaan di gudang", "jkk"),
        ("tangan saya cacat kena mesin", "jkk"),
        ("saya dipecat dari gudang", "jkp"),
        ("bapak sudah tua", "jht"),
        ("saya berhenti kerja tahun ini", "jht"),
        ("dapat pensiun tiap bulan", "jp"),
        ("bantuan sekolah untuk anak yatim", None),  # a scholarship is JKK's and JKM's
        ("harga beras naik", None),
        ("biar aman kalau kecelakaan atau meninggal", None),  # either case: both programs
        ("meninggal karena kecelakaan di jalan tol", "jkk"),  # a cause, not an alternative
    ],
)
def test_a_described_situation_implies_its_program(text: str, program: str | None) -> None:
    assert implied(text) == program


def test_a_named_program_is_not_overridden_by_the_situation() -> None:
    # The situation only matters when no program is named: a death asked about JHT stays JHT.
    answer = topic("ayah saya meninggal, saldo jht nya bisa dicairkan ahli waris?")
    assert answer is not None and answer.startswith("jht-")


@pytest.mark.parametrize(
    ("question", "prefix"),
    [
        ("istri saya wafat karena kanker bulan kemarin, dia ikut dari kantornya, keluarga dapat apa", "jkm-"),
        ("mertuaku mati kena serangan jantung, biyen melu bpjs, aku oleh piro", "jkm-"),
        ("mas saya meninggal waktu kerja di gudang kejatuhan besi, istrinya dapat berapa", "jkk-"),
    ],
)
def test_a_death_described_reaches_the_programs_benefit(question: str, prefix: str) -> None:
    answer = topic(question)
    assert answer is not None and answer.startswith(prefix), answer


def test_javanese_oleh_before_what_is_got_means_get() -> None:
    tokens = service().matcher.normalizer.tokens("aku oleh duwit piro")
    assert "dapat" in tokens and "boleh" not in tokens


def test_english_function_words_do_not_sink_a_described_accident() -> None:
    answer = topic("my brother had an accident with a machine at the factory, will they pay the hospital")
    assert answer is not None and answer.startswith("jkk-"), answer


@pytest.mark.parametrize(
    "question",
    [
        "will they open the new mall with some parking",  # no domain word at all
        "our neighbour had a party with all the village, was it fun",
    ],
)
def test_function_words_make_nothing_ours(question: str) -> None:
    assert topic(question) is None


def test_function_words_weigh_little_in_coverage() -> None:
    matcher = service().matcher
    assert matcher._weight("with") < matcher._weight("bioskop") / 4


@pytest.mark.parametrize(
    "question",
    [
        "adik sudah tidak kerja lagi di gudang, tabungan kerjanya diambil bagaimana",
        "uang tabungan kerja suami saya bisa diambil kalau dia sudah tidak kerja?",
    ],
)
def test_a_situation_in_everyday_words_is_answered_by_its_program(question: str) -> None:
    answer = topic(question)
    assert answer is not None and answer.startswith("jht-"), answer


@pytest.mark.parametrize(
    "question",
    [
        "orang tua saya sakit, cuti kerja boleh berapa hari",  # "tua" of "orang tua", leave
        "nenek saya sudah tua sering lupa, periksa ke mana",  # old age, but a doctor's question
        "kerja keluar kota dapat uang saku berapa",  # "keluar" + "kerja", a travel allowance
        "pohon mangga sudah tua berbuah nggak",
    ],
)
def test_a_situation_word_alone_does_not_make_a_question_ours(question: str) -> None:
    assert topic(question) is None


@pytest.mark.parametrize(
    "text",
    [
        "suami meninggal kecelakaan waktu mudik",
        "anak saya meninggal tenggelam waktu piknik",
        "ibu meninggal bukan karena kerja",
    ],
)
def test_a_death_away_from_work_implies_jkm_before_the_accident_implies_jkk(text: str) -> None:
    assert implied(text) == "jkm"


# --- round 34: money every month in old age, and the monthly deduction taken out ---------------


@pytest.mark.parametrize(
    "question",
    [
        "nanti pas sudah tua apa ada uang bulanan buat saya dari kantor, syaratnya gimana",
        "pengin kaya pegawai negeri, nek wis tuwo entuk duit saben wulan, syarate opo",
    ],
)
def test_money_every_month_in_old_age_is_the_pension(question: str) -> None:
    assert (topic(question) or "").startswith("jp-")


def test_the_monthly_deduction_for_old_age_taken_out_is_the_jht() -> None:
    assert (topic("duit yang tiap bulan dipotong buat hari tua itu kapan bisa diambil?") or "").startswith("jht-")
