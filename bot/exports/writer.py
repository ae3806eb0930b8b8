"""The staff desk's `LeadFileWriter`: one entry point for both formats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from bot.core.staff.ports import ExportRow
from bot.exports.csv_format import write_csv
from bot.exports.xlsx_format import write_xlsx


class SpreadsheetWriter:
    def write(self, rows: Sequence[ExportRow], fmt: str, out: BinaryIO) -> None:
        if fmt == "xlsx":
            write_xlsx(rows, out)
        elif fmt == "csv":
            write_csv(rows, out)
        else:
            raise ValueError(f"unknown export format: {fmt!r}")
