"""A 3-message reply to one person on Telegram: how far apart its messages arrive.

    PYTHONPATH=. .venv/bin/python benchmarks/reply_burst.py [--people 20] [--rounds 10] [--broadcast 0]

Each person walks the registration to the phone-number step (DAFTAR, yes, employee, a name,
a NIK), then types LANJUT `--rounds` times. At that step the answer is three messages: "we
carry on", the phone question, and the hint under Telegram's share-my-number keyboard. For
each answer it prints the spread between the first and the last message's arrival at the
emulator (p50 target <= 100 ms) and the latency to the first. Between two LANJUT a person
waits `--wait` seconds, so the chat's bucket (3 at once, then 1 per second) is full again:
the spread measured is the sender's, not the pacing's.

The bot runs with the production pacing (25/s overall, 1/s per chat after a burst of 3) and
BPJSTK_QUIET_HOURS=0-0, BPJSTK_TICK_SECONDS=1; `--broadcast N` measures the same while a
broadcast to N people is being sent.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.outreach_kit import ChatLog, machine, percentile, seed_people, start_broadcast, usage
from tests.tgemu.botapi import Call
from tests.tgemu.driver import BotProcess
from tests.tgemu.server import Emulator

PEOPLE_FROM = 2000
AUDIENCE_FROM = 7_000_000
ENV = {"BPJSTK_QUIET_HOURS": "0-0", "BPJSTK_TICK_SECONDS": "1", "BPJSTK_TELEGRAM_CHAT_INTERVAL": "1"}
NIK = "3572015708850004"


async def to_phone_step(log: ChatLog, chat: int) -> None:
    await log.exchange(chat, text="daftar")
    await log.exchange(chat, press="reg:consent:yes")
    await log.exchange(chat, press="reg:role:employee")
    await log.exchange(chat, text="Siti Aminah")
    asked = await log.exchange(chat, text=NIK, expect=2)
    if len(asked) != 2:
        raise SystemExit(f"chat {chat}: expected the phone question and its hint, got {[c.text for c in asked]}")


async def person(
    log: ChatLog, chat: int, rounds: int, wait: float, rng: random.Random, spreads: list[float], firsts: list[float]
) -> None:
    await asyncio.sleep(rng.uniform(0, wait))
    for _round in range(rounds):
        sent = time.monotonic()
        answer: list[Call] = await log.exchange(chat, text="lanjut", expect=3)
        if len(answer) != 3:
            raise SystemExit(f"chat {chat}: expected 3 messages, got {len(answer)}")
        spreads.append(answer[-1].at - answer[0].at)
        firsts.append(answer[0].at - sent)
        await asyncio.sleep(wait)


async def run(args: argparse.Namespace, tmp: Path) -> None:
    db = tmp / "bot.sqlite3"
    if args.broadcast:
        await seed_people(db, "telegram", (str(AUDIENCE_FROM + n) for n in range(args.broadcast)))
    emulator = Emulator()
    await emulator.start()
    log = ChatLog(emulator, range(PEOPLE_FROM, PEOPLE_FROM + args.people))
    broadcast_times: list[float] = []
    emulator.api.listeners.append(
        lambda call: (
            broadcast_times.append(call.at)
            if call.method == "sendMessage" and (call.chat_id or 0) >= AUDIENCE_FROM
            else None
        )
    )
    bot = BotProcess(emulator, db, tmp, ENV)
    spreads: list[float] = []
    firsts: list[float] = []
    try:
        await bot.start()
        await asyncio.gather(*(to_phone_step(log, chat) for chat in log.chats))
        await asyncio.sleep(args.wait)  # the walk spent the chats' buckets: let them fill up first
        if args.broadcast:
            await start_broadcast(db, tmp, "Sosialisasi program di balai desa, Sabtu 09.00 WIB.", "telegram", bot.env)
            await emulator.wait_for(lambda: broadcast_times, within=60)
        began = time.monotonic()
        rng = random.Random(1)
        await asyncio.gather(
            *(
                person(log, chat, args.rounds, args.wait, random.Random(rng.random()), spreads, firsts)
                for chat in log.chats
            )
        )
        seconds = time.monotonic() - began
        assert bot.proc is not None
        used = usage(bot.proc.pid)
    finally:
        await bot.stop()
        await emulator.stop()
    during = [t for t in broadcast_times if began <= t <= began + seconds]
    print(f"\n{machine()}; python {sys.version.split()[0]}; settings {ENV}")
    print(
        f"{args.people} people x {args.rounds} three-message answers, {args.wait:g} s apart"
        + (
            f", during a broadcast to {args.broadcast:,} ({len(during) / seconds:.1f}/s meanwhile)"
            if args.broadcast
            else ""
        )
    )
    ms = [percentile(spreads, p) * 1000 for p in (50, 90, 99)]
    print(
        f"  first to last message: p50 {ms[0]:.1f} ms (target <= 100), p90 {ms[1]:.1f}, p99 {ms[2]:.1f},"
        f" max {max(spreads) * 1000:.1f} ms over {len(spreads)} answers"
    )
    first = [percentile(firsts, p) * 1000 for p in (50, 99)]
    print(f"  LANJUT to the first message: p50 {first[0]:.1f} ms, p99 {first[1]:.1f} ms")
    print(f"  bot process: {used.cpu_seconds:.1f} s CPU, {used.rss_mb:.0f} MB resident")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--wait", type=float, default=4.0, help="seconds between two LANJUT of one person")
    parser.add_argument("--broadcast", type=int, default=0, metavar="N", help="measure during a broadcast to N")
    parser.add_argument("--keep", action="store_true", help="keep the database and the bot's log (path printed)")
    args = parser.parse_args()
    if args.keep:
        kept = Path(tempfile.mkdtemp(prefix="bpjstk-burst-"))
        print(f"database and bot-stderr.log in {kept}", file=sys.stderr)
        asyncio.run(run(args, kept))
        return
    with tempfile.TemporaryDirectory(prefix="bpjstk-burst-") as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
