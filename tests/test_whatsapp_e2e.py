"""WhatsApp end to end: the real `bpjstk-bot run` process against the Cloud API fake on 127.0.0.1.

The fake signs webhooks like Meta, enforces the payload limits, the 24-hour window and the
rates, and POSTs status callbacks (here out of order and twice) back to the bot.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import openpyxl
import pytest

from bot.core.flows.registration.ports import LeadInput
from bot.storage.stores import open_stores
from tests.cli_process import bot_command
from tests.tgemu.driver import BotProcess, User
from tests.tgemu.server import Emulator
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi, Template
from tests.wafake.driver import WaUser
from tests.wafake.process import VERIFY_TOKEN, WhatsAppBot, free_port, until, whatsapp_env
from tests.wafake.server import LoopbackFake

NIK = "3572015708850004"


@dataclass
class World:
    api: CloudApi
    fake: LoopbackFake
    bot: WhatsAppBot

    def user(self, wa_id: str = "6281234567890", name: str = "Siti") -> WaUser:
        assert self.fake.webhook is not None
        return WaUser(self.api, self.fake.webhook, events.Person(wa_id, name=name))

    async def query(self, sql: str) -> list[tuple[object, ...]]:
        stores = await open_stores(self.bot.db)
        try:
            return [tuple(r) for r in await stores.db.fetchall(sql)]
        finally:
            await stores.close()


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    api = CloudApi(status_order="reversed", duplicates=1)
    port = free_port()
    fake = LoopbackFake(api, webhook_url=f"http://127.0.0.1:{port}/whatsapp/webhook")
    await fake.start()
    bot = WhatsAppBot(tmp_path / "bot.sqlite3", tmp_path, whatsapp_env(api, fake, port), port)
    await bot.start()
    try:
        yield World(api, fake, bot)
    finally:
        await bot.stop()
        await fake.stop()


async def reply_to(user: WaUser, action: Awaitable[int], count: int = 1) -> list[str]:
    """Send, then collect the bot's answer: at least `count` messages, until a short lull."""
    before = len(user.inbox)
    assert await action == 200
    await until(lambda: len(user.inbox) >= before + count)
    seen = len(user.inbox)
    while True:
        await asyncio.sleep(0.3)
        if len(user.inbox) == seen:
            return [sent.text for sent in user.inbox[before:]]
        seen = len(user.inbox)


async def test_faq_calculator_and_a_whole_registration_with_a_shared_contact(world: World) -> None:
    siti = world.user()
    [answer] = await reply_to(siti, siti.say("iuran jkm brp ya"))
    assert "JKM" in answer
    texts = await reply_to(siti, siti.say("menu"), count=2)
    assert siti.inbox[-2].interactive_type == "list"  # four choices: a list message
    texts = await reply_to(siti, siti.press("menu:iuran"))
    assert "Hitung iuran" in texts[-1] and siti.inbox[-1].interactive_type == "button"
    await reply_to(siti, siti.press("calc:seg:bpu"))
    await reply_to(siti, siti.say("2 juta"))
    await reply_to(siti, siti.press("calc:sek:ln"))
    texts = await reply_to(siti, siti.say("tidak"))
    assert any("Rp" in t for t in texts)
    # Registration, the phone by a shared contact card.
    await reply_to(siti, siti.say("daftar"))
    await reply_to(siti, siti.press("reg:consent:yes"))
    await reply_to(siti, siti.press("reg:role:employee"))
    await reply_to(siti, siti.say("Siti Aminah"))
    await reply_to(siti, siti.say(NIK))
    texts = await reply_to(siti, siti.share_contact("+62 812-3456-7890"))
    assert "wilayah" in texts[-1].lower() or "kabupaten/kota" in texts[-1].lower()
    await reply_to(siti, siti.press("reg:area:kota_blitar"))
    await reply_to(siti, siti.say("CV Maju Jaya"))
    await reply_to(siti, siti.press("reg:employer_registered:yes"))
    await reply_to(siti, siti.say("sore aja"))
    texts = await reply_to(siti, siti.press("reg:summary:confirm"))
    assert "BLT-" in texts[0]
    assert await world.query("SELECT name, phone FROM leads") == [("Siti Aminah", "+6281234567890")]
    assert world.api.read_marks  # inbound messages are marked read
    assert world.api.refused == []  # every payload within Meta's limits


async def test_a_redelivered_webhook_gets_no_second_reply_and_a_bad_signature_nothing(world: World) -> None:
    siti = world.user()
    body = world.api.inbound_body(siti.person, events.text("bantuan"))
    assert world.fake.webhook is not None
    assert await world.fake.webhook.post(body) == 200
    assert await world.fake.webhook.post(body) == 200  # Meta delivers again
    await until(lambda: len(siti.inbox) >= 1)
    intruder = world.user("6289999999999", "X")
    assert await intruder.send(events.text("halo"), signature=None) == 401
    assert await intruder.send(events.text("halo"), signature="sha256=" + "0" * 64) == 403
    await asyncio.sleep(0.5)
    assert len(siti.inbox) == 1 and intruder.inbox == []
    assert await world.query("SELECT COUNT(*) FROM contact_addresses WHERE address = '6289999999999'") == [(0,)]


async def test_statuses_out_of_order_and_twice_never_move_backwards(world: World) -> None:
    siti = world.user()
    await reply_to(siti, siti.say("bantuan"))
    await until(lambda: not world.api.callbacks, within=10)
    rows: list[tuple[object, ...]] = []
    for _attempt in range(100):
        rows = await world.query("SELECT status FROM delivery_reports")
        if rows == [("read",)]:
            break
        await asyncio.sleep(0.05)
    assert rows == [("read",)]  # reversed and doubled: read, read, delivered, delivered, sent, sent


async def test_the_webhook_is_verified_as_meta_requires(world: World) -> None:
    url = world.bot.webhook_url
    async with httpx.AsyncClient() as client:
        ok = await client.get(
            url, params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"}
        )
        assert ok.status_code == 200 and ok.text == "42"
        bad = await client.get(url, params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "42"})
        assert bad.status_code == 403


async def test_a_restart_mid_registration_continues(world: World) -> None:
    siti = world.user()
    await reply_to(siti, siti.say("daftar"))
    await reply_to(siti, siti.press("reg:consent:yes"))
    await reply_to(siti, siti.press("reg:role:employee"))
    await world.bot.kill()
    await world.bot.start()
    texts = await reply_to(siti, siti.say("Siti Aminah"))
    assert "NIK" in texts[-1]


async def test_outreach_outside_the_window_uses_the_approved_template(world: World) -> None:
    siti = world.user()
    await reply_to(siti, siti.say("pengingat"))
    await reply_to(siti, siti.press("out:yes"))
    # Two days of silence: the window is closed at Meta and in our records.
    world.api.user(siti.person.wa_id).last_wrote = time.time() - 2 * 86400
    stores = await open_stores(world.bot.db)
    try:
        await stores.db.execute("UPDATE contact_addresses SET last_seen_at = '2026-01-01T00:00:00+07:00'")
    finally:
        await stores.close()
    world.api.approve(Template("bpjstk_informasi_kc_blitar", "id", "MARKETING", parameters=1, buttons=1))
    message = world.bot.workdir / "pesan.txt"
    message.write_text("Kantor tutup Jumat, 25 Desember.", encoding="utf-8")
    for args in (["create", "--pesan", str(message), "--kanal", "whatsapp"], ["send", "1"]):
        done = await bot_command(world.bot.db, "broadcast", *args, env=world.bot.env)
        assert done.status == 0, done.err
    await until(lambda: any(s.kind == "template" for s in siti.inbox), within=15)
    template = siti.inbox[-1]
    assert template.payload["template"]["name"] == "bpjstk_informasi_kc_blitar"
    assert "Kantor tutup Jumat" in str(template.payload)


async def test_both_channels_in_one_process(tmp_path: Path) -> None:
    api = CloudApi()
    port = free_port()
    fake = LoopbackFake(api, webhook_url=f"http://127.0.0.1:{port}/whatsapp/webhook")
    await fake.start()
    emulator = Emulator()
    await emulator.start()
    env = whatsapp_env(api, fake, port)
    env.pop("PYTHONPATH", None)
    bot = BotProcess(emulator, tmp_path / "both.sqlite3", tmp_path, env)
    try:
        await bot.start()
        assert await User(emulator, 501).say("bantuan", expect=1)
        assert fake.webhook is not None
        siti = WaUser(api, fake.webhook, events.Person("6281111111111"))
        await reply_to(siti, siti.say("bantuan"))
    finally:
        assert await bot.stop() == 0
        await emulator.stop()
        await fake.stop()


async def test_a_staff_number_gets_the_export_and_the_chart_as_files(tmp_path: Path) -> None:
    """The file travels in the outbox row (base64 JSON in SQLite), the sender uploads it, then sends."""
    db = tmp_path / "bot.sqlite3"
    stores = await open_stores(db)
    try:  # a lead, as a finished registration saves it
        contact = await stores.conversations.contact_for("whatsapp", "6281234567890")
        lead = LeadInput(contact.id, "self_employed", "Siti Aminah", NIK, "+6281234567890", "kota_blitar", None, "pagi")
        await stores.leads.save_lead(lead, datetime.now(UTC), {})
        await stores.db.execute("DELETE FROM staff_notifications")  # its new-lead notice is another test's matter
    finally:
        await stores.close()
    api = CloudApi()
    port = free_port()
    fake = LoopbackFake(api, webhook_url=f"http://127.0.0.1:{port}/whatsapp/webhook")
    await fake.start()
    staff_number = "6281200000001"
    bot = WhatsAppBot(
        db, tmp_path, whatsapp_env(api, fake, port, {"BPJSTK_STAFF_IDS": f"whatsapp:{staff_number}"}), port
    )
    await bot.start()
    try:
        assert fake.webhook is not None
        staff = WaUser(api, fake.webhook, events.Person(staff_number, name="Petugas"))
        [caption] = await reply_to(staff, staff.say("/ekspor"))
        document = staff.inbox[-1]
        assert "1 pendaftar" in caption and document.kind == "document" and document.media is not None
        sheet = openpyxl.load_workbook(io.BytesIO(document.media.content)).active
        assert NIK in [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
        [caption] = await reply_to(staff, staff.say("/statistik"))
        chart = staff.inbox[-1]
        assert "Pendaftar: 1" in caption and chart.kind == "image" and chart.media is not None
        assert chart.media.content.startswith(b"\x89PNG")
        assert api.refused == [] and api.uploads_refused == []
        assert NIK not in bot.log()  # the file's contents never reach a log line
    finally:
        await bot.stop()
        await fake.stop()
