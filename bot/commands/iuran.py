"""`bpjstk-bot iuran`: the contribution calculator for staff and scripts.

    bpjstk-bot iuran --segmen bpu --penghasilan 2000000 [--jht] [--sektor transportasi|lainnya]
                     [--tanggal YYYY-MM-DD] [--json]
    bpjstk-bot iuran --segmen pu --upah 2500000 --risiko sangat-rendah|rendah|sedang|tinggi|sangat-tinggi
                     --skala mikro|kecil|menengah|besar [--pekerja N] [--tanggal YYYY-MM-DD] [--json]

`--json` prints one object:
    {"tanggal": "YYYY-MM-DD",
     "program": {"JKK": {"pemberi_kerja": int, "pekerja": int, "total": int, "wajib": bool}, ...},
     "total_bulanan": int}
`program` lists every program that applies, with the monthly shares for ONE worker;
`total_bulanan` is the monthly total of the mandatory programs plus the optional
ones asked for (`--jht` for BPU), for all workers. For BPU the participant pays
everything: the amount is under "pekerja" and "pemberi_kerja" is 0.

Options are validated here (not by argparse) so every mistake gets an Indonesian
message on stderr and exit status 2. Money options accept the same formats as
the chat ("2,5 juta", "2.500.000", "2jt").
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, TextIO

from bot.commands.text import cli_columns, cli_names, cli_text
from bot.core.clock import Clock, SystemClock, today_wib
from bot.rules.contributions import (
    REASON_JKP_IF_JHT,
    REASON_PU_JP_AGE,
    RISK_CLASSES,
    SCALES,
    SECTORS,
    Contribution,
    ContributionError,
    bpu_contribution,
    pu_contribution,
)
from bot.rules.formatting import rupiah
from bot.rules.money import Money, MoneyProblem, parse_money
from bot.rules.parameters import ParameterError, default_parameters

EXIT_USAGE = 2
# The clock used for the default --tanggal; tests replace it.
CLOCK: Clock = SystemClock()


class UsageError(Exception):
    """A bad option; the message is Indonesian and goes to stderr."""


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "iuran",
        help=cli_text("iuran.help"),
        description=cli_text("iuran.description"),
    )
    rupiah_metavar = cli_text("iuran.metavar_rupiah")
    parser.add_argument("--segmen", metavar="bpu|pu", help=cli_text("iuran.segment_help"))
    parser.add_argument("--penghasilan", metavar=rupiah_metavar, help=cli_text("iuran.income_help"))
    parser.add_argument("--jht", action="store_true", help=cli_text("iuran.jht_help"))
    parser.add_argument("--sektor", metavar="|".join(SECTORS), help=cli_text("iuran.sector_help"))
    parser.add_argument("--upah", metavar=rupiah_metavar, help=cli_text("iuran.wage_help"))
    parser.add_argument("--risiko", metavar="|".join(RISK_CLASSES), help=cli_text("iuran.risk_help"))
    parser.add_argument("--skala", metavar="|".join(SCALES), help=cli_text("iuran.scale_help"))
    parser.add_argument("--pekerja", metavar="N", help=cli_text("iuran.workers_help"))
    parser.add_argument("--tanggal", metavar="YYYY-MM-DD", help=cli_text("iuran.date_help"))
    parser.add_argument("--json", action="store_true", help=cli_text("iuran.json_help"))
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    stdout = out or sys.stdout
    stderr = err or sys.stderr
    try:
        result = compute(args)
    except UsageError as exc:
        print(cli_text("cli.error", prog="bpjstk-bot iuran", message=exc), file=stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(to_json(result), ensure_ascii=False), file=stdout)
    else:
        print(to_table(result), file=stdout)
    return 0


def compute(args: argparse.Namespace) -> Contribution:
    """Validate the options and compute; raises UsageError with an Indonesian message."""
    segment = (args.segmen or "").strip().lower()
    if not segment:
        raise UsageError(cli_text("iuran.segment_missing"))
    if segment not in ("bpu", "pu"):
        raise UsageError(cli_text("iuran.segment_unknown", value=args.segmen))
    on = _date(args.tanggal)
    try:
        if segment == "bpu":
            _reject(args, ("upah", "risiko", "skala", "pekerja"), "bpu")
            sector = (args.sektor or "lainnya").strip().lower()
            if sector not in SECTORS:
                raise UsageError(
                    cli_text("iuran.sector_unknown", value=args.sektor, choices=cli_text("iuran.or").join(SECTORS))
                )
            minimum = default_parameters().integer("bpu_min_income", on)
            income = _money("--penghasilan", args.penghasilan, minimum)
            return bpu_contribution(income, on, with_jht=bool(args.jht), sector=sector)
        _reject(args, ("penghasilan", "jht", "sektor"), "pu")
        wage = _money("--upah", args.upah, None)
        risk = _pick("--risiko", args.risiko, RISK_CLASSES)
        scale = _pick("--skala", args.skala, SCALES)
        workers = _workers(args.pekerja)
        return pu_contribution(wage, on, risk=risk, scale=scale, workers=workers)
    except ParameterError as exc:
        raise UsageError(cli_text("iuran.no_parameters", date=on.isoformat(), error=exc)) from exc
    except ContributionError as exc:
        raise UsageError(str(exc)) from exc


def _date(raw: str | None) -> date:
    if raw is None:
        return today_wib(CLOCK)
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(cli_text("iuran.bad_date", value=raw)) from None


def _reject(args: argparse.Namespace, names: tuple[str, ...], segment: str) -> None:
    given = [f"--{n}" for n in names if getattr(args, n) not in (None, False)]
    if given:
        other = "pu" if segment == "bpu" else "bpu"
        raise UsageError(cli_text("iuran.wrong_segment", options=", ".join(given), other=other, segment=segment))


def _money(option: str, raw: str | None, minimum: int | None) -> int:
    if raw is None:
        raise UsageError(cli_text("iuran.money_missing", option=option))
    result = parse_money(raw, minimum=minimum)
    if isinstance(result, Money):
        return result.amount
    reason = cli_names("iuran.money_problems")[result.reason.value]
    if result.reason is MoneyProblem.BELOW_MINIMUM and minimum is not None:
        reason = cli_text("iuran.below_minimum", minimum=rupiah(minimum))
    raise UsageError(cli_text("iuran.bad_money", option=option, value=raw, reason=reason))


def _pick(option: str, raw: str | None, allowed: tuple[str, ...]) -> str:
    if raw is None:
        raise UsageError(cli_text("iuran.choice_missing", option=option, choices="|".join(allowed)))
    value = raw.strip().lower().replace("_", "-").replace(" ", "-")
    if value not in allowed:
        raise UsageError(cli_text("iuran.choice_unknown", option=option, value=raw, choices="|".join(allowed)))
    return value


def _workers(raw: str | None) -> int:
    if raw is None:
        return 1
    text = raw.strip()
    if not text.isdecimal() or int(text) < 1:
        raise UsageError(cli_text("iuran.bad_workers", value=raw))
    return int(text)


def to_json(result: Contribution) -> dict[str, Any]:
    """The `--json` object: programs that apply, shares for one worker, total for all."""
    programs = {
        share.program: {
            "pemberi_kerja": share.employer,
            "pekerja": share.worker,
            "total": share.total,
            "wajib": share.mandatory,
        }
        for share in result.programs
        if share.reason != REASON_PU_JP_AGE  # JP does not apply at or above pension age
    }
    return {"tanggal": result.on.isoformat(), "program": programs, "total_bulanan": result.total_monthly}


def to_table(result: Contribution) -> str:
    """A readable Indonesian table of the same result."""
    lines: list[str] = []
    if result.segment == "bpu":
        lines.append(cli_text("iuran.title_bpu", income=rupiah(result.base), sector=result.sector))
    else:
        lines.append(
            cli_text(
                "iuran.title_pu",
                wage=rupiah(result.base),
                risk=result.risk,
                scale=result.scale,
                workers=result.workers,
            )
        )
    lines.append(cli_text("iuran.in_force", date=result.on.isoformat()))
    lines.append("")
    program, employer, worker, total, status_and_rate = cli_columns("iuran.columns")
    header = f"{program:<8}{employer:>16}{worker:>14}{total:>14}  {status_and_rate}"
    lines.append(header)
    lines.append("-" * len(header))
    program_names = cli_names("iuran.programs")
    for share in result.programs:
        if share.mandatory:
            status = cli_text("iuran.mandatory")
        elif share.included:
            status = cli_text("iuran.optional_included")
        else:
            status = cli_text("iuran.optional_not_counted")
        if share.reason == REASON_PU_JP_AGE:
            status = cli_text("iuran.past_pension_age")
        elif share.reason == REASON_JKP_IF_JHT:
            status = cli_text("iuran.jkp_with_jht")
        lines.append(
            f"{share.program:<8}{rupiah(share.employer):>16}{rupiah(share.worker):>14}"
            f"{rupiah(share.total):>14}  {status}; {share.rate}; {program_names[share.program]}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"{cli_text('iuran.total'):<8}{rupiah(result.employer_per_worker):>16}{rupiah(result.worker_per_worker):>14}"
        f"{rupiah(result.total_per_worker):>14}  {cli_text('iuran.per_person')}"
    )
    if result.workers > 1:
        lines.append(cli_text("iuran.all_workers", workers=result.workers, total=rupiah(result.total_monthly)))
    lines.append("")
    if result.segment == "bpu":
        lines.append(cli_text("iuran.bpu_pays_all"))
        if result.discount is not None and result.undiscounted_total is not None:
            lines.append(
                cli_text(
                    "iuran.discount",
                    percent=result.discount.percent,
                    programs="+".join(sorted(result.discount.programs)),
                    name=result.discount.name,
                    sector=result.discount.sector,
                    start=result.discount.start.isoformat(),
                    until=result.discount.until.isoformat(),
                    undiscounted=rupiah(result.undiscounted_total),
                )
            )
    else:
        if result.jp_wage_cap is not None:
            cap_key = "iuran.jp_wage_capped" if result.jp_capped else "iuran.jp_wage_cap"
            lines.append(cli_text(cap_key, cap=rupiah(result.jp_wage_cap)))
        if result.pension_age is not None:
            lines.append(cli_text("iuran.jp_pension_age", age=result.pension_age))
        lines.append(cli_text("iuran.jkp_no_contribution"))
    lines.append(cli_text("iuran.rounding"))
    lines.append(cli_text("iuran.sources", sources="; ".join(f"{name} [{source}]" for name, source in result.sources)))
    return "\n".join(lines)
