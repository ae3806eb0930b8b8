"""`bpjstk-bot run`: the Telegram bot (long polling, or a webhook server when configured)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.commands.common import add_db_option, db_path, run
from bot.commands.text import cli_text
from bot.config import ConfigError, load_settings


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "run",
        help=cli_text("run.help"),
    )
    add_db_option(parser)
    parser.set_defaults(handler=handle)


def _fail(message: str, status: int) -> int:
    print(f"bpjstk-bot run: {message}", file=sys.stderr)
    return status


def handle(args: argparse.Namespace) -> int:
    # Imported here so other commands start without loading python-telegram-bot.
    from telegram.error import InvalidToken, TelegramError

    from bot.runtime import office_hours, quiet_hours, serve, staff_chat

    try:
        settings = load_settings()
        settings.require_channels()
        staff_chat(settings)
        quiet_hours(settings)
        office_hours(settings)
        return run(serve(settings, db_path(args)))
    except ConfigError as exc:
        return _fail(str(exc), 2)
    except InvalidToken:
        return _fail(cli_text("run.token_rejected"), 2)
    except TelegramError as exc:
        # Never print the URL: it contains the token.
        return _fail(cli_text("run.unreachable", kind=type(exc).__name__, error=exc), 1)
