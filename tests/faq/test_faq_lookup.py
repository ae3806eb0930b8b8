"""A request to check one person's own record is answered with "I cannot look", never with a
general entry as if it held the figure; asking how to check stays a question the FAQ answers.
The examples are this file's own."""

from __future__ import annotations

from datetime import date

import pytest

from bot.faq.lookup import asks_for_lookup
from tests.faq.faq_helpers import plain, render, service

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    "text",
    [
        "kak tolong dicek saldo JHT saya, NIK 3572015508900001",
        "nik ku 3504xxxxxxxxxxxx, iuranku udah masuk blm?",
        "KPJ saya 23011234567, klaim JHT saya sudah cair belum ya min",
        "mohon bantu cek tunggakan iuran saya bulan ini",
        "saldo jht saya skrg ada berapa min",
        "cekin klaimku dong min",
        "no kpj aku brp ya, kartunya ilang",  # the number of one's own account
        "nomor va saya buat bayar iuran berapa",
        # Whether one's own (family's, business's) claim or payment has gone through, yes or no.
        "pengajuan klaim JKM ibu saya bulan lalu sudah disetujui belum ya?",
        "berkas jht suami saya sudah diverifikasi belum min",
        "toko saya sudah setor iuran karyawan bulan september belum?",
        "Anak saya dapat beasiswa. Beasiswa semester ini wis cair durung?",
        "klaim jkk adik saya prosesnya sudah sampai tahap mana ya",  # how far one's case has got
        "berkas saya sudah masuk seminggu, tolong dicek ya min",
        # Why one's own case was refused or is stuck: only the record and the office can say.
        "pengajuan JHT istri saya ditolak, kenapa ya min?",
        "kok klaim jkk saya masih verifikasi terus dari bulan lalu",
        # Round 29: the account number of one's business; a bare "sudah ... belum?" after the case
        # is told; not through yet, asked without "sudah"; a balance that shrank.
        "nomor va iuran toko saya untuk bulan depan berapa min?",
        "Klaim JKM ibu saya sudah masuk kantor cabang minggu lalu. Sudah diproses belum?",
        "santunan bapak saya diajukan awal bulan, tapi belum cair juga",
        "saldo jht saya kok berkurang dibanding tahun lalu, kenapa ya?",
    ],
)
def test_a_request_to_check_ones_own_record_is_a_lookup(text: str) -> None:
    assert asks_for_lookup(text), text


@pytest.mark.parametrize(
    "text",
    [
        "cara cek saldo jht lewat hp",
        "tolong cek apakah iuran bpu bisa dibayar di kantor pos",  # a fact, not a record
        "saldo JHT saya 35 juta, kalau diambil 10% dapat berapa",  # a figure given, to work with
        "nik saya salah di data jmo, gimana benerinnya",
        "saldo jht bisa dicek di mana",
        "saldo JHT saya nanti berapa kalau gaji 4 juta kerja 10 tahun?",  # an estimate to work out
        "atas nama perusahaan, iuran karyawan gaji 2 juta berapa",
        "nomor pengaduan kantor cabang blitar itu berapa ya min",  # no one's own record
        "nomor kpj saya hilang, cara ngurusnya gimana",
        "jht saya sudah bisa dicairkan belum, baru resign 2 minggu",  # what is allowed, not a status
        "anak saya sudah didaftarkan kantornya belum ya",  # registration: the FAQ says how to check
        "iuran november sudah saya bayar, yang desember belum. batas bayarnya kapan?",  # asks the deadline
        "klaim jkm biasanya sudah cair belum dalam seminggu?",  # no one's own case
        "berkas klaim jkm saya dikirim ke mana?",  # where to send it: the FAQ's
        "kenapa pengajuan jht bisa ditolak?",  # the common reasons: no one's own case
        "kenapa verifikasi wajah saya gagal terus di jmo?",  # the app, not a record
        "kenapa iuran jkk saya lebih kecil dari iuran teman?",  # dues that differ have a rule
        "Saya baru resign bulan ini. Sudah bisa diproses belum?",  # what is allowed, no case named
    ],
)
def test_asking_how_to_check_or_with_a_figure_given_is_not_a_lookup(text: str) -> None:
    assert not asks_for_lookup(text), text


def test_a_lookup_says_it_cannot_look_and_where_to_look() -> None:
    outcome = service().answer("tolong cekkan saldo jht saya, nik 3505114408870002", TODAY)
    assert not outcome.recognised
    text = plain(" ".join(render(reply) for reply in outcome.replies))
    assert "tidak bisa melihat data peserta perorangan" in text
    assert "jangan kirim NIK" in text and "JMO" in text and "175" in text
    buttons = [choice.id for reply in outcome.replies for choice in reply.choices]
    assert "faq:jht-cek-saldo" in buttons and "faq:klaim-cek-status" in buttons
