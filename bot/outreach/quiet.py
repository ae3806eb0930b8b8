"""Quiet hours: no outreach at night (Asia/Jakarta), replies to live conversations any time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.clock import WIB

_SPEC = re.compile(r"^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$")


class QuietHoursError(ValueError):
    """The setting is not "HH-HH"."""


@dataclass(frozen=True, slots=True)
class QuietHours:
    """From `start` o'clock to `end` o'clock (may wrap past midnight); equal hours: never quiet."""

    start: int = 21
    end: int = 7

    @classmethod
    def parse(cls, spec: str) -> QuietHours:
        match = _SPEC.match(spec or "")
        if match is None:
            raise QuietHoursError(f"jam tenang harus seperti 21-07, bukan {spec!r}")
        start, end = int(match.group(1)), int(match.group(2))
        if not (0 <= start <= 23 and 0 <= end <= 23):
            raise QuietHoursError(f"jam tenang di luar 0-23: {spec!r}")
        return cls(start, end)

    def _quiet_hour(self, hour: int) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= hour < self.end
        return hour >= self.start or hour < self.end

    def is_quiet(self, unix: float) -> bool:
        return self._quiet_hour(datetime.fromtimestamp(unix, WIB).hour)

    def next_allowed(self, unix: float) -> float:
        """`unix` itself outside quiet hours, else the moment they end (Asia/Jakarta)."""
        if not self.is_quiet(unix):
            return unix
        local = datetime.fromtimestamp(unix, WIB)
        end = local.replace(hour=self.end, minute=0, second=0, microsecond=0)
        if end <= local:
            end += timedelta(days=1)
        return end.timestamp()
