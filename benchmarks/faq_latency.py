"""Per-question latency of the FAQ matcher, in-process.

    PYTHONPATH=. python benchmarks/faq_latency.py [QUESTIONS.jsonl ...] [--rounds N]

Builds the FAQ once (the build time is printed too), then times `Matcher.decide` and the
whole `FaqService.answer` (decision plus the dated facts for the reply) on every question
of the dev and held-out sets, several rounds, and prints the median and p99 in milliseconds.
With --ask it also times the whole `bpjstk-bot ask -` process on the dev set (engine, store on
a throw-away database, rendering), when that command is available.

The second opinion (sentence embeddings, bot/faq/semantic.py) is timed on its own: its first
use (loading the model and the phrasing vectors), then one embedding per question, which only
questions the lexical reading cannot place but that hold a domain word pay. The peak resident
memory of the process is printed last.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks.faq_blind_report import SHARED_DEV
from bot.faq.service import build_faq_service

DEFAULT_SETS = [SHARED_DEV, Path("tests/data/faq-heldout.jsonl")]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--ask", action="store_true", help="also time `python -m bot ask -` on the dev set")
    args = ap.parse_args()
    start = time.perf_counter()
    service = build_faq_service()
    build_ms = (time.perf_counter() - start) * 1000
    questions: list[str] = []
    for path in args.sets or DEFAULT_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["q"])
    today = date(2026, 11, 23)
    for label, call in (
        ("matcher.decide", lambda q: service.matcher.decide(q)),
        ("service.answer", lambda q: service.answer(q, today)),
    ):
        times: list[float] = []
        for _ in range(args.rounds):
            for q in questions:
                t0 = time.perf_counter()
                call(q)
                times.append((time.perf_counter() - t0) * 1000)
        print(
            f"{label}: {len(questions)} questions x {args.rounds} rounds: "
            f"median {statistics.median(times):.3f} ms, p99 {percentile(times, 0.99):.3f} ms, "
            f"max {max(times):.3f} ms"
        )
    print(f"build (load knowledge, lexicon, indexes): {build_ms:.0f} ms")
    second = service.reader.second_opinion
    if second is not None:
        t0 = time.perf_counter()
        second.nearest("jht")
        load_ms = (time.perf_counter() - t0) * 1000
        times = []
        for q in questions:
            t0 = time.perf_counter()
            second.nearest(q)
            times.append((time.perf_counter() - t0) * 1000)
        print(
            f"second opinion: first use (model and vectors) {load_ms:.0f} ms; per question: "
            f"median {statistics.median(times):.1f} ms, p99 {percentile(times, 0.99):.1f} ms, max {max(times):.1f} ms"
        )
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.ask:
        time_ask(DEFAULT_SETS[0])
    return 0


def time_ask(path: Path) -> None:
    lines = [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    env = dict(os.environ, PYTHONPATH=os.environ.get("PYTHONPATH", "."))
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "-"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"bpjstk-bot ask: not available here (exit {proc.returncode})")
        return
    print(
        f"bpjstk-bot ask - on {path.name}: {len(lines)} questions in {elapsed * 1000:.0f} ms "
        f"({elapsed / len(lines) * 1000:.1f} ms/question, process start included)"
    )


if __name__ == "__main__":
    sys.exit(main())
