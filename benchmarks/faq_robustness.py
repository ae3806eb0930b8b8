"""How steady the FAQ's answers are under changes that should not change them (own sets only).

    PYTHONPATH=. python benchmarks/faq_robustness.py [--sample N] [--seed S]

Takes own tunable development questions the FAQ answers right (scored with the shared scorer's
`check`), changes each in a way a person might without changing what is asked, and counts how
often the answer's topic changes:

- courtesy: a greeting before, thanks or a request after ("pagi min, ...", "... makasih");
- shorthand: one common word swapped for its chat shorthand ("berapa" -> "brp", "kalau" -> "klo");
- opener: an acknowledgement before a follow-up ("oke min, ...", "nah ...", "ok makasih, tapi ...").

A flip is not always wrong (a greeting may tip a near tie the right way), but a family that flips
often names a reading that depends on words that say nothing. Held-out halves and blind sets are
never read; only counts and the changes are printed, never a question.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import jinja2

from benchmarks.faq_blind_report import DEFAULT_SCORER, is_blind, load_scorer, read_cases
from benchmarks.faq_offline_score import environment, render_text
from bot.faq.service import FaqService, build_faq_service

TODAY = date(2026, 12, 1)
COURTESY = [
    ("pagi min, ", ""),
    ("assalamualaikum, ", ""),
    ("permisi kak mau tanya, ", ""),
    ("maaf mau tanya ", ""),
    ("", " makasih"),
    ("", " terima kasih min"),
    ("", " mohon infonya"),
    ("", " 🙏"),
]
SHORTHANDS = {
    "tidak": "gak",
    "sudah": "udh",
    "berapa": "brp",
    "bagaimana": "gmn",
    "saya": "sy",
    "yang": "yg",
    "bisa": "bs",
    "kalau": "klo",
    "belum": "blm",
    "juga": "jg",
    "dari": "dr",
    "bulan": "bln",
    "sekarang": "skrg",
    "dapat": "dpt",
    "karyawan": "kryawan",
    "gaji": "gajih",
    "mau": "mo",
    "dulu": "dl",
}
OPENERS = ["oke min, ", "nah ", "ok makasih, tapi ", "oh gitu, ", "maaf, "]


def own_tunable_sets() -> list[Path]:
    """Own development sets, without their held-out halves: singles and follow-ups."""
    found = sorted(Path("tests/data").glob("faq-*.jsonl"))
    return [p for p in found if not is_blind(p) and "holdout" not in p.name and "heldout" not in p.name]


def topic(service: FaqService, text: str, previous: str | None = None) -> str | None:
    outcome = service.answer(text, TODAY, previous)
    return outcome.topic if outcome.recognised else None


class Right(NamedTuple):
    case: dict[str, Any]
    topic: str  # "" for a right refusal
    previous: str | None  # a follow-up's first topic


def right(
    env: jinja2.Environment, service: FaqService, check: Callable[..., Any], case: dict[str, Any]
) -> Right | None:
    """The case with its topic and first topic when the FAQ answers it right, else None."""
    previous = topic(service, case["first"]) if "first" in case else None
    if "first" in case and previous is None:
        return None
    answer = render_text(env, service, case["q"], TODAY, previous)
    ok, _ = check(case, answer)
    return Right(case, str(answer["topic"] or ""), previous) if ok else None


def courtesy_variants(question: str) -> Iterator[tuple[str, str]]:
    for before, after in COURTESY:
        yield f"{before.strip()}|{after.strip()}", before + question + after


def shorthand_variants(question: str) -> Iterator[tuple[str, str]]:
    pieces = re.findall(r"\w+|\W+", question)
    for i, piece in enumerate(pieces):
        short = SHORTHANDS.get(piece.lower())
        if short:
            yield f"{piece.lower()}->{short}", "".join([*pieces[:i], short, *pieces[i + 1 :]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=600, help="questions per family (default 600)")
    parser.add_argument("--seed", type=int, default=36)
    args = parser.parse_args()
    service, check = build_faq_service(), load_scorer(DEFAULT_SCORER).check
    env = environment(service)
    singles: list[Right] = []
    follow_ups: list[Right] = []
    for path in own_tunable_sets():
        for case in read_cases(path):
            got = right(env, service, check, case)
            if got is not None:
                (follow_ups if "first" in case else singles).append(got)
    rng = random.Random(args.seed)
    singles = rng.sample(singles, min(args.sample, len(singles)))
    follow_ups = rng.sample(follow_ups, min(args.sample, len(follow_ups)))
    print(f"{len(singles)} single questions and {len(follow_ups)} follow-ups answered right, sampled")
    for family, variants in (("courtesy", courtesy_variants), ("shorthand", shorthand_variants)):
        tried: Counter[str] = Counter()
        flipped: Counter[str] = Counter()
        for case, was, _ in singles:
            for kind, changed in variants(case["q"]):
                tried[kind] += 1
                flipped[kind] += (topic(service, changed) or "") != was
        report(family, tried, flipped)
    tried, flipped = Counter(), Counter()
    for case, was, previous in follow_ups:
        for opener in OPENERS:
            tried[opener.strip()] += 1
            changed = opener + case["q"][:1].lower() + case["q"][1:]
            flipped[opener.strip()] += (topic(service, changed, previous) or "") != was
    report("opener", tried, flipped)
    return 0


def report(family: str, tried: Counter[str], flipped: Counter[str]) -> None:
    total, changed = sum(tried.values()), sum(flipped.values())
    print(f"{family:10} {changed:5} of {total:6} changed answer ({changed / max(total, 1):.1%})")
    for kind, count in flipped.most_common(5):
        print(f"    {kind:28} {count:4} of {tried[kind]:5}")


if __name__ == "__main__":
    raise SystemExit(main())
