"""`bpjstk-bot stats`: the numbers for staff — the funnel from first message to registered
participant, by area, role, campaign and week, and the most frequent unanswered questions.

    bpjstk-bot stats [--sejak YYYY-MM-DD] [--sampai YYYY-MM-DD] [--json] [--png FILE [--force]]

Days are Asia/Jakarta days, both ends included; without them, everything so far.
The PNG is the chart /statistik sends in chat. Viewing is written to the staff audit log.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bot.commands.common import add_db_option, db_path, existing_db, run
from bot.commands.staff_options import UsageProblem, add_period_options, cli_actor, period_of, refusal
from bot.commands.text import cli_text
from bot.core.clock import SystemClock, today_wib
from bot.core.models import Reply
from bot.core.staff.numbers import stats_context
from bot.core.staff.period import Period
from bot.exports.files import UnsafeTarget, private_file
from bot.staff_tools import open_staff_tools


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("stats", help=cli_text("stats.help"))
    add_db_option(parser)
    add_period_options(parser)
    parser.add_argument("--json", action="store_true", help=cli_text("stats.json_help"))
    parser.add_argument("--png", type=Path, metavar=cli_text("cli.metavar_file"), help=cli_text("stats.png_help"))
    parser.add_argument("--force", action="store_true", help=cli_text("stats.force_help"))
    parser.set_defaults(handler=handle)


def to_json(context: dict[str, Any]) -> str:
    def encode(value: object) -> str:
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"not JSON: {value!r}")

    return json.dumps(context, default=encode, ensure_ascii=False)


def handle(args: argparse.Namespace) -> int:
    path = db_path(args)
    try:
        period = period_of(args)
    except UsageProblem as problem:
        print(cli_text("cli.error", prog="bpjstk-bot stats", message=problem), file=sys.stderr)
        return 2
    return run(_stats(path, period, as_json=args.json, png=args.png, force=args.force)) if existing_db(path) else 1


async def _stats(path: Path, period: Period, *, as_json: bool, png: Path | None, force: bool) -> int:
    clock = SystemClock()
    async with open_staff_tools(path) as tools:
        report = await tools.numbers.report(period)
        await tools.store.audit(
            cli_actor(), "stats_view", "", f"since={period.since} until={period.until}", clock.now()
        )
        if png is not None:
            chart = await tools.numbers.chart(report, today_wib(clock))
            try:
                with private_file(png, force=force) as fh:
                    fh.write(chart.content)
            except UnsafeTarget as refused:
                print(f"bpjstk-bot stats: {refusal(refused)}", file=sys.stderr)
                return 1
        context = stats_context(report)
        if as_json:
            print(to_json(context))
        else:
            print(tools.renderer.render(Reply("staff/stats_report", context), "console").text)
        if png is not None and not as_json:
            print()
            print(cli_text("stats.chart_saved", path=png))
    return 0
