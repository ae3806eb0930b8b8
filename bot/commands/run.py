"""`bpjstk-bot run`: the Telegram bot (long polling, or a webhook server when configured)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.commands.common import add_db_option, db_path, run
from bot.config import ConfigError, load_settings


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("run", help="jalankan bot Telegram (butuh TELEGRAM_BOT_TOKEN)")
    add_db_option(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        settings.require_telegram()
    except ConfigError as exc:
        print(f"bpjstk-bot run: {exc}", file=sys.stderr)
        return 2
    # Imported here so other commands start without loading python-telegram-bot.
    from bot.channels.telegram.runtime import serve

    try:
        return run(serve(settings, db_path(args)))
    except ConfigError as exc:
        print(f"bpjstk-bot run: {exc}", file=sys.stderr)
        return 2
