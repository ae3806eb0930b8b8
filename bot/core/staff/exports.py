"""Leads as a spreadsheet file for a staff member's private chat."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from datetime import date

from bot.core.models import Attachment
from bot.core.staff.ports import EXPORT_FORMATS, ExportRow, LeadFileWriter


def export_filename(fmt: str, today: date) -> str:
    return f"bpjstk-leads-{today.isoformat()}.{fmt}"


async def export_attachment(writer: LeadFileWriter, rows: Sequence[ExportRow], fmt: str, today: date) -> Attachment:
    def build() -> bytes:
        buffer = io.BytesIO()
        writer.write(rows, fmt, buffer)
        return buffer.getvalue()

    content = await asyncio.to_thread(build)  # tens of thousands of rows take seconds
    return Attachment("document", export_filename(fmt, today), content, EXPORT_FORMATS[fmt])
