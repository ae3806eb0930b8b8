"""Dated program parameters (rates, caps, ages, discounts) read from a TOML file.

Every parameter is a history of values with effective-from dates, so the same
question is answered correctly today and after the next March cap change.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from bot.paths import messages_dir

Number = int | Decimal


class ParameterError(LookupError):
    """A parameter is missing, or has no value yet on the date asked for."""


@dataclass(frozen=True, slots=True)
class DatedValue:
    start: date
    value: Number
    source: str
    status: str  # OK, WEAK, DERIVED


@dataclass(frozen=True, slots=True)
class DiscountWindow:
    name: str
    sector: str
    start: date
    until: date
    percent: Decimal
    programs: frozenset[str]
    source: str
    status: str

    def covers(self, month: date) -> bool:
        """Whether the contribution month starting at `month`'s first day is discounted."""
        first = month.replace(day=1)
        return self.start <= first <= self.until


def _number(raw: object) -> Number:
    if isinstance(raw, bool):
        raise ParameterError(f"not a number: {raw!r}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        return Decimal(raw)
    raise ParameterError(f"not a number: {raw!r}")


class Parameters:
    def __init__(
        self,
        histories: dict[str, list[DatedValue]],
        discounts: list[DiscountWindow],
        valid_months: dict[str, int] | None = None,
    ) -> None:
        self._histories = {name: sorted(rows, key=lambda r: r.start) for name, rows in histories.items()}
        self._discounts = discounts
        self._valid_months = dict(valid_months or {})

    def valid_months(self, name: str) -> int | None:
        """How long a value of `name` holds before a newer one is due (None: until replaced)."""
        return self._valid_months.get(name)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._histories)

    def entry(self, name: str, on: date) -> DatedValue:
        rows = self._histories.get(name)
        if rows is None:
            raise ParameterError(f"unknown parameter {name!r}")
        current = None
        for row in rows:
            if row.start <= on:
                current = row
        if current is None:
            raise ParameterError(f"parameter {name!r} has no value on {on.isoformat()}")
        return current

    def value(self, name: str, on: date) -> Number:
        return self.entry(name, on).value

    def integer(self, name: str, on: date) -> int:
        value = self.value(name, on)
        if not isinstance(value, int):
            raise ParameterError(f"parameter {name!r} is not a whole number")
        return value

    def percent(self, name: str, on: date) -> Decimal:
        """A percentage as a Decimal number of percent ("0.24" -> Decimal('0.24'))."""
        return Decimal(self.value(name, on))

    def next_change(self, name: str, after: date) -> DatedValue | None:
        """The first value that takes effect after `after`, if one is already known."""
        for row in self._histories.get(name, []):
            if row.start > after:
                return row
        return None

    def history(self, name: str) -> list[DatedValue]:
        return list(self._histories.get(name, []))

    def discount_for(self, sector: str, month: date) -> DiscountWindow | None:
        for window in self._discounts:
            if window.sector == sector and window.covers(month):
                return window
        return None

    @property
    def discounts(self) -> list[DiscountWindow]:
        return list(self._discounts)


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    histories: dict[str, list[DatedValue]] = {}
    discounts: list[DiscountWindow] = []
    valid_months: dict[str, int] = {}
    for name, body in raw.items():
        if name == "meta":
            continue
        if name == "bpu_discount":
            assert isinstance(body, list)
            for row in body:
                discounts.append(
                    DiscountWindow(
                        name=str(row["name"]),
                        sector=str(row["sector"]),
                        start=row["from"],
                        until=row["until"],
                        percent=Decimal(str(row["percent"])),
                        programs=frozenset(str(p) for p in row["programs"]),
                        source=str(row["source"]),
                        status=str(row["status"]),
                    )
                )
            continue
        if not isinstance(body, dict) or "history" not in body:
            raise ParameterError(f"parameter {name!r} has no history")
        if "valid_months" in body:
            months = body["valid_months"]
            if not isinstance(months, int) or isinstance(months, bool) or months < 1:
                raise ParameterError(f"parameter {name!r}: valid_months must be a whole number of months")
            valid_months[name] = months
        histories[name] = [
            DatedValue(
                start=row["from"],
                value=_number(row["value"]),
                source=str(row["source"]),
                status=str(row["status"]),
            )
            for row in body["history"]
        ]
    return Parameters(histories, discounts, valid_months)


def load_parameters(path: Path | None = None) -> Parameters:
    target = path or messages_dir() / "params" / "bpjstk.toml"
    with target.open("rb") as fh:
        return parse_parameters(tomllib.load(fh))


@lru_cache(maxsize=1)
def default_parameters() -> Parameters:
    """The bundled parameter file, parsed once per process."""
    return load_parameters()
