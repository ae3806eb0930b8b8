"""Message texts are kept only as long as needed: inbound texts blanked after 30 days
(rows kept for de-duplication and statistics), unanswered questions deleted after 90."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.storage.retention import RetentionPolicy, purge_expired, retention_job
from tests.conftest import START, Harness

ROOT = Path(__file__).resolve().parents[2]
MARKER = "kalimat-penanda-unik-untuk-uji-retensi"


async def bodies(harness: Harness) -> dict[str, str | None]:
    rows = await harness.store.db.fetchall("SELECT external_id, body FROM inbound_messages ORDER BY id")
    return {str(r["external_id"]): r["body"] for r in rows}


async def unanswered(harness: Harness) -> list[str]:
    return [str(r["text"]) for r in await harness.store.db.fetchall("SELECT text FROM unanswered ORDER BY id")]


async def test_old_inbound_texts_are_blanked_and_the_rows_kept(harness: Harness) -> None:
    await harness.send(f"apa itu {MARKER} lama", external_id="old")
    harness.clock.advance(timedelta(days=25))
    await harness.send(f"apa itu {MARKER} baru", external_id="new")
    harness.clock.advance(timedelta(days=6))  # "old" is now 31 days old, "new" 6

    result = await purge_expired(harness.store.db, harness.clock.now(), RetentionPolicy())

    assert result.inbound_texts_cleared == 1
    stored = await bodies(harness)
    assert stored["old"] is None and stored["new"] is not None and MARKER in stored["new"]
    # The row is still there: a redelivery of the old message is still recognised and ignored.
    assert await harness.send("apa saja", external_id="old") == []


async def test_unanswered_questions_are_kept_longer_then_deleted(harness: Harness) -> None:
    await harness.send(f"{MARKER} pertama")
    harness.clock.advance(timedelta(days=60))
    await harness.send(f"{MARKER} kedua")
    harness.clock.advance(timedelta(days=31))  # the first is 91 days old, the second 31

    result = await retention_job(harness.store.db, harness.clock, RetentionPolicy())

    assert result.unanswered_deleted == 1
    assert [t for t in await unanswered(harness) if MARKER in t] == [f"{MARKER} kedua"]
    assert all(body is None or "pertama" not in body for body in (await bodies(harness)).values())


async def test_sums_named_in_faq_questions_are_blanked_once_the_context_is_over(harness: Harness) -> None:
    await harness.send("gaji saya 2,5 juta, potongan bpjs tk berapa?", user="old")
    harness.clock.advance(timedelta(minutes=30))
    await harness.send("penghasilan saya 3 juta, iuran bpu berapa?", user="new")

    result = await purge_expired(harness.store.db, harness.clock.now(), RetentionPolicy())

    assert result.faq_amounts_cleared == 1
    rows = await harness.store.db.fetchall("SELECT last_amounts FROM contacts WHERE last_amounts IS NOT NULL")
    assert [json.loads(r["last_amounts"])["wage"] for r in rows] == [3000000]


async def test_times_with_other_offsets_are_compared_as_instants(harness: Harness) -> None:
    """The cut-off is START - 30 days = 2026-10-24 10:00 WIB; comparing strings would get both wrong."""
    db = harness.store.db
    rows = {
        "newer-utc": "2026-10-24T05:00:00+00:00",  # 12:00 WIB: keep (as text it sorts before the cut-off)
        "older-wit": "2026-10-24T11:00:00+09:00",  # 09:00 WIB: blank (as text it sorts after the cut-off)
    }
    for external_id, at in rows.items():
        await db.execute(
            "INSERT INTO inbound_messages (channel, external_id, received_at, kind, body)"
            " VALUES ('telegram', ?, ?, 'text', 'x')",
            (external_id, at),
        )
    await purge_expired(db, START, RetentionPolicy(inbound_days=30))
    stored = await bodies(harness)
    assert stored["newer-utc"] == "x" and stored["older-wit"] is None


async def test_blanked_texts_are_gone_from_the_file_too(harness: Harness) -> None:
    """secure_delete and the checkpoint after a purge: the text is in neither the database file nor the WAL."""
    await harness.send(f"{MARKER} rahasia", external_id="gone")
    harness.clock.advance(timedelta(days=365))
    await purge_expired(harness.store.db, harness.clock.now(), RetentionPolicy())
    raw = b"".join(p.read_bytes() for p in harness.db_path.parent.iterdir() if p.name.startswith(harness.db_path.name))
    assert MARKER.encode() not in raw


def test_retention_settings_come_from_the_environment(tmp_path: Path) -> None:
    defaults = load_settings(env={}, dotenv=None)
    assert (defaults.inbound_retention_days, defaults.unanswered_retention_days) == (30, 90)
    env = {"BPJSTK_INBOUND_RETENTION_DAYS": "7", "BPJSTK_UNANSWERED_RETENTION_DAYS": "365"}
    settings = load_settings(env=env, dotenv=None)
    assert RetentionPolicy.from_settings(settings) == RetentionPolicy(7, 365)
    for bad in ("0", "-3", "tiga"):
        with pytest.raises(ConfigError, match="BPJSTK_INBOUND_RETENTION_DAYS"):
            load_settings(env={"BPJSTK_INBOUND_RETENTION_DAYS": bad}, dotenv=None)


def test_chat_purges_at_start_up(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BPJSTK_"))}
    env["PYTHONPATH"] = str(ROOT)

    def chat(stdin: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "bot", "chat", "--db", str(db)],
            input=stdin, text=True, capture_output=True, cwd=tmp_path, env=env, timeout=60, check=True,
        )  # fmt: skip

    chat(f"{MARKER}\n")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE inbound_messages SET received_at = '2020-01-01T00:00:00+07:00'")
        conn.execute("UPDATE unanswered SET asked_at = '2020-01-01T00:00:00+07:00'")
    conn.close()
    chat("")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM inbound_messages WHERE body LIKE ?", (f"%{MARKER}%",)).fetchone() == (
            0,
        )
        assert conn.execute("SELECT COUNT(*) FROM inbound_messages").fetchone()[0] >= 2
        assert conn.execute("SELECT COUNT(*) FROM unanswered").fetchone() == (0,)
    conn.close()
