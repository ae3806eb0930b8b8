"""The FAQ behind the real engine: free text, "maksud Anda" buttons, unanswered logging."""

from __future__ import annotations

from datetime import datetime

from bot.core.clock import FixedClock
from bot.core.engine import Engine
from bot.core.models import Inbound
from bot.storage.memory import MemoryStore
from tests.faq.faq_helpers import service

NOW = datetime(2026, 11, 23, 10, 0)


def engine() -> tuple[Engine, MemoryStore]:
    store = MemoryStore()
    return Engine(store=store, clock=FixedClock(NOW), faq=service()), store


async def test_free_text_question_is_answered_with_its_topic() -> None:
    bot, store = engine()
    replies = await bot.handle(Inbound("console", "u1", NOW, text="kapan jht bisa cair kak?"))
    assert replies[0].key == "faq/jht-cair-kapan" and replies[0].topic == "jht-cair-kapan"
    assert await store.top_unanswered() == []


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
    assert [(row.text, row.count) for row in await store.top_unanswered()] == [("resep rendang padang", 1)]


async def test_redirect_is_logged_too() -> None:
    bot, store = engine()
    replies = await bot.handle(Inbound("whatsapp", "u4", NOW, text="cara daftar cpns 2027"))
    assert replies[0].key == "faq/redirect-cpns" and replies[0].topic is None
    assert len(await store.top_unanswered()) == 1


async def test_menu_topics_buttons_work() -> None:
    bot, _store = engine()
    for entry in ("program-apa-saja", "iuran-bpu", "jht-cair-kapan"):
        replies = await bot.handle(Inbound("console", "u5", NOW, button="faq:" + entry))
        assert replies[0].topic == entry


async def test_thanks_after_an_answer_is_answered_but_names_no_topic() -> None:
    """Thanks is replied to, but it answers no question: no topic, no funnel event."""
    bot, store = engine()
    await bot.handle(Inbound("console", "u6", NOW, text="kapan jht bisa cair kak?"))
    for text in ("makasih min", "oke suwun yo", "thank you"):
        replies = await bot.handle(Inbound("console", "u6", NOW, text=text))
        assert replies[0].key == "faq/terima-kasih" and all(r.topic is None for r in replies)
    assert [detail for _c, detail, _at in await store.events("faq_answered")] == ["jht-cair-kapan"]
    assert await store.top_unanswered() == []
    # The question before the thanks still frames a follow-up.
    again = await bot.handle(Inbound("console", "u6", NOW, text="syaratnya apa aja?"))
    assert again[0].topic is not None and again[0].topic.startswith("jht")
