"""Helpers shared by subcommands: the --db option and running a coroutine."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from bot.commands.text import cli_text
from bot.config import load_settings
from bot.core.clock import Clock, DatedClock, SystemClock


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=cli_text("common.db_help"),
    )


def db_path(args: argparse.Namespace) -> Path:
    return args.db if getattr(args, "db", None) is not None else load_settings().db_path


def existing_db(path: Path) -> bool:
    """Staff commands read an existing database; say so plainly when it is not there."""
    if path.exists():
        return True
    print(cli_text("common.db_missing", path=path), file=sys.stderr)
    return False


def add_date_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--tanggal",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=cli_text("common.date_help"),
    )


def clock_for(args: argparse.Namespace) -> Clock:
    """The system clock, or one moved to --tanggal when it is given."""
    day: date | None = getattr(args, "tanggal", None)
    return DatedClock(day) if day is not None else SystemClock()


def iso_date(text: str) -> date:
    """argparse type for --tanggal: an ISO date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(cli_text("common.bad_date", text=text)) from None


def positive_int(text: str) -> int:
    """argparse type for counts such as --limit: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(cli_text("common.not_whole_number", text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(cli_text("common.below_one", text=text))
    return value


def run(coro: Coroutine[Any, Any, int]) -> int:
    return asyncio.run(coro)
