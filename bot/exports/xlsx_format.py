"""Leads as an Excel workbook (XlsxWriter): typed columns, a frozen header and an autofilter.

Text is always written as text (`write_string`), so nothing a person typed becomes a
formula; text that looks like one also gets Excel's quote prefix, so editing the cell
in Excel keeps it text. The workbook is built in memory: no temporary files with NIKs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import BinaryIO

import xlsxwriter

from bot.core.clock import WIB
from bot.core.staff.ports import EXPORT_COLUMNS, ExportRow
from bot.exports.cells import COLUMN_KINDS, FORMULA_TRIGGERS, Kind

SHEET_NAME = "leads"
WIDTHS = {"reference": 16, "name": 24, "nik": 18, "phone": 16, "note": 30, "business_name": 24}
DEFAULT_WIDTH = 14
DATETIME_WIDTH = 17


# Excel stores a date-time as days since 1899-12-30 (valid from March 1900 on) with a date format.
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SECONDS_PER_DAY = 86400


def excel_serial(stamp: str) -> float:
    """'2026-11-23T10:00:00+07:00' -> Excel's serial number of that WIB wall-clock time.

    What `write_datetime` computes, in one cheaper step (Excel has no time zones, so the WIB
    time is what staff should see).
    """
    local = datetime.fromisoformat(stamp).astimezone(WIB).replace(tzinfo=None)
    return (local - _EXCEL_EPOCH).total_seconds() / _SECONDS_PER_DAY


def write_xlsx(rows: Sequence[ExportRow], out: BinaryIO) -> None:
    workbook = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    number = workbook.add_format({"num_format": "#,##0"})
    quoted = workbook.add_format({"quote_prefix": True})
    sheet = workbook.add_worksheet(SHEET_NAME)
    for col, (column, kind) in enumerate(zip(EXPORT_COLUMNS, COLUMN_KINDS, strict=True)):
        sheet.set_column(col, col, DATETIME_WIDTH if kind is Kind.DATETIME else WIDTHS.get(column, DEFAULT_WIDTH))
        sheet.write_string(0, col, column, header)
    # Columns grouped by kind once, so the per-cell loop (a million cells) does no dispatching.
    text_columns = [col for col, kind in enumerate(COLUMN_KINDS) if kind is Kind.TEXT]
    time_columns = [col for col, kind in enumerate(COLUMN_KINDS) if kind is Kind.DATETIME]
    number_columns = [col for col, kind in enumerate(COLUMN_KINDS) if kind is Kind.NUMBER]
    boolean_columns = [col for col, kind in enumerate(COLUMN_KINDS) if kind is Kind.BOOLEAN]
    write_string, write_number, write_boolean = sheet.write_string, sheet.write_number, sheet.write_boolean
    serials: dict[str, float] = {}  # created_at and updated_at are often the same moment
    for row_number, row in enumerate(rows, start=1):
        for col in text_columns:
            value = row[col]
            if value is not None and value != "":
                text = str(value)
                write_string(row_number, col, text, quoted if text.startswith(FORMULA_TRIGGERS) else None)
        for col in time_columns:
            stamp = row[col]
            if stamp:
                serial = serials.get(str(stamp))
                if serial is None:
                    serial = serials[str(stamp)] = excel_serial(str(stamp))
                write_number(row_number, col, serial, when)
        for col in number_columns:
            if row[col] is not None:
                write_number(row_number, col, row[col], number)
        for col in boolean_columns:
            if row[col] is not None:
                write_boolean(row_number, col, bool(row[col]))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(EXPORT_COLUMNS) - 1)
    workbook.close()
