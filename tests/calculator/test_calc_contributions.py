"""Hand-computed contribution tables and property tests for bot.rules.contributions.

Every expected number below is worked out by hand from the rates in
../shared/facts/bpjstk-facts.md (sections 4.1, 5.1, 6.1, 7.1, 7.2, 9), with the
arithmetic in a comment. Rounding: each share rounded once, half up.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.rules.contributions import (
    RISK_CLASSES,
    SCALES,
    ContributionError,
    bpu_contribution,
    pu_contribution,
    pu_contribution_range,
    round_rupiah,
)

# (income, with_jht, sector, date) -> (JKK, JKM, JHT amount, monthly total)
BPU_CASES = [
    # lainnya, day before the discount window: 1% x 2.000.000 = 20.000; JKM 6.800; JHT 2% = 40.000
    pytest.param(
        2_000_000, True, "lainnya", date(2026, 3, 31), (20_000, 6_800, 40_000, 66_800), id="bpu-lain-2026-03-31"
    ),
    # lainnya, first discounted month: JKK 20.000 x 50% = 10.000; JKM 6.800 x 50% = 3.400; JHT not discounted
    pytest.param(
        2_000_000, True, "lainnya", date(2026, 4, 1), (10_000, 3_400, 40_000, 53_400), id="bpu-lain-2026-04-01"
    ),
    # lainnya, last discounted day, minimum income, no JHT: 10.000/2 + 6.800/2 = 8.400 (fact sheet 9.2)
    pytest.param(
        1_000_000, False, "lainnya", date(2026, 12, 31), (5_000, 3_400, 20_000, 8_400), id="bpu-lain-2026-12-31"
    ),
    # lainnya, after the window: 10.000 + 6.800 + 20.000 = 36.800 ("3 program", fact sheet 9.2)
    pytest.param(
        1_000_000, True, "lainnya", date(2027, 1, 1), (10_000, 6_800, 20_000, 36_800), id="bpu-lain-2027-01-01"
    ),
    # transport, before its window: 10.000 + 6.800 + 20.000 = 36.800
    pytest.param(
        1_000_000, True, "transportasi", date(2025, 12, 31), (10_000, 6_800, 20_000, 36_800), id="bpu-tr-2025-12-31"
    ),
    # transport, first discounted month: 5.000 + 3.400 + 20.000 = 28.400 (fact sheet 9.2)
    pytest.param(
        1_000_000, True, "transportasi", date(2026, 1, 1), (5_000, 3_400, 20_000, 28_400), id="bpu-tr-2026-01-01"
    ),
    # transport, last discounted day: JKK 3.333.333 x 1% = 33.333,33 x 50% = 16.666,665 -> 16.667;
    # JKM 3.400; JHT 66.666,66 -> 66.667 (not chosen); total 16.667 + 3.400 = 20.067
    pytest.param(
        3_333_333, False, "transportasi", date(2027, 3, 31), (16_667, 3_400, 66_667, 20_067), id="bpu-tr-2027-03-31"
    ),
    # transport, after its window: 33.333,33 -> 33.333; 6.800; 66.666,66 -> 66.667; total 106.800
    pytest.param(
        3_333_333, True, "transportasi", date(2027, 4, 1), (33_333, 6_800, 66_667, 106_800), id="bpu-tr-2027-04-01"
    ),
    # transport window does not cover "lainnya" in January 2026: no discount.
    # half-up: 1.234.550 x 1% = 12.345,5 -> 12.346; JHT 24.691; total 12.346 + 6.800 + 24.691 = 43.837
    pytest.param(1_234_550, True, "lainnya", date(2026, 1, 15), (12_346, 6_800, 24_691, 43_837), id="bpu-half-up"),
]


@pytest.mark.parametrize(("income", "jht", "sector", "on", "expected"), BPU_CASES)
def test_bpu_hand_computed(income: int, jht: bool, sector: str, on: date, expected: tuple[int, int, int, int]) -> None:
    result = bpu_contribution(income, on, with_jht=jht, sector=sector)
    amounts = {p.program: p for p in result.programs}
    assert [p.program for p in result.programs] == ["JKK", "JKM", "JHT"]  # no JP, no JKP for BPU
    assert (amounts["JKK"].worker, amounts["JKM"].worker, amounts["JHT"].worker) == expected[:3]
    assert all(p.employer == 0 for p in result.programs)  # BPU pays everything himself
    assert amounts["JKK"].mandatory and amounts["JKM"].mandatory and not amounts["JHT"].mandatory
    assert amounts["JHT"].included is jht
    assert result.total_monthly == expected[3]
    assert result.on == on


def test_bpu_discount_details_and_sources() -> None:
    result = bpu_contribution(2_000_000, date(2026, 4, 1), with_jht=True)
    assert result.discount is not None
    assert result.discount.name == "PP 50/2025"
    assert result.discount.until == date(2026, 12, 31)
    assert result.undiscounted_total == 66_800  # 20.000 + 6.800 + 40.000
    assert dict(result.sources)["bpu_jkm_flat"].startswith("S34d")
    assert bpu_contribution(2_000_000, date(2026, 3, 1)).discount is None


def test_bpu_below_minimum_is_refused() -> None:
    with pytest.raises(ContributionError) as info:
        bpu_contribution(999_999, date(2026, 5, 1))
    assert info.value.code == "below_minimum"


# (wage, risk, scale, date, workers) -> {program: (employer, worker, mandatory)}, monthly total
PU_CASES = [
    # fact-sheet example 9.1: micro, sangat rendah, 2.500.000: JKK 0,24% = 6.000; JKM 0,30% = 7.500;
    # JHT 3,7% = 92.500 / 2% = 50.000 optional; JP 2% = 50.000 / 1% = 25.000 optional; total 13.500
    pytest.param(
        2_500_000,
        "sangat-rendah",
        "mikro",
        date(2026, 5, 1),
        1,
        {
            "JKK": (6_000, 0, True),
            "JKM": (7_500, 0, True),
            "JHT": (92_500, 50_000, False),
            "JP": (50_000, 25_000, False),
        },
        13_500,
        id="pu-mikro-sangat-rendah",
    ),
    # small, rendah: JKK 0,54% x 2.500.000 = 13.500; JKM 7.500; JHT 92.500 + 50.000 mandatory; JP optional
    # per worker 13.500 + 7.500 + 142.500 = 163.500; x 4 workers = 654.000
    pytest.param(
        2_500_000,
        "rendah",
        "kecil",
        date(2026, 5, 1),
        4,
        {
            "JKK": (13_500, 0, True),
            "JKM": (7_500, 0, True),
            "JHT": (92_500, 50_000, True),
            "JP": (50_000, 25_000, False),
        },
        654_000,
        id="pu-kecil-rendah-4",
    ),
    # medium, sedang, 4.000.000: JKK 0,89% = 35.600; JKM 12.000; JHT 148.000 + 80.000; JP 80.000 + 40.000
    # total 35.600 + 12.000 + 228.000 + 120.000 = 395.600
    pytest.param(
        4_000_000,
        "sedang",
        "menengah",
        date(2026, 5, 1),
        1,
        {
            "JKK": (35_600, 0, True),
            "JKM": (12_000, 0, True),
            "JHT": (148_000, 80_000, True),
            "JP": (80_000, 40_000, True),
        },
        395_600,
        id="pu-menengah-sedang",
    ),
    # large, tinggi, 5.000.000: JKK 1,27% = 63.500; JKM 15.000; JHT 185.000 + 100.000; JP 100.000 + 50.000
    # total 63.500 + 15.000 + 285.000 + 150.000 = 513.500
    pytest.param(
        5_000_000,
        "tinggi",
        "besar",
        date(2026, 5, 1),
        1,
        {
            "JKK": (63_500, 0, True),
            "JKM": (15_000, 0, True),
            "JHT": (185_000, 100_000, True),
            "JP": (100_000, 50_000, True),
        },
        513_500,
        id="pu-besar-tinggi",
    ),
    # large, sangat tinggi, 6.000.000: JKK 1,74% = 104.400; JKM 18.000; JHT 222.000 + 120.000; JP 120.000 + 60.000
    # total 104.400 + 18.000 + 342.000 + 180.000 = 644.400
    pytest.param(
        6_000_000,
        "sangat-tinggi",
        "besar",
        date(2026, 5, 1),
        1,
        {
            "JKK": (104_400, 0, True),
            "JKM": (18_000, 0, True),
            "JHT": (222_000, 120_000, True),
            "JP": (120_000, 60_000, True),
        },
        644_400,
        id="pu-besar-sangat-tinggi",
    ),
    # above the cap, day before the change: JP on 10.547.400 -> 2% = 210.948, 1% = 105.474.
    # JKK 0,89% x 12.000.000 = 106.800; JKM 36.000; JHT 444.000 + 240.000
    # total 106.800 + 36.000 + 684.000 + 316.422 = 1.143.222
    pytest.param(
        12_000_000,
        "sedang",
        "besar",
        date(2026, 2, 28),
        1,
        {
            "JKK": (106_800, 0, True),
            "JKM": (36_000, 0, True),
            "JHT": (444_000, 240_000, True),
            "JP": (210_948, 105_474, True),
        },
        1_143_222,
        id="pu-cap-2026-02-28",
    ),
    # above the cap, first day of the new cap 11.086.300: JP 221.726 + 110.863 = 332.589
    # total 106.800 + 36.000 + 684.000 + 332.589 = 1.159.389
    pytest.param(
        12_000_000,
        "sedang",
        "besar",
        date(2026, 3, 1),
        1,
        {
            "JKK": (106_800, 0, True),
            "JKM": (36_000, 0, True),
            "JHT": (444_000, 240_000, True),
            "JP": (221_726, 110_863, True),
        },
        1_159_389,
        id="pu-cap-2026-03-01",
    ),
    # 10.800.000 lies between the caps: capped before March (JP on 10.547.400 = 210.948 + 105.474) ...
    # JKK 0,24% = 25.920; JKM 32.400; JHT 399.600 + 216.000; total 25.920 + 32.400 + 615.600 + 316.422 = 990.342
    pytest.param(
        10_800_000,
        "sangat-rendah",
        "besar",
        date(2026, 2, 28),
        1,
        {
            "JKK": (25_920, 0, True),
            "JKM": (32_400, 0, True),
            "JHT": (399_600, 216_000, True),
            "JP": (210_948, 105_474, True),
        },
        990_342,
        id="pu-between-caps-2026-02-28",
    ),
    # ... and below the cap from March: JP 2% x 10.800.000 = 216.000, 1% = 108.000
    # total 25.920 + 32.400 + 615.600 + 324.000 = 997.920
    pytest.param(
        10_800_000,
        "sangat-rendah",
        "besar",
        date(2026, 3, 1),
        1,
        {
            "JKK": (25_920, 0, True),
            "JKM": (32_400, 0, True),
            "JHT": (399_600, 216_000, True),
            "JP": (216_000, 108_000, True),
        },
        997_920,
        id="pu-between-caps-2026-03-01",
    ),
    # rounding: 3.333.333 x 0,89% = 29.666,66637 -> 29.667; x 0,30% = 9.999,999 -> 10.000;
    # JHT 3,7% = 123.333,321 -> 123.333 and 2% = 66.666,66 -> 66.667; JP (optional) 66.667 + 33.333
    # total 29.667 + 10.000 + 123.333 + 66.667 = 229.667
    pytest.param(
        3_333_333,
        "sedang",
        "kecil",
        date(2026, 5, 1),
        1,
        {
            "JKK": (29_667, 0, True),
            "JKM": (10_000, 0, True),
            "JHT": (123_333, 66_667, True),
            "JP": (66_667, 33_333, False),
        },
        229_667,
        id="pu-rounding",
    ),
]


@pytest.mark.parametrize(("wage", "risk", "scale", "on", "workers", "expected", "total"), PU_CASES)
def test_pu_hand_computed(
    wage: int,
    risk: str,
    scale: str,
    on: date,
    workers: int,
    expected: dict[str, tuple[int, int, bool]],
    total: int,
) -> None:
    result = pu_contribution(wage, on, risk=risk, scale=scale, workers=workers)
    got = {p.program: (p.employer, p.worker, p.mandatory) for p in result.programs if p.program != "JKP"}
    assert got == expected
    jkp = result.program("JKP")
    assert jkp is not None and (jkp.employer, jkp.worker) == (0, 0)
    assert jkp.mandatory is (scale != "mikro")
    assert result.total_monthly == total
    assert result.on == on


def test_pu_jp_cap_flags() -> None:
    before = pu_contribution(10_800_000, date(2026, 2, 28), risk="rendah", scale="besar")
    after = pu_contribution(10_800_000, date(2026, 3, 1), risk="rendah", scale="besar")
    assert (before.jp_wage_cap, before.jp_capped) == (10_547_400, True)
    assert (after.jp_wage_cap, after.jp_capped) == (11_086_300, False)
    assert after.jp_wage_cap_status == "WEAK"  # fact sheet section 0, item 1


def test_pu_pension_age() -> None:
    # 3.000.000, sangat rendah, large: JKK 7.200; JKM 9.000; JHT 111.000 + 60.000; JP 60.000 + 30.000
    under = pu_contribution(3_000_000, date(2026, 5, 1), risk="sangat-rendah", scale="besar", age=58)
    assert under.total_monthly == 277_200  # 7.200 + 9.000 + 171.000 + 90.000
    at_age = pu_contribution(3_000_000, date(2026, 5, 1), risk="sangat-rendah", scale="besar", age=59)
    assert at_age.pension_age == 59
    jp = at_age.program("JP")
    assert jp is not None and not jp.included and jp.total == 0
    assert at_age.total_monthly == 187_200  # 7.200 + 9.000 + 171.000
    # pension age is 59 in 2027 and 60 from 2028 (PP 45/2015 Ps.15 rule, fact sheet 7.2)
    assert pu_contribution(3_000_000, date(2027, 12, 31), risk="rendah", scale="besar").pension_age == 59
    in_2028 = pu_contribution(3_000_000, date(2028, 1, 1), risk="rendah", scale="besar", age=59)
    assert in_2028.pension_age == 60
    jp_2028 = in_2028.program("JP")
    assert jp_2028 is not None and jp_2028.included


def test_pu_range_for_unknown_risk() -> None:
    spread = pu_contribution_range(2_500_000, date(2026, 5, 1), scale="mikro")
    assert (spread.low.risk, spread.high.risk) == ("sangat-rendah", "sangat-tinggi")
    # low: 6.000 + 7.500 = 13.500; high: 1,74% x 2.500.000 = 43.500 + 7.500 = 51.000
    assert (spread.low.total_monthly, spread.high.total_monthly) == (13_500, 51_000)


@pytest.mark.parametrize("bad", [{"risk": "ekstrem"}, {"scale": "raksasa"}, {"workers": 0}])
def test_pu_rejects_bad_input(bad: dict[str, object]) -> None:
    kwargs: dict[str, object] = {"risk": "sedang", "scale": "kecil", "workers": 1} | bad
    with pytest.raises(ContributionError):
        pu_contribution(2_000_000, date(2026, 5, 1), **kwargs)  # type: ignore[arg-type]


def test_round_half_up() -> None:
    from decimal import Decimal

    assert round_rupiah(Decimal("12345.5")) == 12_346
    assert round_rupiah(Decimal("12345.49")) == 12_345
    assert round_rupiah(Decimal("0.5")) == 1


# --- properties --------------------------------------------------------------

dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
incomes = st.integers(min_value=1_000_000, max_value=1_000_000_000)
wages = st.integers(min_value=1, max_value=1_000_000_000)


@given(income=incomes, on=dates, jht=st.booleans(), sector=st.sampled_from(["transportasi", "lainnya"]))
def test_bpu_total_is_sum_of_shares_and_non_negative(income: int, on: date, jht: bool, sector: str) -> None:
    result = bpu_contribution(income, on, with_jht=jht, sector=sector)
    assert result.total_monthly == sum(p.employer + p.worker for p in result.programs if p.included)
    assert all(p.employer >= 0 and p.worker >= 0 and p.total == p.employer + p.worker for p in result.programs)


@given(income=incomes, extra=st.integers(min_value=0, max_value=50_000_000), on=dates, jht=st.booleans())
def test_bpu_monotone_in_income(income: int, extra: int, on: date, jht: bool) -> None:
    for sector in ("transportasi", "lainnya"):
        low = bpu_contribution(income, on, with_jht=jht, sector=sector)
        high = bpu_contribution(income + extra, on, with_jht=jht, sector=sector)
        assert low.total_monthly <= high.total_monthly


@given(
    wage=wages,
    on=dates,
    risk=st.sampled_from(RISK_CLASSES),
    scale=st.sampled_from(SCALES),
    workers=st.integers(min_value=1, max_value=500),
)
def test_pu_total_is_sum_of_shares_and_non_negative(wage: int, on: date, risk: str, scale: str, workers: int) -> None:
    result = pu_contribution(wage, on, risk=risk, scale=scale, workers=workers)
    per_worker = sum(p.employer + p.worker for p in result.programs if p.included)
    assert result.total_per_worker == per_worker
    assert result.total_monthly == per_worker * workers
    assert result.employer_per_worker + result.worker_per_worker == per_worker
    assert all(p.employer >= 0 and p.worker >= 0 for p in result.programs)


@given(
    wage=wages,
    extra=st.integers(min_value=0, max_value=50_000_000),
    on=dates,
    risk=st.sampled_from(RISK_CLASSES),
    scale=st.sampled_from(SCALES),
)
def test_pu_monotone_in_wage(wage: int, extra: int, on: date, risk: str, scale: str) -> None:
    low = pu_contribution(wage, on, risk=risk, scale=scale)
    high = pu_contribution(wage + extra, on, risk=risk, scale=scale)
    assert low.total_monthly <= high.total_monthly
    for a, b in zip(low.programs, high.programs, strict=True):
        assert a.employer <= b.employer and a.worker <= b.worker


@given(wage=wages, on=dates, scale=st.sampled_from(SCALES))
def test_pu_monotone_in_risk_class(wage: int, on: date, scale: str) -> None:
    totals = [pu_contribution(wage, on, risk=r, scale=scale).total_monthly for r in RISK_CLASSES]
    assert totals == sorted(totals)
