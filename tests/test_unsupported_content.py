"""Content the bot cannot read (a photo, a voice note) gets a polite "please type", in or out of a flow."""

from __future__ import annotations

from bot.core import choices as menu
from bot.core.models import Inbound
from tests.conftest import Harness


def photo(harness: Harness, kind: str = "image", external_id: str = "p1") -> Inbound:
    return Inbound("console", "u1", harness.clock.now(), external_id=external_id, unsupported=kind)


async def test_outside_a_flow_it_answers_with_the_menu(harness: Harness) -> None:
    [reply] = await harness.engine.handle(photo(harness))
    assert reply.key == "core/unsupported"
    assert reply.context == {"kind": "image", "in_flow": False}
    assert [c.id for c in reply.choices] == [c.id for c in menu.main_menu()]
    assert "foto" in harness.text([reply])


async def test_inside_a_flow_it_asks_the_question_again(harness: Harness) -> None:
    await harness.send("iuran")
    replies = await harness.engine.handle(photo(harness, "voice"))
    assert harness.keys(replies) == ["core/unsupported", "calculator/ask_segment"]
    assert replies[0].context == {"kind": "voice", "in_flow": True}
    assert "pesan suara" in harness.text(replies)


async def test_a_redelivered_photo_is_answered_once(harness: Harness) -> None:
    assert await harness.engine.handle(photo(harness, external_id="same"))
    assert await harness.engine.handle(photo(harness, external_id="same")) == []


async def test_an_empty_message_is_still_the_empty_answer(harness: Harness) -> None:
    assert harness.keys(await harness.send("")) == ["core/empty"]
