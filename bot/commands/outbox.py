"""`bpjstk-bot outbox`: what the bot sent, is sending, or gave up on.

outbox status                       messages by channel, kind and state
outbox list [--state failed] [--kind staff] [--limit N]
    newest first, with the reason of a failure (a staff group that refused, a person
    who blocked the bot); addresses masked, message contents never shown
outbox resume --channel whatsapp    lift the hold a spam/policy block put on outreach, once
    it is resolved with the platform (replies are never held)
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.commands.common import add_db_option, db_path, existing_db, positive_int, run
from bot.commands.text import cli_columns, cli_text
from bot.core.clock import WIB
from bot.core.outreach.model import PRIORITY, STATES
from bot.core.privacy import mask_personal_text
from bot.storage.outbox import SqliteOutbox
from bot.storage.outreach_holds import SqliteOutreachHolds
from bot.storage.stores import open_stores


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("outbox", help=cli_text("outbox.help"))
    actions = parser.add_subparsers(dest="outbox_action", metavar=cli_text("cli.metavar_action"))
    status = actions.add_parser("status", help=cli_text("outbox.status_help"))
    add_db_option(status)
    status.set_defaults(handler=handle_status)
    listing = actions.add_parser("list", help=cli_text("outbox.list_help"))
    add_db_option(listing)
    listing.add_argument("--state", choices=STATES)
    listing.add_argument("--kind", choices=sorted(PRIORITY))
    listing.add_argument("--limit", type=positive_int, default=20)
    listing.set_defaults(handler=handle_list)
    resume = actions.add_parser("resume", help=cli_text("outbox.resume_help"))
    add_db_option(resume)
    resume.add_argument("--channel", required=True, choices=("telegram", "whatsapp"))
    resume.set_defaults(handler=handle_resume)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=usage)


async def _status(path: Path) -> int:
    stores = await open_stores(path)
    try:
        totals = await SqliteOutbox(stores.db).totals()
        holds = await SqliteOutreachHolds(stores.db).active(time.time())
    finally:
        await stores.close()
    for hold in holds:
        until = datetime.fromtimestamp(hold.until, WIB).strftime("%Y-%m-%d %H:%M")
        print(cli_text("outbox.held", channel=hold.channel, until=until, reason=hold.reason))
    if not totals:
        print(cli_text("outbox.empty"))
        return 0
    print("\t".join(cli_columns("outbox.status_columns")))
    for (channel, kind, state), count in sorted(totals.items()):
        print(f"{channel}\t{kind}\t{state}\t{count}")
    return 0


async def _list(path: Path, state: str | None, kind: str | None, limit: int) -> int:
    stores = await open_stores(path)
    try:
        entries = await SqliteOutbox(stores.db).listing(state=state, kind=kind, limit=limit)
    finally:
        await stores.close()
    if not entries:
        print(cli_text("outbox.no_match"))
    for entry in entries:
        when = datetime.fromtimestamp(entry.created_at, WIB).strftime("%Y-%m-%d %H:%M")
        address = mask_personal_text(entry.address) if not entry.address.startswith("-") else entry.address
        extra = "  " + cli_text("outbox.broadcast", id=entry.broadcast_id) if entry.broadcast_id else ""
        reason = "  " + cli_text("outbox.failure", error=entry.error) if entry.error else ""
        attempts = cli_text("outbox.attempts", attempts=entry.attempts)
        recipient = cli_text("outbox.recipient", address=address)
        print(
            f"#{entry.id}\t{when}\t{entry.channel}\t{entry.kind}\t{entry.state}\t{attempts}\t{recipient}{extra}{reason}"
        )
    return 0


async def _resume(path: Path, channel: str) -> int:
    stores = await open_stores(path)
    try:
        lifted = await SqliteOutreachHolds(stores.db).lift(channel)
    finally:
        await stores.close()
    # The serving process re-reads holds at its next recovery round (within 30 s).
    print(cli_text("outbox.resumed" if lifted else "outbox.not_held", channel=channel))
    return 0


def handle_status(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_status(path)) if existing_db(path) else 1


def handle_list(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_list(path, args.state, args.kind, args.limit)) if existing_db(path) else 1


def handle_resume(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_resume(path, args.channel)) if existing_db(path) else 1
