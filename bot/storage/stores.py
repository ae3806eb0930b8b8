"""Opening the SQLite stores: the one place that turns a file path into stores.

Commands and channels get stores from here (or from `bot.app`), never a
connection: SQL stays inside bot/storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.paths import migrations_dir
from bot.storage.address_key import AddressHasher, key_path_for, load_or_create_key
from bot.storage.db import Database
from bot.storage.leads import SqliteLeadStore
from bot.storage.migrate import Migration, applied_versions, migrate
from bot.storage.store import SqliteStore


@dataclass
class Stores:
    db: Database
    conversations: SqliteStore
    leads: SqliteLeadStore

    async def close(self) -> None:
        await self.db.close()


def hasher_for(path: Path | str) -> AddressHasher:
    if str(path) == ":memory:":
        return AddressHasher.ephemeral()
    return AddressHasher(load_or_create_key(key_path_for(path)))


async def open_stores(path: Path | str, hasher: AddressHasher | None = None) -> Stores:
    """Open (creating if needed) and migrate the database at `path`."""
    db = await Database.open(path)
    try:
        await migrate(db, migrations_dir())
    except BaseException:
        await db.close()
        raise
    return Stores(db, SqliteStore(db, hasher or hasher_for(path)), SqliteLeadStore(db))


async def migrate_file(path: Path | str) -> tuple[list[Migration], int]:
    """Apply pending migrations; returns those applied now and the schema version."""
    db = await Database.open(path)
    try:
        applied = await migrate(db, migrations_dir())
        return applied, max(await applied_versions(db), default=0)
    finally:
        await db.close()
