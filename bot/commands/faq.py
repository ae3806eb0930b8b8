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
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from bot.commands.common import add_db_option, db_path, existing_db, positive_int
from bot.commands.text import cli_columns, cli_names, cli_text
from bot.core.ports import UnansweredSummary
from bot.faq.asked_month import month_asked
from bot.faq.lookup import asks_for_lookup
from bot.rules.formatting import month_year
from bot.storage.stores import open_stores


def format_rows(rows: Sequence[UnansweredSummary]) -> list[str]:
    """One line per question: count, last time asked, text (tab-separated)."""
    if not rows:
        return [cli_text("faq.no_unanswered")]
    lines = ["\t".join(cli_columns("faq.unanswered_columns"))]
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


def explain_lines(text: str, previous: str | None = None) -> list[str]:
    """What the FAQ makes of a question: normalised words, how it was read, decisions, best entries."""
    from bot.faq.service import build_faq_service  # loads the knowledge: only when asked

    service = build_faq_service()
    matcher = service.matcher
    tokens = matcher.normalizer.tokens(text)
    reading = service.read(text, service.knowledge.get(previous) if previous else None, date.today())
    lines = [
        cli_text("faq.words", words=" ".join(tokens) or "-"),
        cli_text(
            "faq.anchors",
            strong=" ".join(t for t in tokens if t in matcher.anchors) or "-",
            weak=" ".join(t for t in tokens if t in matcher.weak_anchors) or "-",
        ),
    ]
    rest = service.reader.without_acknowledgement(text) if previous else text
    if rest != text:
        lines.append(cli_text("faq.acknowledgement", text=text[: len(text) - len(rest)].strip(" ,.!")))
    if len(reading.parts) > 1:
        for part in reading.parts:
            lines.append(cli_text("faq.part_question" if part.asks else "faq.part_story", text=part.text))
    how = cli_names("faq.readings")[reading.how]
    if reading.context:
        lines.append(cli_text("faq.reading_in_context", reading=how, context=" ".join(reading.context)))
    else:
        lines.append(cli_text("faq.reading", reading=how))
    for decision in reading.decisions:
        lines.append(
            cli_text(
                "faq.decision",
                verdict=decision.verdict.value,
                entry=decision.best.id if decision.best else "-",
                coverage=decision.coverage,
            )
        )
        if decision.unstated and decision.nearest is not None:
            details = " ".join(decision.unstated)
            lines.append(cli_text("faq.unstated", entry=decision.nearest.id, details=details))
    dated = service.beyond_snapshot(text, reading, date.today())
    if dated is not None:
        lines.append(cli_text("faq.dated", entry=dated.id))
    if asks_for_lookup(text):
        lines.append(cli_text("faq.lookup"))
    asked = month_asked(text, date.today())
    if asked is not None:
        lines.append(cli_text("faq.asked_month", month=month_year(asked.start)))
    if reading.opinion is not None:
        second = service.reader.second_opinion
        threshold = second.threshold if second is not None else 0.0
        lines.append(
            cli_text(
                "faq.opinion",
                entry=reading.opinion.entry.id,
                similarity=reading.opinion.similarity,
                threshold=threshold,
                nearest=reading.opinion.text,
            )
        )
        if service.reader.of_another_program(text, reading.opinion.entry):
            lines.append(cli_text("faq.opinion_other_program", entry=reading.opinion.entry.id))
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
        print(cli_text("faq.no_model"), file=out)
        return 1
    path = args.output or messages_dir() / "faq" / VECTORS_FILE
    save_vectors(path, vectors)
    print(cli_text("faq.vectors_written", count=len(vectors), path=path), file=out)
    return 0


def run_explain(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    for line in explain_lines(args.text, args.sebelumnya):
        print(line, file=out)
    return 0


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("faq", help=cli_text("faq.help"))
    faq_sub = parser.add_subparsers(dest="faq_command", metavar=cli_text("cli.metavar_command"))
    unanswered = faq_sub.add_parser("unanswered", help=cli_text("faq.unanswered_help"))
    unanswered.add_argument("--limit", type=positive_int, default=20, help=cli_text("common.limit_help", default=20))
    add_db_option(unanswered)
    unanswered.set_defaults(handler=run_unanswered)
    explain = faq_sub.add_parser("explain", help=cli_text("faq.explain_help"))
    explain.add_argument("text", help=cli_text("faq.question_help"))
    explain.add_argument(
        "--sebelumnya", metavar=cli_text("faq.metavar_topic"), default=None, help=cli_text("faq.previous_help")
    )
    explain.set_defaults(handler=run_explain)
    vectors = faq_sub.add_parser("vectors", help=cli_text("faq.vectors_help"))
    vectors.add_argument("--output", type=Path, default=None, help=cli_text("faq.output_help"))
    vectors.set_defaults(handler=run_vectors)

    def _usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=_usage)
