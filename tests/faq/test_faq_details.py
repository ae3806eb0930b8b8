"""A question that asks for a specific detail its best entry never mentions is not answered by it.

The lexicon's [details] are details people ask for about our programs (opening days and hours,
social media, fees and stamps, banks, returns on the funds, courts, relations the law names
apart). The nearest entry is about the subject, but when it never mentions the detail asked for,
answering with it would be a confident wrong answer: the FAQ says it does not know instead, and
offers that entry as a button. The examples are this file's own.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from bot.commands.faq import explain_lines
from bot.faq.matcher import Verdict
from bot.faq.normalize import parse_lexicon
from bot.faq.reading import Reader
from bot.faq.semantic import SecondOpinion
from tests.faq.faq_helpers import assert_unstated, render, service
from tests.faq.test_faq_second_opinion import FakeModel

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("question", "subject", "detail"),
    [
        ("kantor bpjstk blitar punya instagram?", "kantor", "instagram"),
        ("Anak tiri ikut dapat santunan JKM?", "jkm", "tiri"),
        ("anak angkat dapat beasiswa dari bpjs tk ga", "beasiswa", "anakangkat"),
        ("bpjs tk cabang blitar hari sabtu melayani tidak?", "kantor", "sabtu"),
        # Shops the payment answer does not name, a post code, an amnesty on fines.
        ("iuran bpu saya bayar di indomaret dekat rumah bisa?", "cara-bayar", "minimarket"),
        ("kantor cabang bpjstk blitar kode posnya apa", "kantor", "kodepos"),
        ("denda telat bayar iuran ada pemutihan tahun depan?", "denda", "pemutihan"),
        # A prison term, a device, automatic debit, a PIN: no answer states them.
        ("majikan yang tidak mendaftarkan pekerjanya bisa dipenjara?", "lapor", "penjara"),
        ("aplikasi jmo bisa dipakai di laptop?", "jmo", "laptop"),
        ("iuran mandiri bisa autodebet dari rekening tiap bulan?", "iuran", "autodebet"),
        ("pin jmo saya lupa, gimana?", "jmo", "pin"),
        # Which risk group a named business is in: the JKK dues answer lists rates, not trades.
        ("warung soto saya masuk golongan risiko yang mana?", "jkk", "kelasrisiko"),
        ("pabrik tahu kami termasuk tingkat risiko apa buat jkk", "jkk", "kelasrisiko"),
        # Another city's branch, the labour office's address, a list of partner hospitals.
        ("alamat kantor cabang surabaya di mana", "kantor", "cabanglain"),
        ("kantor cabang bpjs tk madiun alamatnya dimana ya", "kantor", "cabanglain"),  # the agency's name between
        ("nomor telepon kantor cabang surabaya berapa", "call-center", "teleponkantor"),
        ("lokasi disnaker blitar buat lapor perusahaan nunggak iuran di mana", "lapor", "alamatdisnaker"),
        ("rumah sakit mana saja yang melayani korban kecelakaan kerja", "jkk", "daftarrs"),
        # An office of its own in one of our areas (the Blitar branch serves them; no answer says
        # more), a leak of members' data, a bill not yet passed.
        # (the nearest is the branch's area or its address: both say where to go, neither names an office there)
        ("kantor perwakilan bpjs tk di Tulungagung buka di jalan apa?", ("wilayah", "kantor"), "kantorarea"),
        ("alamat kantor cabang yang di trenggalek dimana", "kantor", "kantorarea"),
        # ... asked as a branch of its own there.
        ("kapan dibuka kantor cabang sendiri di tulungagung, biar nggak jauh ke blitar?", "kantor", "kantorarea"),
        ("nomor telepon kantor cabang bpjs tk blitar yang langsung berapa", "call-center", "teleponkantor"),
        ("apa benar ada kebocoran data peserta bpjs tk?", "", "kebocoran"),
        # A staff member's personal number, asked as a request without a question.
        ("tolong kirim nomor hp pribadi petugas bpjs tk, biar saya telepon langsung", "call-center", "kontakpribadi"),
        ("data jmo saya bocor ke orang lain, gimana?", "jmo", "bocor"),
        ("kapan ruu perubahan jht disahkan?", "jht", "ruu"),
    ],
)
def test_a_detail_the_nearest_entry_never_mentions_is_not_answered(
    question: str, subject: str | tuple[str, ...], detail: str
) -> None:
    assert_unstated(question, subject, detail)


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        # The same subjects without a detail the answer lacks are answered as before.
        ("perusahaan saya masuk kelompok risiko sedang, iuran jkk berapa", "jkk-iuran-pu"),
        ("kantor bpjstk blitar alamatnya di mana?", "kantor-blitar"),
        # Which office serves one of our areas is answered: the Blitar branch.
        ("kantor bpjs tk yang ngurus wilayah Trenggalek di mana?", "wilayah-blitar"),
        # The agency's number is the call centre's: answered.
        ("nomor telepon bpjs ketenagakerjaan berapa?", "call-center"),
        ("anak dapat beasiswa dari bpjs tk ga, syaratnya apa", "beasiswa-syarat"),
        # A detail the answer does state ("jam layanan" of the call centre) is answered.
        ("call center 175 melayani sampai jam berapa?", "call-center"),
        ("jam operasional call center 175 bpjs tk", "call-center"),
        # A bank the payment answer names.
        ("bayar iuran bpu bisa lewat bri?", "cara-bayar"),
    ],
)
def test_a_detail_the_answer_mentions_or_no_detail_is_answered(question: str, entry: str) -> None:
    decision = service().matcher.decide(question)
    assert decision.verdict is Verdict.ANSWER
    assert decision.best is not None and decision.best.id == entry
    assert decision.unstated == ()


def test_a_detail_in_the_story_before_the_question_does_not_count() -> None:
    # "jam 7 pagi" says when it happened; the question is whether JKK covers it.
    question = "kemarin jam 7 pagi saya jatuh dari tangga waktu kerja di gudang. apa ditanggung jkk?"
    decision = service().matcher.decide(question)
    assert decision.verdict is Verdict.ANSWER and decision.best is not None
    assert decision.best.id.startswith("jkk")


def test_every_clause_that_asks_has_its_details_checked() -> None:
    # The days are asked in the first question, the hours in the second: the contacts answer
    # states the call centre's hours, but no opening days.
    assert_unstated("kantor cabang blitar hari sabtu buka gak? kalau buka, jam berapa?", "call-center", "sabtu")


def test_the_reply_says_it_does_not_know_and_offers_the_nearest_entry() -> None:
    outcome = service().answer("kantor bpjstk blitar punya instagram?", TODAY)
    assert not outcome.recognised and outcome.topic is None
    (reply,) = outcome.replies
    assert reply.key == "faq/unknown_detail" and reply.topic is None
    assert reply.choices[0].id == "faq:kantor-blitar"
    text = render(reply)
    assert "belum ada di data saya" in text and "175" in text
    assert "Kantor Cabang Blitar" in text  # the entry's title, so the button is explained


def test_the_second_opinion_is_not_taken_when_its_entry_lacks_the_detail() -> None:
    entries = service().knowledge.entries
    question = "jht zorblat sabtu"
    assert service().matcher.decide(question).verdict is Verdict.UNKNOWN
    model = FakeModel(entries, {})
    model.questions[question] = model.vector("jht-cair-kapan", 0.99, other="jht-apa")
    reading = Reader(service().matcher, SecondOpinion(entries, encoder=model.encoder)).read(question)
    assert model.asked == [question]  # it was asked, and it was close
    assert reading.opinion is not None and reading.opinion.similarity >= 0.93
    assert reading.primary.verdict is Verdict.UNKNOWN


def test_the_second_opinion_still_answers_without_a_detail() -> None:
    entries = service().knowledge.entries
    question = "jht zorblat"
    model = FakeModel(entries, {})
    model.questions[question] = model.vector("jht-cair-kapan", 0.99, other="jht-apa")
    reading = Reader(service().matcher, SecondOpinion(entries, encoder=model.encoder)).read(question)
    assert reading.primary.verdict is Verdict.ANSWER
    assert np.isclose(reading.opinion.similarity if reading.opinion else 0.0, 0.99)


def test_explain_names_the_detail_the_entry_does_not_mention() -> None:
    lines = explain_lines("kantor bpjstk blitar punya instagram?")
    assert any("instagram" in line and "kantor-blitar" in line for line in lines)


def test_detail_words_are_read_as_themselves_not_corrected_to_a_near_word() -> None:
    normalizer = service().matcher.normalizer
    assert normalizer.tokens("anak angkat") == ["anakangkat"]
    assert {"sabtu", "instagram", "materai", "anakangkat"} <= normalizer.details
    # Words of two meanings are not details: a factory closes, a business opens, a week passes.
    assert not {"tutup", "buka", "minggu", "mandiri"} & normalizer.details


@pytest.mark.parametrize(
    ("word", "detail"),
    [
        ("ceria", "cerai"),  # a typo correction would land on a divorce
        ("ranting", "rating"),  # and on a rating
        ("dijamin", "jam"),  # the affix rules would cut "covered" to an hour
        ("terjamin", "jam"),
    ],
)
def test_a_word_is_never_corrected_or_cut_into_a_detail(word: str, detail: str) -> None:
    assert detail not in service().matcher.normalizer.tokens(word)


def test_is_it_covered_is_not_a_question_about_hours() -> None:
    decision = service().matcher.decide("pekerja pabrik yang kena penyakit paru karena debu kerja dijamin nggak?")
    assert decision.verdict is Verdict.ANSWER
    assert decision.best is not None and decision.best.id == "jkk-penyakit-akibat-kerja"


def test_the_lexicon_section_is_parsed() -> None:
    lexicon = parse_lexicon({"words": {}, "phrases": {}, "details": {"words": ["Fax", "sabtu"]}})
    assert lexicon.details == frozenset({"fax", "sabtu"})
    assert {"fax", "sabtu"} <= lexicon.outputs  # never typo-corrected into another word


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("kantor-blitar", "hari sabtu buka?"),
        ("kantor-blitar", "kalau lewat instagram?"),
        ("jkm-santunan", "kalau anak tiri?"),
    ],
)
def test_a_follow_up_asking_a_detail_the_knowledge_lacks_says_so(previous: str, follow_up: str) -> None:
    outcome = service().answer(follow_up, TODAY, previous)
    assert not outcome.recognised and outcome.topic is None
    (reply,) = outcome.replies
    assert reply.key == "faq/unknown_detail"
    # The entry offered is of the same subject as the last answer.
    assert reply.choices[0].id.startswith("faq:" + previous.split("-")[0])


def test_a_follow_up_the_last_answer_does_state_is_still_answered() -> None:
    outcome = service().answer("jam berapa layanannya?", TODAY, "call-center")
    assert outcome.topic == "call-center"


def test_a_detail_in_a_story_told_without_a_question_mark_does_not_count() -> None:
    # No request, no "?": the hour says when it happened; JKK is what is asked.
    decision = service().matcher.decide("kemarin jam 7 pagi saya jatuh dari tangga di gudang, ditanggung jkk")
    assert decision.verdict is Verdict.ANSWER and decision.unstated == ()


def test_a_close_runner_up_of_the_same_program_that_states_the_detail_answers() -> None:
    # The treatment costs rank first on the accident story but state no percentage; the wage
    # replacement, as close and of the same program, states one.
    question = (
        "Tangan saya kejepit mesin di pabrik, sudah 13 bulan belum bisa kerja. "
        "Katanya setahun pertama upah diganti penuh. Bulan ke-13 dst dapat berapa persen?"
    )
    outcome = service().answer(question, TODAY)
    assert outcome.replies[0].topic == "jkk-stmb"


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        # Another utility or tax named in a follow-up: the last answer's subject words do not make it ours.
        ("call-center", "trus kalau mau komplain ke pln nomornya berapa?"),
        ("denda-telat", "kalau pbb telat setahun dendanya berapa?"),
        # Parking at the office: no answer says.
        ("kantor-blitar", "di situ tempat parkir mobilnya luas nggak?"),
    ],
)
def test_a_follow_up_about_something_no_answer_holds_is_not_answered(previous: str, follow_up: str) -> None:
    assert not service().answer(follow_up, TODAY, previous).recognised


def test_a_parking_attendant_is_a_worker_not_the_office_car_park() -> None:
    assert service().answer("juru parkir bisa ikut bpjs tk?", TODAY).recognised
    assert not service().answer("kantor bpjs tk blitar ada parkir motornya?", TODAY).recognised
