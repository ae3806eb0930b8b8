"""`bpjstk-bot migrate`: bring the database schema up to date (idempotent)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.commands.common import add_db_option, db_path, run
from bot.paths import migrations_dir
from bot.storage.db import Database
from bot.storage.migrate import applied_versions, migrate


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("migrate", help="terapkan migrasi skema database")
    add_db_option(parser)
    parser.set_defaults(handler=handle)


async def _migrate(args: argparse.Namespace) -> int:
    path = db_path(args)
    db = await Database.open(path)
    try:
        applied = await migrate(db, migrations_dir())
        versions = await applied_versions(db)
    finally:
        await db.close()
    for migration in applied:
        print(f"diterapkan: {migration.path.name}")
    print(f"{path}: skema versi {max(versions, default=0)} ({len(applied)} migrasi baru)")
    return 0


def handle(args: argparse.Namespace) -> int:
    return run(_migrate(args))
