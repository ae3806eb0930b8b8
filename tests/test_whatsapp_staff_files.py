"""A staff member on WhatsApp asks for files: /ekspor arrives as a real XLSX (or CSV) document,
/statistik as a PNG picture. In process: signed webhooks -> engine -> the WhatsApp channel ->
the httpx client -> the Cloud API fake, and once more through the SQLite outbox and the sender,
where an upload that fails is retried or failed as the error table says."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from bot.app import build_app
from bot.channels.replies import ReplyWriter
from bot.core.clock import FixedClock
from bot.core.models import Inbound
from bot.core.staff.ports import EXPORT_COLUMNS
from bot.outreach.sender import Sender, SenderSettings
from bot.storage.outbox import SqliteOutbox
from tests.conftest import START, Harness
from tests.outreach.fakes import ManualTimer
from tests.staff.helpers import NIK_A, NIK_B, add_lead
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi, Sent
from tests.wafake.driver import WaUser
from tests.wafake.minibot import MiniBot
from tests.wafake.server import Webhook, asgi_target
from tests.wafake.validate import ApiError

STAFF_NUMBER = "6281200000001"


@dataclass
class Desk:
    harness: Harness
    api: CloudApi
    bot: MiniBot
    staff: WaUser

    async def ask(self, text: str) -> list[Sent]:
        """The staff member writes; the new messages she receives."""
        seen = len(self.staff.inbox)
        assert await self.staff.say(text) == 200
        await self.bot.process()
        return self.staff.inbox[seen:]

    async def two_leads(self) -> None:
        await add_lead(self.harness, "u1")
        await add_lead(self.harness, "u2", nik=NIK_B, phone="+6285711112222")


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Desk]:
    clock = FixedClock(START)
    app = await build_app(tmp_path / "bot.sqlite3", clock=clock, staff_ids={f"whatsapp:{STAFF_NUMBER}"})
    api = CloudApi()
    bot = MiniBot(app, api)
    staff = WaUser(api, Webhook(api, asgi_target(bot.web)), events.Person(STAFF_NUMBER, name="Petugas"))
    try:
        yield Desk(Harness(app, clock, tmp_path / "bot.sqlite3"), api, bot, staff)
    finally:
        await bot.close()
        await app.close()


async def test_ekspor_arrives_as_an_xlsx_that_opens(desk: Desk) -> None:
    await desk.two_leads()
    [document] = await desk.ask("/ekspor")
    assert document.kind == "document" and document.filename == "bpjstk-leads-2026-11-23.xlsx"
    assert "2 pendaftar" in document.caption and "Excel" in document.caption
    assert document.media is not None
    assert document.media.media_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(document.media.content)).active
    assert [cell.value for cell in sheet[1]] == list(EXPORT_COLUMNS)
    nik = EXPORT_COLUMNS.index("nik") + 1
    assert {sheet.cell(row, nik).value for row in (2, 3)} == {NIK_A, NIK_B}
    assert desk.api.refused == [] and desk.api.uploads_refused == []


async def test_ekspor_csv_arrives_byte_for_byte(desk: Desk) -> None:
    await desk.two_leads()
    [document] = await desk.ask("/ekspor csv")
    assert document.filename == "bpjstk-leads-2026-11-23.csv" and document.media is not None
    assert document.media.media_type == "text/plain"  # WhatsApp has no text/csv; the name says CSV
    written = await desk.harness.engine.handle(
        Inbound("whatsapp", STAFF_NUMBER, START, external_id="again", text="/ekspor csv")
    )
    assert written[0].attachment is not None
    assert document.media.content == written[0].attachment.content  # what the writer produced
    assert "BLT-2026-000002" in document.media.content.decode("utf-8-sig")


async def test_statistik_arrives_as_a_png_picture(desk: Desk) -> None:
    await desk.two_leads()
    [chart] = await desk.ask("/statistik")
    assert chart.kind == "image" and chart.filename is None
    assert "Angka" in chart.caption and "Pendaftar: 2" in chart.caption
    assert chart.media is not None and chart.media.media_type == "image/png"
    with Image.open(io.BytesIO(chart.media.content)) as image:
        assert image.format == "PNG"
        image.load()  # the whole picture decodes
        assert image.size == (1000, 700)


async def test_someone_not_on_the_staff_list_gets_no_file(desk: Desk) -> None:
    await desk.two_leads()
    stranger = WaUser(desk.api, desk.staff.hook, events.Person("6289999999999"))
    assert await stranger.say("/ekspor") == 200
    await desk.bot.process()
    assert stranger.inbox and all(sent.media is None for sent in stranger.inbox)
    assert desk.api.media == {}


# --- through the outbox: the row holds the file, the sender retries the upload ----------------


@dataclass
class Outbox:
    desk: Desk
    outbox: SqliteOutbox
    timer: ManualTimer
    sender: Sender

    async def queue(self, text: str) -> None:
        """The staff member writes; the engine's replies become outbox rows (as the runtime does)."""
        inbound = Inbound("whatsapp", STAFF_NUMBER, START, external_id=text, text=text)
        self.desk.api.inbound_body(self.desk.staff.person, events.text(text))  # opens her window at Meta
        replies = await self.desk.harness.engine.handle(inbound)
        writer = ReplyWriter(self.outbox, self.desk.harness.clock)
        await writer.write(self.desk.bot.channel, STAFF_NUMBER, None, replies)

    async def round(self) -> None:
        await self.sender.run_once()
        await self.sender.idle()

    async def rows(self) -> list[tuple[str, int, str | None]]:
        found = await self.desk.harness.app.db.fetchall("SELECT state, attempts, error FROM outbox ORDER BY id")
        return [(str(r["state"]), int(r["attempts"]), r["error"]) for r in found]


@pytest.fixture
def rig(desk: Desk) -> Outbox:
    outbox = SqliteOutbox(desk.harness.app.db)
    timer = ManualTimer(START.timestamp())
    settings = SenderSettings(backoff_base=1.0, max_attempts=3)
    return Outbox(desk, outbox, timer, Sender(desk.bot.channel, outbox, settings=settings, timer=timer))


async def test_an_upload_that_fails_on_metas_side_is_retried_and_the_file_arrives(rig: Outbox) -> None:
    await rig.desk.two_leads()
    await rig.queue("/ekspor")
    rig.desk.api.server_errors = 1  # the upload answers 500
    await rig.round()
    [(state, attempts, error)] = await rig.rows()
    assert (state, attempts) == ("queued", 1) and error is not None and "media upload" in error
    assert rig.desk.staff.inbox == []
    rig.timer.advance(1.0)
    await rig.round()
    assert [row[:2] for row in await rig.rows()] == [("sent", 2)]
    [document] = rig.desk.staff.inbox
    assert document.media is not None and document.media.content.startswith(b"PK")  # the zip inside an XLSX
    assert len(rig.desk.api.media) == 1


async def test_an_upload_meta_refuses_fails_the_row_with_the_reason(rig: Outbox) -> None:
    await rig.queue("/statistik")
    rig.desk.api.fail_next_upload(ApiError(131053, "Media upload error", "Unable to upload the media"))
    await rig.round()
    assert await rig.rows() == [
        ("failed", 1, "invalid_payload: 131053: media upload: Unable to upload the media"),
    ]
    assert rig.desk.staff.inbox == []
