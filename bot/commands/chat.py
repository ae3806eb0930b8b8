"""`bpjstk-bot chat`: talk to the bot in the terminal."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.app import build_app
from bot.channels.console import ConsoleChat
from bot.commands.common import add_db_option, db_path, run
from bot.config import load_settings


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("chat", help="ngobrol dengan bot di terminal (tanpa token, tanpa internet)")
    add_db_option(parser)
    parser.add_argument("--user", default="terminal", help="nama pengguna percakapan (default: terminal)")
    parser.set_defaults(handler=handle)


def _read_line() -> str | None:
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


async def _chat(args: argparse.Namespace) -> int:
    app = await build_app(db_path(args), staff_ids=load_settings().staff_ids)
    try:
        chat = ConsoleChat(app.engine, app.renderer, app.clock, address=args.user)
        await chat.run(_read_line, interactive=sys.stdin.isatty())
    finally:
        await app.close()
    return 0


def handle(args: argparse.Namespace) -> int:
    return run(_chat(args))
