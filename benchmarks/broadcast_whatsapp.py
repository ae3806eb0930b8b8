"""A WhatsApp template broadcast through the real `bpjstk-bot run` process and the Cloud API fake.

    PYTHONPATH=. .venv/bin/python benchmarks/broadcast_whatsapp.py [--people 10000] [--fake-limits meta|raised]
        [--no-callbacks]

PEOPLE said yes on WhatsApp two days ago, so they are outside the 24-hour window: the broadcast
goes as the approved template `bpjstk_informasi_kc_blitar` (registered in the fake, MARKETING,
one parameter, one button). Prints the achieved send rate (first to last message accepted by
the fake) against WHATSAPP_OUTBOX_RATE (default 80/s; target >= 97 %), duplicates and people
without it (both targets 0), what the fake refused, and the status callbacks the bot recorded.

By default the fake POSTs sent/delivered/read for every message back to the bot's webhook, as
Meta does (three webhooks per message; `--no-callbacks` leaves them out). `--fake-limits raised`
(the default) lifts the fake's throughput limit (80 in any one second) to 10,000: the bot's
bucket holds a second's worth and refills meanwhile, so a sliding second can see up to twice
the rate at the start; `meta` keeps the fake's limits to show what that costs.
Production settings except BPJSTK_QUIET_HOURS=0-0 and BPJSTK_TICK_SECONDS=1; `--env NAME=VALUE`
overrides.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.outreach_kit import Outbox, machine, peak_per_second, rate, seed_people, start_broadcast, usage
from bot.core.clock import WIB
from tests.wafake.cloudapi import CloudApi, Template
from tests.wafake.process import WhatsAppBot, free_port, whatsapp_env
from tests.wafake.server import LoopbackFake
from tests.wafake.validate import Json, recipient_of

TEMPLATE = Template("bpjstk_informasi_kc_blitar", "id", "MARKETING", parameters=1, buttons=1)
TEXT = "Sosialisasi program BPJS Ketenagakerjaan di balai desa, Sabtu pukul 09.00 WIB. Gratis."
ENV = {"BPJSTK_QUIET_HOURS": "0-0", "BPJSTK_TICK_SECONDS": "1"}


class CountingApi(CloudApi):
    """The Cloud API fake, counting the messages it accepts per recipient, with their times."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.accepted: Counter[str] = Counter()
        self.times: list[float] = []
        self.kinds: Counter[str] = Counter()

    def _send(self, payload: Json) -> tuple[int, Json]:
        status, body = super()._send(payload)
        if status == 200:
            self.accepted[recipient_of(payload) or ""] += 1
            self.times.append(time.monotonic())
            self.kinds[str(payload.get("type"))] += 1
        return status, body


def address(n: int) -> str:
    return f"62857{n:08d}"


async def run(args: argparse.Namespace, tmp: Path) -> None:
    env = dict(ENV)
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value
    db = tmp / "bot.sqlite3"
    two_days_ago = (datetime.now(WIB) - timedelta(days=2)).isoformat(timespec="seconds")
    began = time.monotonic()
    await seed_people(db, "whatsapp", (address(n) for n in range(args.people)), last_seen_at=two_days_ago)
    print(f"seeded {args.people:,} people in {time.monotonic() - began:.1f} s", file=sys.stderr)
    api = CountingApi(throughput=80 if args.fake_limits == "meta" else 10_000)
    api.approve(TEMPLATE)
    port = free_port()
    fake = LoopbackFake(api, webhook_url=None if args.no_callbacks else f"http://127.0.0.1:{port}/whatsapp/webhook")
    await fake.start()
    bot = WhatsAppBot(db, tmp, whatsapp_env(api, fake, port, env), port)
    # whatsapp_env speeds the tests up; the benchmark keeps the production values it does not set.
    for name in ("BPJSTK_TELEGRAM_CHAT_INTERVAL", "BPJSTK_SENDER_POLL_SECONDS"):
        if name not in env:
            bot.env.pop(name, None)
    outbox = await Outbox.open(db)
    limit = float(env.get("WHATSAPP_OUTBOX_RATE", "80"))
    try:
        await bot.start()
        await start_broadcast(db, tmp, TEXT, "whatsapp", bot.env)
        started = time.monotonic()
        while True:
            states = await outbox.states()
            if states and not (states["queued"] or states["sending"]):
                break
            if time.monotonic() - started > args.people / limit * 4 + 120:
                raise SystemExit(f"not settled: {dict(states)}")
            print(f"  {len(api.accepted):,}/{args.people:,} accepted, rows {dict(states)}  ", end="\r", file=sys.stderr)
            await asyncio.sleep(1.0)
        settled = time.monotonic() - started
        await asyncio.sleep(3.0)  # the last status callbacks
        assert bot.proc is not None
        used = usage(bot.proc.pid)
        counts = await outbox.stores.db.fetchall("SELECT status, COUNT(*) AS n FROM delivery_reports GROUP BY status")
    finally:
        await bot.stop()
        await outbox.close()
        await fake.stop()
    times = sorted(api.times)
    achieved = rate(times)
    steady = rate([t for t in times if t >= times[0] + 2.0])
    duplicates = sum(n - 1 for n in api.accepted.values())
    refused = Counter(error.code for _payload, error in api.refused)
    print(f"\n{machine()}; python {sys.version.split()[0]}; settings {env}")
    print(
        f"template broadcast to {args.people:,} outside the window: {len(api.accepted):,} people reached"
        f" ({dict(api.kinds)}) in {times[-1] - times[0]:.1f} s; settled {settled:.1f} s after `broadcast send`"
    )
    print(
        f"  send rate {achieved:.2f}/s = {achieved / limit:.1%} of the {limit:g}/s limit (target >= 97 %);"
        f" after the first 2 s {steady:.2f}/s = {steady / limit:.1%}; most in one second {peak_per_second(times)}"
    )
    print(
        f"  duplicates {duplicates} (target 0), people without it {args.people - len(api.accepted)} (target 0);"
        f" rows {dict(states)}; refused by the fake {dict(refused) or 0}"
        f" (fake limits: {api.throughput}/s, pair burst {api.pair_burst})"
    )
    print(
        f"  status callbacks recorded: {({str(r['status']): int(r['n']) for r in counts}) or 'none'};"
        f" bot process {used.cpu_seconds:.1f} s CPU, {used.rss_mb:.0f} MB resident"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--fake-limits", choices=("raised", "meta"), default="raised")
    parser.add_argument("--no-callbacks", action="store_true", help="the fake posts no status callbacks")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="a setting for the bot")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bpjstk-wabroadcast-") as tmp:
        asyncio.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
