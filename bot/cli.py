"""The `bpjstk-bot` command line: a thin layer over the library.

Each subcommand lives in `bot/commands/<name>.py` and exposes
`add_parser(subparsers)`, which registers its options and sets `handler`, a
function taking the parsed arguments and returning the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot.commands.text import cli_text
from bot.logging_setup import configure_logging

# Order here is the order `bpjstk-bot --help` lists them.
COMMAND_MODULES = (
    "bot.commands.chat",
    "bot.commands.ask",
    "bot.commands.faq",
    "bot.commands.iuran",
    "bot.commands.migrate",
    "bot.commands.leads",
    "bot.commands.stats",
    "bot.commands.audit",
    "bot.commands.broadcast",
    "bot.commands.outbox",
    "bot.commands.run",
)


class _Parser(argparse.ArgumentParser):
    """argparse that explains errors in one line and exits with status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, cli_text("cli.error", prog=self.prog, message=message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bpjstk-bot", description=cli_text("cli.description"))
    parser.add_argument("-v", "--verbose", action="store_true", help=cli_text("cli.verbose_help"))
    sub = parser.add_subparsers(dest="command", metavar=cli_text("cli.metavar_command"), parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(verbose=args.verbose)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
