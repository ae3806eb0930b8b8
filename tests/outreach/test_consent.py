"""Consent to outreach in conversation: asked at natural moments, answered simply, STOP always wins."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from bot.core.consent import BTN_NO, BTN_YES
from bot.outreach.scheduler import Ticker
from tests.conftest import Harness

QUESTION = "outreach/consent_question"


async def contact(harness: Harness, user: str = "u1"):  # type: ignore[no-untyped-def]
    found = await harness.store.get_contact_by_address("console", user)
    assert found is not None
    return found


async def bpu_estimate(harness: Harness, user: str = "u1") -> list[str]:
    await harness.send("iuran", user=user)
    await harness.press("calc:seg:bpu", user=user)
    await harness.send("2 juta", user=user)
    await harness.press("calc:sek:tr", user=user)
    return harness.keys(await harness.send("tidak", user=user))


async def test_existing_and_new_contacts_start_as_not_asked(harness: Harness) -> None:
    await harness.send("halo")
    assert (await contact(harness)).outreach == "not_asked"


async def test_the_end_of_an_estimate_asks_once_and_a_button_answers(harness: Harness) -> None:
    assert await bpu_estimate(harness) == ["calculator/result_bpu", QUESTION]
    assert await harness.store.interests((await contact(harness)).id) == {"bpu_transport"}
    assert QUESTION not in await bpu_estimate(harness)  # not asked again
    replies = await harness.press(BTN_YES)
    assert harness.keys(replies) == ["outreach/consent_yes"]
    assert (await contact(harness)).wants_outreach


async def test_a_typed_answer_counts_right_after_the_question_only(harness: Harness) -> None:
    assert harness.keys(await harness.send("menu")) == ["core/menu", QUESTION]
    assert harness.keys(await harness.send("tidak")) == ["outreach/consent_no"]
    assert (await contact(harness)).outreach == "no"
    assert harness.keys(await harness.send("menu", user="u2")) == ["core/menu", QUESTION]
    harness.clock.advance(timedelta(minutes=30))
    replies = await harness.send("ya", user="u2")  # long after: just a word, not an answer
    assert "outreach/consent_yes" not in harness.keys(replies)
    assert (await contact(harness, "u2")).outreach == "not_asked"
    assert harness.keys(await harness.send("PENGINGAT", user="u2")) == [QUESTION]
    assert harness.keys(await harness.send("mau", user="u2")) == ["outreach/consent_yes"]


async def test_the_question_never_traps_a_flow(harness: Harness) -> None:
    await harness.send("menu")  # asked
    replies = await harness.send("daftar")
    assert harness.keys(replies)[0] == "registration/consent"
    replies = await harness.send("ya")  # inside the registration "ya" answers the registration
    assert "outreach/consent_yes" not in harness.keys(replies)


async def test_stop_wins_in_any_flow_survives_erasure_and_mulai_subscribes_again(harness: Harness) -> None:
    await harness.press(BTN_YES)
    await harness.send("iuran")
    assert harness.keys(await harness.send("STOP")) == ["core/opted_out"]
    stopped = await contact(harness)
    assert stopped.opted_out and not stopped.wants_outreach
    assert await harness.store.load_state(stopped.id) is None
    await harness.send("/hapusdata")
    assert harness.keys(await harness.press("reg:erase:yes")) == ["registration/erased"]
    await harness.send("/start")  # Telegram's own /start lifts nothing
    back = await contact(harness)
    assert back.opted_out and not back.wants_outreach
    assert harness.keys(await harness.send("MULAI")) == ["core/welcome_back"]
    assert (await contact(harness)).wants_outreach


async def test_in_the_staff_group_no_flow_runs_and_nothing_is_asked(harness: Harness) -> None:
    async def in_group(text: str) -> list[str]:
        inbound = replace(harness.inbound(text, user="staff-1"), from_staff_group=True)
        return harness.keys(await harness.engine.handle(inbound))

    inbound = replace(harness.inbound("daftar", user="staff-1"), from_staff_group=True)
    replies = await harness.engine.handle(inbound)
    assert harness.keys(replies) == ["core/private_only"]
    assert replies[0].private_start == "daftar"  # the button opens the same flow in a private chat
    assert await in_group("menu") == ["core/menu"]
    # Started in private, continued in the group: the group never sees the questions.
    await harness.send("daftar", user="staff-1")
    assert await in_group("ya") == ["core/private_only"]


async def test_no_answer_means_no_outreach(harness: Harness) -> None:
    await harness.send("menu")
    await harness.press(BTN_NO)
    assert not (await contact(harness)).wants_outreach


async def test_the_ticker_runs_the_tick_at_once_and_stop_waits_for_it() -> None:
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[bool] = []

    async def tick() -> None:
        started.set()
        await release.wait()
        finished.append(True)

    ticker = Ticker(tick)
    ticker.start(3600.0)  # only the immediate first run happens during this test
    await asyncio.wait_for(started.wait(), timeout=10)
    stopping = asyncio.create_task(ticker.stop())
    await asyncio.sleep(0)
    assert not stopping.done()  # a tick in progress writes SQLite: stop waits for it
    release.set()
    await asyncio.wait_for(stopping, timeout=10)
    assert finished == [True]
