"""Leads as CSV: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), cells neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import BinaryIO

from bot.core.staff.ports import EXPORT_COLUMNS, ExportRow
from bot.exports.cells import COLUMN_KINDS, Kind, neutralise


def write_csv(rows: Sequence[ExportRow], out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    booleans = [kind is Kind.BOOLEAN for kind in COLUMN_KINDS]
    try:
        writer = csv.writer(text)
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    neutralise(bool(value) if boolean and value is not None else value)
                    for value, boolean in zip(row, booleans, strict=True)
                ]
            )
        text.flush()
    finally:
        text.detach()  # the caller owns `out`
