"""Which dated parameters have outlived their validity (a newer value is due but missing).

Some figures are replaced on a schedule: the JP wage cap is announced every year and applies
from March. Such a parameter declares `valid_months` in messages/params/bpjstk.toml; when the
value in force is older than that and no newer row exists, the bot still answers with the last
known value (said carefully), and staff are told to add the new row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.rules.parameters import Parameters


@dataclass(frozen=True, slots=True)
class StaleParameter:
    parameter: str  # its key in messages/params, e.g. jp_wage_cap
    value_from: date  # start of the value still in use
    valid_until: date  # first day it is no longer known to hold


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the 1st stays the 1st; the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(f"no such day: {year}-{month}")


def stale_parameters(params: Parameters, today: date) -> list[StaleParameter]:
    """Parameters whose value in force on `today` has passed its declared validity."""
    stale: list[StaleParameter] = []
    for name in sorted(params.names):
        months = params.valid_months(name)
        if months is None:
            continue
        current = [row for row in params.history(name) if row.start <= today]
        if not current:
            continue
        until = add_months(current[-1].start, months)
        if today >= until:
            stale.append(StaleParameter(name, current[-1].start, until))
    return stale
