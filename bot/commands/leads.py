"""`bpjstk-bot leads`: registration leads for branch staff.

leads list   [filters] [--limit N]           newest first; NIK and phone masked
leads show   REF                             one lead in full (NIK, phone), its history, and
                                             the other leads with its NIK side by side
leads set    REF [--status S] [--catatan T] [--petugas ADDR]   follow-up: status, note, handler
leads export --output FILE [--format xlsx|csv] [--force] [filters]   full NIK (staff only):
             owner-only file, never through a symlink, never over an existing file without
             --force; spreadsheet formula injection neutralised
leads drafts [--limit N]                     registrations abandoned midway
Filters: --status --area --peran --sumber --sejak --sampai (YYYY-MM-DD, Asia/Jakarta days).
Every command but `drafts` is written to the staff audit log as cli:<login name>.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.commands.common import add_db_option, db_path, existing_db, positive_int, run
from bot.commands.staff_options import UsageProblem, add_filter_options, cli_actor, filters_of, refusal
from bot.commands.staff_options import status as status_option
from bot.commands.text import cli_columns, cli_names, cli_text
from bot.core.clock import SystemClock
from bot.core.models import Reply
from bot.core.privacy import mask_nik, mask_phone
from bot.core.staff.cards import lead_card, when
from bot.core.staff.ports import EXPORT_FORMATS, FollowUp, LeadFilter, StaffLead
from bot.exports.cells import FORMULA_TRIGGERS, neutralise
from bot.exports.files import UnsafeTarget, private_file
from bot.render.templates import Renderer
from bot.staff_tools import StaffTools, open_staff_tools
from bot.storage.stores import open_stores

__all__ = ["FORMULA_TRIGGERS", "neutralise"]  # the export's cell rules, for tests and docs

COMPARED_FIELDS = ("reference", "status", "created", "name", "nik", "phone", "area", "role", "source", "assigned_to")
CONSOLE = "console"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("leads", help=cli_text("leads.help"))
    actions = parser.add_subparsers(dest="leads_action", metavar=cli_text("cli.metavar_action"))

    listing = actions.add_parser("list", help=cli_text("leads.list_help"))
    add_db_option(listing)
    add_filter_options(listing)
    listing.add_argument("--limit", type=positive_int, default=50, help=cli_text("common.limit_help", default=50))
    listing.set_defaults(handler=handle_list)

    show = actions.add_parser("show", help=cli_text("leads.show_help"))
    add_db_option(show)
    show.add_argument("reference", metavar=cli_text("leads.metavar_reference"), help=cli_text("leads.reference_help"))
    show.set_defaults(handler=handle_show)

    change = actions.add_parser("set", help=cli_text("leads.set_help"))
    add_db_option(change)
    change.add_argument("reference", metavar=cli_text("leads.metavar_reference"), help=cli_text("leads.reference_help"))
    change.add_argument("--status", type=status_option, help=cli_text("leads.status_help"))
    change.add_argument("--catatan", help=cli_text("leads.note_help"))
    change.add_argument("--petugas", help=cli_text("leads.assignee_help"))
    change.set_defaults(handler=handle_set)

    export = actions.add_parser("export", help=cli_text("leads.export_help"))
    add_db_option(export)
    export.add_argument("--output", "-o", type=Path, required=True, help=cli_text("leads.output_help"))
    export.add_argument("--format", choices=sorted(EXPORT_FORMATS), help=cli_text("leads.format_help"))
    export.add_argument("--force", action="store_true", help=cli_text("leads.force_help"))
    add_filter_options(export)
    export.set_defaults(handler=handle_export)

    drafts = actions.add_parser("drafts", help=cli_text("leads.drafts_help"))
    add_db_option(drafts)
    drafts.add_argument("--limit", type=positive_int, default=50, help=cli_text("common.limit_help", default=50))
    drafts.set_defaults(handler=handle_drafts)

    def usage(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=usage)


def _usage_error(problem: UsageProblem) -> int:
    print(cli_text("cli.error", prog="bpjstk-bot leads", message=problem), file=sys.stderr)
    return 2


def handle_list(args: argparse.Namespace) -> int:
    path = db_path(args)
    try:
        filters = filters_of(args)
    except UsageProblem as problem:
        return _usage_error(problem)
    return run(_list(path, filters, args.limit)) if existing_db(path) else 1


def handle_show(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_show(path, args.reference)) if existing_db(path) else 1


def handle_set(args: argparse.Namespace) -> int:
    path = db_path(args)
    if args.status is None and args.catatan is None and args.petugas is None:
        return _usage_error(UsageProblem(cli_text("leads.no_change")))
    change = FollowUp(status=args.status, note=args.catatan, assignee=args.petugas)
    return run(_set(path, args.reference, change)) if existing_db(path) else 1


def handle_export(args: argparse.Namespace) -> int:
    path = db_path(args)
    try:
        filters = filters_of(args)
    except UsageProblem as problem:
        return _usage_error(problem)
    fmt = args.format or ("csv" if args.output.suffix.lower() == ".csv" else "xlsx")
    return run(_export(path, args.output, fmt, filters, force=args.force)) if existing_db(path) else 1


def handle_drafts(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_drafts(path, args.limit)) if existing_db(path) else 1


def _filter_detail(filters: LeadFilter) -> str:
    """The filters for the audit log (codes and dates only)."""
    parts = [f"{name}={getattr(filters, name)}" for name in ("status", "area", "role", "source")]
    parts += [f"since={filters.period.since}", f"until={filters.period.until}"]
    return " ".join(part for part in parts if not part.endswith("=None"))


async def _audit(tools: StaffTools, action: str, target: str, detail: str) -> None:
    await tools.store.audit(cli_actor(), action, target, detail, SystemClock().now())


async def _list(path: Path, filters: LeadFilter, limit: int) -> int:
    async with open_staff_tools(path) as tools:
        leads = await tools.store.leads(filters, limit)
        await _audit(tools, "leads_list", "", f"{_filter_detail(filters)} shown={len(leads)}".strip())
    if not leads:
        print(cli_text("leads.none_matching" if _filter_detail(filters) else "leads.none"))
        return 0
    rows: list[tuple[str, ...]] = [cli_columns("leads.list_columns")]
    roles, areas, statuses = cli_names("leads.roles"), cli_names("leads.areas"), cli_names("leads.statuses")
    for staff_lead in leads:
        lead = staff_lead.lead
        f = lead.fields
        notes = []
        if f.employer_lead:
            notes.append(cli_text("leads.note_employer"))
        if f.source:
            notes.append(cli_text("leads.note_source", source=f.source))
        if lead.verification == "needed":
            notes.append(cli_text("leads.note_shared_nik"))
        area = areas.get(f.area) or cli_text("leads.other_area", area=f.area_other or "-")
        rows.append(
            (
                lead.reference,
                lead.created_at[:10],
                statuses.get(lead.status, lead.status),
                roles.get(f.role, f.role),
                f.name,
                mask_nik(f.nik),
                mask_phone(f.phone),
                area,
                f.contact_time,
                ", ".join(notes) or "-",
            )
        )
    _print_table(rows)
    print()
    print(cli_text("leads.shown", count=len(leads)))
    return 0


def _compared(lead: StaffLead) -> dict[str, str]:
    f = lead.lead.fields
    return {
        "reference": lead.reference,
        "status": lead.status,
        "created": when(lead.lead.created_at),
        "name": f.name,
        "nik": f.nik,
        "phone": f.phone,
        "area": f.area if f.area != "other" else f"other: {f.area_other or '-'}",
        "role": f.role,
        "source": f.source or "",
        "assigned_to": lead.assigned_to or "",
    }


def side_by_side(leads: list[StaffLead]) -> dict[str, Any]:
    """Context for staff/lead_compare: one row per field, one column per lead."""
    columns = [_compared(lead) for lead in leads]
    width = max(len(value) for column in columns for value in column.values())
    rows = [{"field": field, "cells": [column[field] for column in columns]} for field in COMPARED_FIELDS]
    return {"rows": rows, "width": width}


async def _show(path: Path, reference: str) -> int:
    async with open_staff_tools(path) as tools:
        lead = await tools.store.lead_by_reference(reference)
        if lead is None:
            print(_render(tools.renderer, Reply("staff/lead_not_found", {"reference": reference})), file=sys.stderr)
            return 1
        history = await tools.store.history(lead.id)
        twins = await tools.store.leads_sharing_nik(lead)
        await _audit(tools, "lead_view", lead.reference, "cli")
        print(_render(tools.renderer, Reply("staff/lead_card", lead_card(lead, history, twins, private=True))))
        if twins:
            print()
            print(_render(tools.renderer, Reply("staff/lead_compare", side_by_side([lead, *twins]))))
    return 0


async def _set(path: Path, reference: str, change: FollowUp) -> int:
    async with open_staff_tools(path) as tools:
        lead = await tools.store.lead_by_reference(reference)
        result = await tools.store.follow_up(lead.id, change, cli_actor(), SystemClock().now()) if lead else None
        if result is None:
            print(_render(tools.renderer, Reply("staff/lead_not_found", {"reference": reference})), file=sys.stderr)
            return 1
        context = {
            "reference": result.lead.reference,
            "old": result.old_status,
            "new": result.lead.status,
            "note": change.note or "",
            "assigned_to": result.lead.assigned_to or "",
        }
        print(_render(tools.renderer, Reply("staff/follow_up_saved", context)))
    return 0


async def _export(path: Path, target: Path, fmt: str, filters: LeadFilter, *, force: bool) -> int:
    async with open_staff_tools(path) as tools:
        rows = await tools.store.export_rows(filters)

        def write() -> None:
            with private_file(target, force=force) as fh:
                tools.writer.write(rows, fmt, fh)

        try:
            await asyncio.to_thread(write)
        except UnsafeTarget as refused:
            print(f"bpjstk-bot leads export: {refusal(refused)}", file=sys.stderr)
            return 1
        detail = f"format={fmt} rows={len(rows)} {_filter_detail(filters)}".strip()
        await _audit(tools, "leads_export", "", detail)
    print(cli_text("leads.exported", count=len(rows), path=target))
    return 0


def _render(renderer: Renderer, reply: Reply) -> str:
    return renderer.render(reply, CONSOLE).text


async def _drafts(path: Path, limit: int) -> int:
    stores = await open_stores(path)
    try:
        drafts = await stores.leads.abandoned_drafts(limit)
    finally:
        await stores.close()
    if not drafts:
        print(cli_text("leads.no_drafts"))
        return 0
    rows: list[tuple[str, ...]] = [cli_columns("leads.drafts_columns")]
    roles = cli_names("leads.roles")
    for draft in drafts:
        rows.append(
            (
                str(draft["contact_id"]),
                str(draft["step"]),
                roles.get(str(draft["role"]), "-") if draft["role"] else "-",
                str(draft["source"] or "-"),
                str(draft["abandoned_at"]),
                str(draft["reminded_at"] or "-"),
            )
        )
    _print_table(rows)
    print()
    print(cli_text("leads.drafts_count", count=len(drafts)))
    return 0


def _print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
