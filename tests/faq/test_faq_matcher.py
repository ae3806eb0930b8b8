"""Behaviour of the matcher and the service: scope, redirects, greetings, clarification."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.choices import FAQ_PREFIX
from bot.core.ports import FaqAnswerer
from bot.faq.matcher import MIN_COVERAGE, MIN_COVERAGE_WEAK, NGRAM_MAX_DF, Verdict
from tests.faq.faq_helpers import plain, render, service

TODAY = date(2026, 11, 23)
NGRAM_ROOM = 2 / 3  # a program name may fill at most this part of the 3-gram index's cut-off

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
    "cara top up dana",
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
        ("korban tabrak lari dapat jasa raharja berapa", "redirect-jasa-raharja"),
        ("stnk mati setahun dendanya berapa", "redirect-kendaraan"),
        ("telat bayar pajak mobil kena denda berapa persen", "redirect-kendaraan"),
        ("thr karyawan kontrak wajib dibayar?", "redirect-aturan-kerja"),
        ("hitungan lembur hari libur berapa kali upah", "redirect-aturan-kerja"),
        ("pabrik sudah dua bulan tidak bayar gaji karyawan, mengadu ke mana?", "redirect-aturan-kerja"),
        ("umk tulungagung berapa", "redirect-aturan-kerja"),
        ("thr dibayar kapan", "redirect-aturan-kerja"),
        ("iuran kebersihan perumahan sebulan berapa", "redirect-iuran-lain"),
        ("angsuran hp telat bayar kena denda berapa", "redirect-pinjaman"),
        ("lowongan pabrik rokok", "redirect-lowongan"),
        ("info loker satpam di kediri", "redirect-lowongan"),
        ("usia pensiun tni berapa", "redirect-cpns"),
        ("gaji karyawan sudah 2 bulan belum dibayar pabrik", "redirect-aturan-kerja"),
        ("anakku pengin pkl di kantor cabang bpjamsostek, nerima ga?", "redirect-kerja-di-bpjs"),
        ("lulusan d3 bisa jadi karyawan bpjs naker nggak", "redirect-kerja-di-bpjs"),
        ("penasaran gaji pegawai bpjamsostek level awal", "redirect-kerja-di-bpjs"),
        ("bsu tahap dua sudah ditransfer belum", "bsu"),
        ("setoran awal dplk di bank berapa", "redirect-asuransi"),
        # "dana pensiun" alone is read as JP; a named private fund is not ours.
        ("dana pensiun dplk kantor suami bisa dicairkan sebagian?", "redirect-asuransi"),
        ("mending ikut dana pensiun swasta apa nabung emas", "redirect-asuransi"),
        ("kartu e-money buat tol saldonya gak kebaca", "redirect-bank"),
        ("bantuan lansia dari dinsos cairnya kapan", "redirect-prakerja"),
        # A keyword group alone names the other office's business, with no other domain word.
        ("lupa pin atm bri", "redirect-bank"),
        ("uang kas kampung dipegang siapa", "redirect-iuran-lain"),
        ("paklaring saya ditahan bos lama, bisa lapor ke mana", "redirect-sengketa-kerja"),
        ("uang pisah buat karyawan yang resign sendiri dihitung gimana", "redirect-pesangon"),
        ("ada calo nawarin berangkat ke taiwan cepat, bayar di depan", "redirect-penempatan-pmi"),
        ("biaya penempatan ke hongkong ditanggung siapa", "redirect-penempatan-pmi"),
        ("ngurus nib buat usaha bakso lewat oss gimana", "redirect-izin-usaha"),
        ("bikin pt perorangan bisa online?", "redirect-izin-usaha"),
    ],
)
def test_near_domain_topics_are_redirected_not_answered(question: str, entry: str) -> None:
    outcome = service().answer(question, TODAY)
    assert not outcome.recognised
    assert outcome.replies[0].key == "faq/" + entry
    assert outcome.replies[0].topic is None


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("kecelakaan di jalan waktu berangkat kerja, jkk atau jasa raharja?", "jkk-perjalanan"),
        ("iuran bpjs tk dipotong dari thr juga?", None),
        # The agency as a workplace, only in forms that cannot mean a worker's own cover.
        ("pegawai bpjs tk di toko saya didaftarkan lewat mana", None),
        ("saya kerja di kantor bpjs tk, klaim jht kalau resign gimana", None),
        ("gaji karyawan bpjs tk nya dipotong brp persen", "potongan-gaji"),
        # Placement abroad and business licences are another office's, a member's cover is ours.
        ("mau berangkat ke korea lewat agen, iuran bpjs tk nya berapa", "pekerja-migran"),
        ("usaha saya belum punya nib, karyawan tetap wajib didaftarkan bpjs tk?", None),
    ],
)
def test_a_program_named_beside_another_office_keeps_the_question_ours(question: str, entry: str | None) -> None:
    outcome = service().answer(question, TODAY)
    assert all(not r.key.startswith("faq/redirect-") for r in outcome.replies), question
    if entry is not None:
        assert outcome.topic == entry, question


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
        ("matur nuwun nggih", "terima-kasih"),
        ("oke tengkyu yo", "terima-kasih"),
        ("hatur nuhun", "terima-kasih"),
    ],
)
def test_greetings_and_thanks(question: str, entry: str) -> None:
    """Answered with the greeting or thanks; thanks names no topic: it answers no question."""
    outcome = service().answer(question, TODAY)
    assert outcome.recognised and outcome.replies[0].key == "faq/" + entry
    topics = {r.topic for r in outcome.replies}
    assert topics == ({None} if entry == "terima-kasih" else {entry})


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
    assert "maksud Bapak/Ibu" in render(reply)


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


@pytest.mark.parametrize(
    ("text", "health"),
    [
        # The health agency named: a workplace does not make it ours.
        ("pegawai kontrak kok belum dibuatkan kartu BPJS Kesehatan sama pabrik?", True),
        ("karyawan toko, potongan bpjs kesehatan di slip itu berapa persen", True),
        # A bare "BPJS" with a word of care: a workplace may mean a work accident, so it is ranked.
        ("karyawan pabrik opname pakai bpjs, biayanya ditanggung?", False),
        ("bpjs nanggung cuci darah ibu saya?", True),
        # A case of ours named beside the health agency: ranked normally.
        ("tukang di proyek jatuh dari perancah, dirawat di rumah sakit pakai bpjs kesehatan?", False),
        # Care our agency never pays for, asked of it by name, by a worker too: the other agency's.
        ("ongkos persalinan bini pegawai bisa diklaim ke bpjs tk?", True),
        ("tanggal lahir pegawai di bpjs tk salah, benerinnya gimana", False),  # a date of birth is ours
        ("pekerja toko mau operasi caesar, bpjs ketenagakerjaan nanggung?", True),
        # The health cover's own programmes, named without "BPJS".
        ("ibu saya masih terdaftar pbi nggak ya, cara ngeceknya?", True),
        ("bapak sakit gula, mau ikut prolanis di puskesmas, daftarnya di mana", True),
        # ... unless it is one of our cases.
        ("jatuh dari tangga pas kerja, giginya copot, bpjs tk nanggung?", False),
        # Dialysis or chemotherapy, however written, and a family member's illness in care asked of
        # our agency by name: we insure the worker, and only against work's risks.
        ("does bpjs pay for my father's hemodialysis every week?", True),
        ("biaya kemo istri saya bisa ditanggung?", True),
        ("suami saya sakit tifus dirawat di puskesmas, bisa pakai bpjs ketenagakerjaan saya?", True),
        ("mertua saya sakit stroke, berobat rutin, bisa pakai kartu bpjs tk punya saya?", True),
        # ... not an illness that only explains late dues, nor a death of ours.
        ("ibu saya sakit jadi iuran bpjs tk mandirinya telat 2 bulan, dendanya berapa?", False),
        ("bapak saya meninggal setelah dirawat karena sakit, dapat jkm dari bpjs tk?", False),
    ],
)
def test_a_workplace_cancels_only_a_bare_bpjs_with_a_word_of_care(text: str, health: bool) -> None:
    decision = service().matcher.decide(text)
    assert decision.best is not None
    assert (decision.best.id == "beda-bpjs-kesehatan") is health, (text, decision.best.id)


# Long questions told as a story (our own sentences, not from the evaluation sets).
@pytest.mark.parametrize(
    ("question", "entry"),
    [
        (
            "pak saya kerja di gudang beras, minggu kemarin berangkat kerja keserempet truk di jalan, "
            "itu ditanggung gak ya",
            "jkk-perjalanan",
        ),
        ("saya tukang parkir di alun alun, denger dari temen, kalo ikut bpjs tk mandiri iurannya berapa", "iuran-bpu"),
        ("aku wes kerjo neng pabrik tahu 6 tahun, terus metu, jht ku iso dijupuk kapan", "jht-"),
        ("ibu saya jualan pecel di pasar, bulan lalu meninggal sakit, santunan jkm berapa ya", "jkm-santunan"),
    ],
)
def test_a_story_before_the_question_still_reaches_its_entry(question: str, entry: str) -> None:
    decision = service().matcher.decide(question)
    assert decision.best is not None, question
    assert decision.best.id == entry or (entry.endswith("-") and decision.best.id.startswith(entry))


@pytest.mark.parametrize(
    "question",
    [
        # one everyday domain word (kerja, usaha, kantor) in a story about something else
        "saya kerja di warung kopi, kemarin hp saya jatuh ke got, masih bisa diservis gak",
        "aku duwe usaha jahit, mesine rusak, tukang servis sing apik neng endi",
        "suami saya kerja di kantor kecamatan, besok libur nasional gak ya",
        "kemarin pulang kerja hujan deres, jas hujan yang bagus merk apa",
    ],
)
def test_a_story_about_another_topic_with_a_weak_domain_word_is_rejected(question: str) -> None:
    outcome = service().answer(question, TODAY)
    assert not outcome.recognised, question


@pytest.mark.parametrize(
    "question",
    [
        "saya mau klaim asuransi mobil yang baret kemarin",
        "garansi hp saya habis, klaimnya gimana",
        "iuran arisan telat",
    ],
)
def test_private_insurance_and_warranties_are_redirected(question: str) -> None:
    outcome = service().answer(question, TODAY)
    assert not outcome.recognised
    assert outcome.replies[0].key == "faq/redirect-asuransi"


def test_insurance_word_with_a_bpjstk_program_is_answered() -> None:
    outcome = service().answer("asuransi kecelakaan kerja dari bpjs tk menanggung apa saja", TODAY)
    assert outcome.recognised


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("jkm buat peserta mandiri bayar berapa", "jkm-iuran"),  # a program named: its entry first
        ("iuran jkk untuk bpu", "jkk-iuran-bpu"),  # a party named: not the other party's entry
        ("iuran jkk karyawan", "jkk-iuran-pu"),
    ],
)
def test_program_and_party_named_in_a_short_question(question: str, entry: str) -> None:
    decision = service().matcher.decide(question)
    assert decision.best is not None and decision.best.id == entry, question


@pytest.mark.parametrize(
    ("entry", "figures"),
    [
        ("potongan-gaji", ["0,30%", "0,24%", "1,74%"]),  # what the employer pays is named too
        ("jht-bukan-pesangon", ["1 bulan"]),  # when JHT can be claimed after a PHK
        ("iuran-bpu", ["Rp6.800", "1%", "2%"]),  # the breakdown behind the totals
        ("jkk-apa", ["48 kali upah", "56 kali upah", "0,24%", "1,74%"]),  # what a program pays and costs
        ("kriteria-usaha", ["JKK dan JKM", "JKK, JKM, JHT, JP"]),  # what each scale must join
        ("batas-bayar", ["2% per bulan"]),  # the deadline's neighbour: the fine
        ("denda-telat", ["tanggal 15"]),  # the fine's neighbour: the deadline
        ("jkk-biaya-pengobatan", ["165"]),  # ordinary illness is BPJS Kesehatan's
        ("jkk-penyakit-akibat-kerja", ["165"]),  # an illness not caused by work is BPJS Kesehatan's
        ("wilayah-blitar", ["226.342"]),  # the branch's participants (2023)
        ("kantor-blitar", ["Eris Aprianto"]),  # the branch head (2025)
        ("jp-apa", ["BPU) tidak bisa ikut JP"]),  # who cannot join
        ("jkm-klaim", ["janda/duda atau anak"]),  # who claims
        ("potongan-gaji", ["Dinas Tenaga Kerja"]),  # what to do when the deduction is not paid in
        ("jht-iuran", ["3 program", "tidak ada batas upahnya"]),  # BPU total with JHT; no wage cap
        # round 3: what is asked next
        ("jht-cair-kapan", ["e-KTP", "buku tabungan"]),  # when -> which documents
        ("jht-sebagian", ["seluruhnya", "1 bulan"]),  # partial -> the whole after leaving work
        ("jht-cek-saldo", ["Rp15 juta"]),  # the balance -> what the app can pay out
        ("jkp-manfaat", ["12 bulan dalam 24 bulan", "SIAPkerja"]),  # cash -> who qualifies, where
        ("jkm-klaim", ["Rp42 juta"]),  # how to claim -> how much
        ("program-apa-saja", ["Rp42 juta", "60% upah", "15 tahun"]),  # each program's headline
        ("jkk-perjalanan", ["tanpa batas biaya"]),  # a road accident -> its treatment
        ("jkk-iuran-pu", ["BPU) berbeda: JKK 1%"]),  # the employee rate is not the BPU rate
        ("jp-usia-pensiun", ["15 tahun", "sekaligus"]),  # the age -> monthly or lump sum
        ("jp-bpu-tidak-bisa", ["2% dari penghasilan"]),  # no JP -> what JHT costs a BPU
        ("usaha-mikro-wajib", ["0,24%", "0,30%"]),  # must join -> what it costs
        ("lapak-asik", ["Caranya"]),  # what -> how
        ("kantor-blitar", ["226.342"]),  # the branch -> its participants
    ],
)
def test_answers_state_the_key_figure(entry: str, figures: list[str]) -> None:
    replies = service().answer_entry(entry, TODAY)
    assert replies is not None
    text = plain(render(replies[0]))
    for figure in figures:
        assert figure in text, (entry, figure)


@pytest.mark.parametrize("program", ["jkk", "jkm", "jht", "jp", "jkp"])
@pytest.mark.parametrize("form", ["{}", "{}?", "{} ?", "{}??"])
def test_a_bare_program_name_asks_what_the_program_is(program: str, form: str) -> None:
    decision = service().matcher.decide(form.format(program.upper()))
    assert decision.best is not None and decision.best.id == f"{program}-apa", (program, form)


LONG_NAMES = {
    "jkk": "Jaminan Kecelakaan Kerja",
    "jkm": "Kematian",
    "jht": "Jaminan Hari Tua",
    "jp": "Jaminan Pensiun",
    "jkp": "Jaminan Kehilangan Pekerjaan",
}


def test_every_program_answer_spells_out_the_program_name() -> None:
    """People ask "jaminan hari tua ..." as often as "jht ...": the answer says both."""
    for entry in service().knowledge.entries:
        program = entry.id.split("-")[0]
        if program in LONG_NAMES:
            replies = service().answer_entry(entry.id, TODAY)
            assert replies is not None
            assert LONG_NAMES[program].lower() in plain(render(replies[0])).lower(), entry.id


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("siswa pkl di percetakan harus didaftarkan bpjs tk?", "peserta-magang"),  # "pkl": only that entry
        ("tunggakan iuran bpu boleh dilunasi berapa bulan?", "bpu-nunggak"),
    ],
)
def test_a_close_runner_up_that_knows_the_words_answers(question: str, entry: str) -> None:
    """The best-ranked entry must cover the message; a close second that does may answer instead."""
    decision = service().matcher.decide(question)
    assert decision.best is not None and decision.best.id == entry


@pytest.mark.parametrize(
    "question",
    [
        "anak saya mau kerja di korea, agen yang resmi yang mana",
        "aku arep kerjo nang malaysia, syarate opo wae",
    ],
)
def test_a_runner_up_never_answers_a_message_without_a_strong_domain_word(question: str) -> None:
    decision = service().matcher.decide(question)
    assert decision.verdict is not Verdict.ANSWER, decision.best


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("gaji dipotong bpjs tapi belum dibayar ke bpjs", None),  # a deduction not paid in: ours
        ("upah selama sakit karena kecelakaan kerja belum dibayar", "jkk-stmb"),
        ("pelatihan dan info lowongan dari jkp", None),
    ],
)
def test_near_domain_keywords_step_back_for_our_programs(question: str, entry: str | None) -> None:
    """Late wages and vacancies are another office's, unless the message is about our programs."""
    outcome = service().answer(question, TODAY)
    assert outcome.recognised and outcome.topic is not None
    assert entry is None or outcome.topic == entry


def test_a_vacancy_after_a_jkp_answer_is_not_a_follow_up() -> None:
    """The last topic lends "jkp", but a vacancy is still the labour office's business."""
    outcome = service().answer("lowongan kerja di blitar ada?", TODAY, previous_topic="jkp-apa")
    assert not outcome.recognised and outcome.replies[0].key == "faq/redirect-lowongan"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("kena pecat dari pabrik dapat uang tunai berapa", "jkp-manfaat"),
        ("asuransi buat yang celaka pas kerja siapa yang bayar", "jkk-"),  # JKK, not private insurance
        ("home care kecelakaan kerja dapat berapa", "jkk-biaya-pengobatan"),
        ("iuran pahlawan devisa berapa", "pekerja-migran"),
        ("is there a limit on hospital costs for work accidents", "jkk-biaya-pengobatan"),
    ],
)
def test_everyday_descriptions_without_program_names(question: str, entry: str) -> None:
    outcome = service().answer(question, TODAY)
    assert outcome.recognised and outcome.topic is not None
    assert outcome.topic.startswith(entry) if entry.endswith("-") else outcome.topic == entry


def test_the_agency_named_alone_leads_with_what_it_offers() -> None:
    # Like a bare program name: "bpjs tk?" asks what the agency offers, not whether it is mandatory.
    for text in ("bpjs ketenagakerjaan", "bpjs tk?", "BPJAMSOSTEK"):
        decision = service().matcher.decide(text)
        assert decision.best is not None and decision.best.id == "program-apa-saja", text


def test_program_names_stay_in_the_character_index() -> None:
    # The 3-gram index leaves out the commonest grams; a program name must never be one of them,
    # or every question naming it would lose that signal as the knowledge grows.
    matcher = service().matcher
    phrasings = len(matcher._doc_entry)
    for gram in ("jkk", "jkm", "jht", "jkp", "bpu", " jp", "jp "):
        found_in = len(matcher._ngrams.postings.get(gram, []))
        # Indexed, with room for the knowledge to grow by half again before it drops out.
        assert 0 < found_in <= NGRAM_ROOM * NGRAM_MAX_DF * phrasings, gram


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("jht ku 12 juta, klaim di jmo aja bisa ya biar cepet", "jht-klaim-jmo"),
        ("siapa saja yg masuk peserta penerima upah itu", "siapa-pu"),
    ],
)
def test_particles_do_not_hold_a_question_back(question: str, entry: str) -> None:
    # "saja/aja" and "biar" only soften or link; they say nothing about what is asked.
    assert service().answer(question, TODAY).topic == entry


def test_a_deadline_asked_as_paling_lambat_finds_the_answer_that_names_it() -> None:
    # The JKP answers say "paling lambat 6 bulan"; the question may say it either way.
    for question in ("klaim jkp paling lambat kapan sejak di phk", "deadline pengajuan jkp sesudah phk"):
        outcome = service().answer(question, TODAY)
        assert "6 bulan" in plain(render(outcome.replies[0])), question


def test_a_question_naming_two_programs_prefers_the_entry_about_both() -> None:
    outcome = service().answer("yang dipotong dari gaji buat jht sama jp itu berapa persen", TODAY)
    assert outcome.topic == "potongan-gaji"


def test_an_empty_cash_box_is_not_a_neighbourhood_fund() -> None:
    outcome = service().answer("kas usaha lagi kosong, iuran karyawan telat sebulan kena denda?", TODAY)
    assert outcome.recognised and outcome.topic == "denda-telat"


def test_a_close_runner_up_that_knows_the_message_s_rare_domain_word_answers() -> None:
    # "tkw" (a migrant worker) is known to very few entries; the business scales know the rest.
    decision = service().matcher.decide("tkw wajib ikut program apa saja?")
    assert decision.best is not None and decision.best.id == "pekerja-migran"


@pytest.mark.parametrize(
    ("question", "bar"),
    [
        ("iuran jkk berapa persen", MIN_COVERAGE),  # a strong domain word: the usual bar
        ("kerja di pabrik sepatu enak nggak", MIN_COVERAGE_WEAK),  # only everyday words of work
    ],
)
def test_a_decision_says_which_coverage_bar_it_was_held_to(question: str, bar: float) -> None:
    # The margin report (benchmarks/faq_margin_report.py) reads how near a verdict lies to its bar.
    decision = service().matcher.decide(question)
    assert decision.verdict in (Verdict.ANSWER, Verdict.UNKNOWN)
    assert decision.bar == bar


def test_berapa_without_a_unit_asks_an_amount_of_two_nearly_tied_entries() -> None:
    # The heirs' answer (who receives) and the death benefit rank within a hair of each other on a
    # spouse's death; "brp" asks an amount, which only the death benefit states.
    decision = service().matcher.decide("uang santunan jkm kalau istri yang peserta meninggal brp")
    assert decision.best is not None and decision.best.id == "jkm-santunan"


def test_berapa_with_a_unit_is_left_to_the_unit() -> None:
    # "berapa hari" asks a number of days, not an amount: the rule above does not apply.
    outcome = service().answer("paling lambat berapa hari sejak mulai kerja?", date(2026, 12, 1), "bpjstk-wajib")
    assert outcome.topic == "daftar-pekerja-baru"
