"""A question asking a number in a unit ("berapa hari", "berapa persen") is answered only by an
answer that states a number in that unit; otherwise the FAQ says it does not know that detail.

The JHT claim answers say where and how to claim, never how many days a payout takes; the Perisai
answer says agents earn a commission, never its percentage. The examples are this file's own.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.faq.normalize import parse_lexicon
from bot.faq.units import asked_units, filled, stated_units
from tests.faq.faq_helpers import assert_unstated, service

TODAY = date(2026, 12, 1)
UNITS = {"hari": ("hari", "days"), "persen": ("%", "persen"), "tanggal": ("tanggal", "tgl")}


def test_units_asked_are_the_words_right_after_berapa() -> None:
    assert asked_units(["cair", "berapa", "hari"], UNITS) == ("hari",)
    assert asked_units(["berapa", "persen", "dan", "berapa", "hari", "berapa", "hari"], UNITS) == ("persen", "hari")
    # "hari apa" asks which day, and "berapa lama" no unit of this table.
    assert asked_units(["hari", "apa", "buka"], UNITS) == ()
    assert asked_units(["berapa", "lama"], UNITS) == ()
    # Either side of "berapa": "persennya berapa", "tanggal berapa".
    assert asked_units(["jari", "persen", "berapa"], UNITS) == ("persen",)
    assert asked_units(["bayar", "tanggal", "berapa"], UNITS) == ("tanggal",)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Santunan dibayar sekitar *3 hari kerja* setelah dokumen lengkap.", {"hari"}),
        ("Iuran 0,30% dari upah; paling lambat 30 hari.", {"hari", "persen"}),
        ("paid within three days", set()),  # English number words are not read: no false "stated"
        ("bisa diambil 1 bulan setelah berhenti bekerja", set()),
        ("pada hari kerja, 10 persen", {"persen"}),
        ("lima belas hari", {"hari"}),
        ("paling lambat tanggal 15 bulan berikutnya", {"tanggal"}),  # a date's day follows its word
        ("tanggal jatuh tempo", set()),
    ],
)
def test_units_stated_need_a_number_right_before_them(text: str, units: set[str]) -> None:
    assert stated_units(text, UNITS) == units


def test_an_answer_template_is_read_with_its_figures_filled_in_and_every_branch_kept() -> None:
    template = "Iuran {{ rate }} dari upah.{% if late %} Denda {{ fine }}.{% endif %}"
    text = filled(template, {"rate": "0,30%", "fine": "2%"})
    assert text.split() == ["Iuran", "0,30%", "dari", "upah.", "Denda", "2%."]
    assert filled("{{ unknown }} hari", {}) == "0 hari"  # a figure not in the sample is still a number


@pytest.mark.parametrize(
    ("question", "subject", "unit"),
    [
        ("pencairan jht lewat aplikasi makan waktu berapa hari ya", "jht", "hari"),
        ("upah agen perisai berapa persen dari iuran?", "perisai", "persen"),
        ("ganti data nik yang keliru di bpjs tk butuh berapa hari?", "jmo", "hari"),
        ("pensiun bulanan jp dikirim tiap tanggal berapa", "jp", "tanggal"),
    ],
)
def test_a_number_in_a_unit_the_nearest_answer_never_states_is_not_answered(
    question: str, subject: str, unit: str
) -> None:
    assert_unstated(question, subject, unit)
    outcome = service().answer(question, TODAY)
    assert outcome.topic is None and outcome.replies[0].key == "faq/unknown_detail"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("iuran jkm karyawan berapa persen dari gaji", "jkm-iuran"),
        ("karyawan anyar kudu didaftarke paling telat pirang dina", "daftar-pekerja-baru"),
        ("setoran iuran pekerja dari pabrik paling akhir tanggal berapa", "batas-bayar"),
        ("uang tunai jkp dibayar berapa persen dari upah", "jkp-manfaat"),
        # The death benefit's answer states the payout days too (since round 28), as the claim's does.
        ("ahli waris dapat santunan kematian berapa hari setelah berkas lengkap", ("jkm-klaim", "jkm-santunan")),
    ],
)
def test_an_answer_stating_a_number_in_the_unit_asked_answers(question: str, entry: str | tuple[str, ...]) -> None:
    topic = service().answer(question, TODAY).topic
    assert topic in (entry if isinstance(entry, tuple) else (entry,))


def test_a_follow_up_asking_a_unit_is_read_against_the_last_answer() -> None:
    not_stated = service().answer("dapat berapa persen?", TODAY, "perisai")
    assert not_stated.topic is None and not_stated.replies[0].key == "faq/unknown_detail"
    assert service().answer("berapa persen?", TODAY, "jkm-iuran").topic == "jkm-iuran"
    finger = service().answer("kalau kelingking putus, persennya berapa?", TODAY, "jkk-cacat")
    assert finger.topic is None and finger.replies[0].key == "faq/unknown_detail"
    # The JKP claim answer gives a deadline in months, not how many days the money takes.
    waiting = service().answer("nunggu brp hari?", TODAY, "jkp-klaim")
    assert waiting.topic is None and waiting.replies[0].key == "faq/unknown_detail"


def test_the_lexicon_section_is_parsed_and_checked() -> None:
    lexicon = parse_lexicon({"units": {"Hari": ["hari", "Days"]}})
    assert lexicon.units == {"hari": ("hari", "days")}
    with pytest.raises(ValueError, match="units"):
        parse_lexicon({"units": {"hari": "hari"}})
    assert {"hari", "persen"} <= set(service().matcher.normalizer.lexicon.units)
