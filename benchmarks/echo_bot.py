"""The baseline for `telegram_load.py`: a minimal python-telegram-bot echo bot.

Reads TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL like `bpjstk-bot run`, long
polls, and echoes every text message. Concurrent update processing is on (as
in `bpjstk-bot run`), so the comparison is about what our bot does per message.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None and update.message.text:
        await update.message.reply_text(update.message.text)


def main() -> None:
    base = os.environ.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot").rstrip("/")
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(base)
        .concurrent_updates(256)
        .connection_pool_size(64)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(timeout=10, allowed_updates=["message", "callback_query"])


if __name__ == "__main__":
    main()
