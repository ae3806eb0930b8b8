"""`stats` over a year of a busy branch: 100,000 contacts and 100,000 leads.

    python benchmarks/staff_stats.py [--contacts 100000] [--leads 100000]

Prints the time of the report query alone (the whole year, and the last 8 weeks as /statistik
asks) and of the whole `bpjstk-bot stats --json` command (open, migrate check, query, print).
The target is under a second.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.staff_data import create
from bot.cli import main as cli
from bot.core.staff.period import Period, last_weeks
from bot.staff_tools import open_staff_tools


async def _report(db_path: Path, period: Period) -> float:
    async with open_staff_tools(db_path) as tools:
        started = time.perf_counter()
        report = await tools.numbers.report(period)
        elapsed = time.perf_counter() - started
    assert report.count("leads") > 0
    return elapsed


def main(contacts: int, leads: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        create(db_path, contacts, leads)
        print(
            f"data: {contacts:,} contacts, {leads:,} leads, {3 * contacts:,} messages"
            f" written in {time.perf_counter() - started:.1f} s"
        )
        year = asyncio.run(_report(db_path, Period()))
        weeks = asyncio.run(_report(db_path, last_weeks(date(2026, 11, 23), 8)))
        out = io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out):
            status = cli(["stats", "--db", str(db_path), "--json"])
        command = time.perf_counter() - started
        assert status == 0 and out.getvalue().startswith("{")
    print(f"stats report, whole year: {year * 1000:.0f} ms")
    print(f"stats report, last 8 weeks (/statistik): {weeks * 1000:.0f} ms")
    print(f"bpjstk-bot stats --json, whole command: {command * 1000:.0f} ms (target < 1000 ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--leads", type=int, default=100_000)
    options = parser.parse_args()
    main(options.contacts, options.leads)
