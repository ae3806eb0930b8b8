"""The database, its -wal and -shm files are 0600 and its directory 0700, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build_app
from bot.storage.db import Database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


async def write_something(db: Database) -> None:
    await db.execute("CREATE TABLE IF NOT EXISTS t (x TEXT)")
    await db.execute("INSERT INTO t VALUES ('x')")


@pytest.mark.usefixtures("permissive_umask")
async def test_new_database_files_and_directories_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nested" / "bpjstk.sqlite3"
    app = await build_app(path)
    try:
        await write_something(app.db)
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")  # mode() fails if either is missing
        assert {p.name: mode(p) for p in (path, wal, shm)} == {p.name: 0o600 for p in (path, wal, shm)}
        assert mode(tmp_path / "data") == 0o700 and mode(path.parent) == 0o700
    finally:
        await app.close()


@pytest.mark.usefixtures("permissive_umask")
async def test_files_left_world_readable_by_an_older_version_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    path = data / "bpjstk.sqlite3"
    db = await Database.open(path)
    await write_something(db)
    await db.close()
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        if (data / name).exists():
            os.chmod(data / name, 0o644)
    os.chmod(data, 0o755)
    db = await Database.open(path)
    try:
        await write_something(db)
        assert mode(data) == 0o700  # holds nothing but this database: evidently ours
        assert all(mode(p) == 0o600 for p in data.iterdir()), {p.name: oct(mode(p)) for p in data.iterdir()}
    finally:
        await db.close()


@pytest.mark.usefixtures("permissive_umask")
async def test_a_directory_shared_with_other_files_or_the_cwd_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    (shared / "notes.txt").write_text("not ours")
    db = await Database.open(shared / "bot.sqlite3")
    await db.close()
    assert mode(shared) == 0o755
    assert mode(shared / "bot.sqlite3") == 0o600

    cwd = tmp_path / "cwd"
    cwd.mkdir(mode=0o755)
    monkeypatch.chdir(cwd)
    db = await Database.open("bot.sqlite3")
    await db.close()
    assert mode(cwd) == 0o755
    assert mode(cwd / "bot.sqlite3") == 0o600


async def test_secure_delete_is_on(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        row = await db.fetchone("PRAGMA secure_delete")
        assert row is not None and row[0] == 1
    finally:
        await db.close()
