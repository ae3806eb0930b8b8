"""The Monday summary for staff, with its chart, to every staff destination: the Telegram group,
a WhatsApp staff number that wrote within 24 hours (an image message carrying the PNG), and one
that did not (no approved template for the summary: the row is recorded skipped, nothing crashes)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.channels.base import Channel
from bot.channels.whatsapp.channel import WhatsAppChannel
from bot.channels.whatsapp.media import UPLOAD_KEY
from bot.channels.whatsapp.window import SKIP_REASON
from bot.core.clock import WIB, FixedClock
from bot.core.models import Inbound
from bot.outreach.quiet import QuietHours
from bot.outreach.staff_notify import StaffDestination
from bot.scheduled_jobs import build_jobs
from tests.outreach.conftest import STAFF_GROUP
from tests.outreach.fakes import RecordingChannel

MONDAY = datetime(2026, 11, 30, 8, 5, tzinfo=WIB)
WROTE = "6281200000001"  # wrote an hour ago: inside the window
SILENT = "6281200000002"  # last wrote three days ago


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    app = await build_app(tmp_path / "week.sqlite3", clock=FixedClock(MONDAY), check_parameters=False)
    try:
        yield app
    finally:
        await app.close()


async def test_the_summary_reaches_whatsapp_staff_inside_the_window_with_its_chart(app: App) -> None:
    for number, ago in ((WROTE, timedelta(hours=1)), (SILENT, timedelta(days=3))):
        await app.engine.handle(Inbound("whatsapp", number, MONDAY - ago, external_id=f"in-{number}", text="halo"))
    telegram = RecordingChannel()
    destinations = [StaffDestination("telegram", STAFF_GROUP)] + [
        StaffDestination("whatsapp", n) for n in (WROTE, SILENT)
    ]
    channels: dict[str, Channel] = {"telegram": telegram, "whatsapp": WhatsAppChannel(app.renderer)}
    jobs = build_jobs(app, channels, destinations, quiet=QuietHours())
    await jobs.tick()
    await jobs.tick()  # a second tick the same Monday adds nothing
    rows = await app.db.fetchall("SELECT address, state, payload, error FROM outbox WHERE kind = 'staff' ORDER BY id")
    by_address = {str(r["address"]): r for r in rows}
    assert len(rows) == 3 and set(by_address) == {STAFF_GROUP, WROTE, SILENT}
    assert '"staff/weekly_summary"' in by_address[STAFF_GROUP]["payload"]

    chart = by_address[WROTE]
    assert chart["state"] == "queued"
    payload = json.loads(chart["payload"])
    assert payload["type"] == "image" and "Ringkasan minggu lalu" in payload["image"]["caption"]
    assert base64.b64decode(payload[UPLOAD_KEY]["base64"]).startswith(b"\x89PNG")

    assert by_address[SILENT]["state"] == "skipped" and by_address[SILENT]["error"] == SKIP_REASON
