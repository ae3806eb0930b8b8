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
from bot.config import ConfigError, load_settings
from bot.core.clock import WIB
from bot.core.outreach.segments import SegmentError, parse_segment
from bot.outreach.broadcasts import CHANNEL_CHOICES, TEMPLATES, BroadcastError, Preview
from bot.outreach.quiet import QuietHours, QuietHoursError
from bot.outreach.tools import OutreachTools, open_outreach_tools

FOLLOW_EVERY_SECONDS = 1.0
BAR_WIDTH = 30
STATE_WORDS = {
    "draft": "draf (belum dikirim)",
    "scheduled": "terjadwal",
    "sending": "sedang dikirim",
    "done": "selesai",
    "cancelled": "dibatalkan",
    "failed": "gagal",
}


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("broadcast", help="siaran ke segmen warga (dikirim oleh `run`)")
    actions = parser.add_subparsers(dest="broadcast_action", metavar="AKSI")
    create = actions.add_parser("create", help="buat siaran dan lihat pratinjaunya (belum dikirim)")
    add_db_option(create)
    what = create.add_mutually_exclusive_group(required=True)
    what.add_argument("--pesan", type=Path, metavar="FILE", help="file teks berisi pesan (paling banyak 900 huruf)")
    what.add_argument("--template", choices=sorted(TEMPLATES), help="pesan siap pakai dengan angka dari parameter")
    create.add_argument("--segmen", default="", help="mis. area=tulungagung,peran=mandiri (kosong: semua)")
    create.add_argument("--kanal", choices=CHANNEL_CHOICES, default="semua")
    create.add_argument("--jadwal", metavar='"YYYY-MM-DD HH:MM"', help="waktu kirim (WIB)")
    create.set_defaults(handler=handle_create)
    send = actions.add_parser("send", help="kirim siaran (sekarang atau pada --jadwal)")
    add_db_option(send)
    send.add_argument("id", type=positive_int)
    send.add_argument("--jadwal", metavar='"YYYY-MM-DD HH:MM"')
    send.set_defaults(handler=handle_send)
    listing = actions.add_parser("list", help="siaran terbaru")
    add_db_option(listing)
    listing.add_argument("--limit", type=positive_int, default=20)
    listing.set_defaults(handler=handle_list)
    status = actions.add_parser("status", help="jumlah pesan per keadaan")
    add_db_option(status)
    status.add_argument("id", type=positive_int)
    status.add_argument("--follow", action="store_true", help="perbarui terus sampai selesai (Ctrl-C berhenti)")
    status.set_defaults(handler=handle_status)
    cancel = actions.add_parser("cancel", help="batalkan: yang belum terkirim tidak dikirim")
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


def parse_when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise BroadcastError(f'jadwal harus seperti "2026-12-05 09:00" (WIB), bukan {text!r}') from None
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
        else "belum dijadwalkan"
    )
    print(f"Siaran #{record.id} — {STATE_WORDS.get(record.state, record.state)}, {when}")
    print(f"Segmen: {record.segment.to_json()}")
    total = sum(preview.audience.values())
    parts = ", ".join(f"{channel} {count}" for channel, count in preview.audience.items())
    print(f"Penerima: {total} orang ({parts}) — yang setuju menerima informasi, tidak BERHENTI, dapat dihubungi")
    for channel, text in preview.texts.items():
        print(f"\n--- {channel} ---\n{text}")
    if preview.whatsapp_template is not None:
        print(f"\n--- whatsapp di luar jendela 24 jam (template) ---\n{preview.whatsapp_template}")


def handle_create(args: argparse.Namespace) -> int:
    try:
        segment = parse_segment(args.segmen)
        at = parse_when(args.jadwal)
        text = args.pesan.read_text(encoding="utf-8") if args.pesan is not None else None
    except (SegmentError, BroadcastError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"tidak bisa membaca {args.pesan}: {exc.strerror or exc}")

    async def create(tools: OutreachTools) -> int:
        preview = await tools.broadcasts.create(
            cli_actor(), text=text, template=args.template, segment=segment, channels=args.kanal, at=at
        )
        await tools.staff.audit(cli_actor(), "broadcast_create", f"#{preview.record.id}", args.kanal, tools.clock.now())
        print_preview(preview)
        print(f"\nBelum ada yang dikirim. Kirim dengan: bpjstk-bot broadcast send {preview.record.id}")
        return 0

    return _with_tools(args, create)


def handle_send(args: argparse.Namespace) -> int:
    async def send(tools: OutreachTools) -> int:
        record = await tools.broadcasts.send(args.id, parse_when(args.jadwal))
        await tools.staff.audit(cli_actor(), "broadcast_send", f"#{record.id}", "", tools.clock.now())
        when = datetime.fromtimestamp(record.scheduled_at or 0, WIB).strftime("%Y-%m-%d %H:%M WIB")
        print(f"Siaran #{record.id} dijadwalkan {when}; bot yang berjalan (`bpjstk-bot run`) mengirimnya.")
        return 0

    return _with_tools(args, send)


def handle_list(args: argparse.Namespace) -> int:
    async def listing(tools: OutreachTools) -> int:
        records = await tools.broadcasts.recent(args.limit)
        if not records:
            print("belum ada siaran")
        for record in records:
            what = f"template {record.template_key}" if record.template_key else (record.body or "")[:50]
            print(
                f"#{record.id}\t{record.created_at[:16]}\t{STATE_WORDS.get(record.state, record.state)}\t"
                f"{record.channels}\t{what}"
            )
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
            line = f"#{record.id} {STATE_WORDS.get(record.state, record.state)}  {progress_line(counts)}"
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
            return _fail(f"siaran #{args.id} tidak bisa dibatalkan (sudah selesai atau tidak ada)", 1)
        await tools.staff.audit(cli_actor(), "broadcast_cancel", f"#{args.id}", "", tools.clock.now())
        print(f"Siaran #{args.id} dibatalkan; pesan yang belum terkirim tidak akan dikirim.")
        return 0

    return _with_tools(args, cancel)
