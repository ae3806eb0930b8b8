"""Content truth against the fact sheet: dated prices, employers' duties, caveats, new topics."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.faq.facts import facts_for
from bot.rules.parameters import default_parameters
from tests.faq.faq_helpers import REPO, plain, render_entry, service

IN_OTHER_DISCOUNT = date(2026, 11, 23)  # PP 50/2025: all BPU sectors discounted
TRANSPORT_ONLY = date(2027, 2, 1)  # other sectors ended in Dec 2026, transport runs to Mar 2027
AFTER = date(2027, 4, 1)


def rendered(today: date) -> dict[str, str]:
    return {e.id: plain(render_entry(e.id, today)) for e in service().knowledge.entries}


@pytest.mark.parametrize("today", [IN_OTHER_DISCOUNT, TRANSPORT_ONLY, AFTER], ids=str)
def test_an_undiscounted_bpu_price_is_never_stated_alone_while_a_discount_runs(today: date) -> None:
    facts = facts_for(today, default_parameters())
    full, other, transport = facts["bpu_2prog"], facts["disc_other_2prog"], facts["disc_transport_2prog"]
    for entry_id, text in rendered(today).items():
        if str(full) not in text:
            continue
        if facts["disc_other_active"]:
            assert str(other) in text, entry_id
        elif facts["disc_transport_active"]:
            assert str(transport) in text or "transportasi" in text, entry_id


def test_the_transport_discount_ends_in_march_2027() -> None:
    facts = facts_for(IN_OTHER_DISCOUNT, default_parameters())
    assert facts["disc_transport_until"] == "Maret 2027"
    assert "Maret 2027" in plain(render_entry("diskon-iuran-bpu", IN_OTHER_DISCOUNT))
    assert "Maret 2027" in plain(render_entry("pekerja-platform", IN_OTHER_DISCOUNT))


SELF_REGISTRATION = re.compile(r"(boleh|berhak) (\w+ )?mendaftar(kan diri)? sendiri", re.IGNORECASE)


def test_saying_a_worker_may_register_also_says_the_employers_duty_and_how_to_report() -> None:
    texts = dict(rendered(IN_OTHER_DISCOUNT))
    texts["registration/worker_right"] = plain(
        (REPO / "messages" / "id" / "registration" / "worker_right.j2").read_text(encoding="utf-8")
    )
    checked = 0
    for name, text in texts.items():
        if not SELF_REGISTRATION.search(text):
            continue
        checked += 1
        assert "wajib" in text and "pemberi kerja" in text.lower(), name
        assert "iuran" in text, name  # the employer pays its share
        assert re.search(r"[Ll]apor", text) and ("175" in text or "Dinas Tenaga Kerja" in text), name
    assert checked >= 3


def test_the_jp_wage_cap_is_shown_with_its_caveat_and_said_to_be_stale_after_march() -> None:
    current = plain(render_entry("jp-batas-upah", date(2026, 12, 1)))
    assert "Rp11.086.300" in current and "pastikan ke call centre 175" in current
    assert "belum kami terima" not in current
    stale = plain(render_entry("jp-batas-upah", date(2027, 3, 2)))
    assert "Rp11.086.300" in stale and "belum kami terima" in stale


def test_partial_jht_says_when_and_how() -> None:
    text = plain(render_entry("jht-sebagian", date(2026, 12, 1)))
    for fact in ("10%", "30%", "10 tahun", "satu kali", "surat keterangan masih aktif bekerja", "Lapak Asik"):
        assert fact in text


def test_no_age_limit_is_guessed() -> None:
    text = plain(render_entry("batas-usia-daftar", date(2026, 12, 1)))
    assert "tidak mau menebak" in text and "175" in text
    ages = {int(n) for n in re.findall(r"\b(\d{2}) tahun", text)}
    assert ages <= {54, 56}  # only the sourced JKP and JHT ages


@pytest.mark.parametrize(
    ("entry_id", "facts"),
    [
        ("lapor-pemberi-kerja", ("UU 24/2011", "JMO", "175", "Dinas Tenaga Kerja")),
        ("jmo-lupa-akun", ("Lupa password", "Lupa akun", "e-KTP")),
        ("jmo-data-salah", ("pengkinian data", "kantor cabang")),
        ("jmo-verifikasi-wajah", ("cahaya", "Lapak Asik")),
        ("kpj-ganda", ("digabung", "JMO")),
        ("bsu", ("Kemnaker", "tidak mau menebak")),
        ("peserta-magang", ("Permenaker 5/2021", "JKK dan JKM")),
        ("pekerja-platform", ("BPU", "JKK dan JKM")),
        ("pekerja-migran", ("Rp37.500", "+62 811 9115910")),
        ("pekerja-konstruksi", ("0,21%", "JKK dan JKM")),
        ("jht-dokumen", ("e-KTP", "buku tabungan", "paklaring", "Rp50 juta")),
        ("perisai", ("Penggerak Jaminan Sosial Indonesia",)),
        ("bpu-nunggak", ("3 bulan", "NIK 16 digit")),
        ("cara-bayar", ("LinkAja", "DANA", "BRI", "NIK 16 digit")),
    ],
)
def test_topics_people_ask_about_are_covered(entry_id: str, facts: tuple[str, ...]) -> None:
    text = plain(render_entry(entry_id, date(2026, 12, 1)))
    for fact in facts:
        assert fact in text, (entry_id, fact)


@pytest.mark.parametrize(
    "question",
    [
        "udah 2 tahun jaga toko, ternyata bos belum daftarin aku bpjs tk. aku boleh daftar dewe?",
        "perusahaan tempat saya kerja tidak pernah mendaftarkan saya, apa saya bisa daftar sendiri?",
    ],
)
def test_a_worker_the_employer_never_registered_hears_the_duty_and_how_to_report(question: str) -> None:
    # Not the business owner's own registration: the employer stays obliged, registering
    # meanwhile is allowed, and the worker learns where to report.
    outcome = service().answer(question, IN_OTHER_DISCOUNT)
    assert outcome.topic == "lapor-pemberi-kerja"
    text = plain(render_entry("lapor-pemberi-kerja", IN_OTHER_DISCOUNT))
    assert "wajib" in text and "mendaftar sendiri" in text


@pytest.mark.parametrize(
    ("entry_id", "fact"),
    [
        ("lapor-pemberi-kerja", "30 hari"),  # the registration deadline, fact sheet 2
        ("jht-sebagian", "usia 56 tahun"),  # the whole balance while still working, fact sheet 6
        ("jkp-manfaat", "pelatihan kerja"),  # benefits besides cash, fact sheet 8
        ("klaim-beasiswa", "Rp174 juta"),  # the scholarship's total, fact sheet 5
        # Round 29: an employer registering its first workers also pays by the 15th (fact sheet 10)
        ("daftar-pekerja-baru", "tanggal 15 bulan berikutnya"),
        ("potongan-gaji", "JHT 3,7%"),  # the employer's own share beside the deduction, fact sheet 3
        ("bpu-nunggak", "tidak dikenakan denda"),  # BPU arrears carry no fine, fact sheet 10
        ("syarat-daftar-bpu", "agen Perisai"),  # without a phone: the office or an agent, fact sheet 11
        ("pemilik-usaha", "JMO"),  # an owner registers themself in the app
        ("perisai", "wadah"),  # dues paid together through a group, fact sheet 10
        # Round 34: the late fine is the employer's alone and may not be deducted (fact sheet 10);
        # JP and JKP are not open to the self-employed (fact sheets 7, 8); severance does not take
        # the JHT away; the discounted price of three programs (fact sheet 3).
        ("potongan-gaji", "tidak boleh dipotong dari upah"),
        ("bpu-program", "tidak bisa ikut JP"),
        ("jht-bukan-pesangon", "JHT tidak hangus"),
        ("diskon-iuran-bpu", "3 program paling sedikit Rp36.800 menjadi Rp28.400"),
        ("siapa-bpu", "paling rendah Rp1.000.000 sebulan"),  # an uneven income may join, fact sheet 3
        ("jht-cair-kapan", "seluruh saldo (100%)"),  # the whole balance on leaving work or the country, fact sheet 6
        # Round 36: the JKP right ends once one works again (fact sheet 8.3); what adding JHT costs
        # the self-employed (fact sheet 3).
        ("jkp-syarat", "hak JKP hilang bila sudah bekerja lagi"),
        ("bpu-program", "JHT (2% dari penghasilan)"),
    ],
)
def test_answers_state_the_fact_their_question_turns_on(entry_id: str, fact: str) -> None:
    assert fact in plain(render_entry(entry_id, date(2026, 12, 1)))
