"""Forward-only SQL migrations: db/migrations/NNNN_name.sql, numbered 0001, 0002, ... without gaps.

Each file is applied in one transaction together with its row in
`schema_migrations` (version, name, SHA-256 of the file), so a broken migration
leaves nothing half-applied. (`executescript` would commit on its own, so
statements are split and run one by one inside the transaction.)

The runner refuses, before changing anything:
* a gap in the numbering (0001, 0003);
* a migration numbered below one already applied that was not applied itself
  (a reordering, e.g. two branches merged) — unless it holds no statement at all
  (a placeholder keeping the numbering without gaps changes nothing wherever it lands);
* an applied migration whose file changed since (an edited migration would make
  this database silently differ from a fresh one), or whose file is gone (the
  database is newer than this code).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.storage.db import Database

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    """A migration file is malformed, out of order, edited after being applied, or failed to apply."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def checksum(self) -> str:
        # Line endings normalised: a checkout with CRLF is the same migration.
        text = self.path.read_bytes().replace(b"\r\n", b"\n")
        return hashlib.sha256(text).hexdigest()

    @property
    def is_empty(self) -> bool:
        return not split_statements(self.path.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Applied:
    version: int
    name: str
    checksum: str | None  # None: applied before checksums were recorded


def discover(directory: Path) -> list[Migration]:
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise MigrationError(f"migration file name must look like 0001_name.sql: {path.name}")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise MigrationError("two migrations share a version number")
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(
                f"migrations must be numbered without gaps: expected {expected:04d}, found {migration.path.name}"
            )
    return found


def split_statements(script: str) -> list[str]:
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()):
        raise MigrationError("migration ends with an incomplete statement (missing ';'?)")
    return statements


async def _bootstrap(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL, checksum TEXT)"
        )
        columns = {str(row["name"]) for row in await tx.fetchall("PRAGMA table_info(schema_migrations)")}
        if "checksum" not in columns:  # a database from before checksums were recorded
            await tx.execute("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT")


async def applied_migrations(db: Database) -> list[Applied]:
    await _bootstrap(db)
    rows = await db.fetchall("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
    return [Applied(int(r["version"]), str(r["name"]), r["checksum"]) for r in rows]


async def applied_versions(db: Database) -> set[int]:
    return {applied.version for applied in await applied_migrations(db)}


def check_history(available: list[Migration], applied: list[Applied]) -> list[Migration]:
    """The migrations still to apply, or MigrationError if the history does not match the files."""
    by_version = {m.version: m for m in available}
    for record in applied:
        migration = by_version.get(record.version)
        if migration is None:
            raise MigrationError(
                f"the database has migration {record.version:04d}_{record.name} applied, which this version "
                "of bpjstk-bot does not know: it was written by a newer version"
            )
        if record.checksum is not None and record.checksum != migration.checksum:
            raise MigrationError(
                f"migration {migration.path.name} was edited after it was applied to this database; "
                "write a new migration instead of changing an applied one"
            )
    done = {record.version for record in applied}
    pending = [m for m in available if m.version not in done]
    highest = max(done, default=0)
    late = [m for m in pending if m.version < highest and not m.is_empty]
    if late:
        raise MigrationError(
            f"migration {late[0].path.name} is numbered below {highest:04d}, which is already applied: "
            "renumber it after the last applied migration"
        )
    return pending


async def migrate(db: Database, directory: Path) -> list[Migration]:
    """Apply every pending migration in order; returns the ones applied now."""
    available = discover(directory)
    applied_list = await applied_migrations(db)
    pending = check_history(available, applied_list)
    await _record_missing_checksums(db, available, applied_list)
    applied: list[Migration] = []
    for migration in pending:
        statements = split_statements(migration.path.read_text(encoding="utf-8"))
        try:
            async with db.transaction() as tx:
                # Another process may have applied it while we waited for the lock.
                if await tx.fetchone("SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)):
                    continue
                for statement in statements:
                    await tx.execute(statement)
                await tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)",
                    (migration.version, migration.name, datetime.now(UTC).isoformat(), migration.checksum),
                )
        except sqlite3.Error as exc:
            raise MigrationError(f"migration {migration.path.name} failed: {exc}") from exc
        applied.append(migration)
    return applied


async def _record_missing_checksums(db: Database, available: list[Migration], applied: list[Applied]) -> None:
    """Databases migrated before checksums existed: trust today's files once, then hold them to it."""
    by_version = {m.version: m for m in available}
    missing = [record for record in applied if record.checksum is None]
    if not missing:
        return
    async with db.transaction() as tx:
        for record in missing:
            await tx.execute(
                "UPDATE schema_migrations SET checksum = ? WHERE version = ? AND checksum IS NULL",
                (by_version[record.version].checksum, record.version),
            )
