"""The one outbound path: every message to any chat goes through an `Outbox`.

The outbox knows no channel. A channel gives it a `sender` coroutine that
performs one item and translates provider errors into the three exceptions
below; the outbox does the rest:

* an overall rate limit: at most `rate_per_second` sends (default 25, under
  Telegram's ~30/s) in any sliding one-second window, the way PTB's
  AIORateLimiter does it; replies arriving together are not spaced out,
* a minimum interval per chat (default 1 s; Telegram allows 1 message/s per chat),
* `RetryLater` (HTTP 429 with retry_after): the chat, and for safety every chat,
  waits that long, then the item is retried,
* `Unreachable` (HTTP 403, the user blocked the bot): the chat is blocked, its
  queued items are dropped and `on_unreachable` is told (it marks the contact),
* `TransientError` (network trouble): retried with bounded exponential backoff,
* any other exception: logged and the item dropped (retrying would not help).

Items to one chat leave in order (live before bulk, then first in first out),
and replies to live conversations (`Priority.LIVE`) go before bulk sends.
The queue lives in memory: a crash loses unsent items, which the conversation
state in SQLite lets the user recover from by writing again.

Time comes from a `Timer`, so tests run a fake one instead of sleeping.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Protocol

log = logging.getLogger(__name__)


class Priority(IntEnum):
    LIVE = 0  # replies to someone who is talking to us right now
    BULK = 1  # broadcasts, reminders


class RetryLater(Exception):
    """The provider asked us to wait (Telegram 429 with retry_after)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = max(0.0, float(seconds))


class Unreachable(Exception):
    """The recipient cannot be reached any more (Telegram 403: blocked or never started)."""


class TransientError(Exception):
    """A network error or timeout: worth retrying later."""


class Timer(Protocol):
    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class LoopTimer:
    """The real timer: the event loop's monotonic clock."""

    def monotonic(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


_sequence = itertools.count()
PRUNE_EVERY_SECONDS = 30.0


@dataclass(eq=False)
class OutboxItem:
    chat: str  # ordering and rate-limit key: the provider's chat id
    payload: Any  # what the channel's sender understands
    priority: Priority = Priority.LIVE
    spaced: bool = True  # counts for the per-chat interval (a real message)
    on_sent: Callable[[Any], Awaitable[None]] | None = None
    attempts: int = 0
    seq: int = field(default_factory=lambda: next(_sequence))

    def sort_key(self) -> tuple[int, int]:
        return (int(self.priority), self.seq)


Sender = Callable[[OutboxItem], Awaitable[Any]]
UnreachableHook = Callable[[str], Awaitable[None]]


@dataclass
class OutboxStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0  # dropped after an error
    dropped_unreachable: int = 0
    rate_limited: int = 0  # 429 answers received


@dataclass
class _Chat:
    queue: list[tuple[tuple[int, int], OutboxItem]] = field(default_factory=list)
    next_at: float = 0.0
    busy: bool = False
    ready_seq: int | None = None  # seq of the head item pushed on the ready heap
    waiting: bool = False


class Outbox:
    def __init__(
        self,
        sender: Sender,
        *,
        rate_per_second: float = 25.0,
        chat_interval: Callable[[str], float] | float = 1.0,
        max_attempts: int = 5,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 300.0,
        timer: Timer | None = None,
        on_unreachable: UnreachableHook | None = None,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self._sender = sender
        # `capacity` sends per `window` seconds: 25 per 1 s; a rate under 1/s becomes 1 per 1/rate s.
        self._capacity = max(1, int(rate_per_second))
        self._window = self._capacity / rate_per_second
        self._recent: deque[float] = deque()  # dispatch times inside the current window
        if callable(chat_interval):
            self._chat_interval = chat_interval
        else:
            fixed = float(chat_interval)
            self._chat_interval = lambda _chat: fixed
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._max_retry_after = max_retry_after
        self._timer: Timer = timer or LoopTimer()
        self.on_unreachable = on_unreachable
        self._chats: dict[str, _Chat] = {}
        self._ready: list[tuple[int, int, str]] = []  # (priority, seq, chat)
        self._waiting: list[tuple[float, str]] = []  # (next_at, chat)
        self._blocked: set[str] = set()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._pending = 0  # queued + in flight
        self._paused_until = 0.0
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None
        self._last_prune = 0.0
        self.stats = OutboxStats()

    # --- public API -----------------------------------------------------------
    def put(self, item: OutboxItem) -> bool:
        """Queue an item; False if its chat is blocked (the user blocked us)."""
        if item.chat in self._blocked:
            log.info("not sending to blocked chat %s", item.chat)
            return False
        chat = self._chats.setdefault(item.chat, _Chat())
        heapq.heappush(chat.queue, (item.sort_key(), item))
        self._pending += 1
        self._idle.clear()
        if not self._dispatch_now(item.chat, chat):
            self._schedule(item.chat, chat)
        return True

    def _dispatch_now(self, key: str, chat: _Chat) -> bool:
        """Fast path: nothing waits anywhere and every limit allows it, so send at once
        (saves the dispatcher's wake-up on the latency path of a live reply)."""
        if self._runner is None or self._ready or chat.busy or chat.waiting or len(chat.queue) != 1:
            return False
        now = self._timer.monotonic()
        if chat.next_at > now or self._paused_until > now or self._window_opens(now) > now:
            return False
        self._maybe_prune(now)
        self._start_send(key, chat, now)
        return True

    def is_blocked(self, chat: str) -> bool:
        return chat in self._blocked

    def block(self, chat: str) -> int:
        """The provider told us the user blocked the bot: drop what is queued for them."""
        self._blocked.add(chat)
        state = self._chats.get(chat)
        if state is None or not state.queue:
            return 0
        dropped = len(state.queue)
        state.queue.clear()
        self.stats.dropped_unreachable += dropped
        self._done(dropped)
        return dropped

    def unblock(self, chat: str) -> None:
        """The user wrote to us again: they unblocked the bot."""
        self._blocked.discard(chat)

    @property
    def pending(self) -> int:
        return self._pending

    async def start(self) -> None:
        if self._runner is None:
            self._runner = asyncio.create_task(self._run(), name="outbox")

    async def join(self) -> None:
        """Wait until everything queued was sent or given up."""
        await self._idle.wait()

    async def drained(self, within: float) -> bool:
        """`join` with a time limit; False if items were still pending after `within` seconds."""
        try:
            await asyncio.wait_for(self._idle.wait(), within)
        except TimeoutError:
            return False
        return True

    async def stop(self, drain_timeout: float = 5.0) -> None:
        """Send what is queued (up to `drain_timeout` seconds), then stop."""
        if self._runner is not None and self._pending:
            await self.drained(drain_timeout)
        if self._runner is not None:
            self._runner.cancel()
            await asyncio.gather(self._runner, return_exceptions=True)
            self._runner = None
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pending:
            log.warning("outbox stopped with %d unsent item(s)", self._pending)

    # --- scheduling -----------------------------------------------------------
    def _schedule(self, key: str, chat: _Chat, wake: bool = True) -> None:
        """Put the chat's head item where the dispatcher will find it."""
        if chat.busy or not chat.queue:
            return
        now = self._timer.monotonic()
        if chat.next_at > now:
            if not chat.waiting:
                chat.waiting = True
                heapq.heappush(self._waiting, (chat.next_at, key))
                if wake:
                    self._wake.set()
            return
        (priority, seq), _item = chat.queue[0]
        if chat.ready_seq != seq:
            chat.ready_seq = seq
            heapq.heappush(self._ready, (priority, seq, key))
            if wake:
                self._wake.set()

    def _promote(self, now: float) -> None:
        while self._waiting and self._waiting[0][0] <= now:
            _at, key = heapq.heappop(self._waiting)
            chat = self._chats.get(key)
            if chat is None:
                continue
            chat.waiting = False
            self._schedule(key, chat)

    def _pop_ready(self) -> tuple[str, _Chat] | None:
        while self._ready:
            _priority, seq, key = heapq.heappop(self._ready)
            chat = self._chats.get(key)
            if chat is None or chat.busy or not chat.queue or chat.queue[0][1].seq != seq:
                continue  # stale entry: the chat's head changed or is being sent
            chat.ready_seq = None
            return key, chat
        return None

    async def _wait(self, delay: float | None) -> None:
        """Until something is queued (a wake-up) or `delay` seconds passed."""
        waiters: set[asyncio.Future[Any]] = {asyncio.ensure_future(self._wake.wait())}
        if delay is not None:
            waiters.add(asyncio.ensure_future(self._timer.sleep(max(0.0, delay))))
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waiters:
                task.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)

    def _prune(self, now: float) -> None:
        """Forget idle chats whose per-chat interval has passed (bulk sends touch many)."""
        idle = [
            key
            for key, chat in self._chats.items()
            if not chat.queue and not chat.busy and not chat.waiting and chat.next_at <= now
        ]
        for key in idle:
            del self._chats[key]

    def _maybe_prune(self, now: float) -> None:
        if now - self._last_prune >= PRUNE_EVERY_SECONDS:
            self._prune(now)
            self._last_prune = now

    async def _run(self) -> None:
        self._last_prune = self._timer.monotonic()
        while True:
            self._wake.clear()
            now = self._timer.monotonic()
            self._maybe_prune(now)
            self._promote(now)
            found = self._pop_ready()
            if found is None:
                delay = self._waiting[0][0] - now if self._waiting else None
                await self._wait(delay)
                continue
            key, chat = found
            start = max(self._window_opens(now), self._paused_until)
            if start > now:
                # Not yet: put it back (without waking ourselves) and wait; a more
                # urgent item may arrive meanwhile and will wake us.
                self._schedule(key, chat, wake=False)
                await self._wait(start - now)
                continue
            self._start_send(key, chat, now)

    def _start_send(self, key: str, chat: _Chat, now: float) -> None:
        self._recent.append(now)
        _sort, item = heapq.heappop(chat.queue)
        chat.busy = True
        if item.spaced:
            chat.next_at = now + self._chat_interval(key)
        task = asyncio.create_task(self._deliver(key, chat, item))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _window_opens(self, now: float) -> float:
        """When the next send fits in the sliding window (`now` if it fits already)."""
        while self._recent and self._recent[0] <= now - self._window:
            self._recent.popleft()
        if len(self._recent) < self._capacity:
            return now
        return self._recent[0] + self._window

    async def _deliver(self, key: str, chat: _Chat, item: OutboxItem) -> None:
        finished = True
        try:
            result = await self._sender(item)
        except RetryLater as exc:
            self.stats.rate_limited += 1
            wait = min(exc.seconds, self._max_retry_after)
            now = self._timer.monotonic()
            # Telegram's flood control is per bot as much as per chat: everyone waits.
            self._paused_until = max(self._paused_until, now + wait)
            chat.next_at = max(chat.next_at, now + wait)
            finished = not self._retry(chat, item, f"429, retry after {wait:g} s")
        except Unreachable:
            self._block(key, chat)
        except TransientError as exc:
            delay = min(self._backoff_max, self._backoff_base * 2**item.attempts)
            chat.next_at = max(chat.next_at, self._timer.monotonic() + delay)
            finished = not self._retry(chat, item, f"{exc or type(exc).__name__}, backoff {delay:g} s")
        except asyncio.CancelledError:
            raise
        except Exception:
            self.stats.failed += 1
            log.exception("outbox: sending to chat %s failed permanently; item dropped", key)
        else:
            self.stats.sent += 1
            if item.on_sent is not None:
                try:
                    await item.on_sent(result)
                except Exception:
                    log.exception("outbox: on_sent hook failed for chat %s", key)
        finally:
            chat.busy = False
            if finished:
                self._done(1)
            if not chat.queue and chat.next_at <= self._timer.monotonic():
                self._chats.pop(key, None)
            else:
                self._schedule(key, chat)

    def _retry(self, chat: _Chat, item: OutboxItem, why: str) -> bool:
        """Requeue the item unless it ran out of attempts; True if requeued."""
        item.attempts += 1
        if item.attempts >= self._max_attempts:
            self.stats.failed += 1
            log.warning("outbox: giving up on chat %s after %d attempts (%s)", item.chat, item.attempts, why)
            return False
        self.stats.retried += 1
        log.info("outbox: chat %s, attempt %d failed (%s); will retry", item.chat, item.attempts, why)
        heapq.heappush(chat.queue, (item.sort_key(), item))
        return True

    def _block(self, key: str, chat: _Chat) -> None:
        self._blocked.add(key)
        queued = len(chat.queue)
        self.stats.dropped_unreachable += 1 + queued  # the item being sent, and the queued ones
        chat.queue.clear()
        self._done(queued)
        log.info("outbox: chat %s is unreachable (blocked the bot); %d item(s) dropped", key, 1 + queued)
        if self.on_unreachable is not None:
            task = asyncio.create_task(self._call_unreachable(key))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _call_unreachable(self, key: str) -> None:
        assert self.on_unreachable is not None
        try:
            await self.on_unreachable(key)
        except Exception:
            log.exception("outbox: on_unreachable hook failed for chat %s", key)

    def _done(self, count: int) -> None:
        self._pending -= count
        if self._pending <= 0:
            self._pending = 0
            self._idle.set()
