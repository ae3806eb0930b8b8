"""The same chat load on WhatsApp (Cloud API fake) and on Telegram (Bot API emulator).

    PYTHONPATH=. .venv/bin/python benchmarks/whatsapp_load.py [--users 100] [--messages 10] [--think 5]

USERS people each send MESSAGES FAQ questions to the real `bpjstk-bot run` process: on
WhatsApp as signed webhook POSTs from the fake (which also POSTs the sent/delivered/read status
callbacks of every reply back to the bot, as Meta does), on Telegram as updates the bot
long-polls from the emulator. Each person waits for the answer, then thinks 0.5-1.5x THINK
seconds. Prints replies per second and the latency p50/p90/p99 (the message handed over ->
the first reply accepted by the fake or the emulator), the bot's CPU and memory, side by side.

The default (100 people, 5 s) offers about 20 messages a second, under both channels' overall
limits (25/s Telegram, 80/s WhatsApp): the figures compare the channels' paths through the bot.
`--think 0` saturates: replies then run at the rate limits (and 1 per second per chat after a
burst of 3), by design. Production pacing, BPJSTK_QUIET_HOURS=0-0; the fake keeps Meta's
limits (80 messages in any second, a pair burst of 45 then one per 6 s) and refusals are counted.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.outreach_kit import machine, percentile, usage
from benchmarks.questions import QUESTIONS
from bot.channels.whatsapp.signature import HEADER, sign
from tests.tgemu.botapi import Call
from tests.tgemu.driver import BotProcess
from tests.tgemu.server import Emulator
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi
from tests.wafake.process import WhatsAppBot, free_port, whatsapp_env
from tests.wafake.server import LoopbackFake
from tests.wafake.validate import Json

ENV = {"BPJSTK_QUIET_HOURS": "0-0", "BPJSTK_TICK_SECONDS": "1", "BPJSTK_TELEGRAM_CHAT_INTERVAL": "1"}
Say = Callable[[int, str], Awaitable[None]]


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    elapsed: float = 0.0
    cpu_seconds: float = 0.0
    rss_mb: float = 0.0
    refused: int = 0

    def line(self) -> str:
        ms = [percentile(self.latencies, p) * 1000 for p in (50, 90, 99)]
        rate = len(self.latencies) / self.elapsed if self.elapsed else 0.0
        return (
            f"{self.name:<10}{len(self.latencies):>8}{self.lost:>6}{self.elapsed:>8.1f}{rate:>9.1f}"
            f"{ms[0]:>9.1f}{ms[1]:>9.1f}{ms[2]:>9.1f}{self.cpu_seconds:>8.1f}{self.rss_mb:>8.0f}{self.refused:>9}"
        )


class Waiters:
    """The first reply to each person after they wrote: user number -> when it arrived."""

    def __init__(self) -> None:
        self.futures: dict[int, asyncio.Future[float]] = {}

    def expect(self, user: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.futures[user] = future
        return future

    def arrived(self, user: int, at: float) -> None:
        future = self.futures.pop(user, None)
        if future is not None and not future.done():
            future.set_result(at)


async def person(
    say: Say, waiters: Waiters, user: int, args: argparse.Namespace, result: Result, rng: random.Random
) -> None:
    if args.think:
        await asyncio.sleep(rng.uniform(0, args.think))  # people do not all start at once
    for number in range(args.messages):
        if args.think and number:
            await asyncio.sleep(rng.uniform(0.5 * args.think, 1.5 * args.think))
        future = waiters.expect(user)
        sent = time.monotonic()
        await say(user, rng.choice(QUESTIONS))
        try:
            answered = await asyncio.wait_for(future, 60)
        except TimeoutError:
            waiters.futures.pop(user, None)
            result.lost += 1
            continue
        result.latencies.append(answered - sent)


async def drive(name: str, say: Say, waiters: Waiters, args: argparse.Namespace) -> Result:
    warmup = Result("warm-up")
    await person(say, waiters, 10_000, argparse.Namespace(messages=2, think=0.0), warmup, random.Random(0))
    result = Result(name)
    rng = random.Random(args.seed)
    began = time.monotonic()
    await asyncio.gather(
        *(person(say, waiters, n, args, result, random.Random(rng.random())) for n in range(args.users))
    )
    result.elapsed = time.monotonic() - began
    return result


class RecordingApi(CloudApi):
    """The Cloud API fake, telling `on_accepted` (recipient, monotonic time) of every message it accepts."""

    on_accepted: Callable[[str, float], None] = staticmethod(lambda _recipient, _at: None)

    def _send(self, payload: Json) -> tuple[int, Json]:
        status, body = super()._send(payload)
        if status == 200:
            self.on_accepted(str(payload.get("to") or payload.get("recipient") or ""), time.monotonic())
        return status, body


async def drive_bot(
    bot: WhatsAppBot | BotProcess, name: str, say: Say, waiters: Waiters, args: argparse.Namespace
) -> Result:
    """Start the bot, drive it, and measure its CPU time and memory."""
    await bot.start()
    result = await drive(name, say, waiters, args)
    assert bot.proc is not None
    used = usage(bot.proc.pid)
    result.cpu_seconds, result.rss_mb = used.cpu_seconds, used.rss_mb
    return result


def wa_id(user: int) -> str:
    return f"62812{user:08d}"


async def whatsapp(args: argparse.Namespace, tmp: Path, env: Mapping[str, str]) -> Result:
    api = RecordingApi()
    waiters = Waiters()
    users = {wa_id(n): n for n in [*range(args.users), 10_000]}
    api.on_accepted = lambda recipient, at: waiters.arrived(users[recipient], at) if recipient in users else None
    port = free_port()
    fake = LoopbackFake(api, webhook_url=f"http://127.0.0.1:{port}/whatsapp/webhook")
    await fake.start()
    bot = WhatsAppBot(tmp / "whatsapp.sqlite3", tmp, whatsapp_env(api, fake, port, env), port)
    client = httpx.AsyncClient(timeout=30)
    url = bot.webhook_url

    async def say(user: int, text: str) -> None:
        body = api.inbound_body(events.Person(wa_id(user), name="Warga"), events.text(text))
        headers = {"content-type": "application/json", HEADER: sign(body, api.app_secret)}
        response = await client.post(url, content=body, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"webhook answered {response.status_code}")

    try:
        result = await drive_bot(bot, "whatsapp", say, waiters, args)
        result.refused = len(api.refused)
    finally:
        await client.aclose()
        await bot.stop()
        await fake.stop()
    return result


async def telegram(args: argparse.Namespace, tmp: Path, env: Mapping[str, str]) -> Result:
    emulator = Emulator()
    await emulator.start()
    waiters = Waiters()
    first = 1000

    def on_call(call: Call) -> None:
        if call.method == "sendMessage" and call.status == 200 and call.chat_id is not None:
            waiters.arrived(call.chat_id - first, call.at)

    emulator.api.listeners.append(on_call)
    bot = BotProcess(emulator, tmp / "telegram.sqlite3", tmp, env)

    async def say(user: int, text: str) -> None:
        emulator.api.user_message(first + user, text, first_name="Warga")

    try:
        result = await drive_bot(bot, "telegram", say, waiters, args)
        result.refused = sum(1 for c in emulator.api.calls if c.status != 200)
    finally:
        await bot.stop()
        await emulator.stop()
    return result


async def run(args: argparse.Namespace, tmp: Path) -> None:
    env: dict[str, Any] = dict(ENV)
    results = [await whatsapp(args, tmp, env)]
    print("whatsapp done", file=sys.stderr)
    results.append(await telegram(args, tmp, env))
    print(f"\n{machine()}; python {sys.version.split()[0]}; settings {env}")
    print(f"{args.users} people x {args.messages} messages, think {args.think:g} s (0.5-1.5x)")
    print(
        f"{'channel':<10}{'replies':>8}{'lost':>6}{'secs':>8}{'reply/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}"
        f"{'CPU s':>8}{'RSS MB':>8}{'refused':>9}"
    )
    for result in results:
        print(result.line())
    wa, tg = results
    print(
        f"whatsapp / telegram: p50 {percentile(wa.latencies, 50) / percentile(tg.latencies, 50):.2f}x,"
        f" p99 {percentile(wa.latencies, 99) / percentile(tg.latencies, 99):.2f}x,"
        f" CPU {wa.cpu_seconds / tg.cpu_seconds:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--messages", type=int, default=10, help="messages per person")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds a person waits between messages")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the databases and the bots' logs (path printed)")
    args = parser.parse_args()
    if args.keep:
        kept = Path(tempfile.mkdtemp(prefix="bpjstk-waload-"))
        print(f"databases and logs in {kept}", file=sys.stderr)
        asyncio.run(run(args, kept))
        return
    with tempfile.TemporaryDirectory(prefix="bpjstk-waload-") as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
