"""Resident memory of the serving process with many outbox rows queued.

    PYTHONPATH=. .venv/bin/python benchmarks/outbox_memory.py [--rows 1000 100000] [--settle 30] [--samples 20]

For each ROWS: a fresh database with ROWS people who said yes and a broadcast to them;
`bpjstk-bot run` (Telegram, against the loopback emulator) with BPJSTK_OUTBOX_RATE=0.01 (one
send per 100 s) expands it into ROWS queued rows. Once they are all queued it runs `--settle`
seconds more, then VmRSS (/proc/PID/status) is read once a second `--samples` times. The bot
is then stopped (SIGTERM) and started again on the same database, so that it starts with the
rows already queued, and measured the same way. Prints the median VmRSS and VmHWM of both,
and the difference between the largest and the smallest ROWS (target: within 20 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.outreach_kit import Outbox, machine, seed_people, start_broadcast, usage
from tests.tgemu.driver import BotProcess
from tests.tgemu.server import Emulator

FIRST = 7_000_000
ENV = {"BPJSTK_QUIET_HOURS": "0-0", "BPJSTK_TICK_SECONDS": "1", "BPJSTK_OUTBOX_RATE": "0.01"}


@dataclass
class Memory:
    rss_mb: float
    peak_mb: float


async def sample(bot: BotProcess, settle: float, samples: int) -> Memory:
    assert bot.proc is not None
    await asyncio.sleep(settle)
    values = []
    for _sample in range(samples):
        values.append(usage(bot.proc.pid).rss_mb)
        await asyncio.sleep(1.0)
    return Memory(statistics.median(values), usage(bot.proc.pid).peak_rss_mb)


async def measure(rows: int, args: argparse.Namespace, tmp: Path) -> tuple[Memory, Memory, float]:
    """(expanding it, started with it queued, seconds to expand) for a broadcast of `rows`."""
    db = tmp / f"rows-{rows}.sqlite3"
    began = time.monotonic()
    await seed_people(db, "telegram", (str(FIRST + n) for n in range(rows)))
    print(f"{rows:,}: seeded in {time.monotonic() - began:.1f} s", file=sys.stderr)
    emulator = Emulator()
    await emulator.start()
    bot = BotProcess(emulator, db, tmp, ENV)
    outbox = await Outbox.open(db)
    try:
        await start_broadcast(db, tmp, "Sosialisasi program di balai desa, Sabtu 09.00 WIB.", "telegram", bot.env)
        await bot.start()
        started = time.monotonic()
        while (await outbox.states())["queued"] < rows - 1:  # one may be on its way already
            if time.monotonic() - started > 600:
                raise SystemExit(f"{rows:,} rows not queued after 600 s")
            await asyncio.sleep(0.5)
        expanded = time.monotonic() - started
        print(f"{rows:,}: queued in {expanded:.1f} s", file=sys.stderr)
        first = await sample(bot, args.settle, args.samples)
        assert await bot.stop() == 0
        await bot.start()
        again = await sample(bot, args.settle, args.samples)
        states = await outbox.states()
        print(f"{rows:,}: rows {dict(states)}", file=sys.stderr)
    finally:
        await bot.stop()
        await outbox.close()
        await emulator.stop()
    return first, again, expanded


async def run(args: argparse.Namespace, tmp: Path) -> None:
    results = {rows: await measure(rows, args, tmp) for rows in args.rows}
    print(f"\n{machine()}; python {sys.version.split()[0]}; settings {ENV}")
    print(f"median VmRSS of {args.samples} samples, {args.settle:g} s after the rows were queued / after the restart")
    print(f"{'rows queued':>12}{'expanding MB':>14}{'peak MB':>9}{'restarted MB':>14}{'peak MB':>9}{'expand s':>10}")
    for rows, (first, again, expanded) in results.items():
        print(
            f"{rows:>12,}{first.rss_mb:>14.1f}{first.peak_mb:>9.1f}{again.rss_mb:>14.1f}{again.peak_mb:>9.1f}"
            f"{expanded:>10.1f}"
        )
    low, high = results[min(results)], results[max(results)]
    print(
        f"{max(results):,} vs {min(results):,} rows: {high[0].rss_mb - low[0].rss_mb:+.1f} MB while expanding,"
        f" {high[1].rss_mb - low[1].rss_mb:+.1f} MB after a restart (target: within 20 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--settle", type=float, default=30.0, help="seconds to run before sampling")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bpjstk-memory-") as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
