"""Routing around a multi-step flow: entry, steps, restart, BATAL, MENU/LANJUT, switching.

A two-step toy flow stands in for the real ones so these rules are tested on
their own; the real flows have their own transcripts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import open_store
from bot.core import choices
from bot.core.clock import FixedClock
from bot.core.engine import Engine
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.models import FlowState, Inbound, Reply
from bot.storage.store import SqliteStore
from tests.conftest import START


class ToyFlow:
    """Asks for a word, then a number; remembers both."""

    name = "toy"
    entry_words = frozenset({"toy", "mainan"})
    entry_buttons = frozenset({"menu:toy"})
    entry_prefixes: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.abandoned_at: list[str] = []

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        state = FlowState(self.name, "word", {"argument": argument})
        return FlowResult([Reply("core/menu", {"step": "word"})], state)

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        text = ctx.inbound.text or ""
        if state.step == "word":
            state.data["word"] = text
            state.history.append("word")
            state.step = "number"
            return FlowResult([Reply("core/menu", {"step": "number"})], state)
        if not text.isdigit():
            state.failures += 1
            return FlowResult([Reply("core/help", {"step": "number"})], state)
        return FlowResult([Reply("core/cancelled", {"done": f"{state.data['word']}={text}"})], None)

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        return [Reply("core/menu", {"step": state.step, "resumed": True})]

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        self.abandoned_at.append(state.step)


@dataclass
class Rig:
    store: SqliteStore
    engine: Engine
    flow: ToyFlow
    path: Path
    clock: FixedClock

    async def say(self, text: str | None = None, button: str | None = None, user: str = "u") -> list[Reply]:
        return await self.engine.handle(Inbound("console", user, self.clock.now(), text=text, button=button))

    async def restart(self) -> None:
        await self.store.db.close()
        self.store = await open_store(self.path)
        self.flow = ToyFlow()
        self.engine = Engine(self.store, self.clock, flows=[self.flow])


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    path = tmp_path / "r.sqlite3"
    store = await open_store(path)
    flow = ToyFlow()
    clock = FixedClock(START)
    r = Rig(store, Engine(store, clock, flows=[flow]), flow, path, clock)
    yield r
    await r.store.db.close()


async def state_of(rig: Rig, user: str = "u") -> FlowState | None:
    contact = await rig.store.get_contact_by_address("console", user)
    assert contact is not None
    return await rig.store.load_state(contact.id)


async def test_entry_word_command_and_button_open_the_flow(rig: Rig) -> None:
    for opener in ({"text": "toy"}, {"text": "/Mainan"}, {"button": "menu:toy"}):
        replies = await rig.say(**opener)
        assert replies[0].context["step"] == "word", opener
        await rig.say("batal")


async def test_restart_mid_flow_resumes_at_the_same_step(rig: Rig) -> None:
    await rig.say("toy")
    await rig.say("apel")
    await rig.restart()
    state = await state_of(rig)
    assert state is not None and state.step == "number" and state.data["word"] == "apel"
    replies = await rig.say("7")
    assert replies[0].context["done"] == "apel=7"
    assert await state_of(rig) is None


async def test_invalid_answer_keeps_the_step_and_counts_failures(rig: Rig) -> None:
    await rig.say("toy")
    await rig.say("apel")
    replies = await rig.say("tujuh")
    assert replies[0].key == "core/help"
    state = await state_of(rig)
    assert state is not None and state.step == "number" and state.failures == 1


async def test_batal_beats_the_active_flow_and_is_recorded(rig: Rig) -> None:
    await rig.say("toy")
    replies = await rig.say("BATAL")
    assert [r.key for r in replies] == ["core/cancelled"]
    assert rig.flow.abandoned_at == ["word"]
    assert await state_of(rig) is None
    events = await rig.store.events("flow_abandoned")
    assert events[0][1] == "toy:word"


async def test_menu_pauses_and_lanjut_resumes(rig: Rig) -> None:
    await rig.say("toy")
    replies = await rig.say("menu")
    assert [r.key for r in replies] == ["core/menu_in_flow"]
    assert await state_of(rig) is not None
    replies = await rig.say("lanjut")
    assert replies[0].context == {"step": "word", "resumed": True}


async def test_menu_button_during_a_flow_is_an_explicit_switch(rig: Rig) -> None:
    await rig.say("toy")
    replies = await rig.say(button=choices.BTN_FAQ)
    assert [r.key for r in replies] == ["core/faq_intro"]
    assert await state_of(rig) is None


async def test_typed_words_during_a_flow_go_to_the_flow(rig: Rig) -> None:
    await rig.say("toy")
    replies = await rig.say("mainan")
    assert replies[0].context["step"] == "number"


async def test_stop_during_a_flow_opts_out_and_ends_the_flow(rig: Rig) -> None:
    await rig.say("toy")
    replies = await rig.say("STOP")
    assert [r.key for r in replies] == ["core/opted_out"]
    assert await state_of(rig) is None


async def test_empty_message_during_a_flow_reasks_the_step(rig: Rig) -> None:
    await rig.say("toy")
    replies = await rig.say("   ")
    assert [r.key for r in replies] == ["core/empty_in_flow", "core/menu"]


async def test_deep_link_opens_the_flow_and_keeps_the_campaign(rig: Rig) -> None:
    replies = await rig.say("/start toy_poster-pasar")
    assert replies[0].context["step"] == "word"
    state = await state_of(rig)
    assert state is not None and state.data["argument"] == "toy_poster-pasar"
    contact = await rig.store.get_contact_by_address("console", "u")
    assert contact is not None and contact.source == "poster-pasar"  # the campaign, without the flow word


async def test_invalid_deep_link_payload_is_ignored(rig: Rig) -> None:
    replies = await rig.say("/start " + "x" * 65)
    assert [r.key for r in replies] == ["core/welcome"]
    contact = await rig.store.get_contact_by_address("console", "u")
    assert contact is not None and contact.source is None


async def test_a_failing_flow_never_leaves_the_user_without_a_reply(rig: Rig) -> None:
    async def explode(ctx: FlowContext, state: FlowState) -> FlowResult:
        raise RuntimeError("bug")

    rig.flow.step = explode  # type: ignore[method-assign]
    await rig.say("toy")
    replies = await rig.say("apa saja")
    assert [r.key for r in replies] == ["core/error"]


async def test_reopening_the_active_flow_resumes_instead_of_restarting(rig: Rig) -> None:
    await rig.say("toy")
    await rig.say("apel")
    for opener in ({"button": "menu:toy"}, {"text": "/toy"}, {"text": "/start toy_poster"}):
        replies = await rig.say(**opener)
        assert replies[0].context == {"step": "number", "resumed": True}, opener
    state = await state_of(rig)
    assert state is not None and state.data["word"] == "apel"
    assert rig.flow.abandoned_at == []


async def test_deep_link_source_is_visible_to_the_flow_on_first_contact(rig: Rig) -> None:
    seen: list[str | None] = []
    original = rig.flow.start

    async def spy(ctx: FlowContext, argument: str) -> FlowResult:
        seen.append(ctx.contact.source)
        return await original(ctx, argument)

    rig.flow.start = spy  # type: ignore[method-assign]
    await rig.say("/start toy_poster")
    assert seen == ["poster"]  # the campaign, as the lead will keep it


async def test_a_message_merely_starting_with_an_entry_word_is_not_a_command(rig: Rig) -> None:
    replies = await rig.say("toy apa yang bagus untuk anak")
    assert [r.key for r in replies] == ["core/fallback"]
    assert await state_of(rig) is None
    replies = await rig.say("  TOY! ")
    assert replies[0].context["step"] == "word"
    await rig.say("batal")
    replies = await rig.say("/toy poster")
    assert replies[0].context == {"step": "word"}
    state = await state_of(rig)
    assert state is not None and state.data["argument"] == "poster"
