"""Options shared by the staff CLI commands: lead filters, Jakarta days, the audit actor."""

from __future__ import annotations

import argparse
import getpass
from datetime import date

from bot.commands.text import cli_text
from bot.core.staff.period import Period
from bot.core.staff.ports import LeadFilter
from bot.core.staff.statuses import parse_status, status_words
from bot.core.staff.words import AREAS, ROLES, word_key
from bot.exports.files import UnsafeTarget


def day(text: str) -> date:
    """argparse type for --sejak/--sampai: a YYYY-MM-DD day (Asia/Jakarta)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(cli_text("staff_options.bad_day", text=text)) from None


def status(text: str) -> str:
    code = parse_status(text)
    if code is None:
        raise argparse.ArgumentTypeError(
            cli_text("staff_options.unknown_status", text=text, choices=", ".join(status_words()))
        )
    return code


def area(text: str) -> str:
    code = AREAS.get(word_key(text))
    if code is None:
        raise argparse.ArgumentTypeError(
            cli_text("staff_options.unknown_area", text=text, choices=", ".join(sorted(set(AREAS))))
        )
    return code


def role(text: str) -> str:
    code = ROLES.get(word_key(text))
    if code is None:
        raise argparse.ArgumentTypeError(cli_text("staff_options.unknown_role", text=text))
    return code


def add_period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sejak", type=day, metavar="YYYY-MM-DD", help=cli_text("staff_options.since_help"))
    parser.add_argument("--sampai", type=day, metavar="YYYY-MM-DD", help=cli_text("staff_options.until_help"))


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", type=status, help=cli_text("staff_options.status_help"))
    parser.add_argument("--area", type=area, help=cli_text("staff_options.area_help"))
    parser.add_argument("--peran", type=role, help=cli_text("staff_options.role_help"))
    parser.add_argument("--sumber", help=cli_text("staff_options.source_help"))
    add_period_options(parser)


class UsageProblem(ValueError):
    """Options that parse one by one but not together; the handler exits with status 2."""


def period_of(args: argparse.Namespace) -> Period:
    if args.sejak is not None and args.sampai is not None and args.sejak > args.sampai:
        raise UsageProblem(cli_text("staff_options.period_order"))
    return Period(args.sejak, args.sampai)


def filters_of(args: argparse.Namespace) -> LeadFilter:
    return LeadFilter(status=args.status, area=args.area, role=args.peran, source=args.sumber, period=period_of(args))


def cli_actor() -> str:
    """The audit name of whoever runs the CLI: 'cli:<login name>'."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name in this environment (containers)
        return "cli:unknown"


_REFUSALS = {
    "exists": "staff_options.refused_exists",
    "symlink": "staff_options.refused_symlink",
    "not_a_file": "staff_options.refused_not_a_file",
}


def refusal(refused: UnsafeTarget) -> str:
    """Why an output file was not written, for staff."""
    return cli_text(_REFUSALS[refused.reason], path=refused.path)
