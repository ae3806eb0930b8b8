"""Follow-up context through the real engine and SQLite store: the last topic, for 10 minutes."""

from __future__ import annotations

from datetime import timedelta

from bot.core.ports import FAQ_CONTEXT_TTL


def topic_of(replies) -> str | None:  # type: ignore[no-untyped-def]
    return next((r.topic for r in replies if r.topic is not None), None)


async def test_a_follow_up_within_minutes_is_read_with_the_last_topic(harness) -> None:  # type: ignore[no-untyped-def]
    assert topic_of(await harness.send("jkp itu apa?")) == "jkp-apa"
    harness.clock.advance(timedelta(minutes=3))
    assert topic_of(await harness.send("syaratnya gimana?")) == "jkp-syarat"
    # The answered follow-up becomes the new context.
    harness.clock.advance(timedelta(minutes=3))
    assert topic_of(await harness.send("klaimnya lewat mana?")) == "jkp-klaim"


async def test_the_context_expires(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("jkp itu apa?")
    harness.clock.advance(FAQ_CONTEXT_TTL + timedelta(seconds=1))
    assert topic_of(await harness.send("syaratnya gimana?")) != "jkp-syarat"


async def test_the_context_belongs_to_one_person(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("jkp itu apa?", user="a")
    assert topic_of(await harness.send("syaratnya gimana?", user="b")) != "jkp-syarat"


async def test_an_unrelated_question_after_a_topic_is_still_unknown(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("jht bisa cair kapan?")
    replies = await harness.send("kalau servis kulkas biayanya berapa?")
    assert topic_of(replies) is None
    assert harness.keys(replies) == ["faq/unknown"]


async def test_two_questions_are_answered_in_one_turn(harness) -> None:  # type: ignore[no-untyped-def]
    replies = await harness.send("apa itu jkm? terus kantor cabang blitar dimana?")
    assert [r.topic for r in replies if r.topic] == ["jkm-apa", "kantor-blitar"]
    text = harness.text(replies)
    assert "Jl. Palem" in text and "Jaminan Kematian" in text


async def test_a_wage_said_before_frames_the_figures_of_a_later_question(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("gaji saya 2,5 juta, kerja di toko bangunan")
    harness.clock.advance(timedelta(minutes=2))
    text = harness.text(await harness.send("yang dipotong dari gaji berapa tiap bulan?"))
    assert "Rp75.000" in text  # 3% (JHT 2% + JP 1%) of 2,5 juta
    # A new amount replaces the old one.
    harness.clock.advance(timedelta(minutes=2))
    text = harness.text(await harness.send("kalau gajinya 4 juta?"))
    assert "Rp120.000" in text and "Rp75.000" not in text


async def test_a_remembered_wage_expires_with_the_context(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("gaji saya 2,5 juta, kerja di toko bangunan")
    harness.clock.advance(FAQ_CONTEXT_TTL + timedelta(seconds=1))
    text = harness.text(await harness.send("yang dipotong dari gaji berapa tiap bulan?"))
    assert "Rp75.000" not in text


async def test_a_remembered_wage_belongs_to_one_person(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("gaji saya 2,5 juta, kerja di toko bangunan", user="a")
    text = harness.text(await harness.send("yang dipotong dari gaji berapa tiap bulan?", user="b"))
    assert "Rp75.000" not in text


async def test_a_message_sent_in_two_parts_is_read_whole(harness) -> None:  # type: ignore[no-untyped-def]
    # The first part tells the case and asks nothing: not understood alone, nor is the second.
    story = "Adik saya kuli panggul di pasar, ikut BPU sejak tahun lalu. Tadi pagi dia kejatuhan karung beras."
    assert topic_of(await harness.send(story)) is None
    assert topic_of(await harness.send("biayanya gimana?", user="other")) is None
    harness.clock.advance(timedelta(minutes=1))
    assert topic_of(await harness.send("biayanya gimana?")) == "jkk-biaya-pengobatan"


async def test_a_first_part_of_no_subject_of_ours_is_not_joined(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.send("resep rendang padang gimana")
    harness.clock.advance(timedelta(minutes=1))
    alone = await harness.send("iuran bpu berapa?", user="other")
    assert topic_of(await harness.send("iuran bpu berapa?")) == topic_of(alone)
