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

_MONEY_REASONS = {
    MoneyProblem.EMPTY: "kosong",
    MoneyProblem.NOT_A_NUMBER: "bukan angka yang bisa dibaca",
    MoneyProblem.NEEDS_UNIT: "kurang jelas satuannya (rupiah atau juta?)",
    MoneyProblem.ZERO: "tidak boleh nol",
    MoneyProblem.NEGATIVE: "tidak boleh negatif",
    MoneyProblem.TOO_LARGE: "terlalu besar (lebih dari Rp1.000.000.000 sebulan)",
    MoneyProblem.BELOW_MINIMUM: "di bawah batas minimum",
}
_PROGRAM_NAMES = {
    "JKK": "Jaminan Kecelakaan Kerja",
    "JKM": "Jaminan Kematian",
    "JHT": "Jaminan Hari Tua",
    "JP": "Jaminan Pensiun",
    "JKP": "Jaminan Kehilangan Pekerjaan",
}


class UsageError(Exception):
    """A bad option; the message is Indonesian and goes to stderr."""


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "iuran",
        help="hitung iuran bulanan BPU atau PU",
        description="Hitung iuran bulanan BPJS Ketenagakerjaan per program (BPU atau PU).",
    )
    parser.add_argument("--segmen", metavar="bpu|pu", help="bpu (pekerja mandiri) atau pu (penerima upah)")
    parser.add_argument("--penghasilan", metavar="RUPIAH", help="BPU: penghasilan sebulan, contoh 2000000 atau 2jt")
    parser.add_argument("--jht", action="store_true", help="BPU: ikut JHT (pilihan)")
    parser.add_argument("--sektor", metavar="|".join(SECTORS), help="BPU: sektor usaha (bawaan: lainnya)")
    parser.add_argument("--upah", metavar="RUPIAH", help="PU: upah sebulan per pekerja")
    parser.add_argument("--risiko", metavar="|".join(RISK_CLASSES), help="PU: kelompok risiko lingkungan kerja")
    parser.add_argument("--skala", metavar="|".join(SCALES), help="PU: skala usaha")
    parser.add_argument("--pekerja", metavar="N", help="PU: jumlah pekerja (bawaan: 1)")
    parser.add_argument("--tanggal", metavar="YYYY-MM-DD", help="tanggal berlaku parameter (bawaan: hari ini, WIB)")
    parser.add_argument("--json", action="store_true", help="cetak satu objek JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    stdout = out or sys.stdout
    stderr = err or sys.stderr
    try:
        result = compute(args)
    except UsageError as exc:
        print(f"bpjstk-bot iuran: kesalahan: {exc}", file=stderr)
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
        raise UsageError("--segmen wajib diisi: bpu atau pu")
    if segment not in ("bpu", "pu"):
        raise UsageError(f"--segmen {args.segmen!r} tidak dikenal; pilih bpu atau pu")
    on = _date(args.tanggal)
    try:
        if segment == "bpu":
            _reject(args, ("upah", "risiko", "skala", "pekerja"), "bpu")
            sector = (args.sektor or "lainnya").strip().lower()
            if sector not in SECTORS:
                raise UsageError(f"--sektor {args.sektor!r} tidak dikenal; pilih {' atau '.join(SECTORS)}")
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
        raise UsageError(f"parameter untuk tanggal {on.isoformat()} tidak tersedia ({exc})") from exc
    except ContributionError as exc:
        raise UsageError(str(exc)) from exc


def _date(raw: str | None) -> date:
    if raw is None:
        return today_wib(CLOCK)
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(f"--tanggal {raw!r} tidak valid; tulis YYYY-MM-DD, contoh 2026-03-01") from None


def _reject(args: argparse.Namespace, names: tuple[str, ...], segment: str) -> None:
    given = [f"--{n}" for n in names if getattr(args, n) not in (None, False)]
    if given:
        other = "pu" if segment == "bpu" else "bpu"
        raise UsageError(f"{', '.join(given)} hanya untuk --segmen {other}, bukan --segmen {segment}")


def _money(option: str, raw: str | None, minimum: int | None) -> int:
    if raw is None:
        raise UsageError(f"{option} wajib diisi, contoh {option} 2500000")
    result = parse_money(raw, minimum=minimum)
    if isinstance(result, Money):
        return result.amount
    reason = _MONEY_REASONS[result.reason]
    if result.reason is MoneyProblem.BELOW_MINIMUM and minimum is not None:
        reason = f"di bawah minimum {rupiah(minimum)}"
    raise UsageError(f"{option} {raw!r} {reason}; contoh: 2500000, 2.500.000 atau 2,5jt")


def _pick(option: str, raw: str | None, allowed: tuple[str, ...]) -> str:
    if raw is None:
        raise UsageError(f"{option} wajib diisi untuk --segmen pu; pilih {'|'.join(allowed)}")
    value = raw.strip().lower().replace("_", "-").replace(" ", "-")
    if value not in allowed:
        raise UsageError(f"{option} {raw!r} tidak dikenal; pilih {'|'.join(allowed)}")
    return value


def _workers(raw: str | None) -> int:
    if raw is None:
        return 1
    text = raw.strip()
    if not text.isdecimal() or int(text) < 1:
        raise UsageError(f"--pekerja {raw!r} harus bilangan bulat 1 atau lebih, contoh --pekerja 5")
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
        lines.append(f"Iuran BPU (pekerja mandiri), penghasilan {rupiah(result.base)} sebulan, sektor {result.sector}")
    else:
        lines.append(
            f"Iuran PU (penerima upah), upah {rupiah(result.base)} sebulan, "
            f"risiko {result.risk}, usaha {result.scale}, {result.workers} pekerja"
        )
    lines.append(f"Parameter berlaku tanggal {result.on.isoformat()}")
    lines.append("")
    header = f"{'Program':<8}{'Pemberi kerja':>16}{'Pekerja':>14}{'Total':>14}  Status; tarif"
    lines.append(header)
    lines.append("-" * len(header))
    for share in result.programs:
        if share.mandatory:
            status = "wajib"
        elif share.included:
            status = "pilihan (diikuti)"
        else:
            status = "pilihan (tidak dihitung)"
        if share.reason == REASON_PU_JP_AGE:
            status = "tidak berlaku (usia pensiun)"
        elif share.reason == REASON_JKP_IF_JHT:
            status = "otomatis bila usaha mikro ikut JHT"
        lines.append(
            f"{share.program:<8}{rupiah(share.employer):>16}{rupiah(share.worker):>14}"
            f"{rupiah(share.total):>14}  {status}; {share.rate}; {_PROGRAM_NAMES[share.program]}"
        )
    lines.append("-" * len(header))
    lines.append(
        f"{'Total':<8}{rupiah(result.employer_per_worker):>16}{rupiah(result.worker_per_worker):>14}"
        f"{rupiah(result.total_per_worker):>14}  per orang per bulan"
    )
    if result.workers > 1:
        lines.append(f"Untuk {result.workers} pekerja: {rupiah(result.total_monthly)} per bulan")
    lines.append("")
    if result.segment == "bpu":
        lines.append("BPU membayar sendiri seluruh iuran (kolom Pekerja); tidak ada JP dan JKP untuk BPU.")
        if result.discount is not None and result.undiscounted_total is not None:
            lines.append(
                f"Termasuk potongan {result.discount.percent}% iuran "
                f"{'+'.join(sorted(result.discount.programs))} ({result.discount.name}, sektor "
                f"{result.discount.sector}, bulan iuran {result.discount.start.isoformat()} s.d. "
                f"{result.discount.until.isoformat()}); tanpa potongan: "
                f"{rupiah(result.undiscounted_total)}. Tidak berlaku bila iuran dibayar APBN/APBD."
            )
    else:
        if result.jp_wage_cap is not None:
            capped = " (upah di atas batas, JP dihitung dari batas)" if result.jp_capped else ""
            lines.append(f"Batas upah JP: {rupiah(result.jp_wage_cap)}{capped}.")
        if result.pension_age is not None:
            lines.append(f"JP hanya untuk pekerja di bawah usia pensiun ({result.pension_age} tahun).")
        lines.append("JKP tanpa iuran tambahan (dibayar pemerintah dan rekomposisi iuran JKK).")
    lines.append("Pembulatan: tiap bagian iuran dibulatkan ke rupiah terdekat (setengah ke atas).")
    lines.append("Sumber: " + "; ".join(f"{name} [{source}]" for name, source in result.sources))
    return "\n".join(lines)
