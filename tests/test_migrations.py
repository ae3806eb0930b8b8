"""Forward-only migrations, each atomic with its record."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.paths import migrations_dir
from bot.storage.db import Database
from bot.storage.migrate import MigrationError, applied_versions, discover, migrate, split_statements


async def test_empty_database_migrates_to_latest_and_is_idempotent(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.sqlite3")
    try:
        first = await migrate(db, migrations_dir())
        assert [m.version for m in first] == [m.version for m in discover(migrations_dir())]
        assert await migrate(db, migrations_dir()) == []
        tables = {r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"contacts", "contact_addresses", "conversation_state", "inbound_messages", "events"} <= tables
        journal = await db.fetchone("PRAGMA journal_mode")
        assert journal is not None and journal[0] == "wal"
        fk = await db.fetchone("PRAGMA foreign_keys")
        assert fk is not None and fk[0] == 1
    finally:
        await db.close()


async def test_a_broken_migration_leaves_nothing_half_applied(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_good.sql").write_text("CREATE TABLE a (id INTEGER PRIMARY KEY);\n")
    (folder / "0002_broken.sql").write_text(
        "CREATE TABLE b (id INTEGER PRIMARY KEY);\nINSERT INTO a (id) VALUES (1);\nCREATE TABLE oops (;\n"
    )
    db = await Database.open(tmp_path / "b.sqlite3")
    try:
        with pytest.raises(MigrationError, match=r"0002_broken\.sql"):
            await migrate(db, folder)
        assert await applied_versions(db) == {1}
        tables = {r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "b" not in tables
        rows = await db.fetchall("SELECT * FROM a")
        assert list(rows) == []
        # Fixing the file lets the next run apply it.
        (folder / "0002_broken.sql").write_text("CREATE TABLE b (id INTEGER PRIMARY KEY);\n")
        assert [m.version for m in await migrate(db, folder)] == [2]
    finally:
        await db.close()


def test_badly_named_migration_is_refused(tmp_path: Path) -> None:
    (tmp_path / "create_things.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match=r"0001_name\.sql"):
        discover(tmp_path)


def test_statement_splitter_keeps_triggers_whole() -> None:
    script = (
        "CREATE TABLE t (x);\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\n  SELECT 1;\nEND;\n"
        "-- trailing comment\n"
    )
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")
    conn = sqlite3.connect(":memory:")
    for statement in statements:
        conn.execute(statement)


def test_unterminated_statement_is_refused() -> None:
    with pytest.raises(MigrationError):
        split_statements("CREATE TABLE t (x)")


async def test_a_single_write_waits_for_an_open_transaction(tmp_path: Path) -> None:
    """`execute` must not slip its statement into another task's transaction."""
    db = await Database.open(tmp_path / "w.sqlite3")
    try:
        await db.execute("CREATE TABLE t (x INTEGER)")
        entered = asyncio.Event()

        async def failing_transaction() -> None:
            with pytest.raises(RuntimeError):
                async with db.transaction() as conn:
                    await conn.execute("INSERT INTO t VALUES (1)")
                    entered.set()
                    await asyncio.sleep(0.05)
                    raise RuntimeError("roll back")

        async def single_write() -> None:
            await entered.wait()
            await db.execute("INSERT INTO t VALUES (2)")

        await asyncio.gather(failing_transaction(), single_write())
        rows = [r["x"] for r in await db.fetchall("SELECT x FROM t")]
        assert rows == [2]  # the rollback removed 1 only; 2 was written after it
    finally:
        await db.close()


def _write(folder: Path, name: str, sql: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(sql, encoding="utf-8")


def test_a_gap_in_the_numbering_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "0001_a.sql", "CREATE TABLE a (id INTEGER);\n")
    _write(tmp_path, "0003_c.sql", "CREATE TABLE c (id INTEGER);\n")
    with pytest.raises(MigrationError, match=r"without gaps.*0002.*0003_c\.sql"):
        discover(tmp_path)


async def test_a_migration_slipped_in_below_an_applied_one_is_refused(tmp_path: Path) -> None:
    """Two branches merged in the wrong order: 0002 arrives after 0003 was applied."""
    folder = tmp_path / "migrations"
    _write(folder, "0001_a.sql", "CREATE TABLE a (id INTEGER);\n")
    _write(folder, "0002_b.sql", "CREATE TABLE b (id INTEGER);\n")
    _write(folder, "0003_c.sql", "CREATE TABLE c (id INTEGER);\n")
    db = await Database.open(tmp_path / "r.sqlite3")
    try:
        # This database got 0001 and 0003 from a branch where 0003 was numbered 0002.
        await migrate(db, folder)
        await db.execute("DELETE FROM schema_migrations WHERE version = 2")
        await db.execute("DROP TABLE b")
        with pytest.raises(MigrationError, match=r"0002_b\.sql is numbered below 0003"):
            await migrate(db, folder)
        tables = {r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "b" not in tables  # refused before changing anything
    finally:
        await db.close()


async def test_an_applied_migration_edited_afterwards_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    _write(folder, "0001_a.sql", "CREATE TABLE a (id INTEGER);\n")
    db = await Database.open(tmp_path / "e.sqlite3")
    try:
        await migrate(db, folder)
        _write(folder, "0001_a.sql", "CREATE TABLE a (id INTEGER, extra TEXT);\n")
        with pytest.raises(MigrationError, match=r"0001_a\.sql was edited after it was applied"):
            await migrate(db, folder)
        # Line endings alone are not an edit (a Windows checkout).
        _write(folder, "0001_a.sql", "CREATE TABLE a (id INTEGER);\n")
        (folder / "0001_a.sql").write_bytes(b"CREATE TABLE a (id INTEGER);\r\n")
        assert await migrate(db, folder) == []
    finally:
        await db.close()


async def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    _write(folder, "0001_a.sql", "CREATE TABLE a (id INTEGER);\n")
    _write(folder, "0002_b.sql", "CREATE TABLE b (id INTEGER);\n")
    db = await Database.open(tmp_path / "n.sqlite3")
    try:
        await migrate(db, folder)
        (folder / "0002_b.sql").unlink()
        with pytest.raises(MigrationError, match=r"0002_b.*newer version"):
            await migrate(db, folder)
    finally:
        await db.close()


async def test_checksums_are_recorded_for_databases_migrated_before_they_existed(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    _write(folder, "0001_a.sql", "CREATE TABLE a (id INTEGER);\n")
    db = await Database.open(tmp_path / "old.sqlite3")
    try:
        await db.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        await db.execute("CREATE TABLE a (id INTEGER)")
        await db.execute("INSERT INTO schema_migrations VALUES (1, 'a', '2026-01-01')")
        assert await migrate(db, folder) == []
        row = await db.fetchone("SELECT checksum FROM schema_migrations WHERE version = 1")
        assert row is not None and len(str(row["checksum"])) == 64
        _write(folder, "0001_a.sql", "CREATE TABLE a (id INTEGER, edited TEXT);\n")
        with pytest.raises(MigrationError, match="edited"):
            await migrate(db, folder)
    finally:
        await db.close()


async def _released_november_database(path: Path) -> Database:
    """A database as the November 2026 release left it: 0001, 0002 and 0004 applied, no checksums."""
    db = await Database.open(path)
    await db.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    for name in ("0001_initial.sql", "0002_leads.sql", "0004_unanswered_contact.sql"):
        async with db.transaction() as tx:
            for statement in split_statements((migrations_dir() / name).read_text(encoding="utf-8")):
                await tx.execute(statement)
            await tx.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-11-20')", (int(name[:4]), name[5:-4]))
    return db


async def test_the_november_release_upgrades_with_its_leads_and_notifications(tmp_path: Path) -> None:
    """The skipped 0003 is filled by a placeholder; the leads rebuild keeps rows and notifications."""
    db = await _released_november_database(tmp_path / "up.sqlite3")
    try:
        await db.execute("INSERT INTO contacts (id, created_at) VALUES (1, '2026-11-01T10:00:00+07:00')")
        for contact_id, source in ((2, "daftar_posterpasar"), (3, "Daftar-Radio_FM"), (4, "pasarlegi"), (5, "daftar_")):
            await db.execute("INSERT INTO contacts (id, source, created_at) VALUES (?, ?, 'now')", (contact_id, source))
        await db.execute(
            "INSERT INTO leads (id, reference, contact_id, role, name, nik, phone, area, contact_time, status,"
            " created_at, updated_at) VALUES (7, 'BLT-2026-000007', 1, 'employee', 'Budi', '3572015708850004',"
            " '+6281234567890', 'kota_blitar', 'pagi', 'updated', '2026-11-01', '2026-11-02')"
        )
        await db.execute(
            "INSERT INTO staff_notifications (kind, payload, created_at, lead_id) VALUES ('k', '{}', 'now', 7)"
        )
        applied = await migrate(db, migrations_dir())
        assert 3 in [m.version for m in applied] and 4 not in [m.version for m in applied]
        assert await applied_versions(db) == {m.version for m in discover(migrations_dir())}
        lead = await db.fetchone("SELECT reference, status, verification FROM leads WHERE id = 7")
        assert lead is not None and tuple(lead) == ("BLT-2026-000007", "new", "ok")
        notification = await db.fetchone("SELECT lead_id FROM staff_notifications")
        assert notification is not None and notification["lead_id"] == 7
        sources = await db.fetchall("SELECT source FROM contacts WHERE id > 1 ORDER BY id")
        assert [row["source"] for row in sources] == ["posterpasar", "Radio_FM", "pasarlegi", "daftar_"]
        fk_problems = await db.fetchall("PRAGMA foreign_key_check")
        assert list(fk_problems) == []
        assert await migrate(db, migrations_dir()) == []  # and the checksums now hold
    finally:
        await db.close()


async def test_an_empty_placeholder_below_an_applied_migration_is_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    _write(folder, "0001_a.sql", "CREATE TABLE a (id INTEGER);\n")
    _write(folder, "0002_gap.sql", "-- nothing here\n")
    _write(folder, "0003_c.sql", "CREATE TABLE c (id INTEGER);\n")
    db = await Database.open(tmp_path / "p.sqlite3")
    try:
        await migrate(db, folder)
        await db.execute("DELETE FROM schema_migrations WHERE version = 2")
        assert [m.version for m in await migrate(db, folder)] == [2]
    finally:
        await db.close()
