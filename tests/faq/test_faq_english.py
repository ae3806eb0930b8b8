"""English and English-Indonesian code-mixed questions (round 11: English and code-mixed (2)).

Words of work, pay, claims, documents, apps, offices and deadlines that English and "Jaksel"
chat uses, their -ed/-ing/-s forms and chat abbreviations, read as the Indonesian words the
knowledge uses. Every example is written for this test.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.faq.faq_helpers import service

TODAY = date(2026, 12, 1)
NORM = service().matcher.normalizer


def topic(text: str) -> str | None:
    outcome = service().answer(text, TODAY)
    return outcome.topic if outcome.recognised else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pls", []),
        ("idk", ["tidak", "tahu"]),
        ("wanna gonna", ["mau", "mau"]),
        ("asap", ["segera"]),
        ("as soon as possible", ["segera"]),
        ("soon", ["segera"]),  # not "son" (anak) with a letter doubled
        ("noon", ["siang"]),  # not "non"
        ("rupiah", ["rp"]),
        ("payslips", ["slip", "upah"]),
        ("fees premiums", ["iur", "iur"]),
        ("claiming", ["klaim"]),
        ("layoffs retrenched", ["phk", "phk"]),
        ("employers", ["pemberikerja"]),
        ("offices husbands", ["kantor", "suami"]),  # a plural no longer stays the bare English word
        ("reference letter", ["paklaring"]),
        ("surat referensi", ["paklaring"]),
        ("termination letter", ["surat", "phk"]),
        ("membership card", ["kartu", "kpj"]),
        ("face verification", ["verifikasi", "wajah", "biometrik"]),
        ("fell ill", ["sakit"]),  # falling ill is no accident
        ("fell from a ladder", ["kecelakaan", "dari", "ladder"]),
        ("due to", ["karena"]),
        ("father in law", ["mertua"]),
        ("late dad", ["ayah", "meninggal"]),
        ("at the latest", ["batas", "waktu"]),
        ("when i turn 56", ["kapan", "saya", "usia", "56"]),
    ],
)
def test_english_words_read_as_the_knowledge_words(text: str, expected: list[str]) -> None:
    assert NORM.tokens(text) == expected


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("got retrenched from the factory, is there unemployment money for me", "jkp-"),
        ("my contract wasn't renewed, can i still get jkp?", "jkp-syarat"),
        ("gue freelancing, fees bulanan buat self employed brp sih?", "iuran-bpu"),
        ("claim jht butuh reference letter dari kantor lama ga?", "jht-dokumen"),
        ("my jmo password reset otp code never comes, idk what to do", "jmo-lupa-akun"),
        ("face verification on jmo stuck again, any other way?", "jmo-verifikasi-wajah"),
        ("got 2 membership cards from old jobs, can they be merged?", "kpj-ganda"),
        ("what's the latest date to pay the dues every month", "batas-bayar"),
        ("my claim has been pending for weeks, how do i check it", "klaim-cek-status"),
        ("my dad died naturally last month, how much does the family receive", "jkm-santunan"),
        ("which papers must my mother bring to claim the jkm of my late dad?", "jkm-klaim"),  # not the JHT papers
        ("can i do my jht claim offline, in person?", "jht-klaim-jmo"),
        ("husband got electrocuted at the site and passed away, what benefits do we get", "jkk-meninggal"),
        ("can i take out part of my jht while still employed, like 10 percent", "jht-sebagian"),
    ],
)
def test_english_and_code_mixed_questions_reach_their_entry(question: str, entry: str) -> None:
    found = topic(question)
    assert found is not None and found.startswith(entry), (question, found)


@pytest.mark.parametrize(
    "question",
    [
        "how do i renew my passport before the trip",
        "any good restaurant recommendations in blitar for tonight?",
        "idk which phone to buy, pls recommend",
        "what time does the train to surabaya leave tomorrow",
    ],
)
def test_english_questions_about_other_things_stay_unanswered(question: str) -> None:
    assert topic(question) is None, question
