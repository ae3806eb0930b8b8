"""`bpjstk-bot migrate`: bring the database schema up to date (idempotent)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.commands.common import add_db_option, db_path, run
from bot.storage.stores import migrate_file


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("migrate", help="terapkan migrasi skema database")
    add_db_option(parser)
    parser.set_defaults(handler=handle)


async def _migrate(args: argparse.Namespace) -> int:
    path = db_path(args)
    applied, version = await migrate_file(path)
    for migration in applied:
        print(f"diterapkan: {migration.path.name}")
    print(f"{path}: skema versi {version} ({len(applied)} migrasi baru)")
    return 0


def handle(args: argparse.Namespace) -> int:
    return run(_migrate(args))
