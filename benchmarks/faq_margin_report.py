"""How many of our own questions are decided within a hair of the coverage bar.

    PYTHONPATH=. python benchmarks/faq_margin_report.py [--margin 0.02] [QUESTIONS.jsonl ...]

A question read whole is answered when its best entry covers enough of its words (`Decision.bar`,
which depends on how strong its domain words are). One answered at 0.41 against a bar of 0.40, or
turned away at 0.39, flips when an unrelated edit shifts the weights of its words (a phrasing that
adds a word elsewhere changes that word's rarity). This prints, per file and in total, how many
single questions were decided by the coverage bar at all, and how many of those lie within
`--margin` of it, answered and turned away: the share of the knowledge's verdicts that are fragile.

By default it reads every own question set under tests/data except the frozen blind sets (which
nobody reads question by question) and the shared development set. Only aggregate counts are
printed, never a question. Follow-ups are left out: their bar is the follow-up reading's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.faq_blind_report import SHARED_DEV, is_blind, read_cases
from bot.faq.matcher import Verdict
from bot.faq.service import build_faq_service

DECIDED_BY_THE_BAR = (Verdict.ANSWER, Verdict.UNKNOWN)


def own_sets() -> list[Path]:
    found = [p for p in sorted(Path("tests/data").glob("faq-*.jsonl")) if not is_blind(p) and "followup" not in p.name]
    return [*found, SHARED_DEV] if SHARED_DEV.exists() else found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--margin", type=float, default=0.02)
    args = parser.parse_args()
    reader = build_faq_service().reader
    totals = [0, 0, 0, 0]  # questions, decided by the bar, answered near it, turned away near it
    for path in args.sets or own_sets():
        counts = [0, 0, 0, 0]
        for case in read_cases(path):
            if "first" in case:
                continue
            counts[0] += 1
            reading = reader.read(case["q"])
            decision = reading.primary
            if reading.how != "whole" or decision.bar <= 0 or decision.verdict not in DECIDED_BY_THE_BAR:
                continue
            counts[1] += 1
            if abs(decision.coverage - decision.bar) < args.margin:
                counts[2 if decision.verdict is Verdict.ANSWER else 3] += 1
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        print(
            f"{path.name:42} {counts[0]:5} questions, {counts[1]:5} by the bar, near it: "
            f"{counts[2]:3} answered, {counts[3]:3} turned away"
        )
    near = totals[2] + totals[3]
    share = near / totals[1] if totals[1] else 0.0
    print(
        f"ALL: {totals[0]} questions, {totals[1]} decided by the coverage bar; within {args.margin} of it: "
        f"{totals[2]} answered and {totals[3]} turned away ({near}, {share:.1%} of those decided by the bar)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
