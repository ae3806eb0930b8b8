"""No NIK, phone number, name or token in the log at any level, DEBUG and third-party loggers included.

The capture is the real CLI set-up (`configure_logging(verbose=True)`): one handler on
the root logger at DEBUG, so whatever any library emits lands in it.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot

from bot.config import Secret, load_settings
from bot.log_redaction import MASK, RedactingFilter, register_secret
from bot.logging_setup import THIRD_PARTY_FLOORS, configure_logging
from tests.conftest import Harness
from tests.registration.helpers import NIK, register_employee
from tests.tgemu.botapi import BotApi
from tests.tgemu.inprocess import Tg, telegram_in_process
from tests.tgemu.server import Emulator

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

TOKEN = "987654:PRIVACY-test-token-0123456789abcdefghij"
USER = 4242
TELEGRAM_NAME = "Sulastri"
TYPED_NAME = "Wahyu Kurniawan"
PHONE_DIGITS = "81234567890"
PHONE_FORMATS = [
    "+62 812-3456-7890",
    "0812.3456.7890",
    "(0812) 3456 7890",
    "62 812 3456 7890",
    "０８１２３４５６７８９０",
]
NIK_FORMATS = ["3572 0157 0885 0004", "3572.0157.0885.0004", "３５７２０１５７０８８５０００４"]


@pytest.fixture
def log_capture() -> Iterator[io.StringIO]:
    """`bpjstk-bot -v`'s logging into a buffer; the previous logging state restored afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_levels = {name: logging.getLogger(name).level for name in THIRD_PARTY_FLOORS}
    buffer = io.StringIO()
    handler = configure_logging(verbose=True, stream=buffer)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        for h in root.handlers:
            for f in [f for f in h.filters if isinstance(f, RedactingFilter) and h not in saved_handlers]:
                h.removeFilter(f)
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)


def fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(str(d) if (d := unicodedata.decimal(c, None)) is not None else c for c in folded)


def shows_number(text: str, digits: str) -> bool:
    """The digits in order, whatever the width, with up to three non-digits between them."""
    return re.search(r"\D{0,3}".join(digits), fold(text)) is not None


def assert_nothing_personal(text: str, *names: str) -> None:
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert not shows_number(text, NIK), "NIK in the log"
    assert not shows_number(text, NIK[4:12]), "the hidden part of the NIK in the log"
    assert not shows_number(text, PHONE_DIGITS[2:9]), "a phone number in the log"
    for name in names:
        assert name not in text, f"{name!r} in the log"


# --- the filter and the levels ------------------------------------------------------


def test_filter_masks_secrets_token_shapes_numbers_and_exception_texts(log_capture: io.StringIO) -> None:
    register_secret("webhook-secret-xyz")
    logger = logging.getLogger("bot.test")
    unregistered = "1234567:AAFakeTokenShapeButLongEnough_abcdefgh"
    logger.warning("url https://api.telegram.org/bot%s/getMe and %s", unregistered, "webhook-secret-xyz")
    logger.info("nik %s, hp %s", NIK_FORMATS[0], PHONE_FORMATS[0])
    try:
        raise ValueError(f"bad input {PHONE_FORMATS[1]} for bot{unregistered}")
    except ValueError:
        logger.exception("failed")
    logger.error("broken %s %s", "only one argument")  # never raises, never leaks
    text = log_capture.getvalue()
    assert unregistered not in text and "webhook-secret-xyz" not in text and MASK in text
    assert "3572********0004" in text and "081*****90" in text and "+6281*****90" in text
    assert "Traceback" in text and "ValueError: bad input 081*****90" in text
    assert_nothing_personal(text)


def test_ptb_debug_lines_are_masked_when_they_do_get_through(log_capture: io.StringIO) -> None:
    """Defence in depth: even with the telegram logger forced to DEBUG, the token is masked."""
    logging.getLogger("telegram").setLevel(logging.DEBUG)
    Secret(TOKEN)  # settings register their secrets
    Bot(TOKEN, base_url="http://127.0.0.1:9/bot")  # "Set Bot API URL: ...<token>" at DEBUG
    text = log_capture.getvalue()
    assert "Set Bot API URL" in text and MASK in text
    assert_nothing_personal(text)


def test_third_party_loggers_stay_quiet_even_with_verbose(log_capture: io.StringIO) -> None:
    assert logging.getLogger("bot.core.engine").isEnabledFor(logging.DEBUG)
    for name in ("telegram.Bot", "telegram.ext.Application", "aiosqlite", "apscheduler.scheduler", "starlette"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
    for name in ("httpx", "httpcore.connection", "uvicorn.access"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    quiet = configure_logging(verbose=False, stream=io.StringIO())
    try:
        assert not logging.getLogger("telegram.ext.Application").isEnabledFor(logging.INFO)
    finally:
        logging.getLogger().removeHandler(quiet)


# --- a whole registration, through the engine and SQLite ----------------------------------


async def test_whole_registration_at_debug_leaves_nothing_personal_in_the_log(
    log_capture: io.StringIO, harness: Harness
) -> None:
    await harness.send("/start", user="u9")
    await register_employee(harness, user="u9", name=TYPED_NAME)
    for text in [*PHONE_FORMATS, *NIK_FORMATS]:
        await harness.send(f"tolong cek nomor {text} ya", user="u9")
    await harness.send("/datasaya", user="u9")
    assert_nothing_personal(log_capture.getvalue(), TYPED_NAME, *TYPED_NAME.split())


# --- a whole registration through the real PTB Application and httpx ---------------------


@dataclass
class Telegram:
    emulator: Emulator
    tg: Tg

    @property
    def api(self) -> BotApi:
        return self.emulator.api

    async def feed(self, update: dict[str, Any]) -> None:
        await self.tg.feed(update)

    async def say(self, text: str) -> None:
        await self.feed(self.api.user_message(USER, text, first_name=TELEGRAM_NAME))

    async def press(self, button: str) -> None:
        message = next(c for c in reversed(self.api.sent_to(USER)) if button in c.buttons)
        assert message.message_id is not None
        await self.feed(self.api.user_press(USER, message.message_id, button, first_name=TELEGRAM_NAME))


@pytest.fixture
async def telegram(tmp_path: Path) -> AsyncIterator[Telegram]:
    """A real PTB Bot with its real httpx transport, talking to the emulator on 127.0.0.1."""
    emulator = Emulator()
    await emulator.start()
    try:
        async with telegram_in_process(tmp_path / "bot.sqlite3", emulator=emulator, token=TOKEN) as tg:
            yield Telegram(emulator, tg)
    finally:
        await emulator.stop()


async def register_on_telegram(tg: Telegram) -> None:
    await tg.say("/start")
    await tg.say("daftar")
    await tg.press("reg:consent:yes")
    await tg.press("reg:role:employee")
    await tg.say(TYPED_NAME)
    await tg.say(NIK_FORMATS[0])
    await tg.say(PHONE_FORMATS[0])
    await tg.press("reg:area:kota_blitar")
    await tg.say("CV Maju Jaya")
    await tg.press("reg:employer_registered:yes")
    await tg.press("reg:contact_time:pagi")
    await tg.press("reg:summary:confirm")
    sent = "\n".join(c.text for c in tg.api.sent_to(USER))
    assert "Terima kasih" in sent or "terima kasih" in sent
    for text in [*PHONE_FORMATS[1:], *NIK_FORMATS[1:]]:
        await tg.say(f"nomor saya {text} sudah benar?")
    await tg.say("/datasaya")


async def test_whole_telegram_registration_at_debug_leaves_nothing_personal_in_the_log(
    log_capture: io.StringIO, telegram: Telegram
) -> None:
    await register_on_telegram(telegram)
    text = log_capture.getvalue()
    assert "telegram update" in text  # our own DEBUG lines are there: the capture works
    assert_nothing_personal(text, TELEGRAM_NAME, TYPED_NAME, *TYPED_NAME.split())


async def test_with_every_library_at_debug_numbers_and_token_are_still_masked(
    log_capture: io.StringIO, telegram: Telegram
) -> None:
    """Lift the floors: PTB dumps API calls and replies, httpx prints URLs with the token.

    The filter still masks the token, NIKs and phone numbers; names it cannot
    recognise, which is why those loggers are held at INFO/WARNING in production.
    """
    for name in THIRD_PARTY_FLOORS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    await register_on_telegram(telegram)
    text = log_capture.getvalue()
    assert "Calling Bot API endpoint `sendMessage`" in text  # PTB's DEBUG dump
    assert "HTTP Request: POST http://127.0.0.1" in text  # httpx's request line
    assert_nothing_personal(text)


def test_secret_variables_are_masked_once_settings_are_loaded(log_capture: io.StringIO) -> None:
    """WhatsApp credentials are masked even before a setting reads them."""
    token, app_secret = "EAAGm0PX4ZCpsBAtestaccesstoken123", "0123456789abcdef0123456789abcdef"
    load_settings(env={"WHATSAPP_ACCESS_TOKEN": token, "WHATSAPP_APP_SECRET": app_secret}, dotenv=None)
    logging.getLogger("bot.test").warning("graph call with %s signed by %s", token, app_secret)
    text = log_capture.getvalue()
    assert token not in text and app_secret not in text and text.count(MASK) == 2
