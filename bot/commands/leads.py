"""`bpjstk-bot leads`: registration leads for branch staff.

leads list   [--db PATH] [--limit N]     newest first; NIK and phone masked
leads export --output FILE.csv [--db PATH]   every field, full NIK (staff only);
             cells are neutralised against spreadsheet formula injection
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.commands.common import add_db_option, db_path, existing_db, positive_int, run
from bot.core.flows.registration.ports import StoredLead
from bot.core.privacy import mask_nik, mask_phone
from bot.storage.stores import open_stores

ROLE_NAMES = {"employee": "pekerja", "owner": "pemilik usaha", "self_employed": "pekerja mandiri"}
AREA_NAMES = {"kota_blitar": "Kota Blitar", "kab_blitar": "Kab. Blitar", "tulungagung": "Tulungagung"}
AREA_NAMES["trenggalek"] = "Trenggalek"
# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = (
    "reference",
    "status",
    "created_at",
    "updated_at",
    "role",
    "name",
    "nik",
    "phone",
    "area",
    "area_other",
    "business_name",
    "sector",
    "employees",
    "employees_registered",
    "employer_name",
    "employer_registered",
    "occupation",
    "income",
    "programs",
    "employer_lead",
    "contact_time",
    "source",
)


def neutralise(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "ya" if value else "tidak"
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("leads", help="data pendaftar untuk petugas (daftar, ekspor CSV)")
    actions = parser.add_subparsers(dest="leads_action", metavar="AKSI")
    listing = actions.add_parser("list", help="tampilkan pendaftar terbaru (NIK dan HP disamarkan)")
    add_db_option(listing)
    listing.add_argument("--limit", type=positive_int, default=50, help="jumlah baris (bawaan 50)")
    listing.set_defaults(handler=handle_list)
    export = actions.add_parser("export", help="ekspor semua pendaftar ke CSV (NIK lengkap, khusus petugas)")
    add_db_option(export)
    export.add_argument("--output", "-o", type=Path, required=True, help="file CSV tujuan")
    export.set_defaults(handler=handle_export)
    drafts = actions.add_parser("drafts", help="pendaftaran yang berhenti di tengah jalan (untuk tindak lanjut)")
    add_db_option(drafts)
    drafts.add_argument("--limit", type=positive_int, default=50, help="jumlah baris (bawaan 50)")
    drafts.set_defaults(handler=handle_drafts)

    def usage(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=usage)


async def _all_leads(path: Path, limit: int | None = None) -> list[StoredLead]:
    stores = await open_stores(path)
    try:
        return await stores.leads.all_leads(limit=limit)
    finally:
        await stores.close()


def handle_list(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_list(path, args.limit)) if existing_db(path) else 1


def handle_export(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_export(path, args.output)) if existing_db(path) else 1


def handle_drafts(args: argparse.Namespace) -> int:
    path = db_path(args)
    return run(_drafts(path, args.limit)) if existing_db(path) else 1


async def _drafts(path: Path, limit: int) -> int:
    stores = await open_stores(path)
    try:
        drafts = await stores.leads.abandoned_drafts(limit)
    finally:
        await stores.close()
    if not drafts:
        print("tidak ada pendaftaran yang berhenti di tengah jalan")
        return 0
    rows: list[tuple[str, ...]] = [("KONTAK", "BERHENTI DI", "PERAN", "SUMBER", "WAKTU", "DIINGATKAN")]
    for draft in drafts:
        rows.append(
            (
                str(draft["contact_id"]),
                str(draft["step"]),
                ROLE_NAMES.get(str(draft["role"]), "-") if draft["role"] else "-",
                str(draft["source"] or "-"),
                str(draft["abandoned_at"]),
                str(draft["reminded_at"] or "-"),
            )
        )
    _print_table(rows)
    print(f"\n{len(drafts)} pendaftaran belum selesai")
    return 0


def _print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


async def _list(path: Path, limit: int) -> int:
    leads = await _all_leads(path, limit)
    if not leads:
        print("belum ada pendaftar")
        return 0
    header = ("REFERENSI", "TANGGAL", "PERAN", "NAMA", "NIK", "HP", "WILAYAH", "WAKTU", "CATATAN")
    rows: list[tuple[str, ...]] = [header]
    for lead in leads:
        f = lead.fields
        notes = []
        if f.employer_lead:
            notes.append("prospek pemberi kerja")
        if f.source:
            notes.append(f"sumber {f.source}")
        if lead.verification == "needed":
            notes.append("PERIKSA: NIK juga dipakai pendaftar lain")
        area = AREA_NAMES.get(f.area) or f"lain: {f.area_other or '-'}"
        rows.append(
            (
                lead.reference,
                lead.created_at[:10],
                ROLE_NAMES.get(f.role, f.role),
                f.name,
                mask_nik(f.nik),
                mask_phone(f.phone),
                area,
                f.contact_time,
                ", ".join(notes) or "-",
            )
        )
    _print_table(rows)
    print(f"\n{len(leads)} pendaftar ditampilkan")
    return 0


async def _export(path: Path, target: Path) -> int:
    leads = await _all_leads(path)
    await asyncio.to_thread(write_csv, target, leads)
    print(f"{len(leads)} pendaftar diekspor ke {target}")
    return 0


def write_csv(target: Path, leads: list[StoredLead]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # The file holds full NIKs: readable by its owner only.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_COLUMNS)
        for lead in leads:
            values = asdict(lead.fields)
            values.update(
                reference=lead.reference, status=lead.status, created_at=lead.created_at, updated_at=lead.updated_at
            )
            writer.writerow([neutralise(values[column]) for column in EXPORT_COLUMNS])
