"""`bpjstk-bot faq unanswered`: the questions the FAQ could not answer, most frequent first.

    bpjstk-bot faq unanswered [--limit N] [--db PATH]
    bpjstk-bot faq explain "pertanyaan"     # how the FAQ reads a question (for staff editing entries)

Staff read this list to decide which entries to add to messages/faq/. The rows come from the
store's `top_unanswered(limit)` (table `unanswered(id, text, channel, asked_at)`), opened with
`bot.app.open_store` when the composition root provides it, else read directly (read-only).
Texts are already masked for personal data when they are logged.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TextIO

DEFAULT_DB = "data/bpjstk.sqlite3"
Row = tuple[str, int, datetime]


class Summary(Protocol):
    """What the store's `top_unanswered` returns per question (its `UnansweredSummary`)."""

    @property
    def text(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def last_asked(self) -> datetime: ...


class UnansweredSource(Protocol):
    async def top_unanswered(self, limit: int) -> Sequence[Summary] | Sequence[Row]: ...


def _as_row(item: Summary | Row) -> Row:
    if isinstance(item, tuple):
        return item
    return (item.text, item.count, item.last_asked)


def format_rows(rows: Sequence[Summary] | Sequence[Row]) -> list[str]:
    """One line per question: count, last time asked, text (tab-separated)."""
    if not rows:
        return ["Belum ada pertanyaan yang tidak terjawab."]
    lines = ["jumlah\tterakhir\tpertanyaan"]
    for text, count, last in (_as_row(item) for item in rows):
        one_line = " ".join(text.split())
        lines.append(f"{count}\t{last.strftime('%Y-%m-%d %H:%M')}\t{one_line}")
    return lines


async def collect(source: UnansweredSource, limit: int) -> list[str]:
    return format_rows(await source.top_unanswered(limit))


class SqliteUnanswered:
    """Read-only fallback over the `unanswered` table, used when the store cannot be opened."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def top_unanswered(self, limit: int) -> list[Row]:
        return await asyncio.to_thread(self._query, limit)

    def _query(self, limit: int) -> list[Row]:
        uri = f"file:{self.path}?mode=ro"
        with sqlite3.connect(uri, uri=True) as db:
            cursor = db.execute(
                "SELECT text, COUNT(*) AS n, MAX(asked_at) AS last FROM unanswered "
                "GROUP BY text ORDER BY n DESC, last DESC LIMIT ?",
                (limit,),
            )
            return [(str(text), int(n), _as_datetime(last)) for text, n, last in cursor.fetchall()]


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


async def _from_store(path: Path, limit: int) -> list[str]:
    """Use the project store (`bot.app.open_store`) when there is one; else read the table directly."""
    try:
        app_module = importlib.import_module("bot.app")
    except ImportError:
        app_module = None
    opener = getattr(app_module, "open_store", None)
    if opener is None:
        return await collect(SqliteUnanswered(path), limit)
    store = await opener(path)
    try:
        return await collect(store, limit)
    finally:
        await store.db.close()


def run_unanswered(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    path = Path(args.db)
    if not path.exists():
        print(f"Basis data tidak ditemukan: {path}", file=sys.stderr)
        return 1
    try:
        lines = asyncio.run(_from_store(path, args.limit))
    except sqlite3.Error as exc:
        print(f"Gagal membaca basis data: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line, file=out)
    return 0


def explain_lines(text: str) -> list[str]:
    """What the FAQ makes of a question: normalised words, decision, best entries."""
    from bot.faq.service import build_faq_service  # loads the knowledge: only when asked

    matcher = build_faq_service().matcher
    decision = matcher.decide(text)
    tokens = matcher.normalizer.tokens(text)
    lines = [
        f"kata: {' '.join(tokens) or '-'}",
        f"kata kunci domain: {' '.join(t for t in tokens if t in matcher.anchors) or '-'}"
        f" | lemah: {' '.join(t for t in tokens if t in matcher.weak_anchors) or '-'}",
        f"keputusan: {decision.verdict.value} -> {decision.best.id if decision.best else '-'}"
        f" (cakupan {decision.coverage:.2f})",
    ]
    for scored in matcher.rank(text)[:5]:
        lines.append(f"  {scored.score:.3f}  {scored.entry.id}")
    return lines


def run_explain(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    for line in explain_lines(args.text):
        print(line, file=out)
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("harus 1 atau lebih")
    return value


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("faq", help="alat FAQ untuk petugas")
    faq_sub = parser.add_subparsers(dest="faq_command", metavar="PERINTAH")
    unanswered = faq_sub.add_parser("unanswered", help="pertanyaan tak terjawab yang paling sering")
    unanswered.add_argument("--limit", type=_positive, default=20, help="jumlah baris (bawaan 20)")
    unanswered.add_argument(
        "--db",
        default=os.environ.get("BPJSTK_DB_PATH", DEFAULT_DB),
        help=f"file SQLite (bawaan: $BPJSTK_DB_PATH, atau {DEFAULT_DB})",
    )
    unanswered.set_defaults(handler=run_unanswered)
    explain = faq_sub.add_parser("explain", help="tunjukkan cara FAQ membaca sebuah pertanyaan")
    explain.add_argument("text", help="pertanyaan")
    explain.set_defaults(handler=run_explain)

    def _usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=_usage)
