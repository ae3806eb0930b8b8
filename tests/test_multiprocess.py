"""Many processes, one database file: nobody ever sees an error reply."""

from __future__ import annotations

from pathlib import Path

from bot.storage.stores import open_stores
from tests.multiprocess_load import run_load


async def test_chats_and_staff_commands_share_one_file_without_errors(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"  # created by whichever process comes first
    result = await run_load(db, chatters=3, messages=60)
    assert result.failed_exits == 0, result.failure_output
    assert result.error_replies == 0
    assert result.staff_runs >= 1 and result.staff_failures == 0, result.failure_output
    stores = await open_stores(db)
    try:
        logged = await stores.db.fetchone("SELECT COUNT(*) AS n FROM inbound_messages")
        assert logged is not None and logged["n"] == 3 * (60 + 1)  # every line plus the /start
    finally:
        await stores.close()
