"""Engine throughput and latency on a real SQLite file, no channel in between.

    python benchmarks/engine_throughput.py [--users 100] [--messages 20]

Prints messages per second and p50/p95/p99 latency per message, plus peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bot.app import build_app
from bot.core.models import Inbound

SCRIPT = [
    "/start",
    "apa itu jht",
    "iuran bpu berapa",
    "menu",
    "jht cair kapan",
    "santunan kematian berapa",
    "bantuan",
    "kecelakaan kerja ditanggung?",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def main(users: int, messages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = await build_app(Path(tmp) / "bench.sqlite3")
        latencies: list[float] = []

        async def user(number: int) -> None:
            for i in range(messages):
                text = SCRIPT[i % len(SCRIPT)]
                inbound = Inbound("telegram", f"user{number}", app.clock.now(), external_id=f"{number}-{i}", text=text)
                started = time.perf_counter()
                replies = await app.engine.handle(inbound)
                for reply in replies:
                    app.renderer.render(reply, "telegram")
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(user(n) for n in range(users)))
        elapsed = time.perf_counter() - started
        await app.close()
    total = users * messages
    print(f"engine: {users} users x {messages} messages = {total} messages in {elapsed:.2f} s")
    print(f"throughput: {total / elapsed:.0f} messages/s")
    print(
        "latency per message (incl. queueing behind other users' writes): "
        f"p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, mean {statistics.mean(latencies) * 1000:.1f} ms"
    )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.users, args.messages))
