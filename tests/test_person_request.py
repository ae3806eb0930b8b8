"""People ask for a person in many ways; questions that merely mention staff stay with the FAQ."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app import build_app
from bot.core.clock import WIB, FixedClock
from bot.core.models import Inbound
from bot.core.person_request import MAX_WORDS, asks_for_a_person

ASKS = [
    "petugas",
    "minta dihubungi petugas",
    "saya mau ngomong sama orang",
    "pengen ngobrol sama admin aja",
    "sambungkan ke cs dong",
    "aku njaluk ngomong karo admin",
    "hubungkan saya dengan petugas",
    "Saya ingin berbicara dengan petugas BPJS.",
    "kak, bisa chat sama orang asli?",
    "customer service",
    "tolong hubungi saya",
    "minta ditelpon ya",
    "petugas tolong hubungi saya",
    "mau konsultasi dengan petugas",
    "talk to a human please",
    "speak to an agent",
]

NOT_ASKS = [
    "apakah petugas bisa datang ke pasar?",
    "petugas kebersihan",
    "ada petugas bpjs minta uang, penipuan?",
    "saya mau jadi petugas",
    "orang tua saya meninggal, klaim jkm gimana",
    "nomor call center berapa",
    "saya mau tanya",
    "kerja jadi cs di toko, bisa ikut?",
    "saya admin toko online",
    "tanya ke petugas soal iuran bpu",
    "",
]


@pytest.mark.parametrize("text", ASKS)
def test_a_request_for_a_person_is_recognised(text: str) -> None:
    assert asks_for_a_person(text)


@pytest.mark.parametrize("text", NOT_ASKS)
def test_questions_and_answers_that_mention_staff_are_not_requests(text: str) -> None:
    assert not asks_for_a_person(text)


@given(st.text(max_size=300))
def test_any_text_is_judged_without_error(text: str) -> None:
    asks_for_a_person(text)


@given(st.lists(st.sampled_from(["petugas", "mau", "bicara", "dengan", "saya"]), min_size=MAX_WORDS + 1, max_size=20))
def test_a_long_message_is_a_story_not_a_request(words: list[str]) -> None:
    assert not asks_for_a_person(" ".join(words))


async def test_the_engine_opens_a_request_outside_a_flow_but_not_inside_one(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 11, 30, 10, tzinfo=WIB))
    app = await build_app(tmp_path / "b.sqlite3", clock=clock)
    try:

        async def say(text: str, n: int) -> list[str]:
            replies = await app.engine.handle(Inbound("console", "warga", clock.now(), f"m{n}", text=text))
            return [reply.key for reply in replies]

        assert await say("minta dihubungi petugas", 1) == ["core/human"]
        await say("/batal", 2)
        await say("daftar", 3)
        before = await say("tolong hubungi saya", 4)  # inside registration: an answer, not a request
        assert "core/human" not in before and "core/human_already" not in before
    finally:
        await app.close()
