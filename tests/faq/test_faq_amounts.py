"""Figures worked out for the wage or income a question names (bot/faq/amounts.py).

Expected figures are the fact sheet's own worked examples where it has them (the JP worker
deduction at the 2026 cap, the JKP maximum) and otherwise follow from its rates by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.models import Reply
from bot.faq.amount_reading import Amounts, amount_in, amounts_in, extension_months_in
from bot.faq.amounts import PERSONAL_ESTIMATE, load_amount_kinds, work_out
from bot.faq.asker_case import case_in
from bot.faq.service import FaqService
from bot.paths import messages_dir
from bot.rules.parameters import default_parameters
from tests.faq.faq_helpers import plain, render, service

TODAY = date(2026, 12, 1)  # the PP 50/2025 discount runs for every sector
AFTER_OTHERS = date(2027, 2, 1)  # ended for most sectors, still running for transport
PARAMS = default_parameters()


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("penghasilan saya 2 juta, iurannya berapa", 2_000_000),
        ("gaji 2,5jt potong berapa", 2_500_000),
        ("upah Rp 3.000.000 per bulan", 3_000_000),
        ("gajiku sejutaan tok", 1_000_000),
        ("penghasilan 1,5jtan", 1_500_000),
        ("cuma 750rb sebulan", 750_000),
        ("gaji 4.250.000", 4_250_000),
        # Round 30: sums in words
        ("upahnya tiga juta setengah, iurannya berapa", 3_500_000),
        ("penghasilan kira-kira satu setengah juta", 1_500_000),
        ("gaji bapak empat juta dua ratus ribu", 4_200_000),
        # Round 32: a wage changed into another is the one after
        ("upah saya turun dari 4 juta jadi 3,2 juta, potongannya berapa", 3_200_000),
        ("gaji naik dari 2jt ke 2,6jt", 2_600_000),
    ],
)
def test_an_amount_written_as_money_is_read(text: str, amount: int) -> None:
    assert amount_in(text) == amount


@pytest.mark.parametrize(
    "text",
    [
        "karyawan saya 4 orang, iurannya berapa",  # a count
        "umur 58 tahun kapan pensiun",  # an age
        "umur lima puluh tahun kapan pensiun",  # an age in words
        "saldo jht saya 23 juta bisa lewat jmo?",  # a balance, not a wage
        "nilai kontrak proyek 80 juta iurannya",  # a contract's value
        "pinjam 5 juta di bank",  # a loan
        "iuran 2 program berapa",  # a plain number
    ],
)
def test_counts_ages_balances_and_contracts_are_not_wages(text: str) -> None:
    assert amount_in(text) is None


@given(st.text(max_size=200))
def test_reading_an_amount_never_fails(text: str) -> None:
    amount = amount_in(text)
    assert amount is None or 100_000 <= amount <= 200_000_000


def test_self_employed_dues_for_an_income_with_and_without_the_discount() -> None:
    during = work_out("bpu", 2_000_000, TODAY, PARAMS).context
    # JKK 1% of Rp2.000.000 = Rp20.000 and JKM Rp6.800, both halved; JHT 2% = Rp40.000, not discounted.
    assert (during["two"], during["three"], during["two_plain"]) == ("Rp13.400", "Rp53.400", "Rp26.800")
    assert during["three_plain"] == "Rp66.800"  # 20.000 + 6.800 + 40.000, for whoever asks "tanpa diskon"
    after = work_out("bpu", 2_000_000, AFTER_OTHERS, PARAMS).context
    assert (after["two"], after["discounted"]) == ("Rp26.800", False)


def test_a_driver_keeps_the_transport_discount_longer() -> None:
    named = work_out("bpu", 2_000_000, AFTER_OTHERS, PARAMS, case_in("saya ojol penghasilan 2 juta")).context
    assert (named["two"], named["transport"]) == ("Rp13.400", True)
    assert work_out("bpu-transport", 2_000_000, AFTER_OTHERS, PARAMS).context["two"] == "Rp13.400"


def test_an_income_below_the_minimum_is_counted_at_the_minimum() -> None:
    low = work_out("bpu", 500_000, AFTER_OTHERS, PARAMS).context
    assert low["below_minimum"] is True
    assert (low["two"], low["three"]) == ("Rp16.800", "Rp36.800")


def test_the_wage_deduction_caps_jp_at_the_jp_wage_cap() -> None:
    small = work_out("wage-deduction", 3_000_000, TODAY, PARAMS).context
    assert (small["jht"], small["jp"], small["both"], small["capped"]) == ("Rp60.000", "Rp30.000", "Rp90.000", False)
    large = work_out("wage-deduction", 15_000_000, TODAY, PARAMS).context
    assert (large["jp"], large["capped"]) == ("Rp110.863", True)  # fact sheet 7.1: 1% of Rp11.086.300


def test_job_loss_cash_is_sixty_percent_of_the_capped_wage() -> None:
    assert work_out("jkp-cash", 4_000_000, TODAY, PARAMS).context["monthly"] == "Rp2.400.000"
    assert work_out("jkp-cash", 7_000_000, TODAY, PARAMS).context["monthly"] == "Rp3.000.000"
    # For six months at most: Rp18.000.000 is the most anyone receives (fact sheet 8.2).
    assert work_out("jkp-cash", 7_000_000, TODAY, PARAMS).context["total"] == "Rp18.000.000"


def test_work_accident_benefits_are_multiples_of_the_wage() -> None:
    assert work_out("jkk-death", 3_500_000, TODAY, PARAMS).context["total"] == "Rp168.000.000"
    # Fact sheet 4.2: with the funeral costs (Rp10 juta) and the periodic benefit (Rp12 juta).
    assert work_out("jkk-death", 3_500_000, TODAY, PARAMS).context["cash_total"] == "Rp190.000.000"
    assert work_out("jkk-disability", 3_000_000, TODAY, PARAMS).context["total"] == "Rp168.000.000"
    assert work_out("jkk-stmb", 3_000_000, TODAY, PARAMS).context["half"] == "Rp1.500.000"


def test_a_question_naming_an_income_gets_the_worked_figures_after_the_answer() -> None:
    outcome = service().answer("penghasilan saya sebagai penjahit 2 juta sebulan, iuran bpu berapa?", TODAY)
    assert len(outcome.replies) == 2
    answer, worked = outcome.replies
    assert worked.key == "faq/amount_bpu" and worked.topic == answer.topic == outcome.topic
    assert "Rp13.400" in plain(render(worked))
    # The buttons move under the last bubble.
    assert answer.choices == () and worked.choices


def test_without_an_amount_or_for_another_subject_the_answer_stands_alone() -> None:
    assert len(service().answer("iuran bpu berapa?", TODAY).replies) == 1
    claim = service().answer("gaji saya 3 juta, klaim jht lewat jmo caranya gimana", TODAY)
    assert claim.topic == "jht-klaim-jmo" and len(claim.replies) == 1


def test_every_worked_template_renders_for_every_kind() -> None:
    kinds = load_amount_kinds(messages_dir() / "faq" / "_amounts.toml")
    for entry_id in kinds:
        entry = service().knowledge.get(entry_id)
        assert entry is not None, entry_id
    for kind in sorted(set(kinds.values()) - {PERSONAL_ESTIMATE}):
        for day in (TODAY, AFTER_OTHERS, date(2028, 1, 1)):
            for amount in (500_000, 2_000_000, 15_000_000):
                worked = work_out(kind, amount, day, PARAMS)
                text = plain(render(Reply(worked.key, context=worked.context)))
                assert "Rp" in text and "{" not in text


@pytest.mark.parametrize(
    "text",
    [
        "upah saya 4,5 juta, ikut JP sudah 18 tahun. nanti pensiun bulanan saya dapat berapa?",
        "kalo gajiku 7jt terus iur jp 25 taun, pensiunku sebulan brp ya",
    ],
)
def test_ones_own_jp_pension_for_a_wage_is_not_guessed(text: str) -> None:
    # No sourced rule works out one person's JP pension; the floor and ceiling are not that figure.
    outcome = service().answer(text, TODAY)
    assert not outcome.recognised and outcome.replies[0].key == "faq/unknown_detail", text


def test_the_jp_floor_asked_with_a_wage_is_still_answered() -> None:
    outcome = service().answer("gaji saya 3 juta, pensiun jp paling sedikit berapa sebulan?", TODAY)
    assert outcome.recognised and outcome.topic in ("jp-manfaat-besaran", "jp-syarat-bulanan")
    assert "paling sedikit" in plain(render(outcome.replies[0]))


def test_the_amounts_file_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "_amounts.toml"
    bad.write_text('[kinds]\nsalary = ["iuran-bpu"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        load_amount_kinds(bad)
    with pytest.raises(ValueError, match="no such entries"):
        FaqService(service().knowledge, service().matcher, PARAMS, amount_kinds={"no-such-entry": "bpu"})


def test_a_person_s_own_income_is_not_a_key_to_an_answer_s_example() -> None:
    # The micro-employer answer's example is a Rp2.500.000 wage; a trader earning that much asks
    # about the self-employed dues, and gets them worked out for the amount.
    outcome = service().answer(
        "aku jualan cilok, penghasilan sekitar 2,5 juta sebulan, iuran bpjs mandirinya berapa ya", TODAY
    )
    assert outcome.topic in ("iuran-bpu", "iuran-bpu-penghasilan")
    assert "Rp15.900" in plain(render(outcome.replies[-1]))  # JKK Rp25.000 and JKM Rp6.800, halved


def test_an_amount_given_after_an_answer_gets_that_answer_s_figures() -> None:
    outcome = service().answer("upah almarhumah 2 juta sebulan, dapat berapa?", TODAY, "jkk-meninggal")
    assert outcome.topic == "jkk-meninggal"
    assert "Rp96.000.000" in plain(render(outcome.replies[-1]))  # 48 x Rp2.000.000
    alone = service().answer("gaji suami saya 2,5 juta", TODAY, "jkk-cacat")
    assert alone.topic == "jkk-cacat" and "Rp140.000.000" in plain(render(alone.replies[-1]))  # 56 x


def test_an_amount_with_a_question_of_its_own_is_that_question() -> None:
    other = service().answer("gaji 4 juta, kalau klaim jht lewat jmo gimana?", TODAY, "potongan-gaji")
    assert other.topic == "jht-klaim-jmo"
    dues = service().answer("kalau penghasilan 2 juta iuran bpu berapa", TODAY, "jkk-cacat")
    assert dues.topic != "jkk-cacat"


_AMOUNT_TOPICS = sorted(load_amount_kinds(messages_dir() / "faq" / "_amounts.toml"))


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["gaji", "penghasilan", "2,5jt", "Rp 3.000.000", "sejutaan", "jht", "berapa", "kalau", "?"]),
        max_size=8,
    ),
    noise=st.text(max_size=40),
    previous=st.sampled_from([None, *_AMOUNT_TOPICS]),
)
def test_any_message_after_any_answer_with_figures_gets_replies_that_render(
    words: list[str], noise: str, previous: str | None
) -> None:
    outcome = service().answer(" ".join(words) + " " + noise, TODAY, previous)
    assert outcome.replies
    for reply in outcome.replies:
        assert "{" not in plain(render(reply))


@pytest.mark.parametrize("word", ["angkot", "grab", "kurir"])
def test_every_transport_word_keeps_the_transport_window(word: str) -> None:
    # The FAQ reads the same list as the calculator's sector step (TRANSPORT_WORDS).
    context = work_out("bpu", 2_000_000, AFTER_OTHERS, PARAMS, case_in(f"saya {word}, penghasilan 2 juta")).context
    assert context["transport"] is True
    trader = work_out("bpu", 2_000_000, AFTER_OTHERS, PARAMS, case_in("saya jualan, penghasilan 2 juta")).context
    assert trader["transport"] is False


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("nilai kontrak renovasi balai desa 90 juta, gaji tukang 2,5jt", Amounts(wage=2_500_000, contract=90_000_000)),
        ("proyek jalan 1,2 miliar", Amounts(contract=1_200_000_000)),
        ("saldo jht ku 27 juta, gajiku 3 juta", Amounts(wage=3_000_000, balance=27_000_000)),
        ("harga motor 20 juta", Amounts()),
        ("tabungan jht saya sudah 40 juta, upah borongan 3 juta", Amounts(wage=3_000_000, balance=40_000_000)),
        # Dues owed are read apart from the wage, by the nearest word that says what a sum is.
        ("tagihan iuran bulan ini 1,8 juta", Amounts(dues=1_800_000)),
        ("iuran bpu penghasilan 2 juta", Amounts(wage=2_000_000)),
        ("tunggakan iuran pabrik 12 juta, upah rata2 2,2jt", Amounts(wage=2_200_000, dues=12_000_000)),
        # The word that says what the sum is may stand well before it in the same clause.
        ("setoran bpjs tk toko kami untuk bulan september kemarin Rp2,4jt", Amounts(dues=2_400_000)),
    ],
)
def test_a_contract_value_and_a_balance_are_read_apart_from_the_wage(text: str, amounts: Amounts) -> None:
    assert amounts_in(text) == amounts


def test_the_employer_share_matches_the_fact_sheet_example() -> None:
    # Fact sheet 9.1: wage Rp2.500.000, very low risk: JKK Rp6.000 + JKM Rp7.500 = Rp13.500 for a
    # micro employer; adding JHT, the employer pays Rp92.500 more and the worker Rp50.000.
    context = work_out("employer-share", 2_500_000, TODAY, PARAMS).context
    assert (context["jkk_low"], context["jkm"], context["mikro_total"]) == ("Rp6.000", "Rp7.500", "Rp13.500")
    assert (context["jht_employer"], context["jht"]) == ("Rp92.500", "Rp50.000")
    assert context["kecil_total"] == "Rp106.000"  # 13.500 + 92.500
    assert context["jkk_high"] == "Rp43.500"  # 1,74%


def test_the_employer_share_uses_a_named_risk_group_and_counts_workers() -> None:
    text = "bengkel bubut, risiko sedang, 4 orang tukang digaji 3 juta"
    assert case_in(text).workers == 4
    context = work_out("employer-share", 3_000_000, TODAY, PARAMS, case_in(text)).context
    assert (context["jkk_rate_low"], context["jkk_low"]) == ("0,89%", "Rp26.700")
    assert context["mikro_total"] == "Rp35.700"  # 26.700 + JKM 9.000
    assert context["mikro_all"] == "Rp142.800"
    assert (context["jkk_all"], context["jkm_all"]) == ("Rp106.800", "Rp36.000")  # 4 x 26.700, 4 x 9.000
    assert "risiko yang disebut" in plain(render(Reply("faq/amount_employer_share", context=context)))


def test_the_jp_wage_cap_answer_works_out_the_employer_s_jp_for_a_wage() -> None:
    reply = service().answer("pegawai saya gajinya 4 juta, jp bagian perusahaan jadi berapa?", TODAY).replies
    assert [r.topic for r in reply if r.topic][:1] in (["jp-batas-upah"], ["jp-iuran"])
    assert "JP 2% (Rp80.000)" in " ".join(plain(render(r)) for r in reply)


def test_dues_follow_who_asks() -> None:
    employer = work_out("dues", 3_000_000, TODAY, PARAMS, case_in("karyawan gaji 3 juta jkm nya")).key
    own = work_out("dues", 3_000_000, TODAY, PARAMS, case_in("penghasilan saya 3 juta jkm nya")).key
    assert (employer, own) == ("faq/amount_employer_share", "faq/amount_bpu")


def test_construction_dues_on_a_small_contract_and_none_above_the_bracket() -> None:
    small = work_out("construction", 60_000_000, TODAY, PARAMS).context
    assert (small["jkk"], small["jkm"], small["total"]) == ("Rp126.000", "Rp18.000", "Rp144.000")
    large = plain(
        render(Reply("faq/amount_construction", context=work_out("construction", 3 * 10**9, TODAY, PARAMS).context))
    )
    assert "175" in large and "Rp7.200.000" not in large  # the higher brackets are not sourced


def test_jht_taken_partly_is_ten_or_thirty_percent_after_ten_years() -> None:
    context = work_out("jht-partial", 50_000_000, TODAY, PARAMS, case_in("sudah 12 tahun ikut")).context
    assert (context["retirement"], context["housing"], context["too_early"]) == ("Rp5.000.000", "Rp15.000.000", False)
    early = work_out("jht-partial", 50_000_000, TODAY, PARAMS, case_in("baru 6 tahun jadi peserta")).context
    assert early["too_early"] is True
    assert work_out("jht-partial", 50_000_000, TODAY, PARAMS, case_in("umur 45 tahun")).context["too_early"] is False


def test_a_contract_named_in_a_construction_question_gets_its_dues() -> None:
    outcome = service().answer("kontraktor kecil, nilai kontrak gorong-gorong 70 juta, iuran jakon berapa?", TODAY)
    assert outcome.topic == "pekerja-konstruksi"
    assert "Rp168.000" in plain(render(outcome.replies[-1]))  # 0,21% + 0,03% of 70 juta


def test_a_question_clause_that_only_names_the_program_does_not_outweigh_the_subject() -> None:
    # "JKK nya brp?" alone would rank a JKK benefit first; the project named before it is the subject.
    outcome = service().answer("proyek jembatan nilainya 75jt, JKK nya brp?", TODAY)
    assert outcome.topic == "pekerja-konstruksi"
    assert "Rp157.500" in plain(render(outcome.replies[-1]))  # 0,21% of 75 juta


@pytest.mark.parametrize(
    "text", ["buruh tani, upah harian 90rb", "sehari dapet 150 ribu", "ngojek 120rb/hari", "seminggu bisa 600 ribu"]
)
def test_a_day_s_or_a_week_s_pay_is_not_read_as_a_monthly_wage(text: str) -> None:
    # Worked figures for Rp90.000 a month would be wrong: no figures rather than false ones.
    assert amount_in(text) is None


@pytest.mark.parametrize(
    ("text", "months"),
    [("telat bayar iuran 3 bulan", 3), ("nunggak 2 bln", 2), ("telat sebulan", 1), ("dendanya berapa", 1)],
)
def test_months_late_are_read_or_one(text: str, months: int) -> None:
    assert case_in(text).late_months == months


def test_an_employer_s_late_fine_is_two_percent_of_the_dues_per_month() -> None:
    outcome = service().answer("kantor telat setor iuran 2 bulan, tagihannya 1,5 juta, dendanya berapa?", TODAY)
    assert outcome.topic == "denda-telat"
    text = plain(render(outcome.replies[-1]))
    assert "Rp30.000" in text and "Rp60.000" in text  # fact sheet 10: 2% per month of delay


def test_the_wage_deduction_also_says_what_reaches_the_jht_balance() -> None:
    context = work_out("wage-deduction", 2_000_000, TODAY, PARAMS).context
    assert (context["jht_total_rate"], context["jht_total"]) == ("5,7%", "Rp114.000")  # 2% + 3,7%
    employer = plain(
        render(Reply("faq/amount_employer_share", context=work_out("employer-share", 4_000_000, TODAY, PARAMS).context))
    )
    assert "Rp120.000" in employer  # the worker's 2% + 1% of 4 juta, said as one sum


def test_amounts_remembered_from_the_conversation_are_read_back_safely() -> None:
    assert Amounts.remembered({"wage": 2500000, "balance": 9000000}) == Amounts(wage=2500000, balance=9000000)
    # A stored value that is not a sum of a known role is dropped, never an error.
    assert Amounts.remembered({"wage": "2,5 juta", "umur": 40, "dues": None}) == Amounts()
    assert Amounts(wage=2500000, balance=9000000).updated_by(Amounts(wage=4000000)) == Amounts(
        wage=4000000, balance=9000000
    )
    assert Amounts(contract=80000000).by_role() == {"contract": 80000000}


def test_a_sum_named_earlier_in_the_conversation_is_worked_out_for_the_answer() -> None:
    outcome = service().answer("iuran bpu berapa sebulan?", TODAY, previous_amounts={"wage": 2000000})
    assert outcome.topic == "iuran-bpu"
    assert "Rp2.000.000" in plain(render(outcome.replies[-1]))
    assert outcome.amounts == {"wage": 2000000, "self_employed": 1}  # "bpu": an income of one's own
    # The message's own sum wins over the remembered one.
    own = service().answer("penghasilan 3 juta, iuran bpu berapa?", TODAY, previous_amounts={"wage": 2000000})
    assert "Rp3.000.000" in plain(render(own.replies[-1])) and own.amounts["wage"] == 3000000


def test_an_answer_without_figures_is_not_changed_by_a_remembered_sum() -> None:
    alone = service().answer("jht cair kapan?", TODAY)
    framed = service().answer("jht cair kapan?", TODAY, previous_amounts={"wage": 2000000})
    assert [r.key for r in framed.replies] == [r.key for r in alone.replies]


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("kontrak di taiwan diperpanjang 5 bulan", 5),
        ("ada perpanjangan 2 bln, nambah berapa", 2),
        ("contract extended by 6 months", 6),
        ("kontrak 24 bulan", None),  # the contract itself, not an extension
        ("telat 3 bulan", None),
    ],
)
def test_the_months_a_contract_is_extended_by_are_read(text: str, months: int | None) -> None:
    assert extension_months_in(text) == months


def test_a_migrant_worker_s_extension_is_worked_out_month_by_month() -> None:
    # Fact sheet 9.3: Rp13.500 for each month beyond the contract.
    replies = service().answer(
        "anak saya PMI di Hongkong, kontraknya diperpanjang 5 bulan, iurannya nambah berapa?", TODAY
    )
    text = " ".join(plain(render(r)) for r in replies.replies)
    assert replies.topic == "pekerja-migran" and "5 x Rp13.500 = Rp67.500" in text


def test_the_self_employed_figures_say_jkm_does_not_follow_the_income() -> None:
    text = plain(render(Reply("faq/amount_bpu", context=work_out("bpu", 3_000_000, TODAY, PARAMS).context)))
    assert "JKM tetap sama berapa pun penghasilannya" in text


def test_a_sum_in_javanese_words_is_read_as_money() -> None:
    assert amounts_in("gajiku telung yuta, potongane piro?").wage == 3_000_000
