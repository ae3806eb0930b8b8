"""The Bot API emulator itself, spoken to by a real PTB `Bot` over loopback HTTP."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, RetryAfter

from tests.tgemu.server import Emulator

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def emu_bot() -> AsyncIterator[tuple[Emulator, Bot]]:
    emu = Emulator()
    await emu.start()
    bot = Bot("42:EMU", base_url=emu.base_url)
    try:
        async with bot:
            yield emu, bot
    finally:
        await emu.stop()


async def test_get_updates_long_polls_and_confirms_with_offsets(emu_bot: tuple[Emulator, Bot]) -> None:
    emu, bot = emu_bot
    started = time.monotonic()
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not waiting.done()  # long polling: no updates yet
    emu.api.user_message(7, "halo")
    [update] = await waiting
    assert time.monotonic() - started < 3
    assert update.message is not None and update.message.text == "halo"
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [update.update_id]  # not confirmed yet
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
    assert emu.api.updates == []


async def test_messages_keyboards_edits_documents_and_faults(emu_bot: tuple[Emulator, Bot]) -> None:
    emu, bot = emu_bot
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="ya")]])
    sent = await bot.send_message(7, "<b>Halo</b>", parse_mode="HTML", reply_markup=keyboard)
    assert emu.api.sent_to(7)[0].buttons == ["ya"]
    emu.api.user_press(7, sent.message_id, "ya")
    [update] = await bot.get_updates(timeout=0)
    assert update.callback_query is not None and update.callback_query.data == "ya"
    assert await bot.answer_callback_query(update.callback_query.id)
    await bot.edit_message_reply_markup(7, sent.message_id)
    assert "reply_markup" not in emu.api.messages[(7, sent.message_id)]
    edited = await bot.edit_message_text("Sudah", chat_id=7, message_id=sent.message_id)
    assert not isinstance(edited, bool) and edited.text == "Sudah"
    document = await bot.send_document(7, b"nama,hp\nSiti,0812\n", filename="leads.csv", caption="Ekspor")
    assert document.document is not None
    [doc_call] = [c for c in emu.api.calls if c.method == "sendDocument"]
    assert doc_call.params["document"]["filename"] == "leads.csv" and doc_call.params["caption"] == "Ekspor"
    assert await bot.set_my_commands([("menu", "Menu utama")])
    assert await bot.set_webhook("https://example.invalid/hook", secret_token="abc")
    assert emu.api.webhook["secret_token"] == "abc"
    assert await bot.delete_webhook()
    emu.api.flood[7] = [2]
    with pytest.raises(RetryAfter):
        await bot.send_message(7, "x")
    emu.api.forbidden.add(8)
    with pytest.raises(Forbidden):
        await bot.send_message(8, "x")
