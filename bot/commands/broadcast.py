"""`bpjstk-bot broadcast`: staff outreach to a segment, from SQLite, sent by the running bot.

    broadcast create (--pesan FILE | --template KEY) [--segmen area=..,peran=..,sumber=..,status=..]
                     [--kanal telegram|whatsapp|semua] [--jadwal "YYYY-MM-DD HH:MM"]
        prints the audience per channel and the message as each channel shows it; sends nothing
    broadcast send ID [--jadwal "YYYY-MM-DD HH:MM"]   start it now (or at that time, WIB)
    broadcast list [--limit N]
    broadcast status ID [--follow]                    rows by state; --follow redraws until done
    broadcast cancel ID                               what is not sent yet is skipped

Only people who said yes to reminders and information, who did not say BERHENTI and
can be reached get it, once each, on the channel they last used; nothing goes out in
quiet hours. `bpjstk-bot run` does the sending. Every action is in the staff audit log.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.commands.common import add_db_option, db_path, existing_db, positive_int, run
from bot.commands.staff_options import cli_actor
from bot.commands.text import cli_names, cli_text
from bot.config import ConfigError, load_settings
from bot.core.clock import WIB
from bot.core.outreach.segments import SegmentError, parse_segment
from bot.outreach.broadcasts import CHANNEL_CHOICES, TEMPLATES, BroadcastError, Preview
from bot.outreach.quiet import QuietHours, QuietHoursError
from bot.outreach.tools import OutreachTools, open_outreach_tools

FOLLOW_EVERY_SECONDS = 1.0
BAR_WIDTH = 30


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("broadcast", help=cli_text("broadcast.help"))
    actions = parser.add_subparsers(dest="broadcast_action", metavar=cli_text("cli.metavar_action"))
    create = actions.add_parser("create", help=cli_text("broadcast.create_help"))
    add_db_option(create)
    what = create.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--pesan", type=Path, metavar=cli_text("cli.metavar_file"), help=cli_text("broadcast.message_help")
    )
    what.add_argument("--template", choices=sorted(TEMPLATES), help=cli_text("broadcast.template_help"))
    create.add_argument("--segmen", default="", help=cli_text("broadcast.segment_help"))
    create.add_argument("--kanal", choices=CHANNEL_CHOICES, default="semua")
    create.add_argument("--jadwal", metavar='"YYYY-MM-DD HH:MM"', help=cli_text("broadcast.schedule_help"))
    create.set_defaults(handler=handle_create)
    send = actions.add_parser("send", help=cli_text("broadcast.send_help"))
    add_db_option(send)
    send.add_argument("id", type=positive_int)
    send.add_argument("--jadwal", metavar='"YYYY-MM-DD HH:MM"')
    send.set_defaults(handler=handle_send)
    listing = actions.add_parser("list", help=cli_text("broadcast.list_help"))
    add_db_option(listing)
    listing.add_argument("--limit", type=positive_int, default=20)
    listing.set_defaults(handler=handle_list)
    status = actions.add_parser("status", help=cli_text("broadcast.status_help"))
    add_db_option(status)
    status.add_argument("id", type=positive_int)
    status.add_argument("--follow", action="store_true", help=cli_text("broadcast.follow_help"))
    status.set_defaults(handler=handle_status)
    cancel = actions.add_parser("cancel", help=cli_text("broadcast.cancel_help"))
    add_db_option(cancel)
    cancel.add_argument("id", type=positive_int)
    cancel.set_defaults(handler=handle_cancel)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=usage)


def _fail(message: str, status: int = 2) -> int:
    print(f"bpjstk-bot broadcast: {message}", file=sys.stderr)
    return status


def _state(state: str) -> str:
    """A broadcast's state in words (the code itself when there are none)."""
    return cli_names("broadcast.states").get(state, state)


def parse_when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise BroadcastError(cli_text("broadcast.bad_schedule", text=text)) from None
    return moment.replace(tzinfo=WIB)


def _quiet() -> QuietHours:
    try:
        return QuietHours.parse(load_settings().quiet_hours)
    except (ConfigError, QuietHoursError):
        return QuietHours()


def _with_tools(args: argparse.Namespace, action: Any) -> int:
    path = db_path(args)
    if not existing_db(path):
        return 1

    async def go() -> int:
        async with open_outreach_tools(path, _quiet()) as tools:
            return int(await action(tools))

    try:
        return run(go())
    except (BroadcastError, SegmentError) as exc:
        return _fail(str(exc))


def print_preview(preview: Preview) -> None:
    record = preview.record
    when = (
        datetime.fromtimestamp(record.scheduled_at, WIB).strftime("%Y-%m-%d %H:%M WIB")
        if record.scheduled_at
        else cli_text("broadcast.not_scheduled")
    )
    print(cli_text("broadcast.preview_title", id=record.id, state=_state(record.state), when=when))
    print(cli_text("broadcast.preview_segment", segment=record.segment.to_json()))
    total = sum(preview.audience.values())
    parts = ", ".join(f"{channel} {count}" for channel, count in preview.audience.items())
    print(cli_text("broadcast.preview_audience", total=total, parts=parts))
    for channel, text in preview.texts.items():
        print(f"\n--- {channel} ---\n{text}")
    if preview.whatsapp_template is not None:
        print(f"\n--- {cli_text('broadcast.preview_template')} ---\n{preview.whatsapp_template}")


def handle_create(args: argparse.Namespace) -> int:
    try:
        segment = parse_segment(args.segmen)
        at = parse_when(args.jadwal)
        text = args.pesan.read_text(encoding="utf-8") if args.pesan is not None else None
    except (SegmentError, BroadcastError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(cli_text("broadcast.unreadable", path=args.pesan, reason=exc.strerror or exc))

    async def create(tools: OutreachTools) -> int:
        preview = await tools.broadcasts.create(
            cli_actor(), text=text, template=args.template, segment=segment, channels=args.kanal, at=at
        )
        await tools.staff.audit(cli_actor(), "broadcast_create", f"#{preview.record.id}", args.kanal, tools.clock.now())
        print_preview(preview)
        print()
        print(cli_text("broadcast.created", id=preview.record.id))
        return 0

    return _with_tools(args, create)


def handle_send(args: argparse.Namespace) -> int:
    async def send(tools: OutreachTools) -> int:
        record = await tools.broadcasts.send(args.id, parse_when(args.jadwal))
        await tools.staff.audit(cli_actor(), "broadcast_send", f"#{record.id}", "", tools.clock.now())
        when = datetime.fromtimestamp(record.scheduled_at or 0, WIB).strftime("%Y-%m-%d %H:%M WIB")
        print(cli_text("broadcast.scheduled", id=record.id, when=when))
        return 0

    return _with_tools(args, send)


def handle_list(args: argparse.Namespace) -> int:
    async def listing(tools: OutreachTools) -> int:
        records = await tools.broadcasts.recent(args.limit)
        if not records:
            print(cli_text("broadcast.none"))
        for record in records:
            what = (
                cli_text("broadcast.list_template", key=record.template_key)
                if record.template_key
                else (record.body or "")[:50]
            )
            print(f"#{record.id}\t{record.created_at[:16]}\t{_state(record.state)}\t{record.channels}\t{what}")
        return 0

    return _with_tools(args, listing)


def progress_line(counts: dict[str, int]) -> str:
    total = sum(n for state, n in counts.items() if not state.startswith("report:"))
    finished = sum(counts.get(state, 0) for state in ("sent", "failed", "skipped", "unknown"))
    filled = round(BAR_WIDTH * finished / total) if total else BAR_WIDTH
    states = ", ".join(f"{state} {n}" for state, n in sorted(counts.items()))
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {finished}/{total}  {states}"


def handle_status(args: argparse.Namespace) -> int:
    async def status(tools: OutreachTools) -> int:
        while True:
            record, counts = await tools.broadcasts.status(args.id)
            line = f"#{record.id} {_state(record.state)}  {progress_line(counts)}"
            if record.error:
                line += f"  ({record.error})"
            end = "\r" if args.follow and record.state in ("scheduled", "sending") else "\n"
            print(line, end=end, flush=True)
            if end == "\n":
                return 0
            await asyncio.sleep(FOLLOW_EVERY_SECONDS)

    return _with_tools(args, status)


def handle_cancel(args: argparse.Namespace) -> int:
    async def cancel(tools: OutreachTools) -> int:
        if not await tools.broadcasts.cancel(args.id):
            return _fail(cli_text("broadcast.cannot_cancel", id=args.id), 1)
        await tools.staff.audit(cli_actor(), "broadcast_cancel", f"#{args.id}", "", tools.clock.now())
        print(cli_text("broadcast.cancelled", id=args.id))
        return 0

    return _with_tools(args, cancel)
