"""`bpjstk-bot iuran`, in process: the --json shape, the table, exit status 2 on bad options."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot import cli
from bot.commands import iuran
from bot.core.clock import WIB, FixedClock


@pytest.fixture(autouse=True)
def only_iuran(monkeypatch: pytest.MonkeyPatch) -> None:
    # The lead registers bot.commands.iuran in COMMAND_MODULES when merging; until then use it alone.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("bot.commands.iuran",))
    monkeypatch.setattr(iuran, "CLOCK", FixedClock(datetime(2026, 5, 2, 1, 0, tzinfo=WIB)))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = cli.main(["iuran", *argv])
    except SystemExit as exc:  # argparse's own errors (unknown option)
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_bpu_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "--segmen", "bpu", "--penghasilan", "2000000", "--jht", "--tanggal", "2026-03-31", "--json"
    )
    assert status == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"tanggal", "program", "total_bulanan"}
    assert data["tanggal"] == "2026-03-31"
    assert list(data["program"]) == ["JKK", "JKM", "JHT"]
    for entry in data["program"].values():
        assert set(entry) == {"pemberi_kerja", "pekerja", "total", "wajib"}
        assert entry["pemberi_kerja"] == 0  # BPU: the participant pays everything
    # 20.000 + 6.800 + 40.000 (no discount on 31 March 2026 for "lainnya")
    assert data["program"]["JKK"] == {"pemberi_kerja": 0, "pekerja": 20_000, "total": 20_000, "wajib": True}
    assert data["program"]["JHT"]["wajib"] is False
    assert data["total_bulanan"] == 66_800


def test_bpu_without_jht_lists_it_but_does_not_count_it(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "--segmen",
        "bpu",
        "--penghasilan",
        "1jt",
        "--sektor",
        "transportasi",
        "--tanggal",
        "2026-01-01",
        "--json",
    )
    data = json.loads(out)
    assert status == 0
    assert data["program"]["JHT"]["total"] == 20_000
    assert data["total_bulanan"] == 8_400  # 5.000 + 3.400 (PP 50/2025, transport from Jan 2026)


def test_default_date_is_today_in_jakarta(capsys: pytest.CaptureFixture[str]) -> None:
    # FixedClock says 2 May 2026 01:00 WIB (still 1 May in UTC): the WIB date wins.
    _, out, _ = run(capsys, "--segmen", "bpu", "--penghasilan", "2000000", "--json")
    data = json.loads(out)
    assert data["tanggal"] == "2026-05-02"
    assert data["total_bulanan"] == 13_400  # "lainnya" discounted in May 2026: 10.000 + 3.400


def test_pu_json_with_workers(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "--segmen",
        "pu",
        "--upah",
        "2.500.000",
        "--risiko",
        "rendah",
        "--skala",
        "kecil",
        "--pekerja",
        "4",
        "--tanggal",
        "2026-05-01",
        "--json",
    )
    assert status == 0
    data = json.loads(out)
    assert list(data["program"]) == ["JKK", "JKM", "JHT", "JP", "JKP"]
    assert data["program"]["JHT"] == {"pemberi_kerja": 92_500, "pekerja": 50_000, "total": 142_500, "wajib": True}
    assert data["program"]["JP"]["wajib"] is False
    assert data["program"]["JKP"] == {"pemberi_kerja": 0, "pekerja": 0, "total": 0, "wajib": True}
    # per worker 13.500 + 7.500 + 142.500 = 163.500; x 4 = 654.000
    assert data["total_bulanan"] == 654_000


def test_pu_jp_cap_change(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--segmen", "pu", "--upah", "12jt", "--risiko", "sedang", "--skala", "besar", "--json"]
    _, before, _ = run(capsys, *base, "--tanggal", "2026-02-28")
    _, after, _ = run(capsys, *base, "--tanggal", "2026-03-01")
    assert json.loads(before)["program"]["JP"]["total"] == 316_422  # 3% of 10.547.400
    assert json.loads(after)["program"]["JP"]["total"] == 332_589  # 221.726 + 110.863 on 11.086.300


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "--segmen", "pu", "--upah", "2500000", "--risiko", "sangat-rendah", "--skala", "mikro", "--pekerja", "3"
    )
    assert status == 0
    assert "Pemberi kerja" in out and "Rp13.500" in out and "Rp40.500" in out  # 13.500 x 3
    assert "Pembulatan" in out and "2026-05-02" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        ([], "--segmen wajib"),
        (["--segmen", "xyz"], "--segmen"),
        (["--segmen", "bpu"], "--penghasilan wajib"),
        (["--segmen", "bpu", "--penghasilan", "abc"], "bukan angka"),
        (["--segmen", "bpu", "--penghasilan", "0"], "nol"),
        (["--segmen", "bpu", "--penghasilan=-5jt"], "negatif"),
        (["--segmen", "bpu", "--penghasilan", "2 miliar"], "terlalu besar"),
        (["--segmen", "bpu", "--penghasilan", "900000"], "minimum Rp1.000.000"),
        (["--segmen", "bpu", "--penghasilan", "2jt", "--sektor", "tambang"], "--sektor"),
        (["--segmen", "bpu", "--penghasilan", "2jt", "--tanggal", "2026-13-01"], "--tanggal"),
        (["--segmen", "bpu", "--penghasilan", "2jt", "--tanggal", "kemarin"], "YYYY-MM-DD"),
        (["--segmen", "bpu", "--penghasilan", "2jt", "--upah", "2jt"], "--upah hanya untuk --segmen pu"),
        (["--segmen", "bpu", "--penghasilan", "2jt", "--pekerja", "3"], "--pekerja"),
        (["--segmen", "pu", "--upah", "2jt", "--risiko", "sedang"], "--skala wajib"),
        (["--segmen", "pu", "--upah", "2jt", "--skala", "mikro"], "--risiko wajib"),
        (["--segmen", "pu", "--risiko", "sedang", "--skala", "mikro"], "--upah wajib"),
        (["--segmen", "pu", "--upah", "2jt", "--risiko", "ekstrem", "--skala", "mikro"], "--risiko"),
        (["--segmen", "pu", "--upah", "2jt", "--risiko", "sedang", "--skala", "raksasa"], "--skala"),
        (["--segmen", "pu", "--upah", "2jt", "--risiko", "sedang", "--skala", "mikro", "--pekerja", "0"], "--pekerja"),
        (
            ["--segmen", "pu", "--upah", "2jt", "--risiko", "sedang", "--skala", "mikro", "--pekerja", "dua"],
            "--pekerja",
        ),
        (["--segmen", "pu", "--upah", "2jt", "--risiko", "sedang", "--skala", "mikro", "--jht"], "--jht"),
        (
            ["--segmen", "pu", "--upah", "2jt", "--risiko", "sedang", "--skala", "mikro", "--sektor", "lainnya"],
            "--sektor",
        ),
        (
            ["--segmen", "pu", "--upah", "2jt", "--risiko", "sedang", "--skala", "mikro", "--tanggal", "2010-01-01"],
            "2010",
        ),
    ],
)
def test_bad_options_exit_2_with_indonesian_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 2
    assert out == ""
    assert "kesalahan" in err and fragment in err


def test_unknown_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--segmen", "bpu", "--penghasilan", "2jt", "--bonus")
    assert status == 2 and out == "" and "kesalahan" in err
