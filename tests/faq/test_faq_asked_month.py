"""A question about a later month or year is answered with that month's figures, and says so.

In December 2026 the PP 50/2025 discount for traders ends with that month's dues: "berapa iuran
saya mulai Februari 2027?" must not get the discounted price. The examples are this file's own.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.faq.asked_month import AskedMonth, month_asked
from bot.faq.future_change import asks_about_change, asks_about_extension, asks_about_future_change
from tests.faq.faq_helpers import plain, render, service

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("iuran bpu bulan Februari 2027 brp", AskedMonth(date(2027, 2, 1), whole_year=False)),
        ("kalau jan thn 2027 bayarnya berapa", AskedMonth(date(2027, 1, 1), whole_year=False)),
        ("mulai maret nanti iurannya jadi berapa", AskedMonth(date(2027, 3, 1), whole_year=False)),
        ("iuran bulan depan berapa", AskedMonth(date(2027, 1, 1), whole_year=False)),
        ("wulan ngarep mbayar pinten", AskedMonth(date(2027, 1, 1), whole_year=False)),
        ("usia pensiun tahun 2031 berapa", AskedMonth(date(2031, 1, 1), whole_year=True)),
        ("what is the pension age next year", AskedMonth(date(2027, 1, 1), whole_year=True)),
    ],
)
def test_a_later_month_or_year_is_read(text: str, asked: AskedMonth) -> None:
    assert month_asked(text, TODAY) == asked


@pytest.mark.parametrize(
    "text",
    [
        "diskon iuran berlaku sampai Maret 2027?",  # how long something lasts
        "potongan itu sejak Januari 2026 ya",  # when it began
        "iuran tahun 2025 berapa",  # a past year: history, not asked here
        "iuran bulan Desember 2026 berapa",  # this month is today
        "saya daftar bulan Januari, iurannya berapa",  # a month without a year or "nanti"
        "berapa iuran bpu sebulan",
    ],
)
def test_no_later_month_is_read(text: str) -> None:
    assert month_asked(text, TODAY) is None


def replies_text(question: str, today: date = TODAY) -> list[str]:
    return [plain(render(reply)) for reply in service().answer(question, today).replies]


def test_dues_after_the_discount_ends_are_the_full_price_and_the_month_is_named() -> None:
    now = " ".join(replies_text("berapa iuran bpu 2 program untuk pedagang pasar?"))
    later = replies_text("berapa iuran bpu 2 program untuk pedagang pasar mulai Februari 2027?")
    assert "8.400" in now  # the discount runs today
    assert "Februari 2027" in later[0]
    assert "16.800" in " ".join(later[1:])
    assert "sedang ada" not in " ".join(later).lower()


def test_worked_dues_for_an_income_follow_the_month_asked() -> None:
    # Rp1.500.000: JKK Rp15.000 + JKM Rp6.800; halved while the discount runs.
    now = " ".join(replies_text("penghasilan 1,5 juta, iuran bpu berapa"))
    later = " ".join(replies_text("penghasilan 1,5 juta, iuran bpu bulan depan berapa"))
    assert "Rp10.900" in now
    assert "Rp21.800" in later and "Rp10.900" not in later


def test_pension_age_of_a_later_year() -> None:
    text = " ".join(replies_text("umur pensiun jp tahun 2031 berapa?"))
    assert "tahun 2031" in text and "61 tahun" in text


def test_a_month_that_changes_no_figure_of_the_answer_adds_nothing() -> None:
    now = replies_text("syarat klaim jkm apa saja")
    later = replies_text("syarat klaim jkm bulan depan apa saja")
    assert later == now


def test_a_bound_keeps_todays_figures() -> None:
    text = " ".join(replies_text("potongan iuran bpu sampai Desember 2026 ya? berapa jadinya"))
    assert "8.400" in text


def test_a_figure_not_yet_known_for_the_period_asked_is_not_guessed() -> None:
    # The JP wage cap in force from March 2026 holds for twelve months; the next is not announced.
    outcome = service().answer("batas upah jaminan pensiun untuk tahun depan berapa?", TODAY)
    assert not outcome.recognised
    text = plain(render(outcome.replies[0]))
    assert "belum ada di data saya" in text and "Rp11.086.300" not in text
    # Within the current cap's year the figure is known, and answered.
    known = service().answer("batas upah jaminan pensiun bulan februari 2027 berapa?", TODAY)
    assert known.recognised and "Rp11.086.300" in " ".join(plain(render(r)) for r in known.replies)


def test_a_figure_mentioned_in_passing_does_not_make_the_answer_unknown() -> None:
    # The employee dues answer names the JP cap inside a line, not as its subject.
    outcome = service().answer("rincian iuran karyawan penerima upah tahun 2028", TODAY)
    assert outcome.recognised


def test_a_wage_given_keeps_the_answer_for_a_later_year() -> None:
    # A wage below any cap: the figures for next year do not wait for the next cap.
    outcome = service().answer("gaji 2,5 juta, potongan JP tahun depan jadi berapa?", TODAY)
    assert outcome.recognised


def test_a_later_year_named_in_the_answer_is_the_year_asked() -> None:
    text = " ".join(replies_text("usia pensiun jp tahun depan berapa?"))
    assert "pada tahun 2027" in text and "pada tahun 2026" not in text


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("uang duka jkm tahun depan dinaikkan gak", True),
        ("potongan iuran mandiri bakal diperpanjang ga sampai 2028", True),
        ("is the death benefit going to increase next year", True),
        ("kalau upah saya naik tahun depan, potongan jht jadi berapa", False),  # a change supposed
        ("iuran jkm tahun depan berapa", False),  # no change asked
        ("ada keringanan iuran jkk buat pabrik garmen lagi di 2027?", True),
        ("seandainya tahun depan pabrik tutup, jht bisa diambil", False),  # supposed, and no change word
        ("andaikan 2027 iuran naik, saya bayar berapa", False),
        # Javanese and regional ways of saying "kalau" are the lexicon's, read from the tokens.
        ("lek bayaranku mundhak taun ngarep, jht ne dadi piro", False),
        ("upami bayaran kula munggah, iuran jp pinten", False),
        ("santunan jkm taun ngarep mundhak ta", True),
        # A contract or a permit extended is the asker's own story, not a rule changing.
        ("anak saya di taiwan, bulan depan kontraknya diperpanjang setahun, iurannya nambah berapa", False),
        ("visa kerja saya diperpanjang april 2027, jkk tetap jalan?", False),
        ("bulan depan diskon iuran bpu diperpanjang?", True),
    ],
)
def test_a_question_about_a_change_is_told_from_one_that_supposes_it(text: str, asks: bool) -> None:
    assert asks_about_change(text, service().reader.normalizer.tokens(text)) is asks


def test_a_change_we_know_of_no_rule_for_is_not_promised_either_way() -> None:
    # No row of the parameter table changes the JKM benefit in 2027: whether it will, we cannot tell.
    outcome = service().answer("uang duka jkm tahun depan dinaikkan gak?", TODAY)
    assert not outcome.recognised and outcome.topic == "jkm-santunan"  # a follow-up still has its topic
    texts = [plain(render(reply)) for reply in outcome.replies]
    assert "belum tahu" in texts[0] and "tahun 2027" in texts[0]
    assert "Rp42 juta" in " ".join(texts[1:])  # what applies today
    assert all(reply.topic is None for reply in outcome.replies)


def test_a_change_the_table_knows_is_answered_for_the_month_asked() -> None:
    # The PP 50/2025 discount for traders ends in December 2026: next year's dues are known.
    outcome = service().answer("iuran bpu pedagang tahun depan naik nggak?", TODAY)
    assert outcome.recognised
    assert "16.800" in " ".join(plain(render(reply)) for reply in outcome.replies)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("kapan santunan kematian dinaikkan lagi min", True),
        ("denger2 tarif jkk pabrik mau diturunkan ya?", True),
        ("rencananya pemerintah merevisi aturan jht ya", True),
        ("will the JHT contribution increase?", True),
        ("jatuh pas naik motor antar barang, kapan klaimnya cair", False),  # a ride, not a rise
        ("kalau upahku naik, iuran jp ikut naik lagi?", False),  # a change supposed
        ("saldo jht saya bakal naik tiap tahun?", False),  # a balance grows; no rate changes
        ("iuran jkk berapa persen", False),
    ],
)
def test_a_change_asked_without_a_period_is_told_from_other_rises(text: str, asks: bool) -> None:
    assert asks_about_future_change(text, service().reader.normalizer.tokens(text)) is asks


def test_a_change_asked_without_a_period_and_unknown_to_the_table_is_not_promised() -> None:
    outcome = service().answer("besarnya santunan kematian kapan dinaikkan lagi min", TODAY)
    assert not outcome.recognised and outcome.topic == "jkm-santunan"
    texts = [plain(render(reply)) for reply in outcome.replies]
    assert "belum tahu" in texts[0] and "2027" not in texts[0]
    assert "Rp42 juta" in " ".join(texts[1:])  # what applies today


def test_a_change_asked_without_a_period_that_the_table_knows_is_answered() -> None:
    # The pension age steps up in 2028 (PP 45/2015): the answer says when.
    outcome = service().answer("umur pensiun jp kapan naik lagi", TODAY)
    assert outcome.recognised
    assert "2028" in " ".join(plain(render(reply)) for reply in outcome.replies)


def test_a_change_asked_for_a_year_compares_it_with_the_year_before_not_with_today() -> None:
    # The discount ends in December 2026; nothing the table holds changes from 2028 on. "Naik di
    # 2028?" asks about 2028, so the end of this month's discount is not that rise.
    outcome = service().answer("potongan iuran mandiri pedagang di 2029 apa bakal dinaikkan?", TODAY)
    assert not outcome.recognised
    texts = [plain(render(reply)) for reply in outcome.replies]
    assert "belum tahu" in texts[0] and "tahun 2029" in texts[0]


def test_no_change_in_the_year_asked_but_a_step_after_it_is_known_and_answered() -> None:
    # The pension age is 59 through 2027 and 60 from January 2028 (PP 45/2015's steps).
    outcome = service().answer("umur pensiun jp tahun 2027 naik kah?", TODAY)
    assert outcome.recognised and outcome.topic == "jp-usia-pensiun"
    text = " ".join(plain(render(reply)) for reply in outcome.replies)
    assert "tahun 2027 adalah 59 tahun" in text and "2028 menjadi 60" in text


def test_a_year_on_its_own_is_the_period_asked_unless_it_ends_a_month_already_read() -> None:
    assert month_asked("usia pensiun 2031 jadi berapa", TODAY) == AskedMonth(date(2031, 1, 1), whole_year=True)
    assert month_asked("diskonnya cuma sampai maret 2027 kan", TODAY) is None
    assert month_asked("aturan PP 50/2025 itu apa", TODAY) is None


def test_a_year_in_the_question_does_not_pick_an_entry_that_happens_to_name_it() -> None:
    # The pension-age entry has a phrasing with "2027"; dues for a month of 2027 are still dues.
    outcome = service().answer("bulan februari 2027 iuran bpu tukang sayur brp", TODAY)
    assert outcome.topic == "iuran-bpu"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("potongan iuran ojol bakal diperpanjang lagi?", True),
        ("ada perpanjangan diskon iuran mandiri ga", True),
        ("will the discount be extended next year?", True),
        ("kalau diskonnya diperpanjang, saya bayar berapa?", False),  # an extension supposed
        ("kontrak kerja di taiwan diperpanjang setahun, iurannya nambah?", False),  # a contract, not a relief
        ("diskon iuran bpu sampai kapan", False),
        # A relief given again is news we do not have either; "lagi" before it is "now".
        ("tahun depan ada keringanan iuran lagi?", True),
        ("iuran ojol lagi didiskon ya?", False),
    ],
)
def test_an_extension_is_asked_of_a_discount_or_relief_only(text: str, asks: bool) -> None:
    assert asks_about_extension(text, service().reader.normalizer.tokens(text)) is asks


def test_an_extension_nobody_has_announced_is_not_promised_but_the_known_end_is_given() -> None:
    outcome = service().answer("potongan iuran mandiri pedagang bakal diperpanjang ga min?", TODAY)
    assert not outcome.recognised and outcome.topic == "diskon-iuran-bpu"
    texts = [plain(render(reply)) for reply in outcome.replies]
    assert "diperpanjang atau diberikan lagi, saya belum tahu" in texts[0] and "belum ada perpanjangan" in texts[0]
    assert "Desember 2026" in " ".join(texts[1:])  # the end we know


def test_an_extension_the_answer_states_is_answered() -> None:
    # The labour-intensive JKK discount was extended by PP 36/2025: that we know.
    outcome = service().answer("diskon jkk industri padat karya diperpanjang sampai kapan?", TODAY)
    assert outcome.recognised
    assert "PP 36/2025" in " ".join(plain(render(reply)) for reply in outcome.replies)


@pytest.mark.parametrize(
    "question",
    [
        "tahun depan kartu kpj fisik masih dibagikan nggak?",
        "apakah pemkab blitar tahun 2028 akan menanggung iuran pekerja rentan lagi?",
    ],
)
def test_a_plan_for_a_later_year_is_news_we_do_not_have(question: str) -> None:
    # Today's answer holds no figure that changes then; what is planned for that year it cannot tell.
    outcome = service().answer(question, TODAY)
    assert not outcome.recognised
    assert [r.key for r in outcome.replies] == ["faq/unknown_detail"]


@pytest.mark.parametrize(
    "question",
    [
        "usia pensiun tahun depan berapa?",  # a figure the table knows for that year
        "anak saya tahun depan mulai kerja di pabrik, wajib didaftarkan bpjs tk?",  # one's own plan
        "diskon iuran bpu tahun depan masih ada?",  # the discount's end is in the table
    ],
)
def test_a_later_year_that_todays_rules_answer_is_still_answered(question: str) -> None:
    assert service().answer(question, TODAY).recognised


def test_the_jp_benefit_floor_of_a_later_year_is_not_guessed() -> None:
    # Indexed every year: the February 2026 floor is not next year's.
    later = service().answer("pensiun bulanan jp paling sedikit tahun 2028 berapa?", TODAY)
    assert not later.recognised
    assert "Rp411.400" not in " ".join(plain(render(r)) for r in later.replies)
    now = service().answer("pensiun bulanan jp paling sedikit berapa?", TODAY)
    assert now.recognised and "Rp411.400" in " ".join(plain(render(r)) for r in now.replies)
