"""`bpjstk-bot chat`: talk to the bot in the terminal."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.app import build_app
from bot.channels.console import ConsoleChat
from bot.commands.common import add_date_option, add_db_option, clock_for, run
from bot.commands.text import cli_text
from bot.config import ConfigError, load_settings
from bot.storage.retention import RetentionPolicy, retention_job


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("chat", help=cli_text("chat.help"))
    add_db_option(parser)
    parser.add_argument("--user", default="terminal", help=cli_text("chat.user_help"))
    add_date_option(parser)
    parser.set_defaults(handler=handle)


def _read_line() -> str | None:
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


async def _chat(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"bpjstk-bot chat: {exc}", file=sys.stderr)
        return 2
    app = await build_app(
        args.db if args.db is not None else settings.db_path,
        clock=clock_for(args),
        staff_ids=settings.staff_ids,
        monthly_day=settings.bpu_reminder_day,
    )
    try:
        await retention_job(app.db, app.clock, RetentionPolicy.from_settings(settings))
        chat = ConsoleChat(app.engine, app.renderer, app.clock, address=args.user)
        await chat.run(_read_line, interactive=sys.stdin.isatty())
    finally:
        await app.close()
    return 0


def handle(args: argparse.Namespace) -> int:
    return run(_chat(args))
