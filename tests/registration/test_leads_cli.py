"""`bpjstk-bot leads list` masks NIK and phone; `leads export` neutralises formulas."""

from __future__ import annotations

import asyncio
import csv
import stat
from pathlib import Path

import pytest

from bot.cli import main
from bot.commands.leads import neutralise
from tests.conftest import Harness
from tests.registration.helpers import NIK, NIK_MASKED, PHONE, through_contact_details


async def cli(argv: list[str]) -> int:
    """Run the CLI in a thread: it starts its own event loop, beside the bot's open database."""
    return await asyncio.to_thread(main, argv)


async def _register(harness: Harness, employer: str, *, user: str = "u1", nik: str = NIK) -> None:
    await through_contact_details(harness, "employee", user=user, nik=nik)
    await harness.send(employer, user=user)
    await harness.press("reg:employer_registered:no", user=user)
    await harness.press("reg:contact_time:pagi", user=user)
    await harness.press("reg:summary:confirm", user=user)


async def test_list_masks_nik_and_phone(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    await _register(harness, "CV Maju")
    assert await cli(["leads", "list", "--db", str(harness.db_path)]) == 0
    out = capsys.readouterr().out
    assert "BLT-2026-000001" in out and NIK_MASKED in out and "+62812*****890" in out
    assert NIK not in out and PHONE not in out
    assert "prospek pemberi kerja" in out


async def test_list_limit_and_empty(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli(["leads", "list", "--db", str(harness.db_path)]) == 0
    assert "belum ada pendaftar" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:  # argparse refuses it, with the usage line
        await cli(["leads", "list", "--db", str(harness.db_path), "--limit", "0"])
    assert refused.value.code == 2
    assert await cli(["leads", "list", "--db", str(harness.db_path.parent / "missing.sqlite3")]) == 1
    await _register(harness, "CV Satu")
    await _register(harness, "CV Dua", user="u2", nik="3571015505850003")
    assert await cli(["leads", "list", "--db", str(harness.db_path), "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "BLT-2026-000002" in out and "BLT-2026-000001" not in out


async def test_export_has_full_nik_and_neutralised_cells(
    harness: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await _register(harness, '=HYPERLINK("http://x","klik")')
    await _register(harness, "@SUM(A1)", user="u2", nik="3571015505850003")
    target = tmp_path / "out" / "leads.csv"
    assert await cli(["leads", "export", "--db", str(harness.db_path), "--output", str(target)]) == 0
    assert "2 pendaftar" in capsys.readouterr().out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {row["nik"] for row in rows} == {NIK, "3571015505850003"}
    employers = {row["employer_name"] for row in rows}
    assert employers == {'\'=HYPERLINK("http://x","klik")', "'@SUM(A1)"}
    assert all(row["phone"] == "'" + PHONE for row in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Budi", "Budi"),
        (None, ""),
        (3, "3"),
        (True, "ya"),
    ],
)
def test_neutralise(value: object, expected: str) -> None:
    assert neutralise(value) == expected


def test_leads_without_action_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["leads"]) == 2
    assert "export" in capsys.readouterr().out


async def test_drafts_lists_abandoned_registrations(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli(["leads", "drafts", "--db", str(harness.db_path)]) == 0
    assert "tidak ada" in capsys.readouterr().out
    await harness.send("/start daftar_posterpasar")
    await harness.press("reg:consent:yes")
    await harness.press("reg:role:owner")
    await harness.send("Budi Santoso")
    await harness.send("batal")
    assert await cli(["leads", "drafts", "--db", str(harness.db_path)]) == 0
    out = capsys.readouterr().out
    assert "nik" in out and "pemilik usaha" in out and "posterpasar" in out
    assert "Budi" not in out
