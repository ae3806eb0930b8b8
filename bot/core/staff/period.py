"""A span of Asia/Jakarta days, as staff give it (`--sejak/--sampai`), and the week rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.core.clock import WIB

# Stored times are ISO strings written by the injected clock in WIB ("2026-11-23T10:00:00+07:00"),
# so a day bound compares as a string and the indexes on those columns serve the range.
_BEFORE_ALL = ""
_AFTER_ALL = "9999"


@dataclass(frozen=True, slots=True)
class Period:
    since: date | None = None  # first day, inclusive
    until: date | None = None  # last day, inclusive

    def __post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")

    def bounds(self) -> tuple[str, str]:
        """[start, end) as stored-time strings; an open side covers everything."""
        start = _BEFORE_ALL if self.since is None else _midnight(self.since)
        end = _AFTER_ALL if self.until is None else _midnight(self.until + timedelta(days=1))
        return start, end


def _midnight(day: date) -> str:
    return datetime.combine(day, time(0), WIB).isoformat(timespec="seconds")


def week_start(day: date) -> date:
    """The Monday of `day`'s week (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def last_weeks(today: date, weeks: int) -> Period:
    """This week and the `weeks - 1` before it, up to today."""
    return Period(week_start(today) - timedelta(weeks=weeks - 1), today)


def previous_week(today: date) -> Period:
    """Monday to Sunday of the week before today's (the weekly summary's span)."""
    monday = week_start(today) - timedelta(weeks=1)
    return Period(monday, monday + timedelta(days=6))
