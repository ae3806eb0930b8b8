"""End to end: the real `bpjstk-bot run` process against the Bot API emulator on 127.0.0.1.

A user types, presses buttons and reads replies; the emulator records every
API call and injects faults (429 with retry_after, 403). No real Telegram.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.core import choices as menu
from tests.tgemu.botapi import Call
from tests.tgemu.driver import TOKEN, BotProcess, User
from tests.tgemu.server import Emulator

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def bot(emulator: Emulator, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(emulator, tmp_path / "bot.sqlite3", tmp_path)
    await process.start()
    try:
        yield process
    finally:
        if process.proc is not None and process.proc.returncode is None:
            await process.kill()


def query(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql, params).fetchall()


async def test_start_then_menu_button(emulator: Emulator, bot: BotProcess) -> None:
    assert emulator.api.webhook == {}  # deleteWebhook before polling
    assert any(c.method == "deleteWebhook" for c in emulator.api.calls)
    [commands] = [c for c in emulator.api.calls if c.method == "setMyCommands"]
    assert len(commands.params["commands"]) == 9
    siti = User(emulator, 111)
    [welcome] = await siti.say("/start poster_blitar", expect=1)
    assert welcome.params["parse_mode"] == "HTML"
    assert welcome.buttons == [c.id for c in menu.main_menu()]
    [help_reply] = await siti.press(menu.BTN_HELP, expect=1)
    assert help_reply.buttons
    pressed = [c for c in emulator.api.calls if c.method in ("answerCallbackQuery", "editMessageReplyMarkup")]
    assert [c.method for c in pressed] == ["answerCallbackQuery", "editMessageReplyMarkup"]
    assert welcome.message_id is not None
    assert "reply_markup" not in emulator.api.messages[(111, welcome.message_id)]  # old buttons gone
    assert query(bot.db, "SELECT source FROM contacts") == [("poster_blitar",)]


async def test_a_question_gets_an_answer(emulator: Emulator, bot: BotProcess) -> None:
    # The FAQ arrives in a parallel branch: whatever it answers, an answer must come.
    replies = await User(emulator, 112).say("berapa iuran bpjs untuk pedagang?")
    assert replies and all(c.text for c in replies)


async def test_sigterm_shuts_down_gracefully(emulator: Emulator, bot: BotProcess) -> None:
    await User(emulator, 113).say("menu", expect=1)
    assert await bot.stop(signal.SIGTERM) == 0
    # PTB confirms the last offset on the way out, so nothing is fetched twice.
    last = [c for c in emulator.api.calls if c.method == "getUpdates"][-1]
    assert last.params.get("timeout") == 0
    assert emulator.api.updates == []


async def test_restart_mid_conversation_continues_on_the_same_database(emulator: Emulator, bot: BotProcess) -> None:
    siti = User(emulator, 114)
    await siti.say("/start", expect=1)
    answered = emulator.api.user_message(114, "bantuan")
    await emulator.wait_for(lambda: len(siti.inbox) == 2)
    await bot.kill()  # no graceful shutdown: like a crash or an OOM kill
    # Telegram redelivers an update it never saw confirmed: it must not be answered twice.
    emulator.api.updates.append(answered)
    await bot.start()
    [help_reply] = await siti.press(menu.BTN_HELP, expect=1)  # a button from before the restart still works
    assert help_reply.buttons
    await asyncio.sleep(0.5)
    assert len(siti.inbox) == 3
    assert query(bot.db, "SELECT COUNT(*) FROM contacts") == [(1,)]


async def test_retry_after_429_is_honoured(emulator: Emulator, bot: BotProcess) -> None:
    emulator.api.flood[116] = [1]
    replies = await User(emulator, 116).say("bantuan", expect=1)
    assert len(replies) == 1
    attempts = [c for c in emulator.api.calls if c.method == "sendMessage" and c.chat_id == 116]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.95


async def test_forbidden_403_marks_the_contact_unreachable(emulator: Emulator, bot: BotProcess) -> None:
    emulator.api.forbidden.add(117)
    emulator.api.user_message(117, "/start")
    await emulator.wait_for(lambda: query(bot.db, "SELECT reachable FROM contacts") == [(0,)])
    # Others are still served, and the blocked chat got exactly one attempt.
    assert await User(emulator, 118).say("menu", expect=1)
    attempts = [c for c in emulator.api.calls if c.method == "sendMessage" and c.chat_id == 117]
    assert [c.status for c in attempts] == [403]


async def test_verbose_logs_never_show_the_token_or_personal_data(emulator: Emulator, tmp_path: Path) -> None:
    process = BotProcess(emulator, tmp_path / "bot.sqlite3", tmp_path, verbose=True)
    await process.start()
    try:
        await User(emulator, 122, name="Sulastri").say("menu", expect=1)
        await User(emulator, 122, name="Sulastri").say("nik 3572 0157 0885 0004 hp +62 812-3456-7890")
    finally:
        assert await process.stop() == 0
    log = process.log()
    assert "telegram update" in log  # -v shows our own DEBUG lines
    assert "Set Bot API URL" not in log  # PTB's DEBUG lines (whole API calls) stay off even with -v
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "Sulastri" not in log and "0885" not in log and "3456" not in log


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_checks_the_secret(emulator: Emulator, tmp_path: Path) -> None:
    port = _free_port()
    env = {
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.id/telegram/hook",
        "TELEGRAM_WEBHOOK_SECRET": "s3cret-token",
        "BPJSTK_LISTEN_PORT": str(port),
    }
    process = BotProcess(emulator, tmp_path / "bot.sqlite3", tmp_path, env)
    await process.start(wait_for="setWebhook")
    try:
        await emulator.wait_for(lambda: emulator.api.webhook)  # the request arrived; now handled
        assert emulator.api.webhook["url"] == "https://bot.example.id/telegram/hook"
        assert emulator.api.webhook["secret_token"] == "s3cret-token"
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base) as client:
            for _ in range(100):  # the server starts right after setWebhook
                try:
                    health = await client.get("/healthz")
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.05)
            assert health.json() == {"status": "ok"}
            update = emulator.api.user_message(119, "bantuan")
            emulator.api.updates.clear()  # delivered by webhook, not by getUpdates
            assert (await client.post("/telegram/hook", json=update)).status_code == 403
            bad = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            assert (await client.post("/telegram/hook", json=update, headers=bad)).status_code == 403
            good = {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            assert (await client.post("/telegram/hook", json=update, headers=good)).status_code == 200
        await emulator.wait_for(lambda: emulator.api.sent_to(119))
        assert len(emulator.api.sent_to(119)) == 1
    finally:
        assert await process.stop() == 0


# --- flows built in parallel branches: run when they are registered -----------------------

ANSWERS = (
    (("nik",), "3505123456780001"),
    (("nama",), "Siti Aminah"),
    (("hp", "telepon", "whatsapp", "nomor"), "081234567890"),
    (("upah", "gaji", "penghasilan", "pendapatan", "rp"), "2500000"),
    (("umur", "usia", "lahir"), "35"),
    (("alamat", "desa", "kecamatan", "kota", "kabupaten", "domisili"), "Sananwetan, Kota Blitar"),
    (("pekerjaan", "usaha", "profesi"), "pedagang"),
    (("setuju", "ya/tidak", "bersedia"), "ya"),
)
SKIP_BUTTONS = {menu.BTN_CANCEL, menu.BTN_RESUME, menu.BTN_HUMAN, menu.BTN_MENU, menu.BTN_OPT_OUT}


def _answer_for(prompt: str) -> str:
    lowered = prompt.lower()
    for words, answer in ANSWERS:
        if any(word in lowered for word in words):
            return answer
    return "ya"


async def _step(user: User, last: Call, expect: int | None = None) -> list[Call]:
    markup = last.params.get("reply_markup") or {}
    if any(b.get("request_contact") for row in markup.get("keyboard", []) for b in row):
        return await user.share_contact("+6281234567890", expect=expect)
    choices = [b for b in last.buttons if b not in SKIP_BUTTONS and not b.endswith(":back")]  # no going back
    if choices:
        return await user.press(choices[0], expect=expect)
    return await user.say(_answer_for(last.text), expect=expect)


async def walk_flow(
    user: User, db: Path, opening: list[Call], max_steps: int = 25, expect: int | None = None
) -> list[Call]:
    """Answer every prompt like a cooperative user until the flow's state is cleared.

    `expect`: messages per answer when known; otherwise each answer is read until a lull.
    """
    transcript = list(opening)
    for _ in range(max_steps):
        if not query(db, "SELECT 1 FROM conversation_state"):
            return transcript
        transcript += await _step(user, transcript[-1], expect)
    raise AssertionError("flow did not finish:\n" + "\n---\n".join(c.text for c in transcript))


async def test_restart_mid_registration_continues(emulator: Emulator, bot: BotProcess, tmp_path: Path) -> None:
    user = User(emulator, 115)
    await user.say("/start", expect=1)
    await user.press(menu.BTN_REGISTER, expect=1)
    await user.press("reg:consent:yes", expect=1)
    await user.press("reg:role:employee", expect=1)
    await user.say("Siti Aminah", expect=1)
    assert query(bot.db, "SELECT step FROM conversation_state") == [("nik",)]
    await bot.kill()
    await bot.start()
    # After the restart the answer is taken at the same step: the NIK, then the phone question.
    replies = await user.say("3505124708900001", expect=2)  # the question, then the share-contact keyboard
    assert query(bot.db, "SELECT step FROM conversation_state") == [("phone",)]
    assert "HP" in replies[0].text


async def test_calculator_as_a_user(emulator: Emulator, bot: BotProcess) -> None:
    user = User(emulator, 120)
    await user.say("/start")
    opening = await user.press(menu.BTN_CALCULATOR)
    transcript = await walk_flow(user, bot.db, opening)
    assert any("Rp" in c.text for c in transcript)


async def test_registration_as_a_user(emulator: Emulator, bot: BotProcess) -> None:
    """A self-employed tailor registers: buttons, typed answers, a shared contact, the summary."""
    user = User(emulator, 121)
    await user.say("/start", expect=1)
    consent = await user.press(menu.BTN_REGISTER, expect=1)
    assert "UU 27/2022" in consent[-1].text
    await user.press("reg:consent:yes", expect=1)
    await user.press("reg:role:self_employed", expect=1)
    await user.say("Siti <b>Aminah</b>", expect=1)  # markup in a name is refused, not rendered
    await user.say("Siti Aminah", expect=1)
    wrong = await user.say("3505124708900000", expect=1)  # serial 0000 is not a valid NIK
    assert "3505124708900000" not in wrong[-1].text
    # The phone question has a KEMBALI button, so the share-contact keyboard comes in a second message.
    phone_prompt = await user.say("3505124708900001", expect=2)
    assert phone_prompt[0].buttons == ["reg:back"]
    markup = phone_prompt[-1].params.get("reply_markup") or {}
    assert any(b.get("request_contact") for row in markup.get("keyboard", []) for b in row)
    await user.share_contact("+6281234567890")
    await user.press("reg:area:kab_blitar", expect=1)
    await user.say("penjahit", expect=1)
    estimate = await user.say("2 juta", expect=1)
    assert "Rp" in estimate[-1].text
    await user.press("reg:programs:jkk_jkm_jht", expect=1)
    summary = await user.press("reg:contact_time:pagi", expect=1)
    assert "3505********0001" in summary[-1].text and "3505124708900001" not in summary[-1].text
    done = await user.press("reg:summary:confirm", expect=2)
    assert "BLT-" in done[0].text
    assert done[1].buttons == ["out:yes", "out:no"]  # then: may we send reminders?
    leads = query(bot.db, "SELECT role, name, nik, phone, area FROM leads")
    assert leads == [("self_employed", "Siti Aminah", "3505124708900001", "+6281234567890", "kab_blitar")]
    assert not query(bot.db, "SELECT 1 FROM conversation_state")


async def test_webhook_port_in_use_is_explained(emulator: Emulator, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.id/telegram/hook",
            "TELEGRAM_WEBHOOK_SECRET": "s3cret-token",
            "BPJSTK_LISTEN_PORT": str(port),
        }
        process = BotProcess(emulator, tmp_path / "bot.sqlite3", tmp_path, env)
        with pytest.raises(AssertionError, match="exited early"):
            await process.start(wait_for="setWebhook")
        assert process.proc is not None and process.proc.returncode == 2
        assert "BPJSTK_LISTEN_PORT" in process.log() and "Traceback" not in process.log()


# --- the walker and the restart check themselves, on a toy flow ----------------------------

TOYBOOT = Path(__file__).resolve().parent / "tgemu" / "toyboot"


@pytest.fixture
async def toybot(emulator: Emulator, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(emulator, tmp_path / "bot.sqlite3", tmp_path)
    process.env["PYTHONPATH"] = str(TOYBOOT) + os.pathsep + process.env["PYTHONPATH"]
    await process.start()
    try:
        yield process
    finally:
        if process.proc is not None and process.proc.returncode is None:
            await process.kill()


async def test_walker_finishes_a_toy_registration(emulator: Emulator, toybot: BotProcess) -> None:
    user = User(emulator, 130)
    await user.say("/start", expect=1)
    transcript = await walk_flow(user, toybot.db, await user.press(menu.BTN_REGISTER, expect=1), expect=1)
    assert transcript[-1].text == "Terima kasih, Siti Aminah."
    contact_keyboard = [c for c in transcript if "keyboard" in (c.params.get("reply_markup") or {})]
    assert contact_keyboard, "the phone step offers the contact button"


async def test_restart_mid_toy_registration(emulator: Emulator, toybot: BotProcess) -> None:
    user = User(emulator, 131)
    await user.say("/start", expect=1)
    first = await user.press(menu.BTN_REGISTER, expect=1)
    replies = await _step(user, first[-1], expect=1)
    assert query(toybot.db, "SELECT step FROM conversation_state") == [("phone",)]
    await toybot.kill()
    await toybot.start()
    replies += await _step(user, replies[-1], expect=1)
    assert query(toybot.db, "SELECT step FROM conversation_state") == [("consent",)]
    assert replies[-1].buttons[0] == "reg:ya"
