"""`bpjstk-bot faq unanswered`: most frequent unanswered questions for staff."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import io
import sqlite3
from datetime import datetime
from pathlib import Path

from bot.commands import faq as command


class FakeStore:
    def __init__(self, rows: list[tuple[str, int, datetime]]) -> None:
        self.rows = rows
        self.asked: list[int] = []

    async def top_unanswered(self, limit: int) -> list[tuple[str, int, datetime]]:
        self.asked.append(limit)
        return self.rows[:limit]


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="bpjstk-bot")
    command.add_parser(root.add_subparsers(dest="command"))
    return root


async def test_collect_formats_the_store_rows() -> None:
    store = FakeStore([("harga emas", 3, datetime(2026, 11, 20, 10, 5)), ("resep\nrendang", 1, datetime(2026, 11, 21))])
    lines = await command.collect(store, 5)
    assert store.asked == [5]
    assert lines[0].split("\t") == ["jumlah", "terakhir", "pertanyaan"]
    assert lines[1] == "3\t2026-11-20 10:05\tharga emas"
    assert lines[2].endswith("resep rendang")  # one line per question


async def test_collect_accepts_store_summaries() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Summary:  # the shape of bot.storage.store.UnansweredSummary
        text: str
        count: int
        last_asked: datetime

    class Store:
        async def top_unanswered(self, limit: int) -> list[Summary]:
            return [Summary("jadwal bus", 4, datetime(2026, 11, 22, 9, 0))]

    assert (await command.collect(Store(), 3))[1] == "4\t2026-11-22 09:00\tjadwal bus"


async def test_collect_empty() -> None:
    assert await command.collect(FakeStore([]), 10) == ["Belum ada pertanyaan yang tidak terjawab."]


ROWS = [
    ("harga emas", "telegram", "2026-11-20T10:00:00"),
    ("harga emas", "whatsapp", "2026-11-21T11:00:00"),
    ("jadwal bus", "console", "2026-11-22T09:00:00"),
]


async def make_database(path: Path) -> None:
    """Through the project's store when the app provides one, else the bare table."""
    try:
        opener = getattr(importlib.import_module("bot.app"), "open_store", None)
    except ImportError:
        opener = None
    if opener is not None:
        store = await opener(path)
        for text, channel, at in ROWS:
            await store.log_unanswered(text, channel, datetime.fromisoformat(at))
        await store.db.close()
        return
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE unanswered (id INTEGER PRIMARY KEY, text TEXT, channel TEXT, asked_at TEXT)")
        conn.executemany("INSERT INTO unanswered (text, channel, asked_at) VALUES (?, ?, ?)", ROWS)


def test_cli_reads_a_database_file(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    asyncio.run(make_database(db))
    args = parser().parse_args(["faq", "unanswered", "--db", str(db), "--limit", "1"])
    out = io.StringIO()
    assert command.run_unanswered(args, out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[1] == "2\t2026-11-21 11:00\tharga emas"
    assert len(lines) == 2


def test_cli_missing_database(tmp_path: Path) -> None:
    args = parser().parse_args(["faq", "unanswered", "--db", str(tmp_path / "none.sqlite3")])
    assert command.run_unanswered(args) == 1


def test_faq_without_subcommand_prints_help() -> None:
    args = parser().parse_args(["faq"])
    assert args.handler(args) == 2


def test_explain_shows_the_decision() -> None:
    args = parser().parse_args(["faq", "explain", "gmn carane klaim jht"])
    out = io.StringIO()
    assert command.run_explain(args, out=out) == 0
    text = out.getvalue()
    assert "kata: bagaimana cara klaim jht" in text
    assert "keputusan: answer -> jht-klaim-jmo" in text
