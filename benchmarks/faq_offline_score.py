"""Score the FAQ in-process with the official scorer's rules (no `ask` CLI needed).

    PYTHONPATH=. python benchmarks/faq_offline_score.py [QUESTIONS.jsonl ...] [--show-misses] [--today YYYY-MM-DD]

Each question is answered by `FaqService.answer`; replies are rendered with Jinja2
(StrictUndefined) from messages/faq and messages/id/faq, bold markers removed, and
checked with `check` from ../shared/eval/score_faq.py (same normalisation of numbers).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

import jinja2

from benchmarks.faq_blind_report import DEFAULT_SCORER, SHARED_DEV, load_scorer
from bot.faq.service import FaqService, build_faq_service
from bot.paths import messages_dir

DEFAULT_SETS = [SHARED_DEV, Path("tests/data/faq-heldout.jsonl")]


def environment(service: FaqService) -> jinja2.Environment:
    templates = dict(service.answer_templates())
    for path in (messages_dir() / "id" / "faq").glob("*.j2"):
        templates[f"faq/{path.stem}.j2"] = path.read_text(encoding="utf-8")
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,  # as bot/render does
        lstrip_blocks=True,
    )


def render_text(
    env: jinja2.Environment, service: FaqService, question: str, today: date, previous: str | None = None
) -> dict[str, object]:
    outcome = service.answer(question, today, previous)
    texts = [env.get_template(r.key + ".j2").render(**dict(r.context)) for r in outcome.replies]
    topic = next((r.topic for r in outcome.replies if r.topic), None) if outcome.recognised else None
    return {"question": question, "reply": "\n\n".join(texts).replace("*", ""), "topic": topic}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="*", type=Path)
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = ap.parse_args()
    scorer = load_scorer(DEFAULT_SCORER)
    service = build_faq_service()
    env = environment(service)
    for path in args.sets or DEFAULT_SETS:
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        in_ok = in_n = oos_ok = oos_n = 0
        start = time.perf_counter()
        for case in cases:
            answer = render_text(env, service, case["q"], args.today)
            ok, why = scorer.check(case, answer)
            if case.get("oos"):
                oos_n += 1
                oos_ok += ok
            else:
                in_n += 1
                in_ok += ok
            if not ok and args.show_misses:
                print(f"MISS {case['id']}: {case['q']!r} -> topic={answer['topic']!r}: {why}")
        elapsed = (time.perf_counter() - start) / max(len(cases), 1) * 1000
        print(
            f"{path.name}: in-scope {in_ok}/{in_n} = {in_ok / max(in_n, 1):.1%}; "
            f"out-of-scope rejected {oos_ok}/{oos_n} = {oos_ok / max(oos_n, 1):.1%}; {elapsed:.2f} ms/question"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
