"""The sender over a real SQLite outbox, a recording channel and a timer moved by hand (no sleeping)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from bot.channels.base import Failure, SendResult
from bot.cli import main
from bot.core.clock import WIB
from bot.core.outreach.model import NewMessage
from bot.core.outreach.segments import Segment
from bot.outreach.sender import Sender, SenderSettings, fixed_interval
from bot.storage.broadcasts import SqliteBroadcasts
from bot.storage.db import Database
from bot.storage.outbox import SqliteOutbox
from bot.storage.stores import Stores, open_stores
from tests.outreach.fakes import ManualTimer, RecordingChannel

NOON_WIB = 1_795_000_000.0 - (1_795_000_000 % 86400) + 5 * 3600  # 12:00 WIB
NOW = datetime.fromtimestamp(NOON_WIB, WIB)


@dataclass
class Rig:
    stores: Stores
    outbox: SqliteOutbox
    channel: RecordingChannel
    timer: ManualTimer
    sender: Sender
    events: list[tuple[str, str]] = field(default_factory=list)

    @property
    def db(self) -> Database:
        return self.stores.db

    async def queue(self, address: str, kind: str = "reply", count: int = 1, **keys: object) -> None:
        messages = [NewMessage("telegram", address, kind, {"to": address, "n": n}, **keys) for n in range(count)]  # type: ignore[arg-type]
        await self.outbox.enqueue(messages, self.timer.time())

    async def round(self) -> float:
        wait = await self.sender.run_once()
        await self.sender.idle()
        return wait

    async def states(self) -> dict[str, int]:
        counts = await self.outbox.counts(channel="telegram")
        return {k: v for k, v in counts.items() if not k.startswith("report:")}


class Events:
    def __init__(self, log: list[tuple[str, str]]) -> None:
        self.log = log

    async def recipient_gone(self, channel: str, address: str) -> None:
        self.log.append(("gone", address))

    async def marketing_refused(self, channel: str, address: str) -> None:
        self.log.append(("marketing", address))

    async def outreach_blocked(self, channel: str, detail: str) -> None:
        self.log.append(("blocked", detail))

    async def broadcast_failed(self, broadcast_id: int, detail: str) -> None:
        self.log.append(("broadcast", str(broadcast_id)))

    async def channel_misconfigured(self, channel: str, detail: str) -> None:
        self.log.append(("config", detail))


def make_sender(
    rig_channel: RecordingChannel,
    outbox: SqliteOutbox,
    timer: ManualTimer,
    log: list[tuple[str, str]],
    **overrides: object,
) -> Sender:
    values: dict[str, object] = {
        "rate_per_second": 10.0,
        "chat_burst": 3,
        "chat_interval": fixed_interval(1.0),
        "backoff_base": 1.0,
        "max_attempts": 3,
        "outreach_burst_seconds": 10.0,  # the pace is tested on its own below; these count on the bucket
    }
    values.update(overrides)
    return Sender(rig_channel, outbox, settings=SenderSettings(**values), events=Events(log), timer=timer)  # type: ignore[arg-type]


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    stores = await open_stores(tmp_path / "out.sqlite3")
    timer = ManualTimer(NOON_WIB)
    channel = RecordingChannel(timer=timer)
    outbox = SqliteOutbox(stores.db)
    log: list[tuple[str, str]] = []
    try:
        yield Rig(stores, outbox, channel, timer, make_sender(channel, outbox, timer, log), log)
    finally:
        await stores.close()


async def test_enqueue_counts_only_new_rows_a_second_copy_is_ignored(rig: Rig) -> None:
    broadcast = await SqliteBroadcasts(rig.db).create(
        "cli:test", body="x", template_key=None, segment=Segment(), channels="telegram", scheduled_at=None, now=NOW
    )
    people = [await rig.stores.conversations.contact_for("telegram", f"p{n}") for n in range(3)]
    rows = [
        NewMessage("telegram", f"p{n}", "broadcast", {"n": n}, contact_id=person.id, broadcast_id=broadcast)
        for n, person in enumerate(people)
    ]
    assert await rig.outbox.enqueue(rows[:2], rig.timer.time()) == 2
    assert await rig.outbox.enqueue(rows, rig.timer.time()) == 1  # the first two were queued already
    assert await rig.outbox.enqueue([], rig.timer.time()) == 0
    assert (await rig.states()) == {"queued": 3}


async def test_a_three_bubble_reply_leaves_at_once_then_the_chat_is_spaced(rig: Rig) -> None:
    await rig.queue("42", count=5)
    await rig.round()
    assert len(rig.channel.to("42")) == 3  # the burst: no waiting inside one reply
    assert await rig.round() > 0  # the next must wait for the chat's bucket
    assert len(rig.channel.to("42")) == 3
    rig.timer.advance(1.0)
    await rig.round()
    assert len(rig.channel.to("42")) == 4
    rig.timer.advance(1.0)
    await rig.round()
    assert [s.payload["n"] for s in rig.channel.to("42")] == [0, 1, 2, 3, 4]  # in order
    assert (await rig.states()) == {"sent": 5}


async def test_replies_go_before_broadcasts_and_the_overall_rate_holds(rig: Rig) -> None:
    for n in range(30):
        await rig.queue(f"b{n}", kind="broadcast")
    await rig.queue("live", count=2)
    await rig.round()
    first = [s.address for s in rig.channel.sent]
    assert first[0] == "live" and first.count("live") == 2  # live replies are claimed first
    # One second's worth at 10/s, less the 2 tokens (0.2 s) outreach leaves for live replies.
    assert len(first) == 8
    rig.timer.advance(0.5)
    await rig.round()
    assert len(rig.channel.sent) == 13
    rig.timer.advance(2.0)
    await rig.round()
    assert len(rig.channel.sent) == 21  # never more than the rate allows (capacity one second)


async def test_a_broadcast_leaves_tokens_for_a_reply_that_comes_meanwhile(rig: Rig) -> None:
    for n in range(30):
        await rig.queue(f"b{n}", kind="broadcast")
    await rig.round()
    assert len(rig.channel.sent) == 8  # the broadcast stops short of the last 2 tokens
    assert await rig.round() == pytest.approx(0.1)  # and goes on as soon as the bucket is above them
    assert len(rig.channel.sent) == 8
    await rig.queue("live", count=2)
    await rig.round()  # no time passes: the reply takes the reserve at once
    assert [s.address for s in rig.channel.sent[8:]] == ["live", "live"]
    rig.timer.advance(1.0)
    await rig.round()
    assert len(rig.channel.sent) == 10 + 8  # a second later the broadcast has its rate again


async def test_a_tiny_rate_keeps_no_reserve(rig: Rig) -> None:
    sender = make_sender(rig.channel, rig.outbox, rig.timer, rig.events, rate_per_second=1.0)
    await rig.queue("b", kind="broadcast")
    await sender.run_once()
    await sender.idle()
    assert len(rig.channel.sent) == 1  # capacity 1: a reserve would starve outreach for ever


async def test_a_429_pauses_only_that_chat(rig: Rig) -> None:
    rig.channel.script["slow"] = [SendResult.failed(Failure.RECIPIENT_RATE_LIMIT, retry_after=5.0)]
    await rig.queue("slow", count=2)
    await rig.queue("other")
    await rig.round()
    assert [s.address for s in rig.channel.sent] == ["other"]
    rig.timer.advance(1.0)
    await rig.queue("other2")
    await rig.round()
    assert "other2" in [s.address for s in rig.channel.sent] and rig.channel.to("slow") == []
    rig.timer.advance(5.0)
    await rig.round()
    assert [s.payload["n"] for s in rig.channel.to("slow")][:1] == [0]  # first the one that was limited
    rig.timer.advance(1.0)
    await rig.round()
    assert [s.payload["n"] for s in rig.channel.to("slow")] == [0, 1]


async def test_429s_from_many_chats_at_once_pause_the_whole_channel(rig: Rig) -> None:
    for address in ("a", "b", "c"):
        rig.channel.script[address] = [SendResult.failed(Failure.RECIPIENT_RATE_LIMIT, retry_after=3.0)]
        await rig.queue(address)
    await rig.round()
    await rig.queue("d")
    assert await rig.round() > 0
    assert rig.channel.sent == []  # d waits too: the limit was the bot's, not one chat's
    rig.timer.advance(3.0)
    await rig.round()
    assert sorted(s.address for s in rig.channel.sent) == ["a", "b", "c", "d"]


async def test_a_channel_wide_limit_pauses_everyone(rig: Rig) -> None:
    rig.channel.script["a"] = [SendResult.failed(Failure.CHANNEL_RATE_LIMIT, retry_after=2.0)]
    await rig.queue("a")
    await rig.round()
    await rig.queue("b")
    await rig.round()
    assert rig.channel.sent == []
    rig.timer.advance(2.0)
    await rig.round()
    assert sorted(s.address for s in rig.channel.sent) == ["a", "b"]


async def test_a_blocked_recipient_fails_once_and_the_rest_is_skipped(rig: Rig) -> None:
    rig.channel.script["gone"] = [SendResult.failed(Failure.RECIPIENT_GONE, error_code="403")]
    await rig.queue("gone", count=3)
    await rig.queue("gone", kind="broadcast", broadcast_id=None)
    await rig.round()
    assert rig.channel.attempts.count("gone") == 1
    assert await rig.states() == {"failed": 1, "skipped": 3}
    assert rig.events == [("gone", "gone")]


async def test_a_send_that_may_have_arrived_is_repeated_for_a_reply_never_for_a_broadcast(rig: Rig) -> None:
    maybe = SendResult.failed(Failure.MAYBE_SENT, detail="may have been sent (ReadTimeout)")
    rig.channel.script["reply"] = [maybe]
    rig.channel.script["broadcast"] = [maybe]
    await rig.queue("reply")
    await rig.queue("broadcast", kind="broadcast", broadcast_id=None)
    await rig.round()
    rig.timer.advance(1.1)
    await rig.round()
    assert rig.channel.attempts.count("reply") == 2 and len(rig.channel.to("reply")) == 1  # at least once
    assert rig.channel.attempts.count("broadcast") == 1 and rig.channel.to("broadcast") == []  # at most once
    [row] = await rig.outbox.listing(state="unknown", kind=None, limit=5)
    assert row.address == "broadcast" and "not repeated" in str(row.error)


async def test_network_errors_back_off_and_give_up_after_the_attempts(rig: Rig) -> None:
    transient = SendResult.failed(Failure.TRANSIENT, detail="ConnectError")
    rig.channel.script["x"] = [transient, transient, transient]
    await rig.queue("x")
    await rig.round()
    rig.timer.advance(0.9)
    await rig.round()
    assert rig.channel.attempts == ["x"]  # backoff 1 s not over yet
    rig.timer.advance(0.2)
    await rig.round()
    rig.timer.advance(2.1)  # 2 s after the second
    await rig.round()
    assert rig.channel.attempts == ["x", "x", "x"]
    rows = await rig.outbox.listing(state="failed", kind=None, limit=5)
    assert [r.error for r in rows] == ["gave up after 3 attempts: transient: ConnectError"]


async def test_after_a_crash_replies_are_sent_again_and_broadcasts_become_unknown(rig: Rig) -> None:
    await rig.queue("r")
    await rig.queue("b", kind="broadcast")
    # A process claimed both and died before sending.
    [first, second] = await rig.outbox.candidates("telegram", rig.timer.time(), 10, outreach=True)
    await rig.outbox.claim([first.id, second.id], rig.timer.time(), 60.0)
    rig.timer.advance(61)
    await rig.round()  # a new sender recovers expired leases first
    assert [s.address for s in rig.channel.sent] == ["r"]
    rows = {r.kind: r for r in await rig.outbox.listing(state=None, kind=None, limit=5)}
    assert rows["reply"].state == "sent"
    assert rows["broadcast"].state == "unknown" and "not resent" in (rows["broadcast"].error or "")


async def test_outreach_waits_out_quiet_hours_but_replies_do_not(rig: Rig) -> None:
    rig.timer.now = NOON_WIB + 10 * 3600  # 22:00 WIB
    await rig.queue("b", kind="broadcast")
    await rig.queue("r")
    await rig.round()
    assert [s.address for s in rig.channel.sent] == ["r"]
    rig.timer.advance(9 * 3600)  # 07:00 WIB
    await rig.round()
    assert [s.address for s in rig.channel.sent] == ["r", "b"]


async def test_outside_the_window_is_skipped_and_a_template_problem_fails_the_broadcast(rig: Rig) -> None:
    rig.channel.script["w"] = [SendResult.failed(Failure.WINDOW_CLOSED, error_code="131047")]
    rig.channel.script["t"] = [SendResult.failed(Failure.TEMPLATE_PROBLEM, error_code="132001")]
    async with rig.db.transaction() as tx:
        broadcast = await tx.insert(
            "INSERT INTO broadcasts (created_by, created_at, body, segment, channels, state)"
            " VALUES ('cli', 'now', 'x', '{}', 'whatsapp', 'sending')"
        )
    await rig.queue("w", kind="reminder")
    await rig.queue("t", kind="broadcast", broadcast_id=broadcast)
    await rig.queue("u", kind="broadcast", broadcast_id=broadcast, part=1)
    rig.channel.script["u"] = []
    await rig.round()
    listing = {r.address: r for r in await rig.outbox.listing(state=None, kind=None, limit=5)}
    assert listing["w"].state == "skipped" and "24-hour window" in (listing["w"].error or "")
    assert listing["t"].state == "failed"
    assert ("broadcast", str(broadcast)) in rig.events


async def test_a_policy_block_holds_outreach_through_a_restart_until_it_ends(rig: Rig) -> None:
    rig.channel.script["b1"] = [SendResult.failed(Failure.POLICY_BLOCK, error_code="368", detail="policy")]
    await rig.queue("b1", kind="broadcast")
    await rig.round()
    assert rig.channel.attempts == ["b1"] and [event for event, _ in rig.events] == ["blocked"]
    restarted = make_sender(rig.channel, rig.outbox, rig.timer, rig.events)
    await rig.queue("b2", kind="broadcast")
    await rig.queue("r")
    await restarted.run_once()
    await restarted.idle()
    assert [s.address for s in rig.channel.sent] == ["r"]  # the reply goes, the broadcast still waits
    rig.timer.advance(6 * 3600 + 1)
    await restarted.run_once()
    await restarted.idle()
    assert [s.address for s in rig.channel.sent] == ["r", "b2"]


async def test_staff_lift_a_hold_from_the_command_line(rig: Rig, capsys: pytest.CaptureFixture[str]) -> None:
    rig.channel.script["b1"] = [SendResult.failed(Failure.POLICY_BLOCK, error_code="131048", detail="spam rate")]
    # Held for years: the command line compares with the real clock, the sender with the test's.
    rig.sender = make_sender(rig.channel, rig.outbox, rig.timer, rig.events, outreach_block_seconds=10 * 365 * 86400.0)
    await rig.queue("b1", kind="broadcast")
    await rig.round()
    await rig.queue("b2", kind="broadcast")
    await rig.round()
    assert rig.channel.sent == []
    db = ["--db", str(rig.db.path)]
    assert await asyncio.to_thread(main, ["outbox", "status", *db]) == 0
    assert "DITAHAN: pengingat dan siaran telegram" in capsys.readouterr().out
    assert await asyncio.to_thread(main, ["outbox", "resume", "--channel", "telegram", *db]) == 0
    assert "dilanjutkan" in capsys.readouterr().out
    rig.timer.advance(31)  # the sender re-reads holds at its next recovery round
    await rig.round()
    assert [s.address for s in rig.channel.sent] == ["b2"]
    assert await asyncio.to_thread(main, ["outbox", "resume", "--channel", "telegram", *db]) == 0
    assert "tidak sedang ditahan" in capsys.readouterr().out


async def test_a_broadcast_on_an_idle_channel_is_paced_from_its_first_second(rig: Rig) -> None:
    sender = Sender(rig.channel, rig.outbox, settings=SenderSettings(rate_per_second=25.0), timer=rig.timer)
    for n in range(100):
        await rig.queue(f"b{n}", kind="broadcast")
    rig.timer.advance(60)  # idle for a minute: both buckets are full
    sent_by: list[int] = []
    for _tick in range(20):  # two seconds in steps of 0.1 s
        await sender.run_once()
        await sender.idle()
        sent_by.append(len(rig.channel.sent))
        rig.timer.advance(0.1)
    assert sent_by[0] == 6  # a quarter of a second's worth, not the overall bucket's 20
    # About 6 + 25 in the first second (not 45), and never more in any later one.
    assert sent_by[9] <= 31
    assert all(later - earlier <= 31 for earlier, later in zip(sent_by, sent_by[10:], strict=False))
    await rig.queue("live", count=3)
    await sender.run_once()
    await sender.idle()
    assert len(rig.channel.to("live")) == 3  # a reply is held by the bucket only: it leaves at once
