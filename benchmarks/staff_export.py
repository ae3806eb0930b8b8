"""XLSX (and CSV) export of 50,000 leads.

    python benchmarks/staff_export.py [--leads 50000] [--runs 3]

Prints, per format, the whole `bpjstk-bot leads export` command (read the leads, write the
owner-only file): the median wall time and the CPU time of the runs, and the file size. The
XLSX target is under 5 seconds. On a shared machine wall time includes waiting for a core;
CPU time is what the export itself costs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.staff_data import create
from bot.cli import main as cli


def _export(db_path: Path, target: Path) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        status = cli(["leads", "export", "--db", str(db_path), "--output", str(target), "--force"])
    assert status == 0
    return time.perf_counter() - wall, time.process_time() - cpu


def main(leads: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        create(db_path, contacts=leads, leads=leads, messages_per_contact=1)
        print(f"data: {leads:,} leads")
        for fmt in ("xlsx", "csv"):
            target = Path(tmp) / f"leads.{fmt}"
            timings = [_export(db_path, target) for _ in range(runs)]
            wall = statistics.median(t[0] for t in timings)
            cpu = statistics.median(t[1] for t in timings)
            size = target.stat().st_size / 1e6
            goal = " (target < 5 s)" if fmt == "xlsx" else ""
            print(
                f"leads export --format {fmt}: {leads:,} leads, median of {runs}: {wall:.2f} s wall,"
                f" {cpu:.2f} s CPU, {size:.1f} MB{goal}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    main(options.leads, options.runs)
