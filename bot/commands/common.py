"""Helpers shared by subcommands: the --db option and running a coroutine."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from bot.config import load_settings


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="SQLite file (default: $BPJSTK_DB_PATH, else data/bpjstk.sqlite3)",
    )


def db_path(args: argparse.Namespace) -> Path:
    return args.db if getattr(args, "db", None) is not None else load_settings().db_path


def run(coro: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(coro)
