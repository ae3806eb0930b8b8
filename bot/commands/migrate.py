"""`bpjstk-bot migrate`: bring the database schema up to date (idempotent)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.commands.common import add_db_option, db_path, run
from bot.commands.text import cli_text
from bot.storage.stores import migrate_file


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("migrate", help=cli_text("migrate.help"))
    add_db_option(parser)
    parser.set_defaults(handler=handle)


async def _migrate(args: argparse.Namespace) -> int:
    path = db_path(args)
    applied, version = await migrate_file(path)
    for migration in applied:
        print(cli_text("migrate.applied", name=migration.path.name))
    print(cli_text("migrate.done", path=path, version=version, count=len(applied)))
    return 0


def handle(args: argparse.Namespace) -> int:
    return run(_migrate(args))
