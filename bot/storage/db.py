"""One SQLite file shared by many processes: a writer connection, a reader connection.

Any number of processes (`run`, `chat`, every staff command) may open the same
file. What keeps them from ever failing with "database is locked":

* WAL journal: readers never block the writer and the writer never blocks readers.
* Every write is a short `BEGIN IMMEDIATE` transaction on the writer connection:
  the write lock is taken up front, where `busy_timeout` waits for another
  process instead of failing. (A deferred transaction that read first would have
  to upgrade its read snapshot; if another process committed meanwhile SQLite
  answers SQLITE_BUSY at once and the busy timeout does not help.)
* Reads outside a transaction go to a separate reader connection, and every read
  is fetched completely in one call, so no cursor stays open across an `await`.
* Inside `transaction()` reads go to the writer connection, so a transaction sees
  its own writes.

`transaction()` is ambient: a store method that opens one while the same task
already holds one joins it instead of nesting. The engine opens one transaction
per inbound message, and the flows' store calls inside it (save the lead, end the
flow state) commit or roll back together. Never start a task, or do network I/O,
inside a transaction.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.files import prepare_database_files

# Long enough to outwait another process's short transactions, even a migration.
BUSY_TIMEOUT_MS = 15000

Params = Sequence[Any] | dict[str, Any]
Row = sqlite3.Row


class Transaction:
    """The writer connection while a transaction is open: statements, no commit."""

    __slots__ = ("_conn",)

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows changed."""
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """Run one statement once per parameter set, in one call; returns the rows changed in all."""
        async with self._conn.executemany(sql, rows) as cursor:
            return cursor.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one INSERT; returns the new row id."""
        async with self._conn.execute(sql, params) as cursor:
            return int(cursor.lastrowid or 0)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, params))


async def _connect(target: str) -> aiosqlite.Connection:
    # isolation_level=None: autocommit; we issue BEGIN/COMMIT ourselves.
    conn = await aiosqlite.connect(target, isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA foreign_keys = ON")
    # Deleted personal data is overwritten, not left in free pages (per connection).
    await conn.execute("PRAGMA secure_delete = ON")
    return conn


class Database:
    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: str) -> None:
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        # The transaction the current task holds, if any (per Database, per task).
        self._current: ContextVar[Transaction | None] = ContextVar(f"sqlite_tx_{id(self)}", default=None)
        self.path = path

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        target = str(path)
        in_memory = target == ":memory:"
        if not in_memory:
            prepare_database_files(target)  # 0700 directory, 0600 files, whatever the umask
        writer = await _connect(target)
        if not in_memory:
            await writer.execute("PRAGMA journal_mode = WAL")
        await writer.execute("PRAGMA synchronous = NORMAL")
        # Two connections to ":memory:" would be two databases: share the writer.
        reader = writer if in_memory else await _connect(target)
        return cls(writer, reader, target)

    async def close(self) -> None:
        if self._reader is not self._writer:
            await self._reader.close()
        await self._writer.close()

    @property
    def in_transaction(self) -> bool:
        return self._current.get() is not None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """BEGIN IMMEDIATE ... COMMIT (ROLLBACK if the block raises); joins an open one."""
        current = self._current.get()
        if current is not None:
            yield current
            return
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            tx = Transaction(self._writer)
            token = self._current.set(tx)
            try:
                yield tx
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            else:
                await self._writer.execute("COMMIT")
            finally:
                self._current.reset(token)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One write statement in its own short transaction (or the open one)."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        current = self._current.get()
        if current is not None:
            return await current.fetchall(sql, params)
        return list(await self._reader.execute_fetchall(sql, params))
