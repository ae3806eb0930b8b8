"""The staff CLI: `leads list` filters, `leads show` (full data, history, NIK twins side by side),
`leads set`, and `audit`. The CLI is staff by construction (it needs the database file); every
command is audited as cli:<login name>, and `list` keeps NIK and phone masked."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.clock import WIB
from tests.conftest import Harness
from tests.staff.helpers import NIK_A, NIK_B, PHONE_A, add_lead, cli, rows, say


async def test_list_filters_and_masks(desk: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    await add_lead(desk, "u1", area="trenggalek", at=datetime(2026, 11, 2, 9, tzinfo=WIB))
    await add_lead(desk, "u2", nik=NIK_B, role="owner", business_name="Warung", source="posterpasar")
    await say(desk, "/status BLT-2026-000002 terdaftar")
    db = ["leads", "list", "--db", str(desk.db_path)]

    async def listed(*options: str) -> str:
        assert await cli([*db, *options]) == 0
        return capsys.readouterr().out

    everything = await listed()
    assert "BLT-2026-000001" in everything and "BLT-2026-000002" in everything
    assert NIK_A not in everything and PHONE_A not in everything and "3572********0001" in everything
    assert "BLT-2026-000001" not in await listed("--status", "terdaftar")
    assert "BLT-2026-000002" not in await listed("--area", "trenggalek")
    assert "BLT-2026-000001" not in await listed("--peran", "pemilik")
    assert "BLT-2026-000001" not in await listed("--sumber", "posterpasar")
    assert "BLT-2026-000002" not in await listed("--sampai", "2026-11-02")
    assert "BLT-2026-000001" not in await listed("--sejak", "2026-11-03")
    assert "belum ada pendaftar yang cocok" in await listed("--status", "tidak-jadi")


@pytest.mark.parametrize(
    "options",
    [["--status", "selesai"], ["--area", "kediri"], ["--peran", "bos"], ["--sejak", "kemarin"]],
)
async def test_list_refuses_unknown_filter_values(desk: Harness, options: list[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        await cli(["leads", "list", "--db", str(desk.db_path), *options])
    assert refused.value.code == 2


async def test_show_has_full_data_history_and_the_twins_side_by_side(
    desk: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    await add_lead(desk, "u1", phone=PHONE_A)
    await add_lead(desk, "u2", phone="+6285711112222", name="Budi Lain")  # same NIK: needs verification
    await say(desk, "/status BLT-2026-000002 dihubungi beda orang?")
    assert await cli(["leads", "show", "BLT-2026-000002", "--db", str(desk.db_path)]) == 0
    out = capsys.readouterr().out
    assert NIK_A in out and "+6285711112222" in out and "Perlu verifikasi" in out
    assert "baru → dihubungi (beda orang?)" in out
    compare = out.split("Berdampingan", 1)[1].splitlines()
    nik_row = next(line for line in compare if line.startswith("NIK"))
    assert nik_row.split()[1:] == [NIK_A, NIK_A]
    phone_row = next(line for line in compare if line.startswith("HP"))
    assert phone_row.split()[1:] == ["+6285711112222", PHONE_A]
    assert await cli(["leads", "show", "BLT-2026-000099", "--db", str(desk.db_path)]) == 1


async def test_set_changes_status_and_note_with_history_and_audit(
    desk: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    await add_lead(desk, "u1")
    db = ["--db", str(desk.db_path)]
    assert await cli(["leads", "set", "blt-2026-000001", "--status", "tidak-jadi", "--catatan", "sudah BPU", *db]) == 0
    assert "baru → tidak jadi" in capsys.readouterr().out
    assert await cli(["leads", "set", "BLT-2026-000001", "--petugas", "telegram:42", *db]) == 0
    (lead,) = await rows(desk, "SELECT status, note, assigned_to FROM leads")
    assert lead == {"status": "declined", "note": "sudah BPU", "assigned_to": "telegram:42"}
    history = await rows(desk, "SELECT actor, old_status, new_status, note FROM lead_history ORDER BY id")
    assert [(h["old_status"], h["new_status"], h["note"]) for h in history] == [
        ("new", "declined", "sudah BPU"),
        ("declined", "declined", None),
    ]
    assert all(h["actor"].startswith("cli:") for h in history)
    assert await cli(["leads", "set", "BLT-2026-000001", *db]) == 2  # nothing to change
    assert await cli(["leads", "set", "BLT-2026-000099", "--status", "baru", *db]) == 1


async def test_audit_lists_who_did_what_newest_first(desk: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    await add_lead(desk, "u1")
    await say(desk, "/lihat BLT-2026-000001")
    db = ["--db", str(desk.db_path)]
    assert await cli(["leads", "list", *db]) == 0
    capsys.readouterr()
    assert await cli(["audit", *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[2] for line in lines] == ["leads_list", "lead_view"]
    assert lines[1].split("\t")[1:4] == ["console:petugas1", "lead_view", "BLT-2026-000001"]
    assert lines[0].split("\t")[1].startswith("cli:")
