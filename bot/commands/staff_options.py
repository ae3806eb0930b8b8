"""Options shared by the staff CLI commands: lead filters, Jakarta days, the audit actor."""

from __future__ import annotations

import argparse
import getpass
from datetime import date

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
        raise argparse.ArgumentTypeError(f"tanggal harus YYYY-MM-DD, bukan {text!r}") from None


def status(text: str) -> str:
    code = parse_status(text)
    if code is None:
        raise argparse.ArgumentTypeError(f"status tidak dikenal {text!r}; pilih: {', '.join(status_words())}")
    return code


def area(text: str) -> str:
    code = AREAS.get(word_key(text))
    if code is None:
        raise argparse.ArgumentTypeError(f"wilayah tidak dikenal {text!r}; pilih: {', '.join(sorted(set(AREAS)))}")
    return code


def role(text: str) -> str:
    code = ROLES.get(word_key(text))
    if code is None:
        raise argparse.ArgumentTypeError(f"peran tidak dikenal {text!r}; pilih: pekerja, pemilik, mandiri")
    return code


def add_period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sejak", type=day, metavar="YYYY-MM-DD", help="dari tanggal ini (WIB)")
    parser.add_argument("--sampai", type=day, metavar="YYYY-MM-DD", help="sampai tanggal ini, termasuk (WIB)")


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", type=status, help="baru, dihubungi, terdaftar, tidak-jadi, tidak-bisa-dihubungi")
    parser.add_argument("--area", type=area, help="kota-blitar, kab-blitar, tulungagung, trenggalek, lainnya")
    parser.add_argument("--peran", type=role, help="pekerja, pemilik, mandiri")
    parser.add_argument("--sumber", help="kode kampanye (deep link poster)")
    add_period_options(parser)


class UsageProblem(ValueError):
    """Options that parse one by one but not together; the handler exits with status 2."""


def period_of(args: argparse.Namespace) -> Period:
    if args.sejak is not None and args.sampai is not None and args.sejak > args.sampai:
        raise UsageProblem("--sejak harus sebelum atau sama dengan --sampai")
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
    "exists": "file sudah ada: {path} (pakai --force untuk menimpanya)",
    "symlink": "menolak menulis lewat symlink: {path}",
    "not_a_file": "bukan file biasa: {path}",
}


def refusal(refused: UnsafeTarget) -> str:
    """Why an output file was not written, for staff."""
    return _REFUSALS[refused.reason].format(path=refused.path)
