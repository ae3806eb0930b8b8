"""The outbox on a fake timer: rate limits, priorities, 429, 403 and backoff, without sleeping."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest

from bot.outreach.outbox import Outbox, OutboxItem, Priority, RetryLater, TransientError, Unreachable


class FakeTimer:
    """Monotonic time that jumps forward when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.now += seconds
        await asyncio.sleep(0)


class RecordingSender:
    def __init__(self, timer: FakeTimer) -> None:
        self.timer = timer
        self.sent: list[tuple[float, str, Any]] = []
        self.attempts: list[tuple[float, str, Any]] = []
        self.failures: dict[Any, list[Exception]] = {}

    async def __call__(self, item: OutboxItem) -> str:
        self.attempts.append((self.timer.now, item.chat, item.payload))
        planned = self.failures.get(item.payload)
        if planned:
            raise planned.pop(0)
        self.sent.append((self.timer.now, item.chat, item.payload))
        return f"ok:{item.payload}"


async def make(**kwargs: Any) -> tuple[Outbox, RecordingSender, FakeTimer]:
    timer = FakeTimer()
    sender = RecordingSender(timer)
    outbox = Outbox(sender, timer=timer, **kwargs)
    await outbox.start()
    return outbox, sender, timer


async def test_per_chat_interval_keeps_order() -> None:
    outbox, sender, _timer = await make(rate_per_second=25)
    for n in range(3):
        outbox.put(OutboxItem("100", f"m{n}"))
    assert await outbox.drained(5)
    assert [p for _t, _c, p in sender.sent] == ["m0", "m1", "m2"]
    times = [t for t, _c, _p in sender.sent]
    assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(times))
    await outbox.stop()


async def test_overall_rate_limit() -> None:
    outbox, sender, _timer = await make(rate_per_second=25)
    for n in range(100):
        outbox.put(OutboxItem(str(n), "hello"))
    assert await outbox.drained(5)
    times = sorted(t for t, _c, _p in sender.sent)
    assert len(times) == 100
    # 25 at once, then 25 more each second: no one-second window holds more than 25.
    assert times[-1] == pytest.approx(3.0, abs=0.05)
    assert times[24] == 0.0
    for i in range(len(times) - 25):
        assert times[i + 25] - times[i] >= 1.0 - 1e-6
    await outbox.stop()


async def test_live_replies_go_before_bulk() -> None:
    outbox, sender, _timer = await make(rate_per_second=1)
    for n in range(5):
        outbox.put(OutboxItem(f"bulk{n}", "promo", priority=Priority.BULK))
    outbox.put(OutboxItem("live", "reply", priority=Priority.LIVE))
    assert await outbox.drained(5)
    order = [c for _t, c, _p in sender.sent]
    # The first bulk item may already be on its way; the live reply overtakes the rest.
    assert order.index("live") <= 1
    await outbox.stop()


async def test_retry_after_is_honoured() -> None:
    outbox, sender, _timer = await make()
    sender.failures["x"] = [RetryLater(3)]
    outbox.put(OutboxItem("7", "x"))
    assert await outbox.drained(5)
    assert len(sender.attempts) == 2
    assert sender.sent[0][0] - sender.attempts[0][0] >= 3.0
    assert outbox.stats.rate_limited == 1 and outbox.stats.sent == 1
    await outbox.stop()


async def test_forbidden_blocks_the_chat_and_drops_the_rest() -> None:
    blocked: list[str] = []

    async def on_unreachable(chat: str) -> None:
        blocked.append(chat)

    outbox, sender, _timer = await make(on_unreachable=on_unreachable)
    sender.failures["a"] = [Unreachable()]
    outbox.put(OutboxItem("9", "a"))
    outbox.put(OutboxItem("9", "b"))
    outbox.put(OutboxItem("10", "c"))
    assert await outbox.drained(5)
    await asyncio.sleep(0)
    assert blocked == ["9"]
    assert [p for _t, c, p in sender.attempts if c == "9"] == ["a"]
    assert outbox.put(OutboxItem("9", "later")) is False
    assert [p for _t, _c, p in sender.sent] == ["c"]
    outbox.unblock("9")
    assert outbox.put(OutboxItem("9", "again")) is True
    assert await outbox.drained(5)
    await outbox.stop()


async def test_network_errors_back_off_then_give_up() -> None:
    outbox, sender, _timer = await make(max_attempts=3, backoff_base=0.5)
    sender.failures["flaky"] = [TransientError("reset")]
    sender.failures["dead"] = [TransientError("down")] * 5
    outbox.put(OutboxItem("1", "flaky"))
    outbox.put(OutboxItem("2", "dead"))
    assert await outbox.drained(5)
    assert [p for _t, _c, p in sender.sent] == ["flaky"]
    dead = [t for t, c, _p in sender.attempts if c == "2"]
    assert len(dead) == 3
    assert dead[1] - dead[0] >= 0.5 and dead[2] - dead[1] >= 1.0
    assert outbox.stats.failed == 1
    await outbox.stop()


async def test_on_sent_gets_the_result_and_errors_do_not_stop_the_outbox() -> None:
    results: list[Any] = []

    async def remember(result: Any) -> None:
        results.append(result)

    outbox, sender, _timer = await make()
    sender.failures["boom"] = [RuntimeError("bad request")]
    outbox.put(OutboxItem("1", "boom"))
    outbox.put(OutboxItem("2", "fine", on_sent=remember))
    assert await outbox.drained(5)
    assert results == ["ok:fine"]
    assert outbox.stats.failed == 1
    await outbox.stop()


async def test_idle_chats_are_forgotten() -> None:
    outbox, _sender, timer = await make(rate_per_second=1000)
    for n in range(20):
        outbox.put(OutboxItem(str(n), "x"))
    assert await outbox.drained(5)
    timer.now += 60
    outbox.put(OutboxItem("last", "x"))
    assert await outbox.drained(5)
    assert set(outbox._chats) <= {"last"}
    await outbox.stop()
