"""A Telegram broadcast through the real `bpjstk-bot run` process and the loopback Bot API emulator.

    PYTHONPATH=. .venv/bin/python benchmarks/broadcast_telegram.py rate [--people 10000]
    PYTHONPATH=. .venv/bin/python benchmarks/broadcast_telegram.py chat [--people 10000] [--chatters 20] [--seconds 90]
    PYTHONPATH=. .venv/bin/python benchmarks/broadcast_telegram.py kill [--people 10000] [--kill-at 0.5]
        [--kill-moment in-flight|between]

`rate`: PEOPLE who said yes get one broadcast; prints the achieved send rate (first to last
delivery at the emulator) against the configured limit (BPJSTK_OUTBOX_RATE, default 25/s; the
target is >= 97 %), duplicates and people who got nothing (both targets 0).

`chat`: CHATTERS people ask FAQ questions (each waits for the answer, then thinks 0.5-1.5x
--think seconds) for SECONDS without a broadcast, then for SECONDS while the broadcast to
PEOPLE is being sent; prints their reply latency (the update injected -> the first sendMessage
for that chat at the emulator) p50/p90/p99 in both phases (target: p99 during <= 1.5x without)
and what the broadcast achieved meanwhile.

`kill`: kill -9 the bot when KILL_AT of the broadcast has arrived — by default from inside the
emulator's handler of that send, so the message is delivered but the bot never gets the answer
(`--kill-moment between`: a moment later) — start it again, wait until no row is queued or
sending (a row left `sending` becomes `unknown` once its 60 s lease expires),
then prints the duplicate deliveries the emulator counted (target 0), the rows' final states,
rows that ended without a reason, rows stuck in `sending` (target 0), people who never got a
row (target 0; `--kill-at 0.0001` kills while the broadcast is still being expanded) and rows
`sent` that the emulator never saw.

The bot runs with the production defaults (25/s overall, 1/s per chat after a burst of 3)
except BPJSTK_QUIET_HOURS=0-0 (nights in Jakarta do not hold outreach) and
BPJSTK_TICK_SECONDS=1 (the broadcast is expanded within a second rather than 30);
`--env NAME=VALUE` overrides any setting.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.outreach_kit import (
    Outbox,
    machine,
    peak_per_second,
    percentile,
    rate,
    seed_people,
    start_broadcast,
    usage,
)
from benchmarks.questions import QUESTIONS
from tests.tgemu.botapi import Call
from tests.tgemu.driver import BotProcess
from tests.tgemu.server import Emulator

FIRST = 7_000_000  # chat ids of the broadcast's audience; chatters are below
CHATTER = 1000
TEXT = "Sosialisasi program BPJS Ketenagakerjaan di balai desa, Sabtu pukul 09.00 WIB. Gratis, terbuka untuk umum."
DEFAULT_ENV = {"BPJSTK_QUIET_HOURS": "0-0", "BPJSTK_TICK_SECONDS": "1", "BPJSTK_TELEGRAM_CHAT_INTERVAL": "1"}


@dataclass
class Watch:
    """Everything the emulator delivers, sorted out as it happens (a listener on the Bot API)."""

    broadcast: Counter[int] = field(default_factory=Counter)  # chat -> deliveries
    broadcast_times: list[float] = field(default_factory=list)
    reply_times: list[float] = field(default_factory=list)  # every sendMessage to a chatter
    waiters: dict[int, asyncio.Future[float]] = field(default_factory=dict)
    fetched: dict[int, float] = field(default_factory=dict)  # chat -> when getUpdates handed its message over
    inside: list[float] = field(default_factory=list)  # fetched -> first reply: the bot's own share

    def on_call(self, call: Call) -> None:
        if call.method == "getUpdates" and isinstance(call.result, list):
            for update in call.result:
                chat = update.get("message", {}).get("chat", {}).get("id")
                if chat in self.waiters and chat not in self.fetched:
                    self.fetched[chat] = call.at
            return
        if call.method != "sendMessage" or call.status != 200 or call.chat_id is None:
            return
        chat = call.chat_id
        if chat >= FIRST:
            self.broadcast[chat] += 1
            self.broadcast_times.append(call.at)
            return
        self.reply_times.append(call.at)
        waiter = self.waiters.pop(chat, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(call.at)
            fetched = self.fetched.pop(chat, None)
            if fetched is not None:
                self.inside.append(call.at - fetched)

    @property
    def delivered(self) -> int:
        return len(self.broadcast)

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.broadcast.values())


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    inside: list[float] = field(default_factory=list)  # from getUpdates handing the message over
    unanswered: int = 0
    started: float = 0.0
    ended: float = 0.0

    def line(self) -> str:
        ms = [percentile(self.latencies, p) * 1000 for p in (50, 90, 99)]
        top = max(self.latencies, default=float("nan")) * 1000
        bot = [percentile(self.inside, p) * 1000 for p in (50, 99)]
        return (
            f"{self.name:<18}{len(self.latencies):>8}{self.unanswered:>6}"
            f"{ms[0]:>9.1f}{ms[1]:>9.1f}{ms[2]:>9.1f}{top:>9.1f}{bot[0]:>11.1f}{bot[1]:>11.1f}"
        )


def settings(args: argparse.Namespace) -> dict[str, str]:
    env = dict(DEFAULT_ENV)
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value
    return env


async def audience(db: Path, people: int) -> None:
    began = time.monotonic()
    await seed_people(db, "telegram", (str(FIRST + n) for n in range(people)))
    print(f"seeded {people:,} people who said yes in {time.monotonic() - began:.1f} s", file=sys.stderr)


async def wait_settled(outbox: Outbox, bot: BotProcess, within: float, watch: Watch, people: int) -> float:
    """Until no broadcast row is queued or sending; returns the seconds waited."""
    began = time.monotonic()
    while time.monotonic() - began < within:
        if bot.proc is not None and bot.proc.returncode is not None:
            raise SystemExit(f"the bot exited:\n{bot.log()[-3000:]}")
        states = await outbox.states()
        if states and not (states["queued"] or states["sending"]):
            return time.monotonic() - began
        await asyncio.sleep(1.0)
        print(f"  {watch.delivered:,}/{people:,} delivered, rows {dict(states)}  ", file=sys.stderr, end="\r")
    raise SystemExit(f"not settled after {within:.0f} s")


def configured_rate(env: dict[str, str]) -> float:
    return float(env.get("BPJSTK_OUTBOX_RATE", "25"))


@dataclass
class Rig:
    env: dict[str, str]
    db: Path
    emulator: Emulator
    watch: Watch
    bot: BotProcess
    outbox: Outbox


@asynccontextmanager
async def broadcast_rig(args: argparse.Namespace, tmp: Path) -> AsyncIterator[Rig]:
    """PEOPLE who said yes, the emulator watched, the bot not started yet; all stopped after."""
    env = settings(args)
    db = tmp / "bot.sqlite3"
    await audience(db, args.people)
    emulator = Emulator()
    await emulator.start()
    watch = Watch()
    emulator.api.listeners.append(watch.on_call)
    bot = BotProcess(emulator, db, tmp, env)
    outbox = await Outbox.open(db)
    try:
        yield Rig(env, db, emulator, watch, bot, outbox)
    finally:
        if bot.proc is not None and bot.proc.returncode is None:
            await bot.stop()
        await outbox.close()
        await emulator.stop()


async def run_rate(args: argparse.Namespace, tmp: Path) -> None:
    async with broadcast_rig(args, tmp) as rig:
        env, watch, bot = rig.env, rig.watch, rig.bot
        await start_broadcast(rig.db, tmp, TEXT, "telegram", bot.env)
        await bot.start()
        limit = configured_rate(env)
        waited = await wait_settled(rig.outbox, bot, args.people / limit * 3 + 120, watch, args.people)
        assert bot.proc is not None
        used = usage(bot.proc.pid)
        states = await rig.outbox.states()
    achieved = rate(watch.broadcast_times)
    times = sorted(watch.broadcast_times)
    steady = rate([t for t in times if t >= times[0] + 2.0])  # without the first second's burst
    print(f"\n{machine()}; python {sys.version.split()[0]}; settings {env}")
    print(
        f"broadcast to {args.people:,}: {watch.delivered:,} people reached in {times[-1] - times[0]:.1f} s"
        f" (settled {waited:.1f} s after the bot started)"
    )
    print(
        f"  send rate {achieved:.2f}/s = {achieved / limit:.1%} of the {limit:g}/s limit (target >= 97 %);"
        f" after the first 2 s {steady:.2f}/s = {steady / limit:.1%}; most in one second {peak_per_second(times)}"
    )
    print(
        f"  duplicates {watch.duplicates} (target 0), people without it {args.people - watch.delivered} (target 0),"
        f" rows {dict(states)}"
    )
    print(f"  bot process: {used.cpu_seconds:.1f} s CPU, {used.rss_mb:.0f} MB resident (peak {used.peak_rss_mb:.0f})")


async def chatter(emulator: Emulator, watch: Watch, user: int, phase: Phase, think: float, rng: random.Random) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(rng.uniform(0, think))  # people do not all start at once
    while time.monotonic() < phase.ended:
        waiter: asyncio.Future[float] = loop.create_future()
        watch.waiters[user] = waiter
        sent = time.monotonic()
        emulator.api.user_message(user, rng.choice(QUESTIONS), first_name="Warga")
        try:
            answered = await asyncio.wait_for(waiter, 30)
        except TimeoutError:
            watch.waiters.pop(user, None)
            phase.unanswered += 1
            continue
        phase.latencies.append(answered - sent)
        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))  # later parts of the answer arrive meanwhile


async def chat_phase(
    emulator: Emulator, watch: Watch, name: str, args: argparse.Namespace, seed: int, first_user: int
) -> Phase:
    phase = Phase(name, started=time.monotonic())
    phase.ended = phase.started + args.seconds
    watch.inside = phase.inside
    rng = random.Random(seed)
    await asyncio.gather(
        *(
            chatter(emulator, watch, first_user + n, phase, args.think, random.Random(rng.random()))
            for n in range(args.chatters)
        )
    )
    phase.ended = time.monotonic()
    return phase


async def run_chat(args: argparse.Namespace, tmp: Path) -> None:
    async with broadcast_rig(args, tmp) as rig:
        env, emulator, watch, bot, db = rig.env, rig.emulator, rig.watch, rig.bot, rig.db
        await bot.start()
        # Warm up (imports, the FAQ's first answers) outside the measurement.
        await chat_phase(emulator, watch, "warm-up", argparse.Namespace(**{**vars(args), "seconds": 5}), 0, 900)
        without = await chat_phase(emulator, watch, "without broadcast", args, 1, CHATTER)
        await start_broadcast(db, tmp, TEXT, "telegram", bot.env)
        await emulator.wait_for(lambda: watch.delivered > 0, within=60)
        during = await chat_phase(emulator, watch, "during broadcast", args, 2, CHATTER + 100)
        assert bot.proc is not None
        used = usage(bot.proc.pid)
    limit = configured_rate(env)
    in_window = [t for t in watch.broadcast_times if during.started <= t <= during.ended]
    replies = [t for t in watch.reply_times if during.started <= t <= during.ended]
    seconds = during.ended - during.started
    print(f"\n{machine()}; python {sys.version.split()[0]}; settings {env}")
    print(f"{args.chatters} people chatting, think {args.think:g} s (0.5-1.5x), {args.seconds:g} s per phase")
    print(
        f"{'phase':<18}{'answers':>8}{'lost':>6}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'bot p50':>11}{'bot p99':>11}"
    )
    print(without.line())
    print(during.line())
    ratio = percentile(during.latencies, 99) / percentile(without.latencies, 99)
    print(f"p99 during / without: {ratio:.2f}x (target <= 1.5x)")
    print("(bot p50/p99: from getUpdates handing the message over to the first reply's arrival)")
    print(
        f"meanwhile the broadcast sent {len(in_window) / seconds:.2f}/s and the replies {len(replies) / seconds:.2f}/s:"
        f" {(len(in_window) + len(replies)) / seconds:.2f}/s together against the {limit:g}/s limit"
    )
    print(f"bot process: {used.cpu_seconds:.1f} s CPU, {used.rss_mb:.0f} MB resident (peak {used.peak_rss_mb:.0f})")


async def run_kill(args: argparse.Namespace, tmp: Path) -> None:
    async with broadcast_rig(args, tmp) as rig:
        env, emulator, watch, bot, outbox = rig.env, rig.emulator, rig.watch, rig.bot, rig.outbox
        await start_broadcast(rig.db, tmp, TEXT, "telegram", bot.env)
        await bot.start()
        target = int(args.people * args.kill_at)
        if args.kill_moment == "in-flight":
            # Inside the emulator's handler: the message is delivered, the bot never hears so.
            def kill_in_flight(call: Call) -> None:
                if watch.delivered >= target and bot.proc is not None and bot.proc.returncode is None:
                    os.kill(bot.proc.pid, signal.SIGKILL)
                    emulator.api.listeners.remove(kill_in_flight)

            emulator.api.listeners.append(kill_in_flight)
        await emulator.wait_for(lambda: watch.delivered >= target, within=args.people / configured_rate(env) * 3)
        await bot.kill()
        at_kill = sum(watch.broadcast.values())
        left = await outbox.states()
        restarted = time.monotonic()
        await bot.start()
        waited = await wait_settled(outbox, bot, args.people / configured_rate(env) * 3 + 180, watch, args.people)
        assert await bot.stop() == 0
        rows = await outbox.rows()
    states = Counter(state for _address, state, _error in rows)
    no_reason = sum(1 for _a, state, error in rows if state != "sent" and not error)
    sent_unseen = sum(1 for address, state, _e in rows if state == "sent" and watch.broadcast[int(address)] == 0)
    unknown_arrived = sum(1 for address, state, _e in rows if state == "unknown" and watch.broadcast[int(address)])
    print(f"\n{machine()}; python {sys.version.split()[0]}; settings {env}")
    print(
        f"broadcast to {args.people:,}, kill -9 after {at_kill:,} deliveries; at that moment rows {dict(left)};"
        f" restarted, settled {waited:.1f} s later (the 60 s lease of rows left sending must expire)"
    )
    print(
        f"  deliveries {sum(watch.broadcast.values()):,} to {watch.delivered:,} people;"
        f" duplicates {watch.duplicates} (target 0); after the restart {time.monotonic() - restarted:.0f} s"
    )
    print(
        f"  final rows {dict(states)}; stuck in sending {states['sending']} (target 0), queued {states['queued']};"
        f" people without a row at all {args.people - len(rows)} (target 0)"
    )
    unknown_missed = states["unknown"] - unknown_arrived
    print(
        f"  rows not sent without a reason {no_reason} (target 0); rows 'sent' the emulator never saw {sent_unseen};"
        f" 'unknown' rows that had in fact arrived {unknown_arrived}, that had not {unknown_missed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("rate", "chat", "kill"))
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--chatters", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=90.0, help="length of each chat phase")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds a chatter waits between messages")
    parser.add_argument("--kill-at", type=float, default=0.5)
    parser.add_argument(
        "--kill-moment",
        choices=("in-flight", "between"),
        default="in-flight",
        help="kill while the emulator answers a send (default), or after it (the sender between rows)",
    )
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="a setting for the bot")
    parser.add_argument("--keep", action="store_true", help="keep the database and the bot's log (path printed)")
    args = parser.parse_args()
    run = {"rate": run_rate, "chat": run_chat, "kill": run_kill}[args.what]
    if args.keep:
        kept = Path(tempfile.mkdtemp(prefix="bpjstk-broadcast-"))
        print(f"database and bot-stderr.log in {kept}", file=sys.stderr)
        asyncio.run(run(args, kept))
        return
    with tempfile.TemporaryDirectory(prefix="bpjstk-broadcast-") as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
