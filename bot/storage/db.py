"""One SQLite connection (aiosqlite) with WAL, foreign keys, a busy timeout and
a single write-transaction helper.

Writes go through `transaction()`, which holds an asyncio lock: aiosqlite runs
one connection in one thread, so without the lock two tasks could interleave
statements inside each other's transactions. Do no network I/O inside one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.files import prepare_database_files

BUSY_TIMEOUT_MS = 5000

# aiosqlite logs every statement *with its parameters* at DEBUG: NIKs, phone
# numbers and names would reach the log with `-v`. Keep it at INFO and above.
logging.getLogger("aiosqlite").setLevel(logging.INFO)
Params = Sequence[Any] | dict[str, Any]


class Database:
    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        self._conn = connection
        self._write_lock = asyncio.Lock()
        self.path = path

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        target = str(path)
        if target != ":memory:":
            prepare_database_files(target)  # 0700 directory, 0600 files, whatever the umask
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        conn = await aiosqlite.connect(target, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA secure_delete = ON")  # deleted personal data is overwritten, not left in free pages
        if target != ":memory:":
            await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        return cls(conn, target)

    async def close(self) -> None:
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK if the block raises."""
        async with self._write_lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement; returns the row count.

        The connection is in autocommit mode, where a single statement is already its own
        atomic transaction: an explicit BEGIN/COMMIT would only add two thread round trips.
        The write lock keeps it from landing inside another task's open transaction.
        """
        async with self._write_lock:
            cursor = await self._conn.execute(sql, params)
            return cursor.rowcount

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Params = ()) -> Iterable[aiosqlite.Row]:
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchall()
