"""Dated parameters that outlive their validity are reported to staff, once per stale value."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import open_store
from bot.core.clock import WIB
from bot.parameter_alerts import NOTIFICATION, report_stale_parameters
from bot.rules.parameters import ParameterError, default_parameters, parse_parameters
from bot.rules.staleness import add_months, stale_parameters

YEARLY: dict[str, dict[str, Any]] = {
    "cap": {
        "valid_months": 12,
        "history": [
            {"from": date(2025, 3, 1), "value": 100, "source": "t", "status": "OK"},
            {"from": date(2026, 3, 1), "value": 110, "source": "t", "status": "OK"},
        ],
    },
    "rate": {"history": [{"from": date(2015, 7, 1), "value": "1", "source": "t", "status": "OK"}]},
}


def test_a_value_is_stale_from_the_end_of_its_validity_until_a_newer_row_exists() -> None:
    params = parse_parameters(YEARLY)
    assert stale_parameters(params, date(2027, 2, 28)) == []
    [stale] = stale_parameters(params, date(2027, 3, 1))
    assert (stale.parameter, stale.value_from, stale.valid_until) == ("cap", date(2026, 3, 1), date(2027, 3, 1))
    # An older date reads the older row, which its successor replaced in time.
    assert stale_parameters(params, date(2026, 2, 1)) == []


def test_parameters_without_validity_never_go_stale() -> None:
    params = parse_parameters(YEARLY)
    assert all(s.parameter != "rate" for s in stale_parameters(params, date(2040, 1, 1)))


def test_validity_must_be_a_positive_number_of_months() -> None:
    with pytest.raises(ParameterError, match="valid_months"):
        parse_parameters({"cap": {**YEARLY["cap"], "valid_months": 0}})


def test_add_months_keeps_the_day_or_the_last_day_of_the_month() -> None:
    assert add_months(date(2026, 3, 1), 12) == date(2027, 3, 1)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_the_bundled_jp_wage_cap_is_due_every_march() -> None:
    params = default_parameters()
    latest = params.history("jp_wage_cap")[-1].start
    assert params.valid_months("jp_wage_cap") == 12
    assert "jp_wage_cap" in {item.parameter for item in stale_parameters(params, add_months(latest, 12))}
    assert "jp_wage_cap" not in {item.parameter for item in stale_parameters(params, add_months(latest, 11))}


def test_the_bundled_jp_benefit_bounds_are_due_a_year_after_they_start() -> None:
    # Indexed yearly: the FAQ must not give last year's floor for a later year.
    params = default_parameters()
    latest = params.history("jp_min_benefit")[-1].start
    assert {"jp_min_benefit", "jp_max_benefit"} <= {
        item.parameter for item in stale_parameters(params, add_months(latest, 12))
    }
    assert "jp_min_benefit" not in {item.parameter for item in stale_parameters(params, add_months(latest, 11))}


async def test_start_up_logs_every_time_but_notifies_staff_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = await open_store(tmp_path / "bot.sqlite3")
    params = parse_parameters(YEARLY)
    now = datetime(2027, 3, 2, 8, 0, tzinfo=WIB)
    try:
        with caplog.at_level(logging.WARNING, logger="bot.parameter_alerts"):
            assert [s.parameter for s in await report_stale_parameters(store, params, now)] == ["cap"]
            await report_stale_parameters(store, params, now)  # a restart
        assert sum("parameter cap" in r.getMessage() for r in caplog.records) == 2
        rows = await store.db.fetchall("SELECT kind, payload FROM staff_notifications")
        assert [r["kind"] for r in rows] == [NOTIFICATION]
        assert json.loads(rows[0]["payload"])["parameter"] == "cap"
    finally:
        await store.db.close()


async def test_nothing_is_reported_while_values_are_current(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "bot.sqlite3")
    try:
        assert await report_stale_parameters(store, parse_parameters(YEARLY), datetime(2026, 12, 1, tzinfo=WIB)) == []
        assert await store.db.fetchall("SELECT * FROM staff_notifications") == []
    finally:
        await store.db.close()
