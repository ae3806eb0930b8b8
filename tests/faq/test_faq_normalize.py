"""The normaliser: slang, Javanese, English, affixes, typos, numbers; and it never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.faq.normalize import (
    TOKEN_CACHE_SIZE,
    Normalizer,
    affix_candidates,
    basic_tokens,
    consonants,
    destretch,
    edit_distance,
    load_lexicon,
    parse_lexicon,
    plausible_slip,
    vowels_left_out,
)
from tests.faq.faq_helpers import REPO, service

NORM = service().matcher.normalizer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gmn cara daftar", ["bagaimana", "cara", "daftar"]),
        ("brp iuran yg hrs sy bayar", None),
        ("piye carane klaim", ["bagaimana", "cara", "klaim"]),
        ("pira iurane", ["berapa", "iur"]),
        ("opo iso", ["apa", "bisa"]),
        ("gak ora nggak", ["tidak", "tidak", "tidak"]),
        ("kalo udh resign", ["kalau", "sudah", "resign"]),
        ("jaminan hari tua", ["jht"]),
        ("Jaminan Kecelakaan Kerja", ["jkk"]),
        ("bpjs ketenagakerjaan", ["bpjstk"]),
        ("bpjs kesehatan", ["bpjskes"]),
        ("bukan penerima upah", ["bpu"]),
        ("penerima upah", ["karyawan"]),
        ("jamsostek mobile", ["jmo"]),
        ("call center", ["callcenter"]),
        ("what is jkk", ["apa", "jkk"]),
        # A signature is the same whether teken'd, signed in full or abbreviated.
        ("diteken menandatangani ttd", ["tanda", "tangan", "tanda", "tangan", "tanda", "tangan"]),
        ("semisal telat", ["kalau", "telat"]),
        # "several" tells, "how many" asks: "butuh beberapa bulan" is not a question.
        ("beberapa minggu", ["beberapa", "minggu"]),
        # Dialysis is one thing however written; "darah" is not "daerah".
        ("cuci darah hemodialisa", ["cucidarah", "cucidarah"]),
        # A tool that hurt someone at work is an accident.
        ("kena gerinda", ["kecelakaan", "gerinda"]),
    ],
)
def test_lexicon_and_phrases(text: str, expected: list[str] | None) -> None:
    tokens = NORM.tokens(text)
    if expected is not None:
        assert tokens == expected
    else:
        assert "berapa" in tokens and "saya" in tokens and "yang" in tokens


def test_question_words_survive() -> None:
    tokens = NORM.tokens("apa berapa kapan cara bisa siapa bagaimana")
    assert tokens == ["apa", "berapa", "kapan", "cara", "bisa", "siapa", "bagaimana"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("daftarin", "daftar"),
        ("dicairin", "cair"),
        ("ngurus", "urus"),
        ("dicairkan", "cair"),
        ("syarate", "syarat"),
        ("matine", "mati"),  # a word the lexicon maps ("mati" is "meninggal") reads the same with an affix
    ],
)
def test_colloquial_affixes(word: str, stem: str) -> None:
    assert NORM.tokens(word) == NORM.tokens(stem)


@pytest.mark.parametrize(
    ("typo", "right"),
    [
        ("iuaran", "iuran"),
        ("pensiunn", "pensiun"),
        ("kecelakan kerja", "kecelakaan kerja"),
        ("jamnan", "jaminan"),
        # the ways the agency's name is written
        ("bpjs ketenaga kerjaan", "bpjs ketenagakerjaan"),
        ("bpjs tenagakerja", "bpjs ketenagakerjaan"),
        ("bpjsnaker", "bpjs ketenagakerjaan"),
        ("bpjs ketenagakerjan", "bpjs ketenagakerjaan"),
        ("jamsostex", "jamsostek"),
        # Javanese "-e/-ne" written apart, numbers as words, krama
        ("iuran e pira", "iurane pira"),
        ("jmo ne", "jmo"),
        ("tigang wulan", "3 bulan"),
        ("kados pundi", "bagaimana"),
        # English
        ("cash out my jht", "cair saya jht"),
        ("passed away", "meninggal"),
        ("how much", "berapa"),  # an amount, not a procedure ("how" alone is "bagaimana")
        ("whats the fine", "apa fine"),
    ],
)
def test_typos_are_corrected_against_the_vocabulary(typo: str, right: str) -> None:
    assert NORM.tokens(typo) == NORM.tokens(right)


@pytest.mark.parametrize(
    ("typo", "right"),
    [
        ("jatoh", "jatuh"),  # vowels as spoken
        ("tetep", "tetap"),
        ("resiko", "risiko"),
        ("berapah", "berapa"),  # a letter added
        ("motong", "potong"),  # nasal verbs without "me-"
        ("nunggu", "tunggu"),
        ("nerima", "terima"),
        ("ketenagkerjan", "ketenagakerjaan"),  # two letters left out of a long word
        # Round 36: a long word with a letter left out is that word before it is any affixed form:
        # "per-usah-an" left "usah" ("no need"), "be-siswa" a pupil.
        ("perusahan", "perusahaan"),
        ("besiswa", "beasiswa"),
        ("pengasilan", "penghasilan"),
    ],
)
def test_slips_people_make_are_corrected(typo: str, right: str) -> None:
    assert NORM.tokens(typo) == NORM.tokens(right)


@pytest.mark.parametrize(
    ("word", "not_this"),
    [
        ("banding", "banking"),  # another consonant: another word
        ("harga", "warga"),
        ("kapal", "kapan"),
        ("makam", "malam"),
        ("rawit", "rawat"),  # a vowel nobody says so
        ("parkiran", "perkiraan"),  # two slips in a short word
        ("pengadilan", "penghasilan"),
        ("industrial", "industri"),  # a word that goes on past a known one
    ],
)
def test_real_words_are_not_corrected_into_known_ones(word: str, not_this: str) -> None:
    assert NORM.tokens(not_this)[0] not in NORM.tokens(word)


def test_plausible_slips() -> None:
    assert plausible_slip("jht", "jth")  # swapped
    assert plausible_slip("iuaran", "iuran")
    assert not plausible_slip("ketahuan", "ketahui")  # a letter dropped and another changed
    assert not plausible_slip("cilok", "cilik")


def test_stretched_letters() -> None:
    assert destretch("bangeeet") == "banget"
    assert NORM.tokens("cairrr kapaannn") == NORM.tokens("cair kapan")


def test_numbers() -> None:
    assert basic_tokens("Rp16.800 dan 0,24% atau 42.000.000") == [
        "rp",
        "16800",
        "dan",
        "0.24",
        "persen",
        "atau",
        "42000000",
    ]
    assert basic_tokens("15jt") == ["15", "jt"]


def test_accented_javanese_reads_as_plain_letters() -> None:
    # Javanese is often typed with é/è/ê; a token is [a-z]+, so "kowé" used to be cut to "kow".
    assert basic_tokens("Kowé sampéyan dhèwèk, mbotên") == ["kowe", "sampeyan", "dhewek", "mboten"]
    assert NORM.tokens("piyé carané ndaftar") == NORM.tokens("piye carane ndaftar")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Round 11: Javanese words that typo correction used to read as other words
        ("sampean", ["anda"]),  # not sampai
        ("dheweke", ["dia"]),  # not sendiri
        ("rondo", ["janda"]),  # not ronda
        ("ngenteni", ["tunggu"]),  # not ada
        ("satus", ["100"]),  # not status
        ("dikon", ["disuruh"]),  # not diskon
        ("namung langkung", ["hanya", "lebih"]),  # not namun langsung
        ("tilem", ["tidur"]),  # krama "sleep", not a death
        # krama "why" is not "bisa apa"; "before"/"after" written apart
        ("kenging menapa", ["kenapa"]),
        ("sak derenge", ["sebelum"]),
        ("sak sampune", ["setelah"]),
        ("sakjane jarene", ["sebenarnya", "kata"]),
        # Round 18: krama verb forms; "to work" in two words is one "kerja"
        ("dipuntanggung", ["tanggung"]),
        ("ndaftaraken", ["daftar"]),
        ("nyambut gawe", ["kerja"]),
    ],
)
def test_javanese_words(text: str, expected: list[str]) -> None:
    assert NORM.tokens(text) == expected


def test_short_words_are_not_fuzzed() -> None:
    assert NORM.tokens("pos") == ["pos"]


def test_edit_distance() -> None:
    assert edit_distance("iuran", "iuaran", 2) == 1
    assert edit_distance("jht", "jth", 2) == 1  # transposition
    assert edit_distance("abc", "xyzabc", 1) == 2


def test_affix_candidates_include_the_stem() -> None:
    assert "daftar" in set(affix_candidates("pendaftaran"))
    assert "kerja" in set(affix_candidates("pekerjaan"))


def test_protected_words_keep_their_meaning() -> None:
    assert "apa" not in NORM.tokens("berapa")
    # Leaving for work is a commute, not lifting something ("angkat barang berat").
    assert NORM.tokens("waktu berangkat kerja") != NORM.tokens("waktu angkat kerja")


@pytest.mark.parametrize(("word", "stem"), [("anaknya", "anak"), ("pensiunnya", "pensiun"), ("bulannya", "bulan")])
def test_a_protected_word_is_still_the_stem_of_its_suffixed_form(word: str, stem: str) -> None:
    assert NORM.tokens(word) == [stem]


def test_a_regulation_in_words_reads_as_written_in_short() -> None:
    assert NORM.tokens("pp no 6 tahun 2025") == NORM.tokens("PP 6/2025")


def test_normaliser_without_vocabulary_still_works() -> None:
    bare = Normalizer(load_lexicon(REPO / "messages" / "faq" / "_lexicon.toml"))
    assert bare.tokens("gmn daftar bpjs tk") == ["bagaimana", "daftar", "bpjstk"]


def test_lexicon_file_is_where_staff_expect_it() -> None:
    assert Path(REPO / "messages" / "faq" / "_lexicon.toml").is_file()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_and_tokens_are_clean(text: str) -> None:
    tokens = NORM.tokens(text)
    assert all(t and t == t.strip() and " " not in t for t in tokens)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdeghijklmnoprstuwy 0123456789"), max_size=80))
def test_normalising_twice_changes_nothing_more(text: str) -> None:
    once = NORM.tokens(text)
    assert NORM.tokens(" ".join(once)) == NORM.tokens(" ".join(NORM.tokens(" ".join(once))))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gets_an_outcome(text: str) -> None:
    from datetime import date

    outcome = service().answer(text, date(2026, 11, 23))
    assert outcome.replies
    # A topic names an answered question; thanks is recognised without one.
    thanks = outcome.replies[0].key == "faq/terima-kasih"
    assert outcome.recognised == (any(r.topic for r in outcome.replies) or thanks)
    assert not (thanks and any(r.topic for r in outcome.replies))


def test_oleh_after_a_passive_verb_is_by_not_javanese_may() -> None:
    assert "boleh" not in NORM.tokens("iuran yang dibayar oleh perusahaan")
    assert "boleh" in NORM.tokens("bpu oleh melu jp ora")  # Javanese: may


def test_half_a_percent_is_not_fifty_percent() -> None:
    # "setengah" alone is half (50%), but "setengah persen" is 0.5%: a tax rate, not our discount.
    assert NORM.tokens("setengah persen") == ["0.5", "persen"]
    assert NORM.tokens("diskon setengah")[-2:] == ["50", "persen"]


def test_a_phrase_with_a_group_is_read_in_every_way_the_group_is_written() -> None:
    lexicon = parse_lexicon(
        {
            "phrases": {"kerja di {place}": "kerjadisana"},
            "groups": {"agency": ["bpjs", "bpjs tk"], "place": ["{agency}", "kantor {agency}"]},
        }
    )
    keys = {words for words, _ in lexicon.phrases}
    assert keys == {("kerja", "di", "bpjs"), ("kerja", "di", "bpjs", "tk"), ("kerja", "di", "kantor", "bpjs")} | {
        ("kerja", "di", "kantor", "bpjs", "tk")
    }
    assert lexicon.phrases[0][0] in {("kerja", "di", "kantor", "bpjs", "tk")}  # longest first
    with pytest.raises(ValueError, match="unknown group"):
        parse_lexicon({"phrases": {"kerja di {nowhere}": "x"}})


def test_an_upper_or_lower_bound_reads_the_same_both_ways() -> None:
    assert NORM.tokens("paling banyak") == NORM.tokens("maksimal")
    assert NORM.tokens("paling sedikit") == NORM.tokens("minimal")
    assert NORM.tokens("paling lambat") == NORM.tokens("deadline")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Texting forms with the vowels left out read as the word.
        ("stlh resign", ["setelah", "resign"]),
        ("syrt klaim", ["syarat", "klaim"]),
        ("gabisa bayar", ["tidak", "bisa", "bayar"]),
        ("sjk kapan", ["sejak", "kapan"]),
        # An illness named is an illness.
        ("opname krn tipes", ["rawat", "karena", "sakit"]),
        ("kena kanker", ["kena", "sakit"]),
        # Saturday in Javanese and English is the detail "sabtu".
        ("dina setu", ["hari", "sabtu"]),
        ("open on saturday", ["buka", "di", "sabtu"]),
    ],
)
def test_texting_forms_and_illness_names(text: str, expected: list[str]) -> None:
    assert NORM.tokens(text) == expected


def test_a_problem_is_not_a_period() -> None:
    assert NORM.tokens("masalahnya apa") == ["masalah", "apa"]


@pytest.mark.parametrize(("typed", "meant"), [("pkrja", "pekerja"), ("dftr", "daftar"), ("kntr", "kantor")])
def test_a_word_typed_without_its_vowels_reads_as_the_known_word(typed: str, meant: str) -> None:
    assert NORM.tokens(typed) == NORM.tokens(meant)


@pytest.mark.parametrize("acronym", ["blk", "skck", "lpdp", "sktm"])
def test_acronyms_are_not_read_as_words_without_vowels(acronym: str) -> None:
    # Short consonant runs and acronyms with an inner vowel are left alone: "blk" is a training
    # centre, not "balik".
    assert NORM.tokens(acronym) == [acronym]


def test_the_consonant_skeleton() -> None:
    assert consonants("pekerja") == "pkrj"
    assert vowels_left_out("stlh") and vowels_left_out("pkrja")
    assert not vowels_left_out("blk") and not vowels_left_out("rsud") and not vowels_left_out("kurs")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        # A phrase whose last word carries a possessive ending is still the phrase.
        ("nomor call centernya", "nomor call center"),
        ("jaminan hari tuane", "jaminan hari tua"),
        # A Javanese or Indonesian possessive on a word the lexicon maps reads as the mapped word,
        # also when the knowledge itself uses the affixed form.
        ("ana watese ora", "ana batas ora"),
        ("umure piro", "umur piro"),
        ("duite kapan cair", "duit kapan cair"),
    ],
)
def test_a_possessive_ending_does_not_change_the_word(typed: str, meant: str) -> None:
    assert NORM.tokens(typed) == NORM.tokens(meant)


@pytest.mark.parametrize("corpus", [["bayar iuran"], ["bayar iuran", "yang bayarnya sendiri"]])
def test_a_possessive_on_any_word_of_a_phrase_reads_as_the_phrase(corpus: list[str]) -> None:
    # "bayar berapa" is how much one pays. Whether the knowledge happens to hold the word "bayarnya"
    # (then it is no longer repaired to "bayar" before phrases are read) must not change that.
    norm = Normalizer(load_lexicon(REPO / "messages" / "faq" / "_lexicon.toml"), corpus)
    assert norm.tokens("bayarnya berapa") == norm.tokens("bayar berapa") == norm.tokens("iuran berapa")


def test_a_word_that_only_ends_like_a_suffix_keeps_its_meaning() -> None:
    # "sekolah" is not "seko" (Javanese "from") + "-lah"; "makan" is not "mak" + "-an".
    assert NORM.tokens("sekolah") != NORM.tokens("seko")
    assert NORM.tokens("makan") != NORM.tokens("mak")


@pytest.mark.parametrize("word", ["seandainya", "andai", "andaikan", "umpama", "seumpama"])
def test_a_supposition_opens_a_condition_like_kalau(word: str) -> None:
    # Unmapped, typo repair read "seandainya" as "sandi" (a password) and "andai" as "anda" (you).
    assert NORM.tokens(f"{word} pabrik tutup") == NORM.tokens("kalau pabrik tutup")
    assert NORM.tokens(word)[0] not in {"sandi", "anda"}


@pytest.mark.parametrize(
    ("text", "way"), [("naik pesawat", "udara"), ("diterbangkan", "udara"), ("pakai kapal", "laut")]
)
def test_the_way_a_victim_is_carried_reads_as_the_transport_cap_s_word(text: str, way: str) -> None:
    assert way in NORM.tokens(text)
    assert "terang" not in NORM.tokens("dibawa terbang")  # not repaired into "bright"


def test_a_message_read_again_gets_the_same_tokens_and_its_own_list() -> None:
    first = NORM.tokens("kulo badhe takon iurane bpu sak wulan pinten")
    first.append("dirusak")  # a caller that extends its list must not change the next reader's
    assert NORM.tokens("kulo badhe takon iurane bpu sak wulan pinten") == first[:-1]


def test_only_the_last_few_messages_are_remembered() -> None:
    for number in range(TOKEN_CACHE_SIZE * 3):
        NORM.tokens(f"iuran jkk {number} bulan")
    assert len(NORM._token_cache) <= TOKEN_CACHE_SIZE


@pytest.mark.parametrize(
    ("text", "number"),
    [("lima belas tahun", "15"), ("delapan ribu", "8"), ("dua puluh lima", "25"), ("sembilan puluh", "90")],
)
def test_numbers_written_as_words_read_as_digits(text: str, number: str) -> None:
    assert NORM.tokens(text)[0] == number


def test_a_word_the_knowledge_holds_only_inside_a_phrase_still_loses_its_possessive() -> None:
    # "pesertanya" occurs only in "nmr pesertanya" (read as one phrase), so no stem was listed for it.
    assert NORM.tokens("kalau pesertanya meninggal") == NORM.tokens("kalau peserta meninggal")


def test_savings_put_aside_is_savings_not_merging() -> None:
    # The typo rule read "ditabung" as "gabung" (merging two membership numbers).
    assert NORM.tokens("uang yang ditabung") == NORM.tokens("uang yang tabungan")


def test_texting_forms_of_sendiri_read_as_the_word() -> None:
    assert NORM.tokens("daftar sndiri") == NORM.tokens("daftar sendiri") == NORM.tokens("daftar sdiri")


@pytest.mark.parametrize("day", ["legi", "wage", "pon", "kliwon", "pahing"])
def test_a_market_named_after_a_javanese_market_day_is_a_market(day: str) -> None:
    # "Pasar Legi" was a leg ("leg" -> kaki), "Pasar Wage" a wage.
    assert NORM.tokens(f"jualan di pasar {day}") == NORM.tokens("jualan di pasar")


@pytest.mark.parametrize(("text", "number", "unit"), [("dua tahun lalu", "2", "tahun"), ("4 bulan lalu", "4", "bulan")])
def test_how_long_ago_keeps_its_number_and_unit(text: str, number: str, unit: str) -> None:
    # "tahun lalu" alone is "last year"; with a number the years (a claim limit's unit) must stay.
    tokens = NORM.tokens(text)
    assert number in tokens and unit in tokens
    assert NORM.tokens("tahun lalu") == ["kemarin"]


def test_a_regional_hospital_is_a_hospital() -> None:
    # Round 29: "RSUD" is in the lexicon now (the health agency's care), no longer a bare acronym.
    assert NORM.tokens("rsud") == NORM.tokens("rumah sakit")


def test_a_situation_key_s_first_word_is_its_program_so_a_program_may_come_twice_in_order() -> None:
    lexicon = parse_lexicon(
        {"situations": {"jkm away from work": ["meninggal + mudik"], "jkk": ["kecelakaan"], "jkm": ["meninggal"]}}
    )
    assert [program for program, _ in lexicon.situations] == ["jkm", "jkk", "jkm"]


@pytest.mark.parametrize(("text", "same_as"), [("nomere pira", "nomor berapa")])
def test_the_javanese_possessive_of_a_mapped_word_reads_as_the_word(text: str, same_as: str) -> None:
    assert NORM.tokens(text) == NORM.tokens(same_as)


@pytest.mark.parametrize(
    ("word", "not_read_as"),
    [("memberi", "peserta"), ("penempatan", "4"), ("bersih", "sih"), ("selfi", "mandiri")],
)
def test_a_word_whose_stem_is_another_word_keeps_its_meaning(word: str, not_read_as: str) -> None:
    assert not_read_as not in NORM.tokens(word)
    assert NORM.tokens(word) == [word]
