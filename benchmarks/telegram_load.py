"""Load test: N simulated Telegram users x M messages through the Bot API emulator.

Runs, in one go and against the same loopback emulator:
  (a) a minimal python-telegram-bot echo bot (benchmarks/echo_bot.py), and
  (b) `python -m bot run` (bpjstk-bot) answering FAQ-style questions,
each as a separate process, then prints throughput (replies/s), reply latency
p50/p95/p99 (update injected -> first sendMessage for it at the emulator), CPU
seconds and peak memory of the bot process, and the ratios b/a.

Users behave like people: each waits for the answer, then "thinks" for a
random 0.5x-1.5x of --think seconds before the next message. With the default
100 users and 5 s, the offered load is ~20 messages/s, under the outbox's 25/s
(Telegram allows ~30/s per bot), so the figures compare the bots, not the
rate limiter. `--think 0` measures the saturated case, where bpjstk-bot's
outbox caps replies at BPJSTK_OUTBOX_RATE and 1 per second per chat (on
purpose; the echo bot has no limits).

`--rtt-ms 50` makes the emulator wait that long before every answer, like a
real network path to api.telegram.org; on bare loopback (the default, 0) a
PTB echo costs only a few milliseconds, so any real work looks large in ratios.

    PYTHONPATH=. python benchmarks/telegram_load.py --users 100 --messages 5
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.outreach_kit import peak_per_second  # noqa: E402
from benchmarks.questions import QUESTIONS  # noqa: E402
from tests.tgemu.botapi import Call  # noqa: E402
from tests.tgemu.driver import bot_env  # noqa: E402
from tests.tgemu.server import Emulator  # noqa: E402


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    replies: int = 0
    lost: int = 0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    send_times: list[float] = field(default_factory=list)

    @property
    def peak_per_second(self) -> int:
        """Most sendMessage calls the emulator saw in any one-second window."""
        return peak_per_second(self.send_times)

    @property
    def throughput(self) -> float:
        return self.replies / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index] * 1000


def _proc_usage(pid: int) -> tuple[float, float]:
    """(user+system CPU seconds, peak RSS in MB) from /proc; zeros where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(fields[11]) + int(fields[12])) / ticks
        peak = 0.0
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
        return cpu, peak
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0


async def run_one(name: str, command: list[str], env_extra: dict[str, str], args: argparse.Namespace) -> Result:
    emu = Emulator(latency=args.rtt_ms / 1000)
    await emu.start()
    result = Result(name)
    waiters: dict[int, asyncio.Future[float]] = {}

    def on_call(call: Call) -> None:
        if call.method == "sendMessage" and call.status == 200:
            result.send_times.append(call.at)
        if call.method == "sendMessage" and call.status == 200 and call.chat_id in waiters:
            future = waiters.pop(call.chat_id)  # the first message of the answer counts
            if not future.done():
                future.set_result(time.perf_counter())

    emu.api.listeners.append(on_call)
    workdir = Path(tempfile.mkdtemp(prefix="bpjstk-bench-"))
    env = bot_env(emu, env_extra)
    log = (workdir / "stderr.log").open("wb")
    proc = await asyncio.create_subprocess_exec(*command, cwd=workdir, env=env, stdout=log, stderr=log)
    try:
        await emu.wait_for(lambda: "getUpdates" in emu.arrivals or proc.returncode is not None, within=30)
        if proc.returncode is not None:
            raise SystemExit(f"{name} exited early; see {workdir / 'stderr.log'}")
        # Warm up (imports, first DB writes) with one user outside the measurement.
        await _conversation(emu, waiters, 900_000, 2, 0.0, Result("warmup"), random.Random(0))
        result.send_times.clear()
        rng = random.Random(args.seed)
        started = time.perf_counter()
        await asyncio.gather(
            *(
                _conversation(emu, waiters, 1000 + n, args.messages, args.think, result, random.Random(rng.random()))
                for n in range(args.users)
            )
        )
        result.elapsed = time.perf_counter() - started
        result.cpu_seconds, result.peak_rss_mb = _proc_usage(proc.pid)
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 15)
            except TimeoutError:
                proc.kill()
        log.close()
        await emu.stop()
    return result


async def _conversation(
    emu: Emulator,
    waiters: dict[int, asyncio.Future[float]],
    user_id: int,
    messages: int,
    think: float,
    result: Result,
    rng: random.Random,
) -> None:
    loop = asyncio.get_running_loop()
    if think:
        await asyncio.sleep(rng.uniform(0, think))  # users do not all start at once
    for number in range(messages):
        if think and number:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
        future: asyncio.Future[float] = loop.create_future()
        waiters[user_id] = future
        sent = time.perf_counter()
        emu.api.user_message(user_id, rng.choice(QUESTIONS), first_name="Beban")
        try:
            answered = await asyncio.wait_for(future, 30)
        except TimeoutError:
            waiters.pop(user_id, None)
            result.lost += 1
            continue
        result.latencies.append(answered - sent)
        result.replies += 1


def report(results: list[Result], args: argparse.Namespace) -> None:
    print(
        f"\nusers={args.users} messages/user={args.messages} think={args.think:g}s "
        f"outbox_rate={args.outbox_rate:g}/s rtt={args.rtt_ms:g}ms python={sys.version.split()[0]}"
    )
    header = f"{'bot':<12}{'replies':>8}{'lost':>6}{'secs':>8}{'msg/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    print(header + f"{'CPU s':>8}{'RSS MB':>8}{'peak/s':>8}")
    for r in results:
        print(
            f"{r.name:<12}{r.replies:>8}{r.lost:>6}{r.elapsed:>8.1f}{r.throughput:>8.1f}"
            f"{r.pct(50):>9.1f}{r.pct(95):>9.1f}{r.pct(99):>9.1f}{r.cpu_seconds:>8.2f}{r.peak_rss_mb:>8.1f}{r.peak_per_second:>8}"
        )
    a, b = results
    print(
        f"ratio b/a: throughput {b.throughput / a.throughput:.2f}, "
        f"p50 {b.pct(50) / a.pct(50):.2f}x, p95 {b.pct(95) / a.pct(95):.2f}x, p99 {b.pct(99) / a.pct(99):.2f}x"
        f" (goal: throughput >= 0.8, p99 <= 1.5x)"
    )
    means = [statistics.mean(r.latencies) * 1000 if r.latencies else float("nan") for r in (a, b)]
    print(f"mean latency: echo {means[0]:.1f} ms, bpjstk {means[1]:.1f} ms")


async def main_async(args: argparse.Namespace) -> None:
    python = sys.executable
    rate = {"BPJSTK_OUTBOX_RATE": str(args.outbox_rate)}
    echo = await run_one("a echo-ptb", [python, str(ROOT / "benchmarks" / "echo_bot.py")], {}, args)
    print(f"(a) echo bot done: {echo.replies} replies", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bpjstk-bench-db-") as tmp:
        ours = await run_one(
            "b bpjstk-bot", [python, "-m", "bot", "run", "--db", str(Path(tmp) / "bench.sqlite3")], rate, args
        )
    report([echo, ours], args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=5, help="messages per user")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds a user waits between messages")
    parser.add_argument("--outbox-rate", type=float, default=25.0, help="BPJSTK_OUTBOX_RATE for bpjstk-bot")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rtt-ms", type=float, default=0.0, help="simulated network round trip added to every Bot API call"
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
