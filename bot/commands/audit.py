"""`bpjstk-bot audit [--limit N]`: the staff audit log, newest first — who did what, when."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.commands.common import add_db_option, db_path, existing_db, positive_int, run
from bot.commands.text import cli_text
from bot.staff_tools import open_staff_tools


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("audit", help=cli_text("audit.help"))
    add_db_option(parser)
    parser.add_argument("--limit", type=positive_int, default=50, help=cli_text("common.limit_help", default=50))
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_audit(path, args.limit)) if existing_db(path) else 1


async def _audit(path: Path, limit: int) -> int:
    async with open_staff_tools(path) as tools:
        entries = await tools.store.audit_log(limit)
    for entry in entries:
        print("\t".join((entry.at, entry.actor, entry.action, entry.target or "-", entry.detail or "-")))
    return 0
