"""Aggregate FAQ accuracy on frozen blind sets, per class: never prints a question or a miss.

    PYTHONPATH=. python benchmarks/faq_blind_report.py --blind tests/data/faq-blind-r5.jsonl \
        --followup tests/data/faq-followup-r5.jsonl [--today YYYY-MM-DD]

Both sets are named every time: a default once let a tuning run score a frozen blind set by
accident (round 4).

The same script scores development sets of the same shape, where misses may be shown:

    PYTHONPATH=. python benchmarks/faq_blind_report.py --blind tests/data/faq-dev-v3.jsonl \
        --followup tests/data/faq-followup-dev-v3.jsonl --show-misses

A blind set is written by someone who never saw the knowledge; nobody tunes on it, so this
script shows only counts. Every question goes through the real engine, as `bpjstk-bot ask`
does: a fresh user per case on a throw-away database, replies rendered for the console.
A follow-up case sends its two messages ("first", then "q") as one user, a minute apart,
and scores the reply to the second. Scoring is `check` from the shared scorer
(../shared/eval/score_faq.py): in scope = recognised and every required fact present;
out of scope = topic null.

The script uses only `build_app`, `Engine.handle` and `Renderer.render`, so it also runs
against older checkouts of the bot (put that checkout first on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.app import App, build_app
from bot.core.clock import WIB, FixedClock
from bot.core.models import Inbound

CHANNEL = "console"
HERE = Path(__file__).resolve().parents[1]
# The shared evaluation kit sits beside the checkout (../shared/eval), as the project brief lays it out.
SHARED_EVAL = Path(os.environ.get("BPJSTK_SHARED_EVAL", HERE.parent / "shared" / "eval"))
DEFAULT_SCORER = Path(os.environ.get("BPJSTK_SCORER", SHARED_EVAL / "score_faq.py"))
SHARED_DEV = SHARED_EVAL / "faq-dev.jsonl"


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_faq", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def is_blind(path: Path) -> bool:
    """A frozen blind set: "faq-blind-*", and the blind follow-ups "faq-followup-r<N>"/"-v<N>"
    (a name without "blind", which once let a script read them question by question)."""
    return "blind" in path.name or re.match(r"faq-followup-[rv]\d", path.name) is not None


def read_cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class Tally:
    in_ok: int = 0
    in_n: int = 0
    oos_ok: int = 0
    oos_n: int = 0
    fell_back: int = 0  # in-scope misses where the bot said it did not know
    millis: list[float] = field(default_factory=list)

    def add(self, oos: bool, ok: bool, topic: str | None = None) -> None:
        if oos:
            self.oos_n += 1
            self.oos_ok += ok
        else:
            self.in_n += 1
            self.in_ok += ok
            self.fell_back += (not ok) and topic is None

    def line(self, label: str) -> str:
        parts = [f"{label:<16}"]
        if self.in_n:
            parts.append(f"right {self.in_ok:>3}/{self.in_n:<3} = {self.in_ok / self.in_n:6.1%}")
            wrong = self.in_n - self.in_ok - self.fell_back
            parts.append(f"(misses: {self.fell_back:>2} fell back, {wrong:>2} answered without the facts)")
        else:
            parts.append(" " * 22)
        if self.oos_n:
            parts.append(f"honest 'don't know' {self.oos_ok:>3}/{self.oos_n:<3} = {self.oos_ok / self.oos_n:6.1%}")
        return "  ".join(parts)


async def ask(app: App, address: str, text: str, at: datetime) -> dict[str, Any]:
    replies = await app.engine.handle(Inbound(CHANNEL, address, at, text=text.replace("\n", " ")))
    rendered = [app.renderer.render(reply, CHANNEL) for reply in replies]
    topic = next((m.topic for m in rendered if m.topic is not None), None)
    return {"reply": "\n\n".join(m.text for m in rendered), "topic": topic}


async def run(args: argparse.Namespace) -> int:
    scorer = load_scorer(args.scorer)
    noon = datetime(args.today.year, args.today.month, args.today.day, 12, 0, tzinfo=WIB)
    clock = FixedClock(noon)
    with tempfile.TemporaryDirectory(prefix="bpjstk-blind-") as tmp:
        app = await build_app(Path(tmp) / "blind.sqlite3", clock=clock)
        try:
            if args.blind.exists():
                tallies: dict[str, Tally] = defaultdict(Tally)
                total = Tally()
                for number, case in enumerate(read_cases(args.blind)):
                    start = time.perf_counter()
                    answer = await ask(app, f"blind-{number}", case["q"], noon)
                    total.millis.append((time.perf_counter() - start) * 1000)
                    ok, why = scorer.check(case, answer)
                    oos = bool(case.get("oos"))
                    if not ok and args.show_misses:
                        print(f"MISS {case.get('id')}: {case['q']!r} -> {answer['topic']!r}: {why}")
                    tallies[str(case.get("class") or ("oos" if oos else "?"))].add(oos, ok, answer["topic"])
                    total.add(oos, ok, answer["topic"])
                print(f"{args.blind.name} (answers dated {args.today.isoformat()})")
                for label in sorted(tallies):
                    print("  " + tallies[label].line(label))
                print("  " + total.line("ALL"))
                print(
                    f"  engine+render per question: median {statistics.median(total.millis):.1f} ms, "
                    f"max {max(total.millis):.1f} ms"
                )
            if args.followup.exists():
                tally = Tally()
                for number, case in enumerate(read_cases(args.followup)):
                    address = f"followup-{number}"
                    await ask(app, address, case["first"], noon)
                    answer = await ask(app, address, case["q"], noon + timedelta(minutes=1))
                    ok, why = scorer.check(case, answer)
                    if not ok and args.show_misses:
                        print(f"MISS {case.get('id')}: {case['first']!r} / {case['q']!r} -> {answer['topic']!r}: {why}")
                    tally.add(bool(case.get("oos")), ok, answer["topic"])
                print(f"{args.followup.name} (two messages, one user, a minute apart)")
                print("  " + tally.line("ALL"))
        finally:
            await app.close()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--blind", type=Path, required=True, help="single questions (JSON lines)")
    ap.add_argument("--followup", type=Path, required=True, help="two-message conversations (JSON lines)")
    ap.add_argument("--today", type=date.fromisoformat, default=date.today())
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--show-misses", action="store_true", help="print misses (refused for blind sets)")
    args = ap.parse_args()
    if args.show_misses and any(is_blind(p) for p in (args.blind, args.followup) if p.exists()):
        ap.error("--show-misses is for development sets: blind sets are never read question by question")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
