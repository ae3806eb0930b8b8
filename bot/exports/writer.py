"""The staff desk's `LeadFileWriter`: one entry point for both formats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from bot.core.staff.ports import StaffLead
from bot.exports.csv_format import write_csv
from bot.exports.xlsx_format import write_xlsx


class SpreadsheetWriter:
    def write(self, leads: Sequence[StaffLead], fmt: str, out: BinaryIO) -> None:
        if fmt == "xlsx":
            write_xlsx(leads, out)
        elif fmt == "csv":
            write_csv(leads, out)
        else:
            raise ValueError(f"unknown export format: {fmt!r}")
