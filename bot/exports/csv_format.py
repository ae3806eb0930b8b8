"""Leads as CSV: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), cells neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import BinaryIO

from bot.core.staff.ports import StaffLead
from bot.exports.cells import EXPORT_COLUMNS, lead_values, neutralise


def write_csv(leads: Sequence[StaffLead], out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(EXPORT_COLUMNS)
        for lead in leads:
            values = lead_values(lead)
            writer.writerow([neutralise(values[column]) for column in EXPORT_COLUMNS])
        text.flush()
    finally:
        text.detach()  # the caller owns `out`
