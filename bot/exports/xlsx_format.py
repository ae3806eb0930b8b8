"""Leads as an Excel workbook (XlsxWriter): typed columns, a frozen header and an autofilter.

Text is always written as text (`write_string`), so nothing a person typed becomes a
formula; text that looks like one also gets Excel's quote prefix, so editing the
cell in Excel keeps it text. The workbook is built in memory: no temporary files
with NIKs in them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import BinaryIO

import xlsxwriter

from bot.core.clock import WIB
from bot.core.staff.ports import StaffLead
from bot.exports.cells import (
    BOOLEAN_COLUMNS,
    DATETIME_COLUMNS,
    EXPORT_COLUMNS,
    NUMBER_COLUMNS,
    is_formula_like,
    lead_values,
)

SHEET_NAME = "leads"
WIDTHS = {"reference": 16, "name": 24, "nik": 18, "phone": 16, "note": 30, "business_name": 24}
DEFAULT_WIDTH = 14
DATETIME_WIDTH = 17


def _local(stamp: str) -> datetime:
    """Excel has no time zones: write the WIB wall-clock time."""
    return datetime.fromisoformat(stamp).astimezone(WIB).replace(tzinfo=None)


def write_xlsx(leads: Sequence[StaffLead], out: BinaryIO) -> None:
    workbook = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    number = workbook.add_format({"num_format": "#,##0"})
    quoted = workbook.add_format({"quote_prefix": True})
    sheet = workbook.add_worksheet(SHEET_NAME)
    for col, column in enumerate(EXPORT_COLUMNS):
        width = DATETIME_WIDTH if column in DATETIME_COLUMNS else WIDTHS.get(column, DEFAULT_WIDTH)
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, column, header)
    for row, lead in enumerate(leads, start=1):
        values = lead_values(lead)
        for col, column in enumerate(EXPORT_COLUMNS):
            value = values[column]
            if value is None or value == "":
                continue
            if column in DATETIME_COLUMNS:
                sheet.write_datetime(row, col, _local(str(value)), when)
            elif column in NUMBER_COLUMNS:
                sheet.write_number(row, col, int(value), number)
            elif column in BOOLEAN_COLUMNS:
                sheet.write_boolean(row, col, bool(value))
            else:
                text = str(value)
                sheet.write_string(row, col, text, quoted if is_formula_like(text) else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(leads), len(EXPORT_COLUMNS) - 1)
    workbook.close()
