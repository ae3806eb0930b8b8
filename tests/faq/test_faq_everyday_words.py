"""Everyday words people use for our programs, and the words around a question that say nothing.

Round 3 grew the lexicon from the fact sheet's vocabulary and how people talk: "asuransi kerja",
"uang bpjs", "ganti gaji", "bantuan sekolah", injuries, workplaces and jobs in a story, rumour
framing ("katanya", "bener ga") and time words. Every example here is written for the test.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.faq.faq_helpers import plain, render, service

TODAY = date(2026, 12, 1)


def topic(text: str, previous: str | None = None) -> str | None:
    outcome = service().answer(text, TODAY, previous)
    return outcome.topic if outcome.recognised else None


@pytest.mark.parametrize(
    ("question", "prefix"),
    [
        ("asuransi kerja buat tukang cukur ada ga?", ("iuran-bpu", "siapa-bpu", "bpu-")),
        ("asuransi tenaga kerja buat karyawan toko wajib?", ("usaha-mikro", "bpjstk-wajib", "wajib")),
        ("uang bpjs saya bisa diambil kalau sudah berhenti kerja?", ("jht-",)),
        ("duit bpjs tk bapak saya bisa dicairkan sekarang?", ("jht-",)),
        ("ada bantuan sekolah buat anak kalau bapaknya meninggal?", ("beasiswa-",)),
        ("biaya kuliah anak peserta yang meninggal ditanggung?", ("beasiswa-",)),
        ("selama belum bisa kerja habis kecelakaan kerja dapat ganti gaji?", ("jkk-stmb",)),
        ("kaki saya keseleo waktu angkat barang di toko, berobatnya siapa yang bayar?", ("jkk-",)),
        ("tangan tukang las terjepit besi di bengkel, biaya rumah sakitnya gimana?", ("jkk-",)),
        ("katanya usia pensiun sekarang 65, betul ga?", ("jp-usia-pensiun",)),
        ("peternak kambing bisa ikut bpjs ketenagakerjaan?", ("siapa-bpu", "iuran-bpu", "bpu-")),
        # The agency described by what it is rather than by its name.
        ("kalau mau ngadu soal jaminan sosial tenaga kerja telepon ke nomor berapa", ("call-center",)),
        ("jaminan sosial ketenagakerjaan itu programnya apa aja", ("program-apa-saja",)),
        ("habis kehilangan kerja bisa dapat uang bantuan berapa bulan", ("jkp-",)),
        ("pegawai swasta bisa dapat uang pensiun bulanan kayak pns ga", ("jp-",)),
        ("baru diberhentikan dari gudang, ada uang bantuan dari bpjs?", ("jkp-",)),
        # The workplace's insurance is ours; private insurance stays redirected (below).
        ("asuransi dari pabrik tempat suami kerja, kalau dia meninggal dapat berapa?", ("jkm-", "jkk-meninggal")),
        ("asuransi kecelakaan kerja buat kuli panggul di pasar ada?", ("jkk-", "iuran-bpu", "siapa-bpu", "bpu-")),
        # "kewajiban" is the obligation.
        ("apa saja kewajiban usaha kecil soal jaminan sosial pekerjanya?", ("usaha-kecil", "wajib", "bpjstk-wajib")),
    ],
)
def test_everyday_words_reach_our_entries(question: str, prefix: tuple[str, ...]) -> None:
    found = topic(question)
    assert found is not None and found.startswith(prefix), (question, found)


@pytest.mark.parametrize(
    "question",
    [
        "asuransi mobil yang bagus apa ya",  # other insurance stays redirected
        "iuran koperasi simpan pinjam berapa sebulan",  # other dues, not "operasi"
        "katanya harga cabai naik lagi, masa sih?",  # a rumour about something else
        "kemarin dulu tetangga bilang mau hujan",  # only story and time words
    ],
)
def test_everyday_words_do_not_make_other_questions_ours(question: str) -> None:
    assert topic(question) is None, question


def test_a_health_operation_with_bpjs_is_bpjs_kesehatan() -> None:
    outcome = service().answer("bpjs bisa buat operasi usus buntu?", TODAY)
    assert outcome.topic == "beda-bpjs-kesehatan"


def test_a_clinic_without_bpjs_is_not_a_bpjs_question() -> None:
    assert topic("jam buka puskesmas sananwetan hari minggu") is None


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("potongan iuran buat bpu berapa persen", "diskon-iuran-bpu"),  # a discount, not a wage deduction
        ("penyakit karena pekerjaan ditanggung?", "jkk-penyakit-akibat-kerja"),
        ("kemarin lembur di gudang tangan kena mesin, biaya rumah sakit siapa yang bayar?", "jkk-biaya-pengobatan"),
        ("pp no 6 tahun 2025 isinya apa", "jkp-apa"),  # a regulation named in words reads as its program
        ("PP 50/2025 isinya apa", "diskon-iuran-bpu"),
    ],
)
def test_named_things_reach_their_entry(question: str, entry: str) -> None:
    assert topic(question) == entry


@pytest.mark.parametrize(
    ("question", "previous"),
    [
        ("lembur hari minggu dibayar berapa", None),  # overtime without an injury: labour law
        ("iuran rt sebulan berapa", None),  # neighbourhood dues
        ("kalau iuran rt?", "iuran-bpu"),
        ("beasiswa lpdp buka kapan", None),  # another scholarship
        ("kalau beasiswa kip?", "beasiswa-besaran"),
    ],
)
def test_other_dues_scholarships_and_overtime_stay_unanswered(question: str, previous: str | None) -> None:
    assert topic(question, previous) is None


@pytest.mark.parametrize(
    ("rumour", "entry", "truth"),
    [
        ("katanya iuran jkm bpu 0,3 persen, betul?", "jkm-iuran", "Rp6.800"),  # fact sheet 13: wrong rate
        ("teman bilang jht mandiri cuma 0,3%, bener ga?", "jht-iuran", "2%"),
        ("kata orang usia pensiun jht 59, bener ga?", "jht-cair-kapan", "56"),
    ],
)
def test_a_rumour_with_a_wrong_figure_gets_the_right_one(rumour: str, entry: str, truth: str) -> None:
    outcome = service().answer(rumour, TODAY)
    assert outcome.topic == entry
    assert truth in plain(" ".join(render(r) for r in outcome.replies))


def test_how_much_one_pays_is_the_dues_and_a_date_is_the_deadline() -> None:
    assert topic("bayarnya berapa?", "cara-daftar") == "iuran-bpu"
    assert topic("bayarnya tanggal berapa?", "iuran-bpu") == "batas-bayar"


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        # Arrears are one word however written ("tunggakan", "nunggak"); "setoran" is the dues.
        ("tunggakan iuran mandiri saya 2 bulan, masih bisa dilunasi?", None, "bpu-nunggak"),
        ("setoran bulanan untuk karyawan saya telat dibayar, kena biaya tambahan?", None, "denda-telat"),
        # "ternyata" only tells: the follow-up is about the last answer's worker left unregistered.
        (
            "kalau ternyata bos tidak mendaftarkan, saya boleh daftar sendiri?",
            "daftar-pekerja-baru",
            "lapor-pemberi-kerja",
        ),
        # A contract that runs over is extended.
        ("kalau kontraknya molor 3 bulan?", "pekerja-migran", "pekerja-migran"),
        # Off work after an accident at work is the pay while unable to work.
        ("menawi prei kerja amargi kecelakaan ing pabrik, bayaran tetep dibayar?", None, "jkk-stmb"),
        # "to prepare for retirement", said of JHT savings while still working, is the 10% part.
        ("sudah 12 tahun ikut, jht bisa diambil untuk persiapan pensiun berapa persen?", None, "jht-sebagian"),
    ],
)
def test_everyday_words_of_round_29(question: str, previous: str | None, expected: str) -> None:
    assert topic(question, previous) == expected


@pytest.mark.parametrize(
    "question",
    [
        "hp android saya lemot, cara reset pabrik yang aman gimana?",  # a phone's factory reset
        "tolong hitungkan 20% dari 150 ribu untuk diskon toko saya",  # a shop's discount
    ],
)
def test_a_phone_reset_and_a_shop_discount_are_not_ours(question: str) -> None:
    assert topic(question) is None


def test_a_specialist_at_a_regional_hospital_is_the_health_agency_s() -> None:
    assert topic("bapak saya perlu ke dokter spesialis paru di RSUD, bisa pakai bpjs?") == "beda-bpjs-kesehatan"


def test_what_the_funds_build_is_not_in_the_fact_sheet() -> None:
    outcome = service().answer("katanya dana bpjs tk dipakai untuk membangun ikn, benar?", TODAY)
    assert outcome.replies[0].key.endswith("redirect-hasil-investasi")


def test_together_is_not_goods() -> None:
    assert service().reader.normalizer.tokens("bayar bareng")[-1] != "barang"


def test_a_deadline_in_days_after_the_duty_to_register_is_the_30_days() -> None:
    # The payment deadline says "tanggal 15", a date, not a number of days: it is no answer here.
    outcome = service().answer("paling lama berapa hari?", TODAY, "bpjstk-wajib")
    assert "30 hari" in plain(" ".join(render(r) for r in outcome.replies))
    assert outcome.topic != "batas-bayar"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "selamanya" (for good) is no "selama" (during): unable to work for good is a disability.
        (
            "adik saya tidak bisa kerja selamanya karena kakinya remuk tertimpa besi di pabrik, santunannya berapa?",
            "jkk-cacat",
        ),
        # A project's JKK rate asked as a percentage is the construction answer's.
        ("proyek gedung nilai kontrak 60 juta, iuran jkk-nya berapa persen?", "pekerja-konstruksi"),
        # The app or the office, asked as either-or, is how to register.
        ("daftar jaminan kerja mandiri cukup lewat aplikasi jmo atau wajib ke kantor cabang?", "cara-daftar"),
    ],
)
def test_everyday_words_of_round_29_in_stories(question: str, expected: str) -> None:
    assert topic(question) == expected


def test_a_road_project_is_no_journey() -> None:
    # "proyek jalan" is construction work on a road, not the commute ("perjalanan").
    assert topic("pekerja proyek jalan kabupaten tertimpa alat berat, ditanggung siapa?") != "jkk-perjalanan"


def test_money_set_aside_each_month_is_what_one_pays() -> None:
    norm = service().reader.normalizer
    assert norm.tokens("sebulan menyisihkan berapa") == norm.tokens("sebulan bayar berapa")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Taking the JHT while keeping the job is the part claim, not leaving work.
        ("bisa ambil sedikit jht tanpa keluar kerja?", "jht-sebagian"),
        # Savings from work are the JHT.
        ("pindah kerja ke luar negeri selamanya, tabungan kerja di sini gimana nasibnya?", "jht-cair-kapan"),
        # "kapan wiwit" asks when the pension starts.
        ("pensiun JP saben wulan kapan wiwite?", "jp-usia-pensiun"),
        # In person, at a sub-district far from the city: which office.
        ("rumah saya di Watulimo, kalau mau ngurus tatap muka ke kantor mana?", "kantor-blitar"),
    ],
)
def test_everyday_words_of_round_33(question: str, expected: str) -> None:
    assert topic(question) == expected


def test_a_long_wait_is_no_question_about_opening_hours() -> None:
    # "berjam-jam" is how long the queue takes; the claim answer states no hours, and must still answer.
    assert topic("klaim jht tanpa antre berjam-jam di kantor bisa gimana caranya?") is not None


def test_a_business_without_employees_is_asked_about_as_self_employed() -> None:
    # "tidak punya karyawan" lent "karyawan" to the question, which then got the employees' dues.
    answered = topic("jualan bakso keliling, tidak punya karyawan. iurannya berapa sebulan?")
    assert answered in ("iuran-bpu", "pemilik-usaha")


@pytest.mark.parametrize(
    "question",
    [
        "aku lara demam berdarah, arep opname nganggo kertu bpjs tk iso?",
        "kula gerah tipes, badhe opname nganggo kertu bpjs ketenagakerjaan saged?",
    ],
)
def test_one_s_own_illness_treated_with_our_card_is_told_to_be_the_health_agency_s(question: str) -> None:
    # "nganggo kertu" (Javanese: using the card) was two unknown words; the message went astray.
    outcome = service().answer(question, TODAY)
    assert outcome.recognised
    assert "BPJS Kesehatan" in plain(" ".join(render(r) for r in outcome.replies))


def test_an_illness_from_the_work_treated_with_our_card_stays_ours() -> None:
    assert topic("saya sakit paru karena debu pabrik, dirawat di rs ditanggung bpjs tk?") == "jkk-penyakit-akibat-kerja"


def test_a_mishap_at_work_is_a_work_accident() -> None:
    words = service().matcher.normalizer.tokens("suami kena musibah pas kerja di gudang")
    assert "jkk" in words and "musibah" not in words


def test_all_three_children_is_a_count_of_children() -> None:
    # "ketiganya" (all three) was a word the knowledge never saw; as a count, the scholarship's
    # conditions (at most two children) answer.
    assert topic("beasiswa apa bisa buat ketiganya?", "jkm-santunan") == "beasiswa-syarat"


# --- round 34 ----------------------------------------------------------------------------------


def test_a_correction_of_what_was_asked_is_not_a_question_of_meaning() -> None:
    # "maksud saya" reads as "pengertian" (what something means) word by word; after the dues of
    # two programs it only corrects what was asked.
    assert topic("eh maksud saya yang tiga program aja", "iuran-bpu") == "iuran-bpu"
    words = service().matcher.normalizer.tokens("eh maksudku yang JHT")
    assert "pengertian" not in words and "eh" not in words


def test_an_amount_in_millions_written_jtan_is_millions() -> None:
    assert "juta" in service().matcher.normalizer.tokens("gaji sy 2jtan sebulan")


def test_a_cost_charged_to_the_workers_is_who_bears_it() -> None:
    # "dibebankan" was a word the knowledge never saw; the fines answer says who bears them.
    assert topic("dendanya bisa dibebankan ke pekerja?", "denda-telat") == "denda-telat"


@pytest.mark.parametrize(
    "question",
    [
        "anak saya lahiran di bidan praktek, bayarnya bisa pakai bpjs tk?",
        "ibu dirawat di bangsal kelas dua, mau naik kelas bayar selisihnya bisa?",
    ],
)
def test_a_birth_at_a_midwife_and_an_upgraded_ward_are_the_health_agency_s(question: str) -> None:
    outcome = service().answer(question, TODAY)
    assert outcome.recognised
    assert "BPJS Kesehatan" in plain(" ".join(render(r) for r in outcome.replies))


def test_a_midwife_joining_for_herself_is_ours() -> None:
    # "bidan" alone is a trade, not a birth: a midwife may join as a self-employed member.
    assert topic("saya bidan desa, mau daftar bpjs tk mandiri gimana") != "beda-bpjs-kesehatan"


def test_a_smartphone_described_is_a_phone() -> None:
    # "hp canggih" and "hp android" were words the knowledge never saw; without a smartphone the
    # registration answer says where else to register.
    words = service().matcher.normalizer.tokens("saya tidak punya hp canggih, hp android juga tidak")
    assert "canggih" not in words and words.count("hp") == 2
    assert topic("kalau tidak punya hp android bagaimana?", "cara-daftar") == "cara-daftar"


@pytest.mark.parametrize(
    "question",
    [
        "sapi saya sakit kembung, obatnya apa ya?",
        "kambing saya mencret, dikasih obat apa?",
        "anjing saya sakit kulit, obatnya apa",
    ],
)
def test_an_animal_s_illness_is_not_ours(question: str) -> None:
    # "obat" reached the JKK treatment costs; an animal with a word of care is a vet's business.
    assert topic(question) is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("saya digigit anjing waktu kerja di kebun, biaya obatnya ditanggung jkk?", "jkk-biaya-pengobatan"),
        ("saya peternak sapi, bisa daftar bpjs tk sendiri?", "siapa-bpu"),
    ],
)
def test_a_person_and_an_animal_at_work_stay_ours(question: str, expected: str) -> None:
    assert topic(question) == expected


def test_a_phone_s_dead_screen_is_no_death() -> None:
    words = service().matcher.normalizer.tokens("hp saya jatuh ke sumur, layarnya mati")
    assert "meninggal" not in words


def test_a_doctor_alone_is_not_a_vet() -> None:
    # The vets' keyword is "dokter + hewan": a keyword of two words without "+" would make each
    # word decide alone, and every question with a doctor would be sent to the vet.
    assert topic("anak saya sakit gigi, periksa ke dokter gigi bisa pakai bpjs?") == "beda-bpjs-kesehatan"


def test_the_deductions_asked_as_a_total_are_the_wage_deduction_not_the_discount() -> None:
    # "potongan" is also the self-employed's discount; asked as the monthly total of BPJS TK it
    # is what comes off the wage.
    assert topic("potongan bpjs tk semuanya sebulan berapa?") == "potongan-gaji"


@pytest.mark.parametrize(
    "question",
    [
        "kalau mengundurkan diri dari pabrik, dapat jkp?",
        "pengunduran diri sendiri apa bisa dapat jkp",
    ],
)
def test_resigning_said_formally_is_resigning(question: str) -> None:
    # "mengundurkan diri" is "resign": JKP's conditions say it is not paid on resigning; read as
    # unknown words the question went to the JHT after resigning, another program.
    assert topic(question) == "jkp-syarat"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("tukang tambal ban tidak punya bos, bisa ikut bpjs tk?", "siapa-bpu"),
        ("kerja sendiri, tidak ada bos, ada perlindungan kalau celaka?", "jkk-iuran-bpu"),
    ],
)
def test_having_no_boss_is_working_for_oneself(question: str, expected: str) -> None:
    assert "bpu" in service().matcher.normalizer.tokens(question)
    assert topic(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "mau gugat perusahaan yang memecat saya, caranya gimana",
        "gugatan ke pengadilan hubungan industrial biayanya berapa",
    ],
)
def test_suing_an_employer_is_the_labour_office_s_business(question: str) -> None:
    outcome = service().answer(question, TODAY, None)
    assert not outcome.recognised
    assert outcome.replies[0].key.endswith("redirect-sengketa-kerja")


def test_a_member_asking_why_the_dues_fell_is_told_of_the_discount() -> None:
    assert topic("iuran bpjs tk saya kok lebih murah dari bulan lalu, kenapa ya?") == "diskon-iuran-bpu"


def test_months_off_work_after_an_accident_asking_a_monthly_sum_is_the_wage_replacement() -> None:
    # "sudah 4 bulan belum bisa kerja" read like the claim deadline ("sudah lama"); asked for a
    # monthly sum with a wage told, it is the wage replacement, worked out for that wage.
    question = (
        "gaji 2 juta, tangan terjepit mesin di pabrik, sudah 4 bulan belum bisa kerja, sebulan dapat berapa dari bpjs?"
    )
    outcome = service().answer(question, TODAY, None)
    assert outcome.topic == "jkk-stmb"
    assert "Rp2.000.000" in plain(" ".join(render(r) for r in outcome.replies))


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        # Round 36: paying together as a group, said as people say it
        ("bayar rame-rame", "bersama"),
        ("bayar ramai-ramai", "bersama"),
        ("bayar kolektif", "bersama"),
        # A needle or a sharp point that pierces is an accident, as a knife or a nail is.
        ("kena jarum", "kecelakaan"),
        ("ketusuk paku", "kecelakaan"),
        ("tertusuk besi", "kecelakaan"),
    ],
)
def test_everyday_words_of_round_36(said: str, meant: str) -> None:
    assert meant in service().reader.normalizer.tokens(said)


def test_paying_together_is_the_payment_channels() -> None:
    # The channels answer names paying together through a group ("wadah"); a deadline does not.
    assert topic("iuran bpu bisa dibayar rame-rame?") == "cara-bayar"


def test_crowded_alone_is_not_together() -> None:
    # Only the doubled "rame-rame" is together; a crowded office queue is no payment question.
    assert "bersama" not in service().reader.normalizer.tokens("antrian di kantor rame gak?")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Whose sex it is weighs nothing: a woman's duty, lay-off or joining is anyone's.
        ("karyawan cewek di toko saya wajib didaftarkan?", "bpjstk-wajib"),
        ("buruh perempuan hamil kena phk dapat jkp?", "jkp-syarat"),
        ("cewek bisa ikut bpjs tk?", "siapa-bpu"),  # not a scholarship's conditions
    ],
)
def test_whose_sex_it_is_weighs_nothing(question: str, expected: str) -> None:
    assert topic(question) == expected


def test_a_problem_not_yet_named_is_the_call_centre() -> None:
    assert topic("kalau ada masalah atau keluhan soal perlindungan, hubungi nomor apa?") == "call-center"


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        # Round 36: chat shorthands and spellings a robustness probe found unread
        ("gajih", ["upah"]),  # as "gaji" is read
        ("kryawan", ["karyawan"]),
        ("bisa g", ["bisa", "tidak"]),
        ("dah resign", ["sudah", "resign"]),
        ("ksh tau", ["kasih", "tahu"]),
        ("klu resign", ["kalau", "resign"]),
    ],
)
def test_chat_shorthands_of_round_36(said: str, meant: list[str]) -> None:
    assert service().reader.normalizer.tokens(said)[: len(meant)] == meant


def test_a_misspelt_employee_is_an_employee() -> None:
    assert topic("kryawan toko wajib didaftarkan?") == "usaha-mikro-wajib"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A benefit "dibayarkan ke siapa" asks who receives it, not who pays its dues.
        ("uang jkp dibayarkan kepada siapa?", "jkp-manfaat"),
        # Dues "dibayar ke" someone still go to the payment channels.
        ("iuran bpu dibayar ke siapa?", "cara-bayar"),
    ],
)
def test_paid_to_whom_is_who_receives_a_benefit(question: str, expected: str) -> None:
    assert topic(question) == expected


@pytest.mark.parametrize(
    "courtesy",
    ["makasih", "terima kasih min", "thx", "mohon infonya", "mohon pencerahan", "tolong dijawab ya", "maaf"],
)
def test_courtesy_around_a_question_asks_nothing(courtesy: str) -> None:
    # Thanks and courtesy are no words of any answer: they must not lower the coverage of the
    # answer asked for (a question with no question mark runs straight into them).
    assert topic(f"saya punya warung, 2 pegawai digaji, wajib ikut program apa saja {courtesy}") == "usaha-mikro-wajib"


@pytest.mark.parametrize(
    "apology",
    ["Mohon maaf mengganggu waktunya.", "maaf ganggu min,", "Maaf menganggu waktunya bapak/ibu."],
)
def test_an_apology_for_the_bother_asks_nothing(apology: str) -> None:
    # Its "waktu" is no aspect (when) of the question after it.
    assert topic(f"{apology} iuran jkk buat karyawan bengkel las yang nanggung siapa ya?") == topic(
        "iuran jkk buat karyawan bengkel las yang nanggung siapa ya?"
    )
    # A request with no question word is all content: the apology's words weighed against it.
    assert topic(f"{apology} call centre bpjs ketenagakerjaan") == "call-center"


def test_a_breakdown_is_still_a_breakdown_and_tulung_agung_is_the_area() -> None:
    tokens = service().reader.normalizer.tokens
    assert "ganggu" in tokens("aplikasi jmo lagi gangguan ya?")
    assert tokens("kantor bpjs tk buat orang Tulung Agung dimana") == tokens(
        "kantor bpjs tk buat orang Tulungagung dimana"
    )
