"""Staff broadcasts: a preview sends nothing; a send reaches each consenting person once; cancel stops it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.clock import WIB
from bot.core.models import Inbound
from bot.core.outreach.model import NewMessage
from bot.core.outreach.segments import Segment, SegmentError, parse_segment
from bot.outreach import broadcasts
from bot.outreach.broadcasts import BroadcastError
from bot.outreach.tools import OutreachTools, open_outreach_tools
from bot.storage.audience import Recipient, SqliteAudience
from bot.storage.outbox import SqliteOutbox
from tests.outreach.conftest import World

TEXT = "Sosialisasi BPJS Ketenagakerjaan untuk pelaku usaha mikro, Sabtu 09.00 di Balai Desa Sanankulon."


@pytest.fixture
async def tools(world: World) -> AsyncIterator[OutreachTools]:
    async with open_outreach_tools(world.app.db.path, clock=world.clock) as opened:
        yield opened


async def people(world: World) -> None:
    for address, area, yes in (("a1", "tulungagung", True), ("a2", "tulungagung", True), ("a3", "trenggalek", True)):
        contact = await world.person(address, yes=yes)
        async with world.app.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO leads (reference, contact_id, role, name, nik, phone, area, contact_time, created_at,"
                " updated_at) VALUES (?, ?, 'self_employed', 'X', ?, '+6281', ?, 'pagi', 'now', 'now')",
                (f"BLT-{address}", contact.id, f"35040{contact.id:011d}", area),
            )
    await world.person("no-answer", yes=False)
    stopped = await world.person("stopped")
    await world.app.store.set_opt_out(stopped.id, True, world.clock.now())


async def test_create_previews_the_audience_and_sends_nothing(world: World, tools: OutreachTools) -> None:
    await people(world)
    preview = await tools.broadcasts.create("cli:test", text=TEXT, segment=parse_segment("area=tulungagung"))
    assert preview.record.state == "draft"
    assert preview.audience == {"telegram": 2, "whatsapp": 0}
    assert TEXT in preview.texts["telegram"] and "BERHENTI" in preview.texts["telegram"]
    assert preview.whatsapp_template is not None and TEXT in preview.whatsapp_template
    await world.jobs.tick()
    assert await world.rows("broadcast") == []


async def test_a_campaign_segment_reaches_who_came_from_the_poster_registered_or_not(
    world: World, tools: OutreachTools
) -> None:
    for address in ("poster-only", "poster-registering"):
        await world.person(address)
        await world.app.engine.handle(
            Inbound("telegram", address, world.clock.now(), f"s-{address}", text="/start daftar_posterpasar")
        )
    await world.person("other")
    await world.app.engine.handle(
        Inbound("telegram", "other", world.clock.now(), "s-other", text="/start daftar_radio")
    )
    preview = await tools.broadcasts.create("cli:test", text=TEXT, segment=parse_segment("sumber=posterpasar"))
    assert preview.audience == {"telegram": 2, "whatsapp": 0}


async def test_sending_reaches_each_consenting_person_once(world: World, tools: OutreachTools) -> None:
    await people(world)
    preview = await tools.broadcasts.create("cli:test", text=TEXT, channels="telegram")
    await tools.broadcasts.send(preview.record.id)
    await world.jobs.tick()
    await world.jobs.tick()  # expanding again (a restart) adds nobody twice
    rows = await world.rows("broadcast")
    assert sorted(str(r["address"]) for r in rows) == ["a1", "a2", "a3"]  # not the silent one, not the stopped one
    record, counts = await tools.broadcasts.status(preview.record.id)
    assert record.state == "sending" and counts == {"queued": 3}
    await world.app.db.execute("UPDATE outbox SET state = 'sent' WHERE kind = 'broadcast'")
    await world.jobs.tick()
    record, _ = await tools.broadcasts.status(preview.record.id)
    assert record.state == "done"
    with pytest.raises(BroadcastError, match="sudah"):
        await tools.broadcasts.send(preview.record.id)


async def test_stop_or_no_skips_what_is_already_queued_for_that_person(world: World, tools: OutreachTools) -> None:
    await people(world)
    preview = await tools.broadcasts.create("cli:test", text=TEXT, channels="telegram")
    await tools.broadcasts.send(preview.record.id)
    await world.jobs.tick()  # queued for a1, a2, a3 (waiting, e.g. for the end of quiet hours)
    await world.app.engine.handle(Inbound("telegram", "a1", world.clock.now(), "stop-1", text="BERHENTI"))
    a2 = await world.person("a2", yes=False)
    await world.app.store.set_outreach(a2.id, "no", world.clock.now())
    states = {str(r["address"]): (r["state"], r["error"]) for r in await world.rows("broadcast")}
    assert states == {"a1": ("skipped", "opted_out"), "a2": ("skipped", "declined"), "a3": ("queued", None)}


async def test_a_scheduled_broadcast_waits_for_its_time_and_cancel_skips_the_rest(
    world: World, tools: OutreachTools
) -> None:
    await people(world)
    at = world.clock.now() + timedelta(hours=2)
    preview = await tools.broadcasts.create("cli:test", template="potongan-berakhir", at=at)
    assert "Desember 2026" in preview.texts["telegram"]
    await tools.broadcasts.send(preview.record.id)
    await world.jobs.tick()
    assert await world.rows("broadcast") == []
    world.clock.advance(timedelta(hours=2))
    await world.jobs.tick()
    assert len(await world.rows("broadcast")) == 3
    await world.app.db.execute("UPDATE outbox SET state = 'sent' WHERE address = 'a1'")
    assert await tools.broadcasts.cancel(preview.record.id)
    states = sorted(str(r["state"]) for r in await world.rows("broadcast"))
    assert states == ["sent", "skipped", "skipped"]


async def test_the_contribution_reminder_names_the_next_deadline_after_the_15th(
    world: World, tools: OutreachTools
) -> None:
    world.at(2026, 12, 10)
    early = await tools.broadcasts.create("cli:test", template="pengingat-iuran")
    assert "15 Desember 2026" in early.texts["telegram"]
    world.at(2026, 12, 20)
    late = await tools.broadcasts.create("cli:test", template="pengingat-iuran")
    assert "15 Januari 2027" in late.texts["telegram"] and "Rp16.800" in late.texts["telegram"]  # no discount then


async def test_an_expansion_stopped_half_way_is_finished_at_the_next_start_and_nobody_gets_two(
    world: World, tools: OutreachTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    broadcast_id = await sent_one_page_at_a_time(world, tools, monkeypatch)
    enqueue = SqliteOutbox.enqueue
    pages = 0

    async def stopped_after_one_page(self: SqliteOutbox, messages: Sequence[NewMessage], now: float) -> int:
        nonlocal pages
        pages += 1
        if pages == 2:
            raise RuntimeError("the process stopped here")  # kill -9 between two pages
        return await enqueue(self, messages, now)

    monkeypatch.setattr(SqliteOutbox, "enqueue", stopped_after_one_page)
    with pytest.raises(RuntimeError):
        await world.jobs.tick()
    assert [r["address"] for r in await world.rows("broadcast")] == ["a1"]
    await world.app.db.execute("UPDATE outbox SET state = 'sent' WHERE kind = 'broadcast'")
    assert await tools.broadcasts.finish_sent() == []  # not done: two people have no row yet
    monkeypatch.setattr(SqliteOutbox, "enqueue", enqueue)
    await world.jobs.tick()  # the next start expands it again
    rows = await world.rows("broadcast")
    assert sorted((str(r["address"]), str(r["state"])) for r in rows) == [
        ("a1", "sent"),
        ("a2", "queued"),
        ("a3", "queued"),
    ]
    await world.app.db.execute("UPDATE outbox SET state = 'sent' WHERE kind = 'broadcast'")
    await world.jobs.tick()
    record, _ = await tools.broadcasts.status(broadcast_id)
    assert record.state == "done"


async def test_a_cancel_while_it_is_expanded_queues_nobody_else(
    world: World, tools: OutreachTools, monkeypatch: pytest.MonkeyPatch
) -> None:
    broadcast_id = await sent_one_page_at_a_time(world, tools, monkeypatch)
    recipients = SqliteAudience.recipients
    pages = 0

    async def cancelled_after_one_page(self: SqliteAudience, *args: Any, **kwargs: Any) -> list[Recipient]:
        nonlocal pages
        pages += 1
        if pages == 2:
            assert await tools.broadcasts.cancel(broadcast_id)  # staff, from the command line
        return await recipients(self, *args, **kwargs)

    monkeypatch.setattr(SqliteAudience, "recipients", cancelled_after_one_page)
    await world.jobs.tick()
    await world.jobs.tick()
    assert [(r["address"], r["state"]) for r in await world.rows("broadcast")] == [("a1", "skipped")]


async def test_nonsense_is_refused_with_what_is_expected(world: World, tools: OutreachTools) -> None:
    with pytest.raises(BroadcastError, match="kosong"):
        await tools.broadcasts.create("cli:test", text="   ")
    with pytest.raises(BroadcastError, match="terlalu panjang"):
        await tools.broadcasts.create("cli:test", text="x" * 2000)
    with pytest.raises(BroadcastError, match="sudah lewat"):
        await tools.broadcasts.create("cli:test", text=TEXT, at=world.clock.now() - timedelta(minutes=1))
    with pytest.raises(SegmentError, match="area=tulungagung"):
        parse_segment("kota=blitar")
    with pytest.raises(SegmentError, match="wilayah"):
        parse_segment("area=surabaya")
    assert parse_segment("area=Kab. Blitar, peran=mandiri, status=baru") == Segment(
        area="kab_blitar", role="self_employed", status="new"
    )


def bot_cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--db", str(db)], capture_output=True, text=True, timeout=60, check=False
    )


async def test_the_cli_creates_sends_follows_and_cancels(world: World, tmp_path: Path) -> None:
    await people(world)
    message = tmp_path / "pesan.txt"
    message.write_text(TEXT, encoding="utf-8")
    db = Path(world.app.db.path)
    created = bot_cli(db, "broadcast", "create", "--pesan", str(message), "--segmen", "area=tulungagung")
    assert created.returncode == 0, created.stderr
    assert "Penerima: 2 orang" in created.stdout and "Belum ada yang dikirim" in created.stdout
    assert TEXT in created.stdout
    later = (datetime.now(WIB) + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    sent = bot_cli(db, "broadcast", "send", "1", "--jadwal", later)
    assert sent.returncode == 0 and "dijadwalkan" in sent.stdout
    listing = bot_cli(db, "broadcast", "list")
    assert "#1" in listing.stdout and "terjadwal" in listing.stdout
    status = bot_cli(db, "broadcast", "status", "1")
    assert status.returncode == 0 and "0/0" in status.stdout
    cancelled = bot_cli(db, "broadcast", "cancel", "1")
    assert cancelled.returncode == 0 and "dibatalkan" in cancelled.stdout
    again = bot_cli(db, "broadcast", "cancel", "1")
    assert again.returncode == 1 and "tidak bisa" in again.stderr and "Traceback" not in again.stderr
    bad = bot_cli(db, "broadcast", "create", "--pesan", str(message), "--segmen", "kota=x")
    assert bad.returncode == 2 and "area=tulungagung" in bad.stderr
    audit = await world.app.db.fetchall("SELECT action FROM staff_audit ORDER BY id")
    assert [r["action"] for r in audit] == ["broadcast_create", "broadcast_send", "broadcast_cancel"]


async def sent_one_page_at_a_time(world: World, tools: OutreachTools, monkeypatch: pytest.MonkeyPatch) -> int:
    """A broadcast to three people, sent, expanded one person per page; returns its id."""
    await people(world)
    preview = await tools.broadcasts.create("cli:test", text=TEXT, channels="telegram")
    await tools.broadcasts.send(preview.record.id)
    monkeypatch.setattr(broadcasts, "PAGE", 1)
    return preview.record.id
