"""The bot token never reaches the logs, even from PTB's debug lines or exception texts."""

from __future__ import annotations

import logging

from telegram import Bot

from bot.channels.telegram.redact import MASK, TokenRedactor

TOKEN = "123456:SECRET-token"


def test_token_is_masked_in_messages_and_exceptions() -> None:
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.addFilter(TokenRedactor(TOKEN))
    logger = logging.getLogger("telegram")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        Bot(TOKEN, base_url="http://127.0.0.1:9/bot")  # logs "Set Bot API URL: ...<token>" at DEBUG
        try:
            raise RuntimeError(f"GET http://x/bot{TOKEN}/getMe failed")
        except RuntimeError:
            logger.exception("request failed")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    text = "\n".join(records)
    assert "Set Bot API URL" in text and MASK in text
    assert TOKEN not in text
