"""The FAQ behind the real engine: free text, "maksud Anda" buttons, unanswered logging."""

from __future__ import annotations

from datetime import datetime

from faq_helpers import service

from bot.core.clock import FixedClock
from bot.core.engine import Engine
from bot.core.models import Contact, FlowState, Inbound


class MemoryStore:
    """Just enough of ConversationStore for the engine, in memory."""

    def __init__(self) -> None:
        self.contacts: dict[tuple[str, str], Contact] = {}
        self.seen: set[tuple[str, str]] = set()
        self.unanswered: list[tuple[str, str]] = []
        self.states: dict[int, FlowState | None] = {}
        self.topics: dict[int, tuple[str | None, datetime]] = {}

    async def record_inbound(self, inbound: Inbound, contact_id: int) -> bool:
        if inbound.external_id is None:
            return True
        key = (inbound.channel, inbound.external_id)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    async def contact_for(self, channel: str, address: str, display_name: str | None = None) -> Contact:
        return self.contacts.setdefault((channel, address), Contact(id=len(self.contacts) + 1))

    async def get_contact(self, contact_id: int) -> Contact | None:
        return next((c for c in self.contacts.values() if c.id == contact_id), None)

    async def load_state(self, contact_id: int) -> FlowState | None:
        return self.states.get(contact_id)

    async def save_state(self, contact_id: int, state: FlowState | None, now: datetime) -> None:
        self.states[contact_id] = state

    async def set_opt_out(self, contact_id: int, opted_out: bool, now: datetime) -> None: ...

    async def set_source(self, contact_id: int, source: str, now: datetime) -> None: ...

    async def record_event(self, contact_id: int | None, kind: str, detail: str, now: datetime) -> None: ...

    async def log_unanswered(self, text: str, channel: str, now: datetime, contact_id: int | None = None) -> None:
        self.unanswered.append((text, channel))

    async def recent_faq_topic(self, contact_id: int, since: datetime) -> str | None:
        topic, at = self.topics.get(contact_id, (None, since))
        return topic if at >= since else None

    async def remember_faq_topic(self, contact_id: int, topic: str, now: datetime) -> None:
        self.topics[contact_id] = (topic, now)


NOW = datetime(2026, 11, 23, 10, 0)


def engine() -> tuple[Engine, MemoryStore]:
    store = MemoryStore()
    return Engine(store=store, clock=FixedClock(NOW), faq=service()), store


async def test_free_text_question_is_answered_with_its_topic() -> None:
    bot, store = engine()
    replies = await bot.handle(Inbound("console", "u1", NOW, text="kapan jht bisa cair kak?"))
    assert replies[0].key == "faq/jht-cair-kapan" and replies[0].topic == "jht-cair-kapan"
    assert store.unanswered == []


async def test_pressing_a_faq_button_answers_that_entry() -> None:
    bot, _store = engine()
    first = await bot.handle(Inbound("console", "u2", NOW, text="klaim"))
    assert first[0].key == "faq/clarify"
    choice = first[0].choices[0]
    pressed = await bot.handle(Inbound("console", "u2", NOW, button=choice.id))
    assert pressed[0].key == "faq/" + choice.id.removeprefix("faq:")


async def test_unknown_question_is_logged_and_answered_honestly() -> None:
    bot, store = engine()
    replies = await bot.handle(Inbound("telegram", "u3", NOW, text="resep rendang padang"))
    assert replies[0].key == "faq/unknown" and replies[0].topic is None
    assert store.unanswered == [("resep rendang padang", "telegram")]


async def test_redirect_is_logged_too() -> None:
    bot, store = engine()
    replies = await bot.handle(Inbound("whatsapp", "u4", NOW, text="cara daftar cpns 2027"))
    assert replies[0].key == "faq/redirect-cpns" and replies[0].topic is None
    assert len(store.unanswered) == 1


async def test_menu_topics_buttons_work() -> None:
    bot, _store = engine()
    for entry in ("program-apa-saja", "iuran-bpu", "jht-cair-kapan"):
        replies = await bot.handle(Inbound("console", "u5", NOW, button="faq:" + entry))
        assert replies[0].topic == entry
