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
