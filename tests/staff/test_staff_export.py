"""Exports: XLSX read back with openpyxl, CSV with BOM, formula injection neutralised in both,
owner-only files that never overwrite silently or follow a symlink; /ekspor in chat."""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from xlsxwriter.worksheet import Worksheet

from bot.core.clock import WIB
from bot.core.staff.ports import EXPORT_COLUMNS
from bot.exports.cells import COLUMN_KINDS, Kind
from bot.exports.files import UnsafeTarget, private_file
from bot.exports.xlsx_format import LeadSheet, write_xlsx
from tests.conftest import Harness
from tests.staff.helpers import MEMBER, NIK_A, NIK_B, PHONE_A, add_lead, cli, rows, say

FORMULAS = ['=HYPERLINK("http://x","klik")', "@SUM(A1)", "+1+1", "-2+3"]


async def _risky_leads(harness: Harness) -> None:
    for n, text in enumerate(FORMULAS, start=1):
        await add_lead(
            harness,
            f"u{n}",
            nik=f"35720117088500{n:02d}",
            name=text,
            role="owner",
            business_name=text,
            sector="jasa",
            employees=n * 1000,
            employees_registered="no",
            employer_lead=True,
            area="tulungagung" if n % 2 else "kota_blitar",
            source="posterpasar" if n == 1 else None,
            at=datetime(2026, 11, n, 9, 30, tzinfo=WIB),
        )


def read_xlsx(content: bytes) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(content)).active


async def test_xlsx_has_typed_columns_a_frozen_header_and_an_autofilter(
    desk: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await _risky_leads(desk)
    await say(desk, "/catatan BLT-2026-000001 =cmd|' /C calc'!A0")
    target = tmp_path / "leads.xlsx"
    assert await cli(["leads", "export", "--db", str(desk.db_path), "--output", str(target)]) == 0
    assert "4 pendaftar" in capsys.readouterr().out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    sheet = read_xlsx(target.read_bytes())
    header = [cell.value for cell in sheet[1]]
    assert header == list(EXPORT_COLUMNS)
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(EXPORT_COLUMNS)).column_letter}5"
    column = {name: index + 1 for index, name in enumerate(EXPORT_COLUMNS)}
    by_ref = {sheet.cell(r, column["reference"]).value: r for r in range(2, sheet.max_row + 1)}
    first = by_ref["BLT-2026-000001"]
    created = sheet.cell(first, column["created_at"])
    assert created.value == datetime(2026, 11, 1, 9, 30) and created.is_date
    assert sheet.cell(first, column["employees"]).value == 1000
    assert sheet.cell(first, column["employer_lead"]).value is True
    assert sheet.cell(first, column["nik"]).value == "3572011708850001"  # text: no lost leading digits
    assert sheet.cell(first, column["nik"]).data_type == "s"
    assert sheet.cell(first, column["status_changed_at"]).value is None


async def test_xlsx_never_holds_a_formula_and_quotes_what_looks_like_one(desk: Harness, tmp_path: Path) -> None:
    await _risky_leads(desk)
    await say(desk, "/catatan BLT-2026-000001 =cmd|' /C calc'!A0")
    target = tmp_path / "leads.xlsx"
    assert await cli(["leads", "export", "--db", str(desk.db_path), "-o", str(target)]) == 0
    sheet = read_xlsx(target.read_bytes())
    seen = set()
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
                seen.add(cell.value)
    # Text is kept as typed (the quote prefix makes Excel show it as text), phone numbers included.
    assert set(FORMULAS) <= seen and "=cmd|' /C calc'!A0" in seen and PHONE_A in seen


def test_the_fast_sheet_writes_the_same_file_as_xlsxwriter() -> None:
    """`LeadSheet` assembles cells itself (speed): the bytes must be XlsxWriter's own."""
    kinds = dict(zip(EXPORT_COLUMNS, COLUMN_KINDS, strict=True))
    sample: dict[Kind, list[object]] = {
        Kind.TEXT: ["BLT-2026-000001", "=1+1", "", None, "Siti & <Ani>", "3572011708850001", "x" * 300],
        Kind.DATETIME: ["2026-11-01T09:30:00+07:00", "2026-11-01T02:30:00+00:00", None],
        Kind.NUMBER: [1000, 0, None, 2_500_000],
        Kind.BOOLEAN: [1, 0, None],
    }
    leads = [
        tuple(sample[kinds[c]][(n + i) % len(sample[kinds[c]])] for i, c in enumerate(EXPORT_COLUMNS))
        for n in range(40)
    ]
    files = []
    for sheet_class in (LeadSheet, Worksheet):
        out = io.BytesIO()
        write_xlsx(leads, out, sheet_class=sheet_class)
        with zipfile.ZipFile(out) as archive:
            files.append({name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"})
    assert files[0] == files[1]
    assert b't="b"' in files[0]["xl/worksheets/sheet1.xml"]  # every kind of cell was there


async def test_csv_is_utf8_with_bom_and_neutralised(desk: Harness, tmp_path: Path) -> None:
    await _risky_leads(desk)
    target = tmp_path / "leads.csv"
    assert await cli(["leads", "export", "--db", str(desk.db_path), "--output", str(target)]) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as fh:
        exported = list(csv.DictReader(fh))
    assert {row["business_name"] for row in exported} == {"'" + text for text in FORMULAS}
    for row in exported:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


async def test_export_filters_match_leads_list(desk: Harness, tmp_path: Path) -> None:
    await _risky_leads(desk)
    await say(desk, "/status BLT-2026-000002 dihubungi")
    db = ["--db", str(desk.db_path)]

    async def exported(*options: str) -> list[str]:
        target = tmp_path / "out" / f"{len(options)}-{'-'.join(options)}.csv"
        assert await cli(["leads", "export", *db, "-o", str(target), *options]) == 0
        with target.open(encoding="utf-8-sig", newline="") as fh:
            return sorted(row["reference"] for row in csv.DictReader(fh))

    assert await exported("--status", "dihubungi") == ["BLT-2026-000002"]
    assert await exported("--area", "Tulungagung") == ["BLT-2026-000001", "BLT-2026-000003"]
    assert await exported("--peran", "pemilik") == [f"BLT-2026-00000{n}" for n in range(1, 5)]
    assert await exported("--peran", "pekerja") == []
    assert await exported("--sumber", "posterpasar") == ["BLT-2026-000001"]
    assert await exported("--sejak", "2026-11-02", "--sampai", "2026-11-03") == ["BLT-2026-000002", "BLT-2026-000003"]
    assert await exported("--format", "csv", "--sampai", "2026-11-01") == ["BLT-2026-000001"]


async def test_an_existing_file_is_kept_unless_forced(desk: Harness, tmp_path: Path) -> None:
    await add_lead(desk, "u1")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "leads.xlsx"
    target.write_bytes(b"old")
    db = ["--db", str(desk.db_path)]
    assert await cli(["leads", "export", *db, "-o", str(target)]) == 1
    assert target.read_bytes() == b"old"
    assert await cli(["leads", "export", *db, "-o", str(target), "--force"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert read_xlsx(target.read_bytes()).cell(2, 1).value == "BLT-2026-000001"
    assert [p.name for p in target.parent.iterdir()] == ["leads.xlsx"]  # no temporary file left behind


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("dangling", [False, True])
async def test_a_symlink_is_refused_always(desk: Harness, tmp_path: Path, force: bool, dangling: bool) -> None:
    await add_lead(desk, "u1")
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("keep me")
    link = tmp_path / "leads.csv"
    link.symlink_to(victim)
    options = ["--force"] if force else []
    assert await cli(["leads", "export", "--db", str(desk.db_path), "-o", str(link), *options]) == 1
    assert link.is_symlink()
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == "keep me"


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    for force in (False, True):
        target = tmp_path / f"half{force}.csv"
        with pytest.raises(RuntimeError), private_file(target, force=force) as fh:
            fh.write(b"half")
            raise RuntimeError("disk full")
        assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_directory_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").mkdir()
    with pytest.raises(UnsafeTarget) as refused, private_file(tmp_path / "leads.csv", force=True):
        pass
    assert refused.value.reason == "not_a_file"


def test_exclusive_creation_is_done_by_the_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No check-then-open gap: the open call itself carries O_CREAT|O_EXCL|O_NOFOLLOW."""
    seen: list[int] = []
    real_open = os.open

    def recording_open(path: object, flags: int, mode: int = 0o777) -> int:
        seen.append(flags)
        return real_open(path, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", recording_open)
    with private_file(tmp_path / "x.csv") as fh:
        fh.write(b"x")
    wanted = os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    assert seen and seen[0] & wanted == wanted


async def test_ekspor_in_private_sends_the_file_as_a_document(desk: Harness) -> None:
    await add_lead(desk, "u1")
    await add_lead(desk, "u2", nik=NIK_B, phone="+6285711112222")
    await say(desk, "/status BLT-2026-000002 dihubungi")
    (reply,) = await say(desk, button="st:export")
    assert reply.key == "staff/export_ready" and reply.attachment is not None
    assert reply.attachment.kind == "document"
    assert reply.attachment.filename == "bpjstk-leads-2026-11-23.xlsx"
    sheet = read_xlsx(reply.attachment.content)
    assert sheet.max_row == 3 and {sheet.cell(r, 11).value for r in (2, 3)} == {NIK_A, NIK_B}

    (csv_reply,) = await say(desk, "/ekspor csv dihubungi")
    assert csv_reply.attachment is not None and csv_reply.attachment.media_type == "text/csv"
    text = csv_reply.attachment.content.decode("utf-8-sig")
    assert "BLT-2026-000002" in text and "BLT-2026-000001" not in text
    assert "Attachment('document'" in repr(csv_reply.attachment) and NIK_B not in repr(csv_reply.attachment)

    (empty,) = await say(desk, "/ekspor terdaftar")
    assert empty.key == "staff/export_empty" and empty.attachment is None
    (usage,) = await say(desk, "/ekspor pdf")
    assert usage.key == "staff/usage"


async def test_ekspor_is_never_sent_into_the_group(desk: Harness) -> None:
    await add_lead(desk, "u1")
    (reply,) = await say(desk, "/ekspor", user=MEMBER, group=True)
    assert reply.key == "staff/private_only" and reply.attachment is None
    audit = await rows(desk, "SELECT action FROM staff_audit")
    assert audit == [{"action": "leads_export_refused"}]
