"""The Telegram channel in-process: a real PTB Bot with a fake BaseRequest, the real
inbox worker, outbox and sender over a temporary SQLite file.

Updates are real Bot API shapes, stored and handled as polling would; assertions
read the recorded API calls (method, chat, parse mode, keyboards).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram import Update

from bot.channels.http import build_web_app
from bot.channels.inbox import InboxWorker
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.inbound import BotIdentity, route
from bot.channels.telegram.webhook import telegram_webhook_route
from bot.core import choices as menu
from bot.core.models import Choice, Reply
from bot.outreach.compose import Composer
from bot.outreach.events import OutreachEvents
from bot.outreach.sender import Sender
from bot.outreach.staff_notify import StaffDestination, StaffNotifier
from bot.paths import messages_dir
from bot.render.templates import Renderer
from bot.storage.audience import SqliteAudience
from bot.storage.broadcasts import SqliteBroadcasts
from tests.conftest import START
from tests.tgemu.botapi import BOT_ID, BOT_USERNAME, BotApi
from tests.tgemu.inprocess import Tg, telegram_in_process

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

USER = 111
STAFF_GROUP = -100500
TEST_TEMPLATES = {"test/echo.j2": "Anda menulis: *{{ text }}*"}


@pytest.fixture
async def tg(tmp_path: Path) -> AsyncIterator[Tg]:
    async with telegram_in_process(tmp_path / "bot.sqlite3", staff_chat_id=STAFF_GROUP) as harness:
        harness.app.renderer = Renderer(messages_dir(), extra_templates=TEST_TEMPLATES)
        harness.channel = TelegramChannel(harness.app.renderer, harness.bot, harness.channel.me, STAFF_GROUP)
        harness.worker = InboxWorker(
            harness.channel, harness.inbox, harness.app.engine, harness.app.store, harness.outbox, harness.app.clock
        )
        harness.sender = Sender(
            harness.channel,
            harness.outbox,
            settings=harness.sender.settings,
            events=OutreachEvents(harness.app.store, SqliteBroadcasts(harness.app.db), harness.app.clock),
        )
        yield harness


async def test_start_with_deep_link_replies_in_html_with_the_main_menu(tg: Tg) -> None:
    await tg.feed(tg.api.user_message(USER, "/start poster_blitar"))
    [sent] = tg.messages_to(USER)
    assert sent.params["parse_mode"] == "HTML"
    assert "<b>BPJS Ketenagakerjaan" in sent.text
    assert sent.buttons == [c.id for c in menu.main_menu()]
    contact = await tg.app.store.get_contact_by_address("telegram", str(USER))
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
    update = tg.api.user_message(USER, "bantuan")
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


PHOTO = [{"file_id": "f1", "file_unique_id": "u1", "width": 90, "height": 90}]
VOICE = {"file_id": "f2", "file_unique_id": "u2", "duration": 3}


async def test_a_photo_is_named_and_warned_about_and_a_voice_note_is_named(tg: Tg) -> None:
    await tg.feed(tg.api.user_media(USER, "photo", PHOTO))
    photo_reply = tg.messages_to(USER)[-1].params["text"]
    assert "membaca foto" in photo_reply and "jangan mengirim foto KTP" in photo_reply
    await tg.feed(tg.api.user_media(USER, "voice", VOICE))
    voice_reply = tg.messages_to(USER)[-1].params["text"]
    assert "membaca pesan suara" in voice_reply and "KTP" not in voice_reply


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
    await tg.send_replies(USER, [Reply("test/echo", {"text": "<script>alert('x')</script> & *b*"})])
    [sent] = tg.messages_to(USER)
    assert sent.text == "Anda menulis: <b>&lt;script&gt;alert('x')&lt;/script&gt; &amp; *b*</b>"


async def test_long_text_is_split_under_4096_with_the_keyboard_last(tg: Tg) -> None:
    text = "\n".join(f"Baris {n}: " + "iuran JHT & JKK " * 12 for n in range(60))
    reply = Reply("test/echo", {"text": text}, choices=menu.main_menu())
    await tg.send_replies(USER, [reply])
    sent = tg.messages_to(USER)
    assert len(sent) >= 3
    assert all(len(c.text) <= 4096 for c in sent)
    assert all(c.text.count("<b>") == c.text.count("</b>") for c in sent)
    assert [bool(c.buttons) for c in sent] == [False] * (len(sent) - 1) + [True]
    joined = "\n".join(c.text for c in sent)
    assert joined.count("iuran JHT &amp; JKK") == 60 * 12


async def test_request_contact_uses_a_contact_keyboard(tg: Tg) -> None:
    await tg.send_replies(USER, [Reply("test/echo", {"text": "nomor?"}, request_contact=True)])
    await tg.send_replies(
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
    await tg.send_replies(USER, [Reply("test/echo", {"text": "terima kasih"})])
    first, second, hint, last = tg.messages_to(USER)
    button = first.params["reply_markup"]["keyboard"][0][0]
    assert button["request_contact"] is True and first.params["reply_markup"]["one_time_keyboard"] is True
    assert second.buttons == [menu.BTN_CANCEL]
    assert hint.params["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    assert last.params["reply_markup"] == {"remove_keyboard": True}


async def test_rendering_errors_still_give_the_user_a_reply(tg: Tg) -> None:
    await tg.send_replies(USER, [Reply("no/such_template")])
    [sent] = tg.messages_to(USER)
    assert "kendala" in sent.text and sent.buttons


async def test_forbidden_marks_the_contact_unreachable_and_skips_what_is_queued(tg: Tg) -> None:
    tg.api.forbidden.add(USER)
    await tg.send_replies(USER, [Reply("core/menu"), Reply("core/help"), Reply("core/menu")])
    contact_id = (await tg.app.store.contact_for("telegram", str(USER))).id
    await tg.feed(tg.api.user_message(USER, "/start"))
    contact = await tg.app.store.get_contact(contact_id)
    assert contact is not None and contact.reachable is False
    attempts = [c for c in tg.calls("sendMessage") if c.chat_id == USER]
    assert [c.status for c in attempts] == [403, 403]  # the first of each batch; the rest skipped
    counts = await tg.outbox.counts(channel="telegram")
    assert counts.get("queued", 0) == 0 and counts["skipped"] >= 2 and counts["failed"] == 2


async def test_retry_after_is_waited_then_the_message_delivered(tg: Tg) -> None:
    tg.api.flood[USER] = [1]
    await tg.feed(tg.api.user_message(USER, "bantuan"))
    attempts = [c for c in tg.calls("sendMessage") if c.chat_id == USER]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.95  # Telegram's retry_after was honoured


async def test_webhook_checks_the_secret_token_and_queues_updates(tg: Tg) -> None:
    stored: list[tuple[str | None, bytes]] = []

    async def store(key: str | None, body: bytes) -> None:
        stored.append((key, body))

    web = build_web_app([telegram_webhook_route("/tg/hook", "s3cret", store)])
    update = tg.api.user_message(USER, "menu")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bot") as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.post("/tg/hook", json=update)).status_code == 403
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
        assert (await client.post("/tg/hook", json=update, headers=wrong)).status_code == 403
        right = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        assert (await client.post("/tg/hook", json=update, headers=right)).status_code == 200
    [(key, body)] = stored
    assert key == str(update["update_id"]) and Update.de_json(json.loads(body), None).update_id == update["update_id"]


async def test_staff_notifications_go_to_the_staff_group_once(tg: Tg) -> None:
    """Each notification is rendered with its `kind` as the message key and its payload as context."""
    app = tg.app
    tg.channel = TelegramChannel(
        Renderer(messages_dir(), extra_templates={**TEST_TEMPLATES, "test/staff_note.j2": "Calon: *{{ name }}*"}),
        tg.bot,
        tg.channel.me,
        STAFF_GROUP,
    )
    tg.sender = Sender(tg.channel, tg.outbox, settings=tg.sender.settings)
    notifier = StaffNotifier(
        app.store, tg.outbox, SqliteAudience(app.db), [StaffDestination("telegram", str(STAFF_GROUP))], app.clock
    )
    composer = Composer({"telegram": tg.channel}, {})
    await app.store.notify_staff("test/staff_note", {"name": "Siti <Aminah>"}, START)
    assert await notifier.queue(composer) == 1
    assert await notifier.queue(composer) == 0  # queued once, even before it is sent
    await tg.flush()
    [sent] = tg.messages_to(STAFF_GROUP)
    assert sent.text == "Calon: <b>Siti &lt;Aminah&gt;</b>"
    assert (await tg.outbox.counts(channel="telegram"))["sent"] == 1


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
    store = tg.app.store
    await tg.feed(membership(tg.api, USER, "member", "kicked"))
    contact = await store.get_contact_by_address("telegram", str(USER))
    assert contact is not None and contact.reachable is False
    await tg.feed(membership(tg.api, USER, "kicked", "member"))
    contact = await store.get_contact_by_address("telegram", str(USER))
    assert contact is not None and contact.reachable is True


async def test_a_person_found_unreachable_by_a_send_is_reachable_again_when_they_write(tg: Tg) -> None:
    await tg.feed(tg.api.user_message(USER, "halo"))
    tg.api.forbidden.add(USER)  # blocked us, without a membership update
    await tg.feed(tg.api.user_message(USER, "menu"))  # the reply fails with 403
    contact = await tg.app.store.get_contact_by_address("telegram", str(USER))
    assert contact is not None and contact.reachable is False
    tg.api.forbidden.discard(USER)
    await tg.feed(tg.api.user_message(USER, "menu"))  # same process: writing again unblocks
    contact = await tg.app.store.get_contact_by_address("telegram", str(USER))
    assert contact is not None and contact.reachable is True


async def test_contact_keyboard_is_removed_after_the_number_is_shared(tg: Tg) -> None:
    await tg.send_replies(USER, [Reply("test/echo", {"text": "nomor?"}, request_contact=True)])
    await tg.feed(tg.api.user_contact(USER, "+6281234567890"))
    await tg.send_replies(USER, [Reply("test/echo", {"text": "selesai"})])
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
