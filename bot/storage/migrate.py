"""Forward-only SQL migrations: db/migrations/NNNN_name.sql.

Each file is applied in one transaction together with its row in
`schema_migrations`, so a broken migration leaves nothing half-applied.
(`executescript` would commit on its own, so statements are split and run one
by one inside the transaction.)
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.storage.db import Database

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(RuntimeError):
    """A migration file is malformed or failed to apply."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    path: Path


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


async def applied_versions(db: Database) -> set[int]:
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    rows = await db.fetchall("SELECT version FROM schema_migrations")
    return {int(row["version"]) for row in rows}


async def migrate(db: Database, directory: Path) -> list[Migration]:
    """Apply every pending migration in order; returns the ones applied now."""
    done = await applied_versions(db)
    applied: list[Migration] = []
    for migration in discover(directory):
        if migration.version in done:
            continue
        statements = split_statements(migration.path.read_text(encoding="utf-8"))
        try:
            async with db.transaction() as conn:
                for statement in statements:
                    await conn.execute(statement)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, datetime.now(UTC).isoformat()),
                )
        except sqlite3.Error as exc:
            raise MigrationError(f"migration {migration.path.name} failed: {exc}") from exc
        applied.append(migration)
    return applied
