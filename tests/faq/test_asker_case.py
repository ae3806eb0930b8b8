"""The asker's case (risk group, own income or wage, trade, workers, years, months late) is read
from a message and carried to the next one, as the sums are (bot/faq/asker_case.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.ports import FaqOutcome
from bot.faq.asker_case import RISK_GROUPS, AskerCase, case_in, membership_years_in
from tests.faq.faq_helpers import plain, render, service

TODAY = date(2026, 12, 1)


def conversation(*messages: str) -> FaqOutcome:
    """The outcome of the last message, each message framed by the one before (as the engine does)."""
    outcome = service().answer(messages[0], TODAY)
    for text in messages[1:]:
        outcome = service().answer(text, TODAY, outcome.topic, outcome.amounts)
    return outcome


def shown(outcome: FaqOutcome) -> str:
    return plain(" ".join(render(reply) for reply in outcome.replies))


@pytest.mark.parametrize(
    ("text", "case"),
    [
        ("bengkel las risiko tinggi, 4 orang tukang", AskerCase(risk="tinggi", workers=4)),
        ("resiko sangat rendah", AskerCase(risk="sangat-rendah")),
        ("saya ojol, penghasilan 3 juta", AskerCase(self_employed=True, transport=True)),
        ("gaji karyawan saya 2 juta", AskerCase(self_employed=False)),
        ("sudah 12 tahun jadi peserta", AskerCase(years=12)),
        ("telat bayar 3 bulan", AskerCase(months_late=3)),
        ("umur 45 tahun", AskerCase()),
        ("kalau 4 juta?", AskerCase()),
    ],
)
def test_a_message_tells_the_case_it_names_and_nothing_else(text: str, case: AskerCase) -> None:
    assert case_in(text) == case


def test_a_risk_group_named_before_is_used_for_a_wage_named_later() -> None:
    after = conversation("iuran jkk risiko tinggi brp persen", "kalau gaji karyawan 4 juta jadi brp rupiah?")
    assert after.topic == "jkk-iuran-pu"
    assert "1,27%" in shown(after) and "Rp50.800" in shown(after)  # 4.000.000 x 1,27%
    assert "Rp9.600" not in shown(after)  # not the cheapest group's 0,24% as well


def test_a_trade_named_before_keeps_its_own_discount_window() -> None:
    # Ojol drivers' BPU discount runs to March 2027 (PP 50/2025), the others' to December 2026.
    after = conversation("saya ojol penghasilan 3 juta iuran bpjs tk brp", "kalau 4 juta?")
    assert "Rp4.000.000" in shown(after) and "Maret 2027" in shown(after)
    alone = conversation("penghasilan 3 juta iuran bpu brp", "kalau 4 juta?")
    assert "Rp4.000.000" in shown(alone) and "Maret 2027" not in shown(alone)


def test_a_wage_named_later_is_an_employee_s_even_after_an_own_income() -> None:
    after = conversation("saya ojol penghasilan 3 juta iuran bpjs tk brp", "karyawan saya gajinya 2 juta, jkm nya brp")
    assert after.amounts.get("self_employed") == 0 and "transport" not in after.amounts


def test_the_number_of_workers_named_before_still_counts() -> None:
    after = conversation("bengkel saya 4 karyawan risiko sedang gaji 3 juta iurannya brp", "kalau gajinya 3,5 juta?")
    assert "4 pekerja" in shown(after) and "0,89%" in shown(after)


def test_a_new_message_replaces_what_it_says_anew() -> None:
    earlier = AskerCase(risk="tinggi", workers=4, years=3)
    assert earlier.updated_by(case_in("risiko rendah")) == AskerCase(risk="rendah", workers=4, years=3)
    assert earlier.updated_by(AskerCase()) == earlier


@given(
    st.builds(
        AskerCase,
        risk=st.none() | st.sampled_from(RISK_GROUPS),
        self_employed=st.none() | st.booleans(),
        transport=st.booleans(),
        workers=st.none() | st.integers(1, 500),
        years=st.none() | st.integers(1, 99),
        months_late=st.none() | st.integers(1, 24),
    )
)
def test_a_case_kept_as_whole_numbers_reads_back_the_same(case: AskerCase) -> None:
    memory = case.to_memory()
    assert all(type(value) is int for value in memory.values())
    assert AskerCase.remembered(memory) == case


@given(st.dictionaries(st.text(max_size=12), st.none() | st.integers() | st.text(max_size=5) | st.booleans()))
def test_whatever_the_store_holds_reads_back_without_error(memory: dict[str, object]) -> None:
    case = AskerCase.remembered(memory)
    assert case.risk is None or case.risk in RISK_GROUPS
    assert case.workers is None or 1 <= case.workers <= 500


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("tukang parkir, udah 4 tahun ikut bpjs tk", 4),
        ("suamiku melu 11 taun", 11),
        ("jadi peserta sejak lama, kira-kira 9 th", None),  # "sejak lama" tells no years
        ("sudah bekerja di gudang 15 thn", 15),
        ("3 tahun kerja di konveksi", 3),
        ("di-PHK 2 tahun lalu, baru kerja lagi", None),  # a time ago
        ("masih kerja, 5 tahun lagi pensiun", None),  # a time ahead
        ("usia 47 tahun kerja di sawah", None),  # an age
    ],
)
def test_years_of_membership_are_told_only_in_words_that_say_so(text: str, years: int | None) -> None:
    assert membership_years_in(text) == years


def test_the_years_told_say_first_which_side_of_the_partial_jht_rule_the_asker_is_on() -> None:
    short = shown(conversation("saya penjahit di konveksi, sudah 4 tahun ikut. jht boleh dicairkan 10% nggak?"))
    assert short.startswith("Bila kepesertaan Bapak/Ibu baru 4 tahun, JHT belum bisa diambil sebagian")
    enough = shown(conversation("aku wis melu 13 taun, jht iso dijupuk 30% kanggo tuku omah?"))
    assert enough.startswith("Dengan kepesertaan 13 tahun, syarat paling sedikit 10 tahun")
    # The years told in a follow-up to the rule count as well.
    rule = "mau ambil jht sebagian buat renovasi, syaratnya apa saja?"
    after = shown(conversation(rule, "istri saya baru 8 tahun ikut, sudah bisa?"))
    assert after.startswith("Bila kepesertaan Bapak/Ibu baru 8 tahun")


def test_no_years_or_a_balance_told_leave_the_partial_jht_answer_as_it_was() -> None:
    plain_rule = shown(conversation("min, jht boleh diambil sebagian buat modal warung berapa persen?"))
    assert plain_rule.startswith("JHT (Jaminan Hari Tua) bisa diambil")
    ago = shown(conversation("saya pindah kerja 3 tahun lalu, jht bisa diambil sebagian?"))
    assert "Bila kepesertaan" not in ago and "Dengan kepesertaan" not in ago
    # With a balance, the worked figures say it for those years (amount_jht_partial), once.
    worked = shown(conversation("saldo jht 40 juta, sudah 6 tahun ikut, bisa ambil sebagian berapa?"))
    assert worked.count("belum") >= 1 and "Bila kepesertaan" not in worked
