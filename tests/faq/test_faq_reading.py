"""How whole messages are read: stories, several questions, follow-ups, languages, health.

Every example here is written for the test (never taken from an evaluation set); each checks a
class of behaviour, not one question.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.faq.matcher import Verdict, without_excluded
from tests.faq.faq_helpers import plain, render, service

TODAY = date(2026, 12, 1)


def topics(text: str, previous: str | None = None) -> list[str]:
    outcome = service().answer(text, TODAY, previous)
    return [r.topic for r in outcome.replies if r.topic is not None and r.key != "faq/see_also"]


def answer_text(text: str, previous: str | None = None) -> str:
    return plain(" ".join(render(r) for r in service().answer(text, TODAY, previous).replies))


# --- parts of a message -----------------------------------------------------------------
def test_a_message_splits_into_telling_and_asking_parts() -> None:
    parts = service().reader.parts("saya buka bengkel motor di kanigoro. iuran jkk berapa, dan jkm juga berapa?")
    assert [p.asks for p in parts] == [False, True, True]
    assert parts[0].text.startswith("saya buka bengkel")


# --- stories ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            "saya jual gorengan di depan sekolah, untungnya gak tentu, kadang sepi kadang ramai. "
            "adik saya sudah ikut bpjs mandiri. kalau saya ikut, tiap bulan bayar berapa?",
            "iuran-bpu",
        ),
        (
            "ayah saya sopir truk ekspedisi, minggu lalu meninggal kena serangan jantung di rumah. "
            "dia peserta bpjs tk dari kantornya. ahli waris dapat santunan berapa?",
            "jkm-santunan",
        ),
        (
            # Months not paid are arrears, whatever words the question itself uses.
            "Saya penjahit di rumah, ikut bpjs tk sendiri. Order lagi sepi, sudah dua bulan tidak bayar "
            "iuran. Nanti kepesertaan saya bagaimana?",
            "bpu-nunggak",
        ),
    ],
)
def test_a_story_is_answered_on_its_question(story: str, expected: str) -> None:
    assert topics(story)[0] == expected


def test_a_story_about_something_else_stays_unanswered() -> None:
    story = "kemarin saya beli kulkas bekas di pasar, ternyata kompresornya rusak. servisnya berapa ya kira-kira?"
    assert topics(story) == []


# --- two questions in one message ----------------------------------------------------------
def test_two_questions_get_two_answers_in_the_order_asked() -> None:
    found = topics("alamat kantor cabang blitar dimana? terus nomor call center nya berapa?")
    assert found == ["kantor-blitar", "call-center"]
    assert service().answer("alamat kantor cabang blitar dimana? terus nomor call center nya berapa?", TODAY).topic == (
        "kantor-blitar"
    )


def test_a_second_question_borrows_the_program_of_the_first() -> None:
    found = topics("jkp itu program apa? terus berapa lama uangnya dibayarkan?")
    assert found[0] == "jkp-apa"
    assert found[1].startswith("jkp-")


def test_two_questions_about_one_entry_get_one_answer() -> None:
    assert topics("call center bpjs tk berapa? bisa ditelepon jam berapa?") == ["call-center"]


# --- follow-ups -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        ("jkp-apa", "syaratnya gimana?", "jkp-syarat"),
        ("jkm-apa", "terus yang JHT gimana?", "jht-apa"),
        ("beasiswa-syarat", "kalau besarnya?", "beasiswa-besaran"),
        ("jkk-iuran-pu", "kalau untuk peserta mandiri?", "jkk-iuran-bpu"),
    ],
)
def test_a_short_follow_up_leans_on_the_last_topic(previous: str, follow_up: str, expected: str) -> None:
    assert topics(follow_up, previous)[0] == expected


def test_a_follow_up_that_names_another_program_keeps_the_aspect() -> None:
    # "usia pensiun" was about JP; the same aspect for JHT is its claim age.
    assert "56" in answer_text("kalau jht?", "jp-usia-pensiun")


def test_context_never_makes_an_unknown_question_known() -> None:
    assert topics("oke, kalau harga tiket pesawat ke bali berapa?", "jht-cair-kapan") == []
    decision = service().matcher.decide("harga tiket pesawat berapa", ("jht", "cair"))
    assert decision.verdict is Verdict.UNKNOWN


@pytest.mark.parametrize("thanks", ["makasih ya", "suwun nggih", "ok terima kasih"])
def test_thanks_after_an_answer_is_thanks_not_a_follow_up(thanks: str) -> None:
    reading = service().reader.read(thanks, service().knowledge.get("jht-cair-kapan"))
    assert reading.how != "follow-up"
    assert reading.primary.verdict is Verdict.SMALLTALK


def test_a_full_question_is_not_bent_by_the_last_topic() -> None:
    question = "iuran jkk perusahaan dengan tingkat risiko sedang berapa persen?"
    assert topics(question, "beasiswa-syarat")[0] == "jkk-iuran-pu"


# --- languages ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("nyuwun pirsa, menawi kula nyambut damel lajeng kacilakan wonten margi, ditanggung mboten?", "jkk-perjalanan"),
        ("aku bakulan sayur neng peken, regine bpjs tk sasen pinten?", "iuran-bpu"),
        ("my boss never registered me, where can I report it?", "lapor-pemberi-kerja"),
        ("how can I merge two membership numbers?", "kpj-ganda"),
    ],
)
def test_javanese_and_english_questions_are_understood(question: str, expected: str) -> None:
    assert topics(question)[0] == expected


# --- BPJS Kesehatan -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "bpjs bisa dipakai buat periksa kehamilan?",
        "mau ganti faskes pertama",
        "kartu kis saya tidak aktif",
        # Care only health cover gives, named without "BPJS" at all.
        "ibu saya sakit gula, harus opname seminggu, bayarnya gimana?",
        "bisa pindah ke kamar kelas 1 waktu rawat inap?",
        "minta rujukan ke rumah sakit besar lewat mana?",
        # A "mandiri" member in a hospital class is a health member; ours has no classes.
        "bpjs mandiri kelas 3 sebulan bayar berapa sekarang?",
        # Round 31: ordinary care asked of our agency by name, a family member's medicine, a newborn.
        "obat diabetes bapak saya tiap bulan bisa ditanggung bpjs tk?",
        "periksa ke klinik pakai bpjs tk bisa?",
        "how do i add my newborn baby to bpjs",
    ],
)
def test_health_questions_are_pointed_to_bpjs_kesehatan(question: str) -> None:
    assert topics(question) == ["beda-bpjs-kesehatan"]
    assert "165" in answer_text(question)


@pytest.mark.parametrize(
    "question",
    [
        "biaya rumah sakit karena kecelakaan kerja ditanggung bpjs tidak?",
        "karyawan pabrik sakit paru karena debu mesin, sampai opname, siapa yang bayar?",
    ],
)
def test_treatment_after_a_work_accident_or_of_an_illness_of_work_stays_with_jkk(question: str) -> None:
    found = topics(question)
    assert found and found[0].startswith("jkk-")


# --- numbers, time words and tags ---------------------------------------------------------
def test_a_number_is_not_a_clause_boundary() -> None:
    parts = service().reader.parts("iurannya 0,24% dari upah atau Rp16.800 sebulan?")
    assert len(parts) == 1
    assert parts[0].asks


def test_lalu_after_a_time_word_means_ago_not_then() -> None:
    parts = service().reader.parts("minggu lalu adik saya jatuh dari tangga proyek lalu dibawa ke puskesmas")
    assert [p.text for p in parts] == ["minggu lalu adik saya jatuh dari tangga proyek", "dibawa ke puskesmas"]


def test_kerja_sama_is_cooperation_not_and() -> None:
    parts = service().reader.parts("klinik mitra yang kerja sama dengan bpjs tk di wlingi ada?")
    assert len(parts) == 1


def test_the_right_hand_is_not_the_tag_kan() -> None:
    parts = service().reader.parts("jempol kanan kejepit mesin press.")
    assert parts[0].tokens[1] == "kanan" and not parts[0].asks


def test_our_name_alone_after_a_comma_asks_about_the_clause_before_it() -> None:
    # "..., for BPJS Ketenagakerjaan?" names no subject of its own: one question, not two.
    parts = service().reader.parts("which number do I phone to complain, for BPJS Ketenagakerjaan?")
    assert len(parts) == 1 and parts[0].asks


@pytest.mark.parametrize(
    "message",
    [
        "katanya beasiswa cuma buat anak sma, bener ga?",
        "kata tetangga beasiswa anak cuma sampai sma. betul?",
        "denger-denger beasiswa cuma buat anak sma ya, masa sih?",
    ],
)
def test_a_rumour_with_a_tag_asks_about_the_rumour(message: str) -> None:
    parts = service().reader.parts(message)
    asking = [p for p in parts if p.asks]
    assert asking and "beasiswa" in asking[-1].tokens
    assert topics(message)[0].startswith("beasiswa")


@pytest.mark.parametrize(
    "message",
    [
        "teman saya bilang harga emas naik terus, bener ga?",
        "katanya besok hujan deras, betul?",
        "kata orang iuran sampah naik, bener?",
    ],
)
def test_a_rumour_about_something_else_stays_unanswered(message: str) -> None:
    assert topics(message) == []
    assert not service().answer(message, TODAY).recognised


def test_a_follow_up_reads_the_last_topic_as_a_phrase() -> None:
    """'lapak-asik' lends lapakasik (as typed 'lapak asik'), 'call-center' callcenter."""
    reader = service().reader
    lapak = service().knowledge.get("lapak-asik")
    assert lapak is not None
    assert "lapakasik" in reader.context_of(lapak, ["cara", "bagaimana"])
    assert topics("caranya gimana?", "lapak-asik") == ["lapak-asik"]


def test_a_condition_belongs_to_the_question_after_it() -> None:
    message = "kalau nunggak iuran mandiri empat bulan, kepesertaan saya gimana?"
    parts = service().reader.parts(message)
    assert len(parts) == 1 and parts[0].asks
    assert topics(message) == ["bpu-nunggak"]


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("jp-usia-pensiun", "kalau masih kerja?"),  # the answer says what happens to those still working
        ("jkk-stmb", "kalau sudah setahun?"),
    ],
)
def test_a_follow_up_the_last_answer_covers_gets_it_again(previous: str, follow_up: str) -> None:
    assert topics(follow_up, previous) == [previous]


@pytest.mark.parametrize("follow_up", ["kalau nonton film?", "kalau daftar nikah di kua?", "kalau jadwal bioskop?"])
def test_the_last_answer_does_not_take_a_follow_up_about_something_else(follow_up: str) -> None:
    assert topics(follow_up, "jp-usia-pensiun") == []
    assert topics(follow_up, "cara-daftar") == []


@pytest.mark.parametrize("previous", ["denda-telat", "batas-bayar"])
def test_yang_mandiri_in_a_follow_up_is_the_self_employed(previous: str) -> None:
    text = answer_text("kalau yang mandiri?", previous)
    assert "mandiri" in text or "BPU" in text
    assert topics("kalau yang mandiri?", previous) == [previous]


# --- short follow-ups ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("jkp-klaim", "dimana?"),  # only question words: the last answer says where
        ("jkk-stmb", "dapat berapa?"),  # everyday words many entries use: an aspect, not a subject
        ("jkk-stmb", "caranya?"),
        ("batas-bayar", "kalau lewat?"),
        ("jp-usia-pensiun", "tahun depan?"),
        ("jkp-apa", "sampai kapan?"),  # not the scholarship's "sampai kapan": another program
        ("jkp-klaim", "dokumennya apa?"),  # not the JHT documents: another program
        ("jkp-klaim", "paling lambat kapan?"),  # the deadline the last answer states
        ("jkk-batas-klaim", "bukan 2 tahun kan?"),  # "kan" only asks to confirm
        ("jht-klaim-jmo", "saldo maksimalnya?"),  # the answer says "paling banyak": the same bound
        ("jkm-santunan", "jumlah semuanya brp?"),  # the sum of the last answer, not another entry's total
        ("jkm-santunan", "yg sblm kenaikan brp ya"),  # the figure before the rise, which the answer states
        ("perisai", "akronim nya apa tu"),  # what the name stands for, which the answer spells out
        ("lapak-asik", "itu kepanjangan dari apa"),
        ("jkm-iuran", "harganya tetap?"),  # the price of what was just priced
        ("jkp-klaim", "ngurusnya di mana?"),  # where the last answer's business is done
        ("jht-resign", "prosesnya kemana ya"),
        ("jkp-klaim", "bisa online?"),  # the answer says whether it is done online
    ],
)
def test_a_short_follow_up_about_an_aspect_stays_with_the_last_answer(previous: str, follow_up: str) -> None:
    assert topics(follow_up, previous) == [previous]


def test_dari_before_a_program_says_whose_and_keeps_the_last_aspect() -> None:
    # After what JKM pays on a death, "dari JKK?" asks what JKK pays on one, not "from where".
    assert topics("kalau yang dari jkk?", "jkm-santunan") == ["jkk-meninggal"]


def test_what_an_office_s_area_includes_is_the_area_answer() -> None:
    assert topics("daerah layanannya meliputi mana aja?", "kantor-blitar") == ["wilayah-blitar"]


def test_there_in_a_follow_up_points_at_the_last_answer_s_place() -> None:
    # "ke sana" is the office just named: the question is which areas it serves.
    assert topics("warga tulungagung juga ngurus ke sana?", "kantor-blitar") == ["wilayah-blitar"]


def test_the_old_jamsostek_name_answer_says_its_jht_can_still_be_claimed() -> None:
    text = answer_text("kartu jamsostek jaman dulu masih berlaku?")
    assert "Jamsostek" in text and "JHT" in text and "diklaim" in text


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("jkp-apa", "kalau pajak?"),  # a subject of another office
        ("jht-cair-kapan", "kalau emas?"),  # a word the knowledge never saw
        ("jp-usia-pensiun", "kalau nikah?"),  # a subject, not an aspect
        ("jp-usia-pensiun", "kalau di bank?"),
        ("jkm-santunan", "kalau asuransi jiwa?"),  # other insurance, though the last topic was ours
        ("iuran-bpu", "kalau asuransi mobil?"),
    ],
)
def test_a_short_follow_up_about_a_new_subject_is_not_the_last_answer(previous: str, follow_up: str) -> None:
    assert topics(follow_up, previous) == []
    assert not service().answer(follow_up, TODAY, previous).recognised


def test_a_claim_on_someone_elses_behalf_is_answered_honestly() -> None:
    assert topics("bisa diwakilkan?", "jht-klaim-jmo") == ["klaim-diwakilkan"]
    text = answer_text("klaim bpjs tk bisa diwakilkan keluarga?")
    assert "ahli waris" in text and "175" in text


@pytest.mark.parametrize(
    "thanks", ["ok makasih infonya", "makasih infonya sangat membantu", "siap, terima kasih banyak pak"]
)
def test_thanks_with_more_words_is_still_not_a_follow_up(thanks: str) -> None:
    """Chat words (informasi, bantu) are not aspects of the last answer: the last answer is not repeated."""
    for previous in ("jht-cair-kapan", "jkp-apa", "iuran-bpu"):
        reading = service().reader.read(thanks, service().knowledge.get(previous))
        assert reading.how != "follow-up", (thanks, previous)


@pytest.mark.parametrize(
    "message",
    [
        "majikanku belum bayar gaji 3 bulan, terus aku harus gimana",
        "saya kerja di toko, upah saya sering terlambat dibayar, harus lapor ke siapa",
    ],
)
def test_another_offices_business_in_a_story_is_not_answered_by_its_question(message: str) -> None:
    # The whole message names wages paid late (labour law); its question clause alone ("harus
    # lapor ke siapa") must not turn it into one of our entries.
    outcome = service().answer(message, TODAY, None)
    assert topics(message) == []
    assert "Dinas Tenaga Kerja" in plain(" ".join(render(r) for r in outcome.replies))


def test_how_much_severance_is_labour_law_but_jht_beside_it_is_ours() -> None:
    assert topics("pesangon karyawan yang sudah 5 tahun kerja dihitung gimana") == []
    assert "Dinas Tenaga Kerja" in answer_text("pesangon karyawan yang sudah 5 tahun kerja dihitung gimana")
    assert topics("kalau di-phk, jht sama pesangon itu beda ya?")[0] == "jht-bukan-pesangon"


@pytest.mark.parametrize(
    "question",
    [
        "gaji 4 juta sebulan kena pph 21 berapa",
        "jht yang cair nanti dipotong pajak berapa persen",
        "telat lapor spt kena denda ga",
    ],
)
def test_income_tax_is_the_tax_office_s_business(question: str) -> None:
    assert topics(question) == []
    assert "kantor pelayanan pajak" in answer_text(question).lower()


@pytest.mark.parametrize(
    ("question", "office"),
    [
        ("aula kantor bpjs tk blitar bisa disewa buat acara? gedungnya besar ga", "Jl. Palem"),
        ("parkiran mobil di kantor cabang blitar luas ga, muat bus rombongan?", "Jl. Palem"),
        ("akun maxim saya kena suspend tiga hari, gimana ngajuin banding akun", "aplikasinya"),
        ("ongkos grab bike per km di blitar sekarang berapa", "aplikasinya"),
        ("mengurus kitas buat teknisi dari china gimana", "Imigrasi"),
    ],
)
def test_the_agency_s_own_affairs_platform_accounts_and_work_permits_are_pointed_elsewhere(
    question: str, office: str
) -> None:
    assert topics(question) == []
    assert office in answer_text(question)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("saya tukang parkir pasar, iuran bpjs mandiri berapa sebulan", "iuran-bpu"),
        ("teknisi asing kerja setahun di pabrik wajib didaftarkan bpjs tk?", "pekerja-asing"),
    ],
)
def test_those_words_beside_our_programs_stay_ours(question: str, expected: str) -> None:
    assert topics(question) == [expected]


def test_the_npwp_a_large_jht_claim_needs_is_still_ours() -> None:
    assert topics("saldo jht saya besar, kalau klaim perlu npwp?") == ["jht-dokumen"]


# --- when, not what -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("iuran bpu bulan januari 2027 berapa", "iuran-bpu"),
        ("iuran bpu bulan oktober berapa", "iuran-bpu"),
    ],
)
def test_a_month_or_year_in_the_question_does_not_hide_its_subject(question: str, expected: str) -> None:
    assert topics(question) == [expected]


@pytest.mark.parametrize("when", ["januari", "oktober", "2027", "desember 2026"])
def test_a_month_or_year_does_not_move_the_ranking(when: str) -> None:
    # A knowledge phrasing that happens to name a month ("pph 21 bulan januari") must not outrank
    # the subject asked because the question names the same month.
    matcher = service().matcher
    plain_tokens = matcher.normalizer.tokens("iuran bpu berapa")
    dated_tokens = matcher.normalizer.tokens(f"iuran bpu {when} berapa")

    def top(tokens: list[str]) -> list[int]:
        return [index for index, _ in matcher.rank_tokens(tokens)[:5]]

    assert top(dated_tokens) == top(plain_tokens)


def test_a_date_does_not_make_a_foreign_question_ours() -> None:
    assert topics("jadwal pemilu bulan februari 2029 tanggal berapa") == []


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        ("jkp-manfaat", "dibayar sampe kapan?", "jkp-manfaat"),
        ("jht-cair-kapan", "kalo udh kmrn resign?", "jht-resign"),
    ],
)
def test_a_follow_up_in_chat_spelling_is_not_a_new_subject(previous: str, follow_up: str, expected: str) -> None:
    # "sampe", "kmrn": spellings of known words; read as unknown words they made the follow-up look new.
    assert topics(follow_up, previous) == [expected]


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        ("jkk-cacat", "lha nek sampai tiwas?", "jkk-meninggal"),  # a new subject of the same program
        ("jkk-stmb", "kalo sampe meninggal gimana?", "jkk-meninggal"),
        ("cara-daftar", "syarat e opo?", "syarat-daftar-bpu"),  # an id made only of aspects is the subject
    ],
)
def test_a_follow_up_naming_a_new_subject_keeps_only_what_the_last_topic_was_about(
    previous: str, follow_up: str, expected: str
) -> None:
    assert topics(follow_up, previous) == [expected]


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("jht-sebagian", "maksimalnya brp persen?"),  # a percentage is an aspect of the last answer
        ("jkp-manfaat", "kalau 2 bulan?"),  # so is a quantity
    ],
)
def test_a_follow_up_asking_a_percentage_or_a_quantity_stays_with_the_last_answer(
    previous: str, follow_up: str
) -> None:
    assert topics(follow_up, previous) == [previous]


@pytest.mark.parametrize(
    ("previous", "follow_up", "program"),
    [
        # Read alone these find another program's dues; after the last topic they ask about it.
        ("jkk-apa", "iurannya berapa persen dari gaji", "jkk"),
        ("jkp-apa", "nanti diterima berapa persen dari upah", "jkp"),
        # Read alone this is the wage deductions (an entry of no program); after JKP it is JKP's.
        ("jkp-apa", "yang didapat berapa persen dari gaji?", "jkp"),
    ],
)
def test_a_follow_up_naming_no_program_stays_with_the_last_topic_s(previous: str, follow_up: str, program: str) -> None:
    found = topics(follow_up, previous)
    assert found and found[0].startswith(program + "-"), found


def test_a_follow_up_describing_another_program_s_situation_leaves_the_last_topic() -> None:
    found = topics("kalau jatuh pas kerja dapat apa", "jkp-apa")
    assert found and found[0].startswith("jkk-"), found


@pytest.mark.parametrize("follow_up", ["alamatnya?", "alamat lengkapnya di mana ya"])
def test_a_follow_up_the_last_topic_cannot_answer_goes_to_the_close_entry_that_can(follow_up: str) -> None:
    # After the branch's area, "the address?" is the office's address: the runner-up that knows the word.
    assert topics(follow_up, "wilayah-blitar") == ["kantor-blitar"]
    assert "Palem" in answer_text(follow_up, "wilayah-blitar")


def test_that_runner_up_stays_with_the_last_topic_s_program() -> None:
    # After JKP, an entry about no program that knows "dokumen" better is not the answer.
    found = topics("dokumennya apa?", "jkp-apa")
    assert found and found[0].startswith("jkp-"), found


def test_a_question_with_its_own_situation_does_not_take_the_storys() -> None:
    # A widow's story: the death is background; the questions are about her own dues and old age.
    story = (
        "Saya penjahit rumahan di Kademangan, suami sudah meninggal tiga tahun lalu. "
        "Iuran mandiri paling murah berapa? Terus nanti pas tua bisa dapat pensiun bulanan?"
    )
    assert "jp-bpu-tidak-bisa" in topics(story)


# --- round 19 ------------------------------------------------------------------------------------
def test_a_follow_up_describing_the_last_topic_s_own_situation_stays_with_it() -> None:
    # A layoff is JKP's situation; read alone, "tenggat ... sesudah kena phk" ranks elsewhere.
    found = topics("tenggatnya sampai kapan sesudah kena phk?", "jkp-klaim")
    assert found == ["jkp-klaim"], found


@pytest.mark.parametrize("follow_up", ["bulan maret 2027 masih segitu?", "april tahun depan tetap?"])
def test_a_follow_up_asking_whether_it_still_holds_later_is_the_last_topic(follow_up: str) -> None:
    assert topics(follow_up, "iuran-bpu") == ["iuran-bpu"]


def test_a_follow_up_about_another_way_of_transport_is_the_transport_cap() -> None:
    assert "10 juta" in answer_text("kalau korbannya diangkut pesawat?", "jkk-biaya-pengobatan")


def test_a_construction_project_told_first_decides_whose_dues_are_asked() -> None:
    story = "proyek pembangunan gedung sekolah, kontraknya 90 juta. jkk nya brp persen?"
    assert topics(story)[0] == "pekerja-konstruksi"


def test_another_office_s_keyword_told_in_the_story_does_not_take_our_question() -> None:
    # The workplace is a savings-and-loan cooperative; the question is about JHT.
    story = (
        "aku karyawan koperasi simpan pinjam. jht boleh diambil sebagian untuk perumahan? paling banyak berapa persen?"
    )
    assert topics(story)[0] == "jht-sebagian"
    # Asked in the question itself, a loan is still another office's business.
    assert (
        service()
        .answer("saldo jht saya bisa dipakai jaminan pinjaman ke bank?", TODAY)
        .replies[0]
        .key.endswith("redirect-pinjaman")
    )


@pytest.mark.parametrize(
    "follow_up",
    ["lha nek tanggal 15 e pas tanggal merah piye?", "trus kalo tgl 15 kebetulan hari merah, gmn?"],
)
def test_a_deadline_on_a_public_holiday_asks_about_the_deadline_answer(follow_up: str) -> None:
    # "tanggal merah" is a public holiday; the deadline answer says the next working day counts.
    assert topics(follow_up, "batas-bayar") == ["batas-bayar"]
    assert "hari kerja berikutnya" in answer_text(follow_up, "batas-bayar")


# --- conditions and questions within a story ----------------------------------------------
def test_a_time_or_condition_before_the_question_is_part_of_it_not_a_question() -> None:
    parts = service().reader.parts("istri saya melahirkan. selama dia belum bisa kerja, upahnya dibayar siapa?")
    assert [p.asks for p in parts] == [False, True]
    assert parts[1].text.startswith("selama dia belum bisa kerja")


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            "Saya usaha jahit rumahan, sudah ikut BPJS TK mandiri. Kemarin lihat di facebook iuran JKK mandiri "
            "0,5% dan JKM 0,2%. Saya ragu. JKM peserta mandiri yang benar berapa?",
            "jkm-iuran",
        ),
        (
            "Saya ojol, ikut BPJS TK mandiri. Baca di grup JKM mandiri 1%. "
            "Terus JKK peserta mandiri sebenarnya berapa?",
            "jkk-iuran-bpu",
        ),
    ],
)
def test_a_question_spelling_its_program_is_not_pulled_to_one_the_story_only_spells(story: str, expected: str) -> None:
    assert topics(story)[0] == expected


def test_a_program_the_story_describes_still_counts_beside_the_one_the_question_names() -> None:
    # A death in a work accident is JKK's, though the question says "santunan kematian".
    assert topics("Gaji bapak 4 juta, meninggal kena mesin di pabrik. Santunan kematian dari jkk berapa?")[0] == (
        "jkk-meninggal"
    )


def test_a_question_naming_its_program_is_not_taken_by_the_story_s_entry_of_none() -> None:
    # The arrears in the story find the BPU arrears, an entry of no program; the question asks of JKP.
    story = "Usaha konveksi tempat saya menjahit berhenti produksi, iuran BPJS TK kami nunggak 5 bulan."
    whole = service().reader.matcher.decide(f"{story} Saya masih berhak JKP?").best
    assert whole is not None and whole.id == "bpu-nunggak"
    assert topics(f"{story} Saya masih berhak JKP?")[0] == "jkp-syarat"


@pytest.mark.parametrize(
    "story",
    [
        "Adik saya buruh pabrik tebu, tertimpa karung di gudang lalu meninggal.",
        "Kakak saya kurir, tertabrak truk waktu antar paket dan meninggal.",
        "Ayah saya meninggal akibat kecelakaan kerja, upah 3 juta.",  # the accident named as the cause
    ],
)
def test_a_death_told_as_a_work_accident_gets_the_jkk_death_benefit(story: str) -> None:
    # The question says "santunan kematian" (JKM's words); a death at work is paid by JKK (48x wage).
    assert topics(f"{story} Santunan kematiannya berapa?")[0] == "jkk-meninggal"


@pytest.mark.parametrize(
    "story",
    [
        "Bapak saya sakit jantung lalu meninggal di rumah.",
        "Ibu saya meninggal, bukan karena kecelakaan kerja.",  # the accident denied
    ],
)
def test_an_ordinary_death_keeps_the_jkm_benefit(story: str) -> None:
    assert topics(f"{story} Santunan kematiannya berapa?")[0] == "jkm-santunan"


def test_a_place_told_before_the_question_lends_no_program_to_undo_the_office() -> None:
    # The story names no domain word: the whole message (the offices by area) stands.
    assert topics("Saya orang Tulungagung, mau urus klaim JHT datang ke kantor mana?")[0] == "wilayah-blitar"


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("pekerja-konstruksi", "JKM-nya berapa persen?"),
        ("pekerja-migran", "JHT nya harus ikut juga?"),
        ("pekerja-migran", "jkk nya gimana?"),
    ],
)
def test_a_program_with_nya_is_the_last_topic_s(previous: str, follow_up: str) -> None:
    # "JKM-nya" is "its JKM": the construction answer gives the project's JKM rate, the migrant
    # workers' answer says which programs they must join.
    assert topics(follow_up, previous)[0] == previous


def test_a_second_question_leaning_on_an_unknown_first_is_not_ours_for_an_everyday_word() -> None:
    # "daftarnya" is the course's registration; the course is no subject of ours.
    assert service().answer("Kursus operator forklift biayanya berapa, daftarnya di mana?", TODAY).recognised is False


def test_two_things_compared_are_one_question() -> None:
    parts = service().reader.parts("apa bedanya jkk sama jkm? kalau usaha mikro wajib yang mana?")
    assert next(p.text for p in parts if p.asks) == "apa bedanya jkk sama jkm"
    assert topics("bedane jht karo jp opo?") == ["jht-apa", "jp-apa"]  # what each one is


def test_a_question_we_answer_is_answered_beside_one_asking_a_detail_we_do_not_hold() -> None:
    # The opening hours are not in our data; the address is, and it is what the reply gives.
    assert topics("alamat kantor bpjs tk di blitar mana? jam operasionalnya?") == ["kantor-blitar"]


def test_programs_set_aside_with_selain_are_not_what_is_asked() -> None:
    assert without_excluded(("uang", "dari", "bpjs", "selain", "jht", "dan", "jkk", "berapa")) == (
        "uang",
        "dari",
        "bpjs",
        "berapa",
    )
    assert without_excluded(("selain", "jht")) == ("selain", "jht")  # nothing else asked: keep it
    # A layoff, and money "besides JHT": the job-loss cash, not JHT.
    story = "Saya kena PHK dari pabrik kayu bulan lalu. Selain JHT ada uang apa lagi dari bpjs tk, berapa lama?"
    assert topics(story)[0].startswith("jkp-")


def test_a_longer_follow_up_that_opens_like_one_still_leans_on_the_last_answer() -> None:
    # Eleven words, no program named, "kalau ..." after the JHT dues: what the husband pays.
    follow_up = "kalau untuk bapaknya anak-anak yang penghasilannya 3 juta jadi berapa rupiah?"
    assert len(service().matcher.normalizer.tokens(follow_up)) > 8
    assert "Rp60.000" in answer_text(follow_up, "jht-iuran")  # 2% of Rp3.000.000


def test_a_longer_message_that_does_not_open_like_a_follow_up_is_read_alone() -> None:
    assert topics("saya mau tanya cara bikin kue lapis legit yang enak dan lembut", "jkk-biaya-pengobatan") == []


def test_an_everyday_word_is_not_fixed_into_a_domain_word() -> None:
    assert service().matcher.normalizer.tokens("enaknya") == ["enak"]  # not "anak"


def test_a_clause_going_on_with_a_condition_is_part_of_it() -> None:
    parts = service().reader.parts("kalau saya jatuh di gudang, nggak bisa kerja dua bulan, upah saya gimana?")
    assert [(p.asks, p.text.startswith("kalau")) for p in parts] == [(True, True)]


def test_a_telling_clause_that_only_names_a_program_is_listed_with_the_one_before() -> None:
    parts = service().reader.parts("Karyawan saya dua orang, mau saya ikutkan program JKK dan JKM. Bayarnya kapan?")
    assert [p.asks for p in parts] == [False, False, True]
    assert {"jkk", "jkm"} <= set(parts[1].tokens)


@pytest.mark.parametrize(
    "text",
    [
        "iuran JKK dan JKM buat tukang bangunan di proyek desa berapa?",
        "What do JKK, JKM and JHT cost a month for a food seller?",
    ],
)
def test_a_list_of_programs_is_one_clause(text: str) -> None:
    # "JKK dan JKM" asks one thing of both programs; "dan" or a comma between programs splits nothing.
    assert len(service().reader.parts(text)) == 1, text


def test_and_between_questions_still_splits_them() -> None:
    parts = service().reader.parts("iuran jkk berapa dan jkm siapa yang bayar?")
    assert len(parts) == 2


def test_a_condition_holding_a_decimal_amount_still_takes_in_the_clause_going_on_with_it() -> None:
    # "1,5 juta" holds a comma, which is no clause boundary and no sign of a joined clause.
    parts = service().reader.parts("kalau gaji saya 1,5 juta, terus tidak bisa kerja sebulan, upahnya diganti berapa?")
    assert [p.asks for p in parts] == [True]


@pytest.mark.parametrize(
    ("text", "previous", "expected"),
    [
        # The example after "kayak" is not what is asked: a mining company is one very high risk.
        ("kalau kelompok risikonya sangat tinggi kayak pertambangan batu?", "jkk-iuran-pu", "jkk-iuran-pu"),
        # A monthly pension "like a soldier's" asks about JP, not the armed forces' fund.
        (
            "pengen dapat pensiun bulanan kayak pensiunan tentara, iurannya harus berapa tahun?",
            None,
            "jp-syarat-bulanan",
        ),
    ],
)
def test_an_example_after_kayak_is_not_the_subject(text: str, previous: str | None, expected: str) -> None:
    assert topics(text, previous)[0] == expected


def test_a_likeness_keeps_our_own_words() -> None:
    from bot.faq.matcher import without_likenesses

    keep = frozenset({"jht"})
    assert without_likenesses(("potong", "seperti", "jht"), keep) == ("potong", "jht")
    assert without_likenesses(("syarat", "seperti", "apa"), keep) == ("syarat", "apa")
    assert without_likenesses(("iur", "seperti", "toko", "kelontong", "berapa"), keep) == ("iur", "berapa")


def test_a_second_question_naming_no_program_takes_the_one_the_first_describes() -> None:
    # The first question describes a monthly pension (JP) without naming it.
    assert topics("kalau sudah tua nanti apa bisa dapat uang tiap bulan? syaratnya apa saja?")[0] == (
        "jp-syarat-bulanan"
    )


def test_a_short_question_pointing_back_at_a_detail_we_do_not_hold_is_not_answered_with_ours() -> None:
    # "nomornya" is that office's number, which we do not hold, not the call centre's.
    outcome = service().answer("ada kantor perwakilan bpjs tk di Trenggalek? nomornya berapa?", TODAY)
    assert outcome.recognised is False


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("iuran-bpu", "kalau adik saya yang buka jasa potong rambut, iurannya sama?"),
        ("jkm-santunan", "kalau yang meninggal mertua saya yang peserta bpu, santunannya sama juga?"),
    ],
)
def test_asking_whether_it_is_the_same_for_another_person_is_the_last_answer(previous: str, follow_up: str) -> None:
    assert topics(follow_up, previous) == [previous]


def test_asking_whether_it_is_the_same_for_a_new_thing_is_not_the_last_answer() -> None:
    assert topics("kalau beli kulkas sama?", "iuran-bpu") == []
    assert topics("kalau saya beli motor sama?", "iuran-bpu") == []


def test_a_number_in_a_follow_up_is_no_word_the_knowledge_has_never_heard() -> None:
    # "57" is new to the knowledge, but a quantity: the JKP conditions answer the age asked.
    assert topics("kalau baru mulai kerja umur 57, tetap bisa ikut?", "jkp-syarat") == ["jkp-syarat"]


def test_a_place_weighs_little_in_how_much_of_a_message_an_entry_covers() -> None:
    matcher = service().matcher
    assert matcher.normalizer.tokens("dulu kerja di Bekasi, sekarang di Ngunut") == [
        "dulu",
        "kerja",
        "di",
        "bekasi",
        "sekarang",
        "di",
        "ngunut",
    ]  # a place is neither stemmed ("kas") nor typo-corrected
    index = next(i for i, e in enumerate(matcher.entries) if e.id == "jht-sebagian")
    # Two places lower it less than two everyday words the entry does not know.
    places = matcher.coverage(["potong", "upah", "ambil", "bekasi", "ngunut"], index)
    assert places > matcher.coverage(["potong", "upah", "ambil", "kulkas", "sepeda"], index)


def test_a_longer_message_asking_whether_the_last_answer_s_conditions_are_met_leans_on_it() -> None:
    # No opener, eleven words, no program: "sudah bisa belum?" asks about the partial JHT just told.
    follow_up = "saya ikut dari pabrik baru enam tahun lebih sedikit, sudah bisa belum?"
    assert len(service().matcher.normalizer.tokens(follow_up)) > 8
    assert topics(follow_up, "jht-sebagian") == ["jht-sebagian"]


def test_a_follow_up_pointing_at_the_last_answer_s_figure_stays_with_it() -> None:
    # "segitu" is the age or the years the last answer gave.
    assert topics("kalau saya masih ingin bekerja waktu sudah segitu?", "jp-usia-pensiun") == ["jp-usia-pensiun"]
    assert topics("terus kalau iurnya nggak sampai segitu?", "jp-syarat-bulanan") == ["jp-syarat-bulanan"]


def test_another_office_s_word_set_aside_with_selain_does_not_decide() -> None:
    assert without_excluded(("potong", "selain", "pajak", "untuk", "apa"), frozenset({"pajak"})) == (
        "potong",
        "untuk",
        "apa",
    )
    # Deductions on a pay slip "besides tax" are ours: the wage-deduction answer, not the tax office.
    assert topics("Di slip gaji bulan ini ada potongan 3% selain pajak, sebenernya itu potongan apa?")[0] == (
        "potongan-gaji"
    )
    decision = service().matcher.decide("potongan pajak penghasilan di slip gaji berapa persen?")
    assert decision.verdict is Verdict.REDIRECT and decision.best is not None and decision.best.id == "redirect-pajak"


def test_a_follow_up_after_a_topic_of_no_program_is_not_taken_by_one_program_s_entry() -> None:
    # Read alone, this is the JKP conditions; after the scholarship it asks the scholarship's.
    follow_up = "minimal harus jadi peserta berapa lama dulu?"
    assert topics(follow_up) == ["jkp-syarat"]
    assert topics(follow_up, "beasiswa-syarat")[0].startswith("beasiswa-")


def test_a_follow_up_s_close_runner_up_that_knows_its_words_answers_within_the_last_program() -> None:
    # After arrears, how to pay is the payment channels (an entry of no program).
    assert topics("nanti dibayar pakai apa?", "bpu-nunggak") == ["cara-bayar"]
    # After the JKP benefit, the bank it is paid into is not how dues are paid.
    assert "cara-bayar" not in topics("uangnya nanti ditransfer ke bank apa saja?", "jkp-manfaat")


# --- a new subject of the last topic's program --------------------------------------------------
def test_a_follow_up_the_last_answer_does_not_know_goes_to_the_one_entry_of_its_program_that_does() -> None:
    # After the JKK treatment costs, the pay while unable to work is the JKK wage replacement,
    # though read alone "gaji" sounds like an employer's wage matter.
    assert topics("kalau gak bisa kerja gimana gajinya?", "jkk-biaya-pengobatan") == ["jkk-stmb"]
    # What the last answer itself states stays with it.
    assert topics("kalau homecare gimana?", "jkk-biaya-pengobatan") == ["jkk-biaya-pengobatan"]
    assert topics("kalau meninggal?", "jkk-biaya-pengobatan") == ["jkk-meninggal"]


# --- a program added to the dues just given -----------------------------------------------------
@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        # The JKM dues do not state JHT; the BPU dues they link to state JHT and the three-program total.
        ("jkm-iuran", "kalo ditambahin jht jadi brp sebulan?", "iuran-bpu"),
        ("jkk-iuran-bpu", "plus JHT totalnya berapa", "iuran-bpu"),
        # The employees' dues state JHT already: the follow-up stays there.
        ("iuran-pu-rincian", "kalau ditambah jht?", "iuran-pu-rincian"),
        # "juga" adds as "tambah" does.
        ("jkm-iuran", "kalau jht juga ikut, sebulan bayar berapa?", "iuran-bpu"),
        # The employer's duty names JHT only as a program that may be added: what adding it costs
        # is the micro business's dues, which price it; whether it is a duty stays with the duty.
        ("usaha-mikro-wajib", "kalau ditambah jht, saya tambah bayar berapa?", "iuran-usaha-mikro"),
        ("usaha-mikro-wajib", "jht juga wajib?", "usaha-mikro-wajib"),
        # The self-employed's whole monthly payment stays theirs, not the wage deduction.
        ("iuran-bpu", "total setoran bulan ini berapa?", "iuran-bpu"),
    ],
)
def test_adding_a_program_to_the_dues_is_the_dues_answer_that_states_it(
    previous: str, follow_up: str, expected: str
) -> None:
    assert topics(follow_up, previous) == [expected]


def test_the_two_programs_named_together_are_the_bpu_package() -> None:
    # JKK and JKM together are the BPU minimum; the JKM dues alone would leave JKK out.
    assert topics("tukang becak iuran jkk jkm sebulan brp") == ["iuran-bpu"]
    assert "JKK" in answer_text("tukang becak iuran jkk jkm sebulan brp")


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        # The scholarship's conditions are of JKK and JKM alike: "from JKK" asks the same answer.
        ("beasiswa-syarat", "terus yang dari JKK syaratnya gimana?", "beasiswa-syarat"),
        # An entry of the named program answers first when there is one.
        ("cara-klaim", "kalau jht caranya?", "jht-klaim-jmo"),
        ("potongan-gaji", "kalau iuran jp?", "jp-iuran"),
        # Longer, naming a program the last answer states: still asks the last answer of it.
        (
            "beasiswa-syarat",
            "terus untuk yang JKK bagaimana, perlu masa iur minimal juga tidak?",
            "beasiswa-syarat",
        ),
    ],
)
def test_a_program_named_after_an_answer_about_several_keeps_it_only_when_none_of_its_own_answers(
    previous: str, follow_up: str, expected: str
) -> None:
    assert topics(follow_up, previous) == [expected]


def test_an_unmarried_members_parents_and_the_funeral_costs() -> None:
    # The parents' monthly pension is JP's; the funeral costs of a worker who died are JKM's, even
    # when the asker calls the agency "the insurance office".
    assert topics("kalau peserta lajang meninggal, orang tuanya bisa dapat pensiun bulanan nggak?") == ["jp-ahli-waris"]
    assert topics("ibu saya meninggal, masih kerja di konveksi. uang pemakaman dari kantor asuransinya ada?") == [
        "jkm-santunan"
    ]


def test_foreign_workers_and_health_centres() -> None:
    # Javanese "manca" is foreign; how long a foreigner must work here first stays with that answer.
    assert topics("wong manca kerjo nang tokoku kudu didaftarke?") == ["pekerja-asing"]
    assert topics("kalau cuma kerja 4 bulan di sini gimana?", "pekerja-asing") == ["pekerja-asing"]
    # A health centre's medicine is the health agency's business.
    assert topics("obat dari puskesmas habis, boleh minta lagi ke mana?") == ["beda-bpjs-kesehatan"]
    # The BPU programs answer states the three-program price: adding JHT stays there.
    assert topics("plus jht jadi brp?", "bpu-program") == ["bpu-program"]


def test_the_last_answer_that_states_every_word_of_a_follow_up_keeps_it() -> None:
    # The widow's pension answer states the children's pension too; the program's overview, lent
    # the program's name, does not say how long a child receives it.
    assert topics("kalau pensiun buat anaknya?", "jp-ahli-waris") == ["jp-ahli-waris"]


def test_a_program_alone_asks_what_the_question_before_asked() -> None:
    assert topics("berapa iuran jkk, lalu jkm juga berapa?")[1] == "jkm-iuran"


@pytest.mark.parametrize(
    "text",
    [
        "iuran jaminan kesehatan nasional kelas 2 sebulan berapa?",  # JKN named in full
        "periksa kehamilan di bidan desa bisa gratis pakai kartu apa?",
        "cek lab darah pakai bpjs boleh?",
        "obat kolesterol tiap bulan bisa ditebus di apotek mana?",
        "berobat gratis untuk warga tidak mampu daftarnya ke mana?",
    ],
)
def test_health_care_is_the_health_agencys_business(text: str) -> None:
    assert topics(text) == ["beda-bpjs-kesehatan"], text


def test_the_name_before_jamsostek_is_stated() -> None:
    assert "ASTEK" in answer_text("dulu sebelum jadi jamsostek namanya apa?")


# --- round 28 -------------------------------------------------------------------------------
def test_jadi_after_a_modal_is_become_not_so() -> None:
    # Split at "jadi", the clause "pegawai bpjs ketenagakerjaan boleh" read as whether it is mandatory.
    assert topics("pegawai bpjs ketenagakerjaan boleh jadi pengurus ormas?") == []


def test_two_times_joined_by_dan_are_one_question() -> None:
    parts = service().reader.parts("iuran pmi sebelum dan sesudah berangkat berapa?")
    assert [p.asks for p in parts] == [True]


def test_a_story_about_something_else_is_not_answered_by_its_everyday_question() -> None:
    assert topics("kucing saya kena jamur, obatnya apa ya?") == []
    # A story of our own subject still is.
    assert topics("saya jualan bakso keliling, penghasilan gak tentu. kira-kira per bulan bayar berapa?") != []


def test_a_ranked_redirect_yields_to_the_last_answer_that_states_the_follow_up() -> None:
    # Read alone this ranks the work-permit redirect first; the foreign-worker answer states the months.
    assert topics("harus kerja berapa lama di indonesia dulu?", "pekerja-asing") == ["pekerja-asing"]
    # A word of the other office is still its business.
    assert topics("kitas-nya diurus di mana?", "pekerja-asing") != ["pekerja-asing"]


def test_a_longer_follow_up_pointing_at_the_figure_asks_the_last_answer() -> None:
    assert topics("Februari 2027 masih segitu? saya tukang cukur, bukan kurir", "bpu-program") == ["bpu-program"]


def test_a_contract_extended_is_not_a_rule_changing() -> None:
    text = "adik saya di taiwan, kontraknya habis bulan depan dan diperpanjang 2 bulan, iuran perpanjangannya berapa?"
    outcome = service().answer(text, TODAY)
    assert outcome.recognised and outcome.topic == "pekerja-migran"


def test_an_abbreviation_s_dot_ends_no_sentence() -> None:
    parts = service().reader.parts("nomor telepon kantor yang di Jl. Palem berapa?")
    assert len(parts) == 1 and parts[0].asks


def test_hearsay_is_asked_about_but_a_named_speaker_or_a_source_is_not() -> None:
    # The leak the hearsay reports is a detail no answer holds: not answered with the JMO data fix.
    assert topics("katanya data peserta bpjs tk pernah bocor ke internet, data saya aman?") == []
    # What a doctor said, and where a rumour was read, are the story's, not what is asked.
    assert topics("dokter bilang saya harus libur 2 bulan habis jatuh di pabrik, gaji selama itu dibayar?") == [
        "jkk-stmb"
    ]
    assert topics("jht cair umur 56 bener ga? kata tiktok gitu") == ["jht-cair-kapan"]


def test_a_job_at_the_agency_is_its_own_business_in_any_form() -> None:
    decision = service().matcher.decide("teman bilang boleh jadi satpam di kantor bpjs tk blitar, daftarnya ke mana?")
    assert decision.verdict is Verdict.REDIRECT and decision.best is not None
    assert decision.best.id == "redirect-kerja-di-bpjs"


def test_a_tool_that_hurts_at_work_is_an_accident() -> None:
    for text in (
        "pas kerja di bengkel jari kena bor sampai dijahit, biaya jahitnya ditanggung siapa ya?",
        "waktu kerja di dapur rumah makan tangan saya kena minyak panas, harus berobat. biayanya siapa yang tanggung?",
    ):
        assert topics(text) == ["jkk-biaya-pengobatan"], text


def test_whether_the_last_answer_changes_asks_the_last_answer() -> None:
    # "berubah" and "tahun" rank the JP wage cap (which changes every March) first.
    for text in ("2027 berubah?", "tahun depan berubah ya?"):
        assert service().answer(text, TODAY, "jp-usia-pensiun").topic == "jp-usia-pensiun", text


def test_a_follow_up_runner_up_that_knows_every_word_answers_from_further_below() -> None:
    assert topics("bayarnya pakai apa aja?", "denda-telat") == ["cara-bayar"]


def test_who_told_one_to_says_nothing_of_what() -> None:
    assert topics("kalau disuruh dokter dirawat di rumah saja?", "jkk-apa") == ["jkk-biaya-pengobatan"]


def test_a_longer_follow_up_asking_whether_it_still_holds_asks_the_last_answer() -> None:
    text = "waktu itu katanya cuma boleh 2 tahun, sekarang masih berlaku?"
    assert topics(text, "jkk-batas-klaim") == ["jkk-batas-klaim"]


def test_why_ones_own_claim_was_refused_with_a_figure_of_ones_own_gets_the_rule_to_compare() -> None:
    text = "suami saya baru 6 tahun jadi peserta, pengajuan jht 10% nya ditolak, kenapa ya?"
    outcome = service().answer(text, TODAY)
    assert outcome.recognised and outcome.topic == "jht-sebagian"
    said = plain(" ".join(render(r) for r in outcome.replies))
    assert "tidak bisa melihat data" in said and "10 tahun" in said
    # Without a figure of one's own there is nothing to compare: only the record can say.
    assert not service().answer("kenapa klaim jht saya ditolak ya?", TODAY).recognised


def test_the_branch_s_opening_hours_are_not_the_call_centre_s() -> None:
    decision = service().matcher.decide("kantor bpjs tk blitar buka jam berapa?")
    assert decision.verdict is Verdict.UNKNOWN and "jamkantor" in decision.unstated
    assert topics("call centre 175 buka jam berapa?") == ["call-center"]


def test_ordinary_dental_care_asked_of_our_agency_is_the_health_agency_s() -> None:
    assert topics("gigi anak saya berlubang, mau tambal gigi pakai bpjs tk bisa?") == ["beda-bpjs-kesehatan"]


def test_an_old_accident_never_claimed_asks_the_claim_limit() -> None:
    text = (
        "tiga tahun lalu jari saya terjepit mesin di pabrik, tapi tidak pernah diurus karena tidak tahu. "
        "kata teman masih bisa, apa sekarang masih bisa diklaim?"
    )
    assert topics(text) == ["jkk-batas-klaim"]


def test_whether_a_foreigner_can_join_is_ours_not_the_work_permit_office_s() -> None:
    assert topics("can foreigners working in Indonesia join?") == ["pekerja-asing"]


def test_a_merger_of_the_two_agencies_is_news_we_do_not_hold() -> None:
    for text in (
        "katanya bpjs kesehatan dan bpjs ketenagakerjaan mau dilebur jadi satu, benar?",
        "apakah bpjs tk akan digabung dengan bpjs kesehatan tahun depan?",
    ):
        decision = service().matcher.decide(text)
        assert decision.verdict is Verdict.REDIRECT and decision.best is not None, text
        assert decision.best.id == "redirect-kantor-internal", text


def test_a_keyword_that_spans_two_parts_of_a_message_decides_the_whole() -> None:
    # Split at "sama", each half names one agency; together they ask about merging the two.
    decision = service().reader.read("kapan bpjs tk sama bpjs kesehatan digabung jadi satu?").primary
    assert decision.verdict is Verdict.REDIRECT and decision.best is not None
    assert decision.best.id == "redirect-kantor-internal"


# --- round 30 ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "story",
    [
        "Kakak saya meninggal ditabrak bus waktu rekreasi ke Pantai Serang. Dia ikut BPJS TK mandiri, "
        "ahli warisnya dapat apa?",
        "bapak meninggal kecelakaan pas pulang kampung lebaran, peserta bpjs tk dari kantor. keluarga dapat berapa?",
    ],
)
def test_a_death_in_an_accident_away_from_work_is_jkm_s(story: str) -> None:
    assert topics(story)[0] == "jkm-santunan"
    assert "Rp42 juta" in answer_text(story)


@pytest.mark.parametrize(
    "story",
    [
        "Toko roti kami memakai chef dari Thailand selama setahun. Perlu didaftarkan BPJS Ketenagakerjaan juga?",
        "ada teknisi dari Korea kerja 5 bulan di pabrik kami di Srengat, wajib ikut bpjs tk?",
    ],
)
def test_a_foreigner_named_by_country_who_works_here_is_a_foreign_worker(story: str) -> None:
    assert topics(story)[0] == "pekerja-asing"


def test_someone_working_in_that_country_is_still_a_migrant_worker() -> None:
    assert topics("adik saya kerja di Korea jadi buruh pabrik, bisa ikut bpjs tk dari sana?")[0] == "pekerja-migran"


@pytest.mark.parametrize("follow_up", ["kalau di atas itu gimana?", "lha kalau lebih dari segitu harus ke mana?"])
def test_a_follow_up_past_the_last_answer_s_figure_gets_it_again(follow_up: str) -> None:
    assert topics(follow_up, "jht-klaim-jmo") == ["jht-klaim-jmo"]


@pytest.mark.parametrize(
    "follow_up",
    [
        "si kecil umurnya baru 2 tahun, belum sekolah, nanti dapatnya kapan?",
        "anak kedua saya masih 4 tahun dan belum masuk TK, tetap bisa?",
    ],
)
def test_a_longer_follow_up_telling_a_case_in_the_last_answer_s_words_leans_on_it(follow_up: str) -> None:
    assert topics(follow_up, "klaim-beasiswa") == ["klaim-beasiswa"]
    assert topics(follow_up) == []  # alone it says nothing the bot knows


def test_a_longer_follow_up_about_a_new_subject_is_not_the_last_answer() -> None:
    follow_up = "si kecil umurnya baru 2 tahun, belum bisa jalan, dokter anak yang bagus di Blitar siapa?"
    assert topics(follow_up, "klaim-beasiswa") == []


def test_leaving_the_country_for_good_takes_all_of_jht() -> None:
    story = (
        "Saya mau ikut anak menetap di Australia, nggak pulang lagi ke Indonesia. "
        "Uang simpanan dari kantor dulu bisa cair semua?"
    )
    assert topics(story)[0] == "jht-cair-kapan"


@pytest.mark.parametrize(("previous", "follow_up"), [("lapak-asik", "terus kalau klaim JKP ke mana?")])
def test_a_follow_up_asking_of_a_program_the_last_answer_never_names_is_read_alone(
    previous: str, follow_up: str
) -> None:
    assert topics(follow_up, previous) == ["jkp-klaim"]


def test_a_follow_up_asking_of_a_program_the_last_answer_states_stays_with_it() -> None:
    assert topics("JKM-nya berapa persen dari nilai kontrak?", "pekerja-konstruksi") == ["pekerja-konstruksi"]


@pytest.mark.parametrize("question", ["jp bisa dicairkan kapan?", "kapan jaminan pensiun cair?"])
def test_jp_taken_out_as_people_say_of_jht_is_the_pension_age(question: str) -> None:
    assert topics(question) == ["jp-usia-pensiun"]
    assert topics("terus kalau JP gimana?", "jht-cair-kapan") == ["jp-usia-pensiun"]


def test_what_a_laid_off_worker_gets_is_a_benefit_not_the_employer_s_dues() -> None:
    story = (
        "Saya sopir di gudang beras 4 tahun, minggu lalu juragan bilang gudang tutup dan kami semua "
        "diberhentikan. Dari bpjs tk saya dapat apa?"
    )
    assert topics(story)[0] == "jkp-manfaat"


@pytest.mark.parametrize(
    "question", ["nomor kpj saya ada dua, cara gabunginnya gimana?", "kartu dobel bisa digabungin?"]
)
def test_merging_two_membership_numbers_in_everyday_verbs(question: str) -> None:
    assert topics(question)[0] == "kpj-ganda"


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("jkp-syarat", "kalau umurnya sudah 56 waktu didaftarkan?"),
        ("batas-usia-daftar", "kalau 61?"),
        ("jht-sebagian", "baru 5 tahun"),  # "only" five years: the case, not a subject
    ],
)
def test_a_follow_up_giving_a_number_is_a_new_case_of_the_last_question(previous: str, follow_up: str) -> None:
    assert topics(follow_up, previous) == [previous]


@pytest.mark.parametrize(
    ("previous", "follow_up"), [("pekerja-migran", "jht wajib juga?"), ("iuran-pu-rincian", "jp dipotong juga?")]
)
def test_a_short_follow_up_on_a_program_the_last_answer_lists_stays_with_it(previous: str, follow_up: str) -> None:
    assert topics(follow_up, previous) == [previous]
    assert topics("terus yang JP gimana?", "jht-cair-kapan") == ["jp-usia-pensiun"]  # no words of its own


@pytest.mark.parametrize(("previous", "follow_up"), [("jht-cek-saldo", "saldonya dapat bunga juga nggak?")])
def test_whether_the_balance_earns_anything_is_its_returns(previous: str, follow_up: str) -> None:
    assert "hasil pengembangan" in answer_text(follow_up, previous)
    assert topics("jht saya bunganya lebih gede dari deposito bank nggak?") == []  # the rate: a detail we lack


def test_the_registration_answer_gives_the_office_s_address() -> None:
    assert "Jl. Palem" in answer_text("cara daftar bpjs ketenagakerjaan gimana?")


# --- a figure of the last answer, programs compared ------------------------------------------
@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("jkm-santunan", "yang 10 juta itu buat apa?"),  # the funeral costs the answer states
        ("jkm-santunan", "20 juta itu langsung cair?"),
    ],
)
def test_a_follow_up_quoting_a_figure_of_the_last_answer_asks_about_it(previous: str, follow_up: str) -> None:
    reading = service().read(follow_up, service().knowledge.get(previous), TODAY)
    assert reading.how == "quotes-the-last"
    assert topics(follow_up, previous) == [previous]


def test_a_sum_the_last_answer_does_not_state_is_not_a_quote() -> None:
    reading = service().read("yang 7 juta itu buat apa?", service().knowledge.get("jkm-santunan"), TODAY)
    assert reading.how != "quotes-the-last"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("apa bedanya jkk dan jkm", ["jkk-apa", "jkm-apa"]),
        ("jht karo jp bedane opo", ["jht-apa", "jp-apa"]),
        ("difference between jkp and jht?", ["jkp-apa", "jht-apa"]),
    ],
)
def test_two_programs_compared_get_what_each_one_is(question: str, expected: list[str]) -> None:
    assert topics(question) == expected


def test_a_program_compared_with_the_last_one_gets_what_it_is() -> None:
    assert topics("kalau jkp bedanya apa?", "jht-apa") == ["jkp-apa"]


@pytest.mark.parametrize(
    "question", ["bedanya bpjs tk sama bpjs kesehatan apa", "iuran jht dan jp bedanya berapa", "jkk beda apa ya?"]
)
def test_a_comparison_of_something_else_is_read_as_usual(question: str) -> None:
    assert service().read(question, None, TODAY).how != "comparison"


def test_every_program_has_an_overview_to_compare_by() -> None:
    from bot.faq.matcher import PROGRAMS
    from bot.faq.reading import OVERVIEW

    assert all(service().knowledge.get(OVERVIEW.format(program=p)) is not None for p in PROGRAMS)


# --- round 31: care asked of us, the state's insurance, migrant workers' cover, family ---------
def test_medicine_after_a_work_accident_is_still_jkk() -> None:
    assert topics("obat setelah kecelakaan kerja ditanggung bpjs tk?")[0].startswith("jkk")


def test_the_state_s_insurance_an_employer_withholds_is_ours() -> None:
    # Not the private-insurance redirect: "asuransi negara" is what people call BPJS.
    assert topics("majikan tidak mau mendaftarkan saya ke asuransi negara, harus bagaimana?") != []


def test_the_cover_a_migrant_worker_must_have_is_ours_but_placement_is_not() -> None:
    assert topics("suami mau kerja ke korea lewat penyalur, perlindungan apa yang wajib dia ikuti?") == [
        "pekerja-migran"
    ]
    assert topics("biaya penempatan ke taiwan lewat penyalur berapa?") == []


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("jkm-santunan", "kalau istri?"),
        ("jp-ahli-waris", "anak saya 2, dapat semua?"),
        ("iuran-bpu", "kalau ibu saya?"),
        ("iuran-bpu", "kalau anak saya yang kerja?"),  # a family member who works too
    ],
)
def test_the_last_answer_asked_again_for_someone_of_the_family_stays_with_it(previous: str, follow_up: str) -> None:
    assert topics(follow_up, previous) == [previous]


def test_the_layoff_answer_says_where_to_claim_when_the_app_fails() -> None:
    text = answer_text("saya resign bulan lalu, jht bisa diambil?")
    assert "Lapak Asik" in text and "kantor cabang" in text


def test_where_is_answered_by_a_close_entry_that_says_where() -> None:
    # The heirs' answer names no place to go; how to claim JKM (Lapak Asik, the branch) does.
    assert topics("ahli waris jkm klaimnya di mana?") == ["jkm-klaim"]
    assert topics("alamat kantornya di mana?") == ["kantor-blitar"]  # the office's answer says where itself


def test_a_phone_dead_for_good_is_no_death() -> None:
    assert topics("hp saya mati total kena air, bisa dibenerin?") == []


def test_a_construction_project_s_missing_insurance_is_ours() -> None:
    story = "Kakak saya kuli, jatuh dari perancah di proyek gedung. Mandornya bilang tidak ada asuransi, benar?"
    assert topics(story) != []
    assert topics("asuransi mobil saya klaimnya ditolak, gimana?") == []  # private insurance stays redirected


def test_a_story_s_weaker_domain_words_place_a_question_its_strong_ones_leave_unplaced() -> None:
    # "usaha" alone decides nothing, but a shopkeeper asking to join on his own is a business owner.
    assert topics("Saya buka toko kelontong. Bisa ikut sendiri?") == ["pemilik-usaha"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("saya pegawai koperasi simpan pinjam, bos wajib daftarkan ke bpjs tk?", "bpjstk-wajib"),
        (
            "kerja di koperasi 8 tahun, uang potongan gaji yang ditabung bisa diambil sebagian buat benerin rumah?",
            "jht-sebagian",
        ),
    ],
)
def test_a_workplace_that_sounds_like_another_office_s_business_is_still_a_workplace(
    question: str, expected: str
) -> None:
    # A cooperative's dues and loans are redirected; working at one is ours.
    assert topics(question) == [expected]


def test_a_one_person_company_is_one_thing_not_a_company_and_a_person() -> None:
    matcher = service().matcher
    licences = next(e for e in matcher.entries if e.id == "redirect-izin-usaha")
    assert matcher.keyword_said(licences, matcher.normalizer.tokens("bikin pt perorangan biayanya berapa"))
    assert not matcher.keyword_said(licences, matcher.normalizer.tokens("ada orang asing kerja di perusahaan kami"))


@pytest.mark.parametrize(
    "question",
    ["iuran koperasi karyawan tiap bulan buat apa", "pinjam uang di koperasi simpan pinjam syaratnya apa"],
)
def test_a_cooperative_s_own_dues_and_loans_stay_redirected(question: str) -> None:
    assert topics(question) == []


def test_a_question_naming_nothing_asks_about_the_whole_story() -> None:
    # "gimana ini?" after arrears told, then another question: the arrears are answered first.
    story = "Saya penjahit, dulu ikut BPJS TK mandiri tapi sejak Mei berhenti bayar. Sekarang mau lanjut lagi."
    assert topics(f"{story} Gimana ini? Saldonya hilang nggak?")[0] == "bpu-nunggak"


def test_handing_in_the_papers_follows_the_claim_it_is_for() -> None:
    assert topics("dokumennya diserahin ke mana?", "jkm-klaim") == ["jkm-klaim"]


def test_a_follow_up_is_not_taken_by_an_answer_for_a_party_nobody_named() -> None:
    # Read alone, "no monthly pension then?" is whether the self-employed get JP; after the
    # pension age it checks that answer (which says the 15 years and the lump sum).
    assert topics("jadi ibu saya nggak dapat pensiun bulanan ya?", "jp-usia-pensiun")[0] in (
        "jp-usia-pensiun",
        "jp-syarat-bulanan",
    )
    assert topics("kalau mandiri?", "jp-apa") == ["jp-bpu-tidak-bisa"]  # a party named still counts


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("penjual cilok keliling masuk bpu nggak", "siapa-bpu"),
    ],
)
def test_whether_a_trade_counts_as_self_employed_is_who_may_join_as_bpu(question: str, expected: str) -> None:
    # "masuk BPU?" asks who is self-employed, not what the self-employed pay.
    assert topics(question) == [expected]


# --- a program named only in the last answer's own words ---------------------------------------


def test_a_follow_up_naming_a_program_only_in_the_last_answer_s_words_asks_about_the_last_answer() -> None:
    # After a death in a work accident, "santunan kematian" is JKK's death benefit, which that
    # answer states; alone the words read as JKM's death benefit.
    assert topics("santunan kematiannya dapat berapa?", "jkk-meninggal") == ["jkk-meninggal"]


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        # The program spelled out is asked for itself.
        ("santunan kematian JKM-nya berapa?", "jkk-meninggal", "jkm-santunan"),
        # A new case, told with "kalau", is asked for itself.
        ("kalau meninggal karena kecelakaan kerja gimana?", "jkm-apa", "jkk-meninggal"),
    ],
)
def test_a_program_spelled_out_or_a_new_case_is_not_the_last_answer(
    question: str, previous: str, expected: str
) -> None:
    assert topics(question, previous) == [expected]


# --- a follow-up that says its case is not the last program's ----------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "kalau suami saya meninggalnya gara-gara sakit biasa?",
        "klo meninggal wajar di rumah dapat apa?",
        "kalau meninggalnya bukan karena kecelakaan kerja dapat berapa?",
    ],
)
def test_a_death_told_as_no_work_accident_after_jkk_is_the_death_benefit(question: str) -> None:
    # The last answer was JKK's death in a work accident; the follow-up denies that cause, so
    # neither the lent program nor the words "kecelakaan kerja" keep it with JKK.
    assert topics(question, "jkk-meninggal") == ["jkm-santunan"]


def test_an_ordinary_illness_after_jkk_stays_with_jkk_which_says_whose_it_is() -> None:
    # An illness alone is not denied: the JKK treatment answer says ordinary illness is BPJS
    # Kesehatan's business.
    assert topics("kalau sakit biasa ditanggung juga?", "jkk-meninggal") == ["jkk-biaya-pengobatan"]


# --- "umur segitu": an age the last answer never stated is the asker's -------------------------


def test_that_age_after_an_answer_stating_no_age_asks_of_its_own_words() -> None:
    # The JP dues state no age, so "umur segitu" is the age the asker told before; the question is
    # whether a monthly pension can still be earned, which the pension's age and years answer.
    assert topics("kalau umur segitu masih bisa dapat pensiun bulanan?", "jp-iuran") != ["jp-iuran"]


def test_that_age_after_an_answer_stating_an_age_points_at_it() -> None:
    # The pension age answer states 59: "umur segitu" is that age, and the answer stands.
    assert topics("kalau belum sampai umur segitu gimana?", "jp-usia-pensiun") == ["jp-usia-pensiun"]


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("pekerja-konstruksi", "jumlah iurannya jadi berapa?"),
        ("pekerja-konstruksi", "iuran totalnya berapa ya?"),
        ("pekerja-migran", "iurannya total berapa?"),
    ],
)
def test_a_total_asked_of_dues_the_last_answer_states_stays_with_it(previous: str, follow_up: str) -> None:
    # The last answer knows the subject ("iuran"); "total" / "jumlah" only ask it for a sum. Read
    # alone such a follow-up went to the wage earners' dues, a party nobody named.
    assert topics(follow_up, previous) == [previous]


@pytest.mark.parametrize(
    "message",
    ["apa jht sama dengan pesangon dari perusahaan?", "iuran jkk sama kayak iuran jkm?", "jht sama aja kayak jp?"],
)
def test_sama_that_compares_does_not_split_a_question(message: str) -> None:
    # "sama" joins two things asked ("iuran jkk sama jkm berapa?"); "sama dengan", "sama kayak"
    # and "sama aja" compare them, in one question.
    assert len(service().reader.parts(message)) == 1


def test_equal_to_severance_is_the_severance_answer() -> None:
    assert topics("apa jht sama dengan pesangon dari perusahaan?") == ["jht-bukan-pesangon"]


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        # Round 36: a follow-up that opens by acknowledging the last answer asks what it would ask
        # without the acknowledgement; "nah", "oke min," and "ok makasih, tapi" hid its "kalau".
        ("jht-cair-kapan", "oke min, kalau JP?", "jp-usia-pensiun"),
        ("jht-cair-kapan", "nah kalau jp?", "jp-usia-pensiun"),
        ("jht-resign", "nah, kalau di-PHK nunggunya sama?", "jht-resign"),
        ("bpu-nunggak", "ok makasih, tapi bisa dilunasi berapa bulan ke belakang?", "bpu-nunggak"),
    ],
)
def test_an_acknowledgement_before_a_follow_up_asks_nothing(previous: str, message: str, expected: str) -> None:
    assert topics(message, previous) == [expected]


@pytest.mark.parametrize("message", ["ok makasih ya", "oke makasih banyak", "ok", "sip min"])
def test_an_acknowledgement_alone_is_still_no_question(message: str) -> None:
    # Nothing is left to ask once the acknowledgement is set aside: the thanks are answered as thanks.
    outcome = service().answer(message, TODAY, "jkm-santunan")
    assert outcome.topic is None and [r.key for r in outcome.replies] == ["faq/terima-kasih"]
