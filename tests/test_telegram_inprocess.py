"""The Telegram adapter in-process: the real PTB Application with a fake BaseRequest.

Updates are real Bot API shapes fed through `Update.de_json`; assertions read
the recorded API calls (method, chat, parse mode, keyboards).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update
from telegram.ext import Application

from bot.app import build_app
from bot.channels.http import build_web_app
from bot.channels.telegram.inbound import BotIdentity, route
from bot.channels.telegram.runtime import TelegramRuntime, start_runtime, telegram_webhook_route
from bot.config import Secret, Settings
from bot.core import choices as menu
from bot.core.clock import FixedClock
from bot.core.models import Choice, Reply
from bot.paths import messages_dir
from bot.render.templates import Renderer
from tests.conftest import START
from tests.tgemu.botapi import BOT_ID, BOT_USERNAME, BotApi, Call
from tests.tgemu.fake_request import FakeRequest

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

USER = 111
STAFF_GROUP = -100500
TEST_TEMPLATES = {"test/echo.j2": "Anda menulis: *{{ text }}*"}


@dataclass
class Tg:
    api: BotApi
    runtime: TelegramRuntime
    application: Any

    async def feed(self, update: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(update, self.application.bot))
        assert await self.runtime.outbox.drained(10)

    def calls(self, method: str | None = None) -> list[Call]:
        return [c for c in self.api.calls if method is None or c.method == method]

    def messages_to(self, chat: int) -> list[Call]:
        return self.api.sent_to(chat)


@pytest.fixture
async def tg(tmp_path: Path) -> AsyncIterator[Tg]:
    api = BotApi()
    app = await build_app(tmp_path / "bot.sqlite3", clock=FixedClock(START))
    app.renderer = Renderer(messages_dir(), extra_templates=TEST_TEMPLATES)
    request = FakeRequest(api)
    application = (
        Application.builder().token("123:TEST").request(request).get_updates_request(request).updater(None).build()
    )
    settings = Settings(telegram_token=Secret("123:TEST"), telegram_staff_chat_id=str(STAFF_GROUP))
    runtime = await start_runtime(settings, app, application, chat_interval_fn=lambda _chat: 0.0)
    try:
        yield Tg(api, runtime, application)
    finally:
        await runtime.outbox.stop()
        await application.shutdown()
        await app.close()


async def test_start_with_deep_link_replies_in_html_with_the_main_menu(tg: Tg) -> None:
    await tg.feed(tg.api.user_message(USER, "/start poster_blitar"))
    [sent] = tg.messages_to(USER)
    assert sent.params["parse_mode"] == "HTML"
    assert "<b>BPJS Ketenagakerjaan" in sent.text
    assert sent.buttons == [c.id for c in menu.main_menu()]
    contact = await tg.runtime.app.store.get_contact_by_address("telegram", str(USER))
    assert contact is not None and contact.source == "poster_blitar" and contact.display_name == "Siti"


async def test_command_menu_is_registered_in_indonesian(tg: Tg) -> None:
    [call] = tg.calls("setMyCommands")
    names = [c["command"] for c in call.params["commands"]]
    assert names == ["start", "menu", "iuran", "daftar", "bantuan", "petugas", "datasaya", "hapusdata", "berhenti"]
    assert all(c["description"] for c in call.params["commands"])


async def test_button_press_is_answered_and_the_old_keyboard_removed(tg: Tg) -> None:
    await tg.feed(tg.api.user_message(USER, "/start"))
    welcome = tg.api.last_keyboard_message(USER)
    assert welcome is not None
    message_id = max(mid for chat, mid in tg.api.messages if chat == USER)
    await tg.feed(tg.api.user_press(USER, message_id, menu.BTN_HELP))
    methods = [c.method for c in tg.api.calls if c.method != "getMe" and c.method != "setMyCommands"]
    assert methods[-3:] == ["answerCallbackQuery", "editMessageReplyMarkup", "sendMessage"]
    edit = tg.calls("editMessageReplyMarkup")[-1]
    assert edit.params["chat_id"] == USER and edit.params["message_id"] == message_id
    assert "reply_markup" not in edit.params  # keyboard removed
    assert "reply_markup" not in tg.api.messages[(USER, message_id)]
    assert tg.calls("answerCallbackQuery")[-1].params["callback_query_id"]


async def test_redelivered_update_is_answered_once(tg: Tg) -> None:
    update = tg.api.user_message(USER, "menu")
    await tg.feed(update)
    await tg.feed(update)
    assert len(tg.messages_to(USER)) == 1


async def test_shared_contact_becomes_shared_phone() -> None:
    api = BotApi()
    update = Update.de_json(api.user_contact(USER, "+6281234567890"), None)
    routed = route(update, BotIdentity(BOT_ID, BOT_USERNAME), None, START)
    assert routed is not None
    assert routed.inbound.shared_phone == "+6281234567890"
    assert routed.inbound.external_id == f"{USER}:1"
    assert routed.inbound.text is None


async def test_contact_update_gets_a_reply(tg: Tg) -> None:
    await tg.feed(tg.api.user_contact(USER, "+6281234567890"))
    assert len(tg.messages_to(USER)) == 1


async def test_groups_are_ignored_except_the_staff_group_when_addressed(tg: Tg) -> None:
    other = {"id": -100777, "title": "Grup warga", "type": "supergroup"}
    staff = {"id": STAFF_GROUP, "title": "Staf KC Blitar", "type": "supergroup"}
    await tg.feed(tg.api.user_message(5, "menu", chat=other))
    await tg.feed(tg.api.user_message(5, f"@{BOT_USERNAME} menu", chat=other))
    await tg.feed(tg.api.user_message(5, "menu", chat=staff))
    assert tg.calls("sendMessage") == []
    await tg.feed(tg.api.user_message(5, f"@{BOT_USERNAME} menu", chat=staff))
    await tg.feed(tg.api.user_message(5, f"/menu@{BOT_USERNAME}", chat=staff))
    sent = tg.calls("sendMessage")
    assert [c.chat_id for c in sent] == [STAFF_GROUP, STAFF_GROUP]
    assert all(c.buttons == [ch.id for ch in menu.main_menu()] for c in sent)


async def test_user_text_is_escaped_in_html(tg: Tg) -> None:
    tg.runtime.channel.send_replies(USER, [Reply("test/echo", {"text": "<script>alert('x')</script> & *b*"})])
    assert await tg.runtime.outbox.drained(5)
    [sent] = tg.messages_to(USER)
    assert sent.text == "Anda menulis: <b>&lt;script&gt;alert('x')&lt;/script&gt; &amp; *b*</b>"


async def test_long_text_is_split_under_4096_with_the_keyboard_last(tg: Tg) -> None:
    text = "\n".join(f"Baris {n}: " + "iuran JHT & JKK " * 12 for n in range(60))
    reply = Reply("test/echo", {"text": text}, choices=menu.main_menu())
    tg.runtime.channel.send_replies(USER, [reply])
    assert await tg.runtime.outbox.drained(5)
    sent = tg.messages_to(USER)
    assert len(sent) >= 3
    assert all(len(c.text) <= 4096 for c in sent)
    assert all(c.text.count("<b>") == c.text.count("</b>") for c in sent)
    assert [bool(c.buttons) for c in sent] == [False] * (len(sent) - 1) + [True]
    joined = "\n".join(c.text for c in sent)
    assert joined.count("iuran JHT &amp; JKK") == 60 * 12


async def test_request_contact_uses_a_contact_keyboard(tg: Tg) -> None:
    tg.runtime.channel.send_replies(USER, [Reply("test/echo", {"text": "nomor?"}, request_contact=True)])
    tg.runtime.channel.send_replies(
        USER,
        [
            Reply(
                "test/echo",
                {"text": "nomor?"},
                choices=(Choice(menu.BTN_CANCEL, "label.core.cancel"),),
                request_contact=True,
            )
        ],
    )
    tg.runtime.channel.send_replies(USER, [Reply("test/echo", {"text": "terima kasih"})])
    assert await tg.runtime.outbox.drained(5)
    first, second, hint, last = tg.messages_to(USER)
    button = first.params["reply_markup"]["keyboard"][0][0]
    assert button["request_contact"] is True and first.params["reply_markup"]["one_time_keyboard"] is True
    assert second.buttons == [menu.BTN_CANCEL]
    assert hint.params["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    assert last.params["reply_markup"] == {"remove_keyboard": True}


async def test_rendering_errors_still_give_the_user_a_reply(tg: Tg) -> None:
    tg.runtime.channel.send_replies(USER, [Reply("no/such_template")])
    assert await tg.runtime.outbox.drained(5)
    [sent] = tg.messages_to(USER)
    assert "kendala" in sent.text and sent.buttons


async def test_forbidden_marks_the_contact_unreachable_and_stops_sending(tg: Tg) -> None:
    tg.api.forbidden.add(USER)
    await tg.feed(tg.api.user_message(USER, "/start"))
    await asyncio.sleep(0.05)
    contact = await tg.runtime.app.store.get_contact_by_address("telegram", str(USER))
    assert contact is not None and contact.reachable is False
    attempts = [c for c in tg.calls("sendMessage") if c.chat_id == USER]
    assert [c.status for c in attempts] == [403]
    tg.runtime.channel.send_replies(
        USER,
        [Reply("core/menu")],
    )
    assert await tg.runtime.outbox.drained(5)
    assert len([c for c in tg.calls("sendMessage") if c.chat_id == USER]) == 1


async def test_retry_after_is_waited_then_the_message_delivered(tg: Tg) -> None:
    tg.api.flood[USER] = [1]
    await tg.feed(tg.api.user_message(USER, "menu"))
    attempts = [c for c in tg.calls("sendMessage") if c.chat_id == USER]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.95


async def test_webhook_checks_the_secret_token_and_queues_updates(tg: Tg) -> None:
    web = build_web_app([telegram_webhook_route("/tg/hook", "s3cret", tg.application)])
    update = tg.api.user_message(USER, "menu")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bot") as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.post("/tg/hook", json=update)).status_code == 403
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
        assert (await client.post("/tg/hook", json=update, headers=wrong)).status_code == 403
        right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        assert (await client.post("/tg/hook", json=update, headers=right)).status_code == 200
    queued = tg.application.update_queue.get_nowait()
    assert isinstance(queued, Update) and queued.update_id == update["update_id"]


async def test_staff_notifications_go_to_the_staff_group_once(tg: Tg) -> None:
    """Each row is rendered with its `kind` as the message key and its payload as context."""
    app = tg.runtime.app
    app.renderer = Renderer(
        messages_dir(),
        extra_templates={**TEST_TEMPLATES, "test/staff_note.j2": "Calon peserta baru: *{{ name }}*"},
    )
    await app.db.execute(
        "INSERT INTO staff_notifications (kind, payload, created_at) VALUES (?, ?, ?)",
        ("test/staff_note", '{"name": "Siti <Aminah>"}', START.isoformat()),
    )
    assert await tg.runtime.notifier.drain() == 1
    assert await tg.runtime.notifier.drain() == 0  # queued once, even before it is sent
    assert await tg.runtime.outbox.drained(5)
    [sent] = tg.messages_to(STAFF_GROUP)
    assert sent.text == "Calon peserta baru: <b>Siti &lt;Aminah&gt;</b>"
    rows = await app.db.fetchall("SELECT sent_at FROM staff_notifications")
    assert [r["sent_at"] for r in rows] != [None]
    assert await tg.runtime.notifier.drain() == 0


def membership(api: BotApi, user_id: int, old: str, new: str) -> dict[str, Any]:
    bot_user = api.me()
    return {
        "update_id": 900 + len(api.calls),
        "my_chat_member": {
            "chat": api.private_chat(user_id),
            "from": api.user(user_id),
            "date": 1763870400,
            "old_chat_member": {"user": bot_user, "status": old, "until_date": 0},
            "new_chat_member": {"user": bot_user, "status": new, "until_date": 0},
        },
    }


async def test_blocking_and_unblocking_the_bot_updates_reachability(tg: Tg) -> None:
    await tg.feed(tg.api.user_message(USER, "/start"))
    store = tg.runtime.app.store
    await tg.feed(membership(tg.api, USER, "member", "kicked"))
    contact = await store.get_contact_by_address("telegram", str(USER))
    assert contact is not None and contact.reachable is False
    assert tg.runtime.outbox.is_blocked(str(USER))
    await tg.feed(membership(tg.api, USER, "kicked", "member"))
    contact = await store.get_contact_by_address("telegram", str(USER))
    assert contact is not None and contact.reachable is True
    assert not tg.runtime.outbox.is_blocked(str(USER))


async def test_contact_keyboard_is_removed_after_the_number_is_shared(tg: Tg) -> None:
    tg.runtime.channel.send_replies(USER, [Reply("test/echo", {"text": "nomor?"}, request_contact=True)])
    await tg.feed(tg.api.user_contact(USER, "+6281234567890"))
    tg.runtime.channel.send_replies(USER, [Reply("test/echo", {"text": "selesai"})])
    assert await tg.runtime.outbox.drained(5)
    sent = tg.messages_to(USER)
    removed = [c for c in sent if c.params.get("reply_markup") == {"remove_keyboard": True}]
    assert len(removed) == 1


async def test_press_on_a_message_too_old_to_read_still_gets_answered(tg: Tg) -> None:
    update = {
        "update_id": 4242,
        "callback_query": {
            "id": "9001",
            "from": tg.api.user(USER),
            # Older than 48 hours: Telegram sends an InaccessibleMessage (date 0).
            "message": {"chat": tg.api.private_chat(USER), "message_id": 3, "date": 0},
            "chat_instance": "ci",
            "data": menu.BTN_HELP,
        },
    }
    await tg.feed(update)
    assert tg.calls("answerCallbackQuery")[-1].params["callback_query_id"] == "9001"
    [reply] = tg.messages_to(USER)
    assert reply.buttons
