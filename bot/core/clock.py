"""Injectable time, so tests run on a fake clock instead of sleeping."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Protocol

# Asia/Jakarta (WIB) has no daylight saving: a fixed offset avoids needing tzdata.
WIB = timezone(timedelta(hours=7), "WIB")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(WIB)


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=WIB)
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at if at.tzinfo is not None else at.replace(tzinfo=WIB)

    def advance(self, delta: timedelta) -> None:
        self._at = self._at + delta


class DatedClock:
    """The system clock moved to another day (same time of day, still running).

    `bpjstk-bot ask --tanggal` and `chat --tanggal` use it so that date-dependent answers
    (discounts, the JP wage cap, the pension age) can be checked for any day.
    """

    def __init__(self, day: date, base: Clock | None = None) -> None:
        self._base = base or SystemClock()
        self._offset = day - today_wib(self._base)

    def now(self) -> datetime:
        return self._base.now() + self._offset


def today_wib(clock: Clock) -> date:
    """Today's date in Asia/Jakarta, the date every dated parameter is read for."""
    return clock.now().astimezone(WIB).date()
