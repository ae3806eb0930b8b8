"""The flow kit through the real engine and a temporary SQLite file, with a small flow made on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.app import open_store
from bot.core import choices
from bot.core.clock import FixedClock
from bot.core.engine import Engine
from bot.core.flows.kit import FlowSpec, Step
from bot.core.models import FlowState, Inbound, Reply
from bot.storage.store import SqliteStore
from tests.conftest import START
from tests.kit.reminder import DONE, REMINDER, ReminderFlow


@dataclass
class Chat:
    store: SqliteStore
    engine: Engine
    path: Path
    clock: FixedClock

    async def say(self, text: str | None = None, button: str | None = None) -> list[Reply]:
        return await self.engine.handle(Inbound("console", "u", self.clock.now(), text=text, button=button))

    async def press(self, button: str) -> list[Reply]:
        return await self.say(button=button)

    async def state(self) -> FlowState | None:
        contact = await self.store.get_contact_by_address("console", "u")
        assert contact is not None
        return await self.store.load_state(contact.id)

    async def restart(self) -> None:
        await self.store.db.close()
        self.store = await open_store(self.path)
        self.engine = Engine(self.store, self.clock, flows=[ReminderFlow()])


@pytest.fixture
async def chat(tmp_path: Path) -> AsyncIterator[Chat]:
    path = tmp_path / "kit.sqlite3"
    store = await open_store(path)
    c = Chat(store, Engine(store, FixedClock(START), flows=[ReminderFlow()]), path, FixedClock(START))
    DONE.clear()
    yield c
    await c.store.db.close()


def keys(replies: list[Reply]) -> list[str]:
    return [r.key for r in replies]


def ids(replies: list[Reply]) -> list[str]:
    return [c.id for r in replies for c in r.choices]


def progress(reply: Reply) -> tuple[int, int]:
    return reply.context["progress"]["number"], reply.context["progress"]["total"]


async def test_a_whole_conversation_with_buttons_typed_words_and_a_summary(chat: Chat) -> None:
    replies = await chat.say("ingatkan saya")
    assert keys(replies) == ["test/ask_what"] and progress(replies[0]) == (1, 4)
    assert ids(replies) == []  # the first question offers no KEMBALI
    replies = await chat.say("bayar iuran BPU")
    assert keys(replies) == ["test/ask_when"] and progress(replies[0]) == (2, 4)
    assert ids(replies) == ["ingat:when:besok", "ingat:when:lusa", "ingat:back"]
    replies = await chat.press("ingat:when:besok")
    assert keys(replies) == ["test/ask_time"] and progress(replies[0]) == (2, 4)  # same stage, same number
    replies = await chat.say("Sore aja kak")  # trailing particles do not matter
    assert keys(replies) == ["test/ask_times"] and progress(replies[0]) == (3, 4)
    replies = await chat.say("2")
    assert keys(replies) == ["test/recap", "test/review"] and progress(replies[1]) == (4, 4)
    replies = await chat.press("ingat:review:send")
    assert keys(replies) == ["test/done"]
    assert DONE == [{"what": "bayar iuran BPU", "when": "besok", "time": "sore", "times": 2}]
    assert await chat.state() is None


async def test_the_numbering_is_the_same_whichever_branch_is_taken(chat: Chat) -> None:
    await chat.say("ingatkan")
    await chat.say("lapor upah")
    replies = await chat.say("2 hari lagi")  # the branch without the time question
    assert keys(replies) == ["test/ask_times"] and progress(replies[0]) == (3, 4)


async def test_kembali_goes_back_and_answering_returns_to_the_first_open_question(chat: Chat) -> None:
    replies = await chat.say("ingatkan")
    replies = await chat.say("kembali")
    assert keys(replies) == ["flow/cannot_go_back", "test/ask_what"]
    await chat.say("bayar iuran")
    await chat.press("ingat:when:besok")
    replies = await chat.press("ingat:back")
    assert keys(replies) == ["test/ask_when"]
    replies = await chat.say("KEMBALI")
    assert keys(replies) == ["test/ask_what"]
    replies = await chat.say("lapor upah")  # the day is still known: straight on to the time
    assert keys(replies) == ["test/ask_time"]


async def test_a_button_from_an_earlier_question_is_not_misread_and_not_a_failure(chat: Chat) -> None:
    await chat.say("ingatkan")
    await chat.say("bayar iuran")
    await chat.press("ingat:when:besok")
    replies = await chat.press("ingat:when:lusa")
    assert keys(replies) == ["flow/stale_button", "test/ask_time"]
    state = await chat.state()
    assert state is not None and state.step == "time" and state.data["when"] == "besok" and state.failures == 0


async def test_rejections_carry_the_buttons_and_the_third_offers_staff(chat: Chat) -> None:
    await chat.say("ingatkan")
    await chat.say("bayar iuran")
    for attempt in (1, 2):
        replies = await chat.say("kapan-kapan")
        assert keys(replies) == ["test/invalid_when"], attempt
        assert ids(replies) == ["ingat:when:besok", "ingat:when:lusa", "ingat:back"]
    replies = await chat.say("kapan-kapan")
    assert keys(replies) == ["test/invalid_when", "flow/offer_help"]
    assert ids(replies)[-2:] == [choices.BTN_HUMAN, choices.BTN_CANCEL]
    await chat.say("1")  # a typed number picks that option and resets the count
    state = await chat.state()
    assert state is not None and state.failures == 0 and state.data["when"] == "besok"


async def test_asking_back_yes_no_and_a_fresh_answer(chat: Chat) -> None:
    await chat.say("ingatkan")
    await chat.say("bayar iuran")
    await chat.say("lusa")
    replies = await chat.say("30")
    assert keys(replies) == ["test/confirm_times"] and replies[0].context == {"count": 30}
    assert ids(replies) == ["ingat:ok:times", "ingat:redo:times"]
    replies = await chat.press("ingat:when:besok")  # an old button: the asking-back stays open
    assert keys(replies) == ["flow/stale_button", "test/confirm_times"]
    replies = await chat.say("bukan")
    assert keys(replies) == ["test/ask_times"]
    await chat.say("12")
    replies = await chat.say("3")  # a fresh answer while asked back
    assert keys(replies) == ["test/recap", "test/review"]
    state = await chat.state()
    assert state is not None and state.data["times"] == 3 and "_confirm" not in state.data
    assert keys(await chat.say("kembali")) == ["test/ask_times"]
    await chat.say("9")
    await chat.restart()  # the asking-back survives a restart, and LANJUT shows it again
    replies = await chat.say("lanjut")
    assert keys(replies) == ["test/confirm_times"]
    replies = await chat.press("ingat:ok:times")
    assert keys(replies) == ["test/recap", "test/review"]
    state = await chat.state()
    assert state is not None and state.data["times"] == 9


async def test_an_edit_from_the_summary_comes_back_to_it(chat: Chat) -> None:
    await chat.say("ingatkan")
    await chat.say("bayar iuran")
    await chat.say("besok")
    await chat.say("pagi")
    await chat.say("1")
    replies = await chat.press("ingat:review:edit_when")
    assert keys(replies) == ["test/ask_when"]
    replies = await chat.say("kembali")  # KEMBALI out of an edit returns to the summary (no recap)
    assert keys(replies) == ["test/review"]
    replies = await chat.press("ingat:review:send")  # the time was dropped by the edit: asked first
    assert keys(replies) == ["test/ask_time"]
    replies = await chat.press("ingat:time:pagi")
    assert keys(replies) == ["test/recap", "test/review"]


async def test_the_entry_word_inside_the_flow_resumes_it(chat: Chat) -> None:
    await chat.say("ingatkan")
    await chat.say("bayar iuran")
    replies = await chat.say("ingatkan saya")
    assert keys(replies) == ["test/ask_when"]


async def test_states_this_version_cannot_place_or_read_never_trap_anyone(chat: Chat) -> None:
    flow = ReminderFlow()
    contact = await chat.store.contact_for("console", "u")
    await chat.store.save_state(contact.id, FlowState("reminder", "gone", {"what": "x1"}), START)
    replies = await chat.say("apa saja")
    assert keys(replies) == ["test/ask_when"]  # the first question not answered yet

    def broken(data: dict[str, object]) -> dict[str, object]:
        raise KeyError("old format")

    flow.spec = FlowSpec(REMINDER.name, REMINDER.prefix, REMINDER.steps, REMINDER.finish, upgrade=broken)
    chat.engine = Engine(chat.store, chat.clock, flows=[flow])
    replies = await chat.say("besok")
    assert keys(replies) == ["test/ask_what"]  # started again
    assert keys(await chat.say("lanjut")) == ["test/ask_what"]


def test_a_spec_refuses_steps_it_could_not_run() -> None:
    with pytest.raises(ValueError, match="unique"):
        FlowSpec("x", "x", (Step("a", "k/a", invalid="k/i"), Step("a", "k/a")), REMINDER.finish)
    with pytest.raises(ValueError, match="parser"):
        FlowSpec("x", "x", (Step("a", "k/a"),), REMINDER.finish)
