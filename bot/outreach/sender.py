"""One sender per channel: drains outbox rows within the platform's limits.

Each round it reads the queued rows that are due (live replies first, then staff
notices, reminders, broadcasts), keeps those that the limits allow right now —
an overall token bucket per channel and a small per-chat bucket (a 3-bubble reply
leaves at once, further messages are spaced) — claims exactly those in one
transaction (state `sending`, a lease) and only then calls the platform. Rows to
one chat go one after another, in order. Outreach never takes the last few tokens
of the overall bucket (`live_reserve_seconds` of the rate): a broadcast keeps the
bucket near that reserve instead of empty, so a live reply arriving meanwhile goes
at once instead of waiting for the next token behind it.

What a send result does:
* sent: the row is `sent` with the provider's message id;
* retry after (a 429, a network error, a 5xx): the row waits and is tried again —
  the chat it concerns pauses, or the whole channel when the platform says the
  limit is the number's (or many chats are limited at once); after `max_attempts`
  the row `failed` with the reason;
* recipient gone (blocked the bot, not on the platform): `failed`, what is still
  queued for that address `skipped`, and the contact is marked unreachable;
* window closed (WhatsApp, 24 hours): `skipped` with that reason;
* marketing refused, policy block, template problem, configuration: `failed`
  with the reason, and the rest of the bot is told (stop outreach, alert staff,
  fail the broadcast early). A policy block holds outreach on the channel for
  `outreach_block_seconds` (6 h); the hold is a row in `outreach_holds`, so a
  restart keeps it, and `bpjstk-bot outbox resume` lifts it once staff have
  resolved it with the platform.
Outreach rows are not sent in quiet hours or while held (they wait in the queue).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.channels.base import Failure, Payload, SendOutcome, SendResult
from bot.core.outreach.events import QuietEvents, SenderEvents
from bot.core.outreach.model import OUTREACH_KINDS, Candidate, OutboxRow
from bot.outreach.buckets import TokenBucket
from bot.outreach.quiet import QuietHours
from bot.storage.outbox import SqliteOutbox
from bot.storage.outreach_holds import SqliteOutreachHolds

log = logging.getLogger(__name__)

MAX_CANDIDATES = 500


class Timer(Protocol):
    def time(self) -> float:
        """Unix seconds (due times and leases are stored in these)."""
        ...

    def monotonic(self) -> float:
        """Seconds that never go backwards (rates and pauses)."""
        ...


class SystemTimer:
    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


class SendingChannel(Protocol):
    @property
    def name(self) -> str: ...

    async def send(self, payload: Payload) -> SendResult: ...


def fixed_interval(seconds: float) -> Callable[[str, bool], float]:
    return lambda _address, _outreach: seconds


@dataclass(frozen=True, slots=True)
class SenderSettings:
    rate_per_second: float = 25.0
    chat_burst: int = 3
    # Seconds between messages to one chat once its burst is spent: (address, outreach?) -> s.
    chat_interval: Callable[[str, bool], float] = field(default_factory=lambda: fixed_interval(1.0))
    lease_seconds: float = 60.0
    max_attempts: int = 8
    backoff_base: float = 1.0
    backoff_max: float = 300.0
    poll_seconds: float = 1.0  # rows written by other processes are seen this soon
    global_limit_chats: int = 3  # this many chats rate-limited within a second: the whole channel waits
    # Seconds' worth of the overall rate that outreach leaves in the bucket for live replies and staff.
    live_reserve_seconds: float = 0.2
    # Outreach also draws from its own bucket at the same rate holding only this many seconds'
    # worth. The overall bucket holds a second's worth (slack for a late round), so a broadcast
    # starting on an idle channel could send it plus the refill (45 at 25/s) in its first second;
    # paced, it sends about 6 + 25 = 31 (Telegram's bulk limit is about 30/s). Live replies
    # draw from the overall bucket only: a broadcast never queues them.
    outreach_burst_seconds: float = 0.25
    outreach_block_seconds: float = 6 * 3600.0  # a policy block stops outreach this long (staff are told)


@dataclass
class SenderStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    rate_limited: int = 0
    unknown: int = 0  # broadcast messages that may have gone: never repeated


class Sender:
    def __init__(
        self,
        channel: SendingChannel,
        outbox: SqliteOutbox,
        *,
        settings: SenderSettings | None = None,
        quiet: QuietHours | None = None,
        events: SenderEvents | None = None,
        timer: Timer | None = None,
    ) -> None:
        self._channel = channel
        self._outbox = outbox
        self.settings = settings or SenderSettings()
        self._quiet = quiet or QuietHours()
        self._events: SenderEvents = events or QuietEvents()
        self._timer: Timer = timer or SystemTimer()
        now = self._timer.monotonic()
        rate = self.settings.rate_per_second
        # Capacity of one second's worth: slack for a round that comes late, no tokens lost.
        self._overall = TokenBucket(rate, max(1.0, rate), now)
        self._outreach_pace = TokenBucket(rate, max(1.0, rate * self.settings.outreach_burst_seconds), now)
        # Tokens outreach leaves for live replies (never all of them: outreach must still go).
        self._reserve = min(self._overall.capacity - 1.0, rate * self.settings.live_reserve_seconds)
        self._chats: dict[tuple[str, bool], TokenBucket] = {}
        self._chat_paused: dict[str, float] = {}
        self._recent_limits: deque[tuple[float, str]] = deque()
        self._paused_until = 0.0
        # Wall-clock time until which a policy block holds outreach; kept in SQLite so a restart
        # or another process honours it, re-read at every recovery round.
        self._holds = SqliteOutreachHolds(outbox.db)
        self._outreach_held_until = 0.0
        self._busy: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None
        self._last_recovery = -math.inf
        self._last_prune = now
        self.stats = SenderStats()

    @property
    def name(self) -> str:
        return self._channel.name

    # --- lifecycle ------------------------------------------------------------------
    def wake(self) -> None:
        """New rows were committed: look now instead of at the next poll."""
        self._wake.set()

    async def start(self) -> None:
        if self._runner is None:
            self._runner = asyncio.create_task(self.run(), name=f"sender-{self.name}")

    async def run(self) -> None:
        while True:
            try:
                wait = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("sender %s: round failed; trying again shortly", self.name)
                wait = self.settings.poll_seconds
            if wait > 0:
                await self._sleep(wait)

    async def stop(self, drain_timeout: float = 5.0) -> None:
        """Stop claiming; let sends in flight finish (up to `drain_timeout` s). Unsent rows stay queued."""
        if self._runner is not None:
            self._runner.cancel()
            await asyncio.gather(self._runner, return_exceptions=True)
            self._runner = None
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=drain_timeout)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def idle(self) -> None:
        """Until every send in flight has finished (tests and benchmarks)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _sleep(self, seconds: float) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=min(seconds, self.settings.poll_seconds))

    # --- one round ------------------------------------------------------------------
    async def run_once(self) -> float:
        """Claim and start what may go now; returns seconds until the next round is worth it."""
        now, mono = self._timer.time(), self._timer.monotonic()
        if now - self._last_recovery >= self.settings.lease_seconds / 2:
            await self.recover(now)
        self._prune(mono)
        if mono < self._paused_until:
            return self._paused_until - mono
        available = self._overall.available(mono)
        tokens = math.floor(available)
        if tokens < 1:
            return self._overall.ready_at(mono) - mono
        outreach = not self._quiet.is_quiet(now) and now >= self._outreach_held_until
        candidates = await self._outbox.candidates(
            self.name, now, min(MAX_CANDIDATES, tokens * 3 + len(self._busy) + 10), outreach=outreach
        )
        outreach_tokens = min(math.floor(available - self._reserve), math.floor(self._outreach_pace.available(mono)))
        chosen, next_ready = self._choose(candidates, tokens, outreach_tokens, mono)
        if not chosen:
            if candidates:
                return max(0.0, next_ready - mono) if math.isfinite(next_ready) else self.settings.poll_seconds
            due = await self._outbox.next_due(self.name, outreach=outreach)
            return self.settings.poll_seconds if due is None else max(0.0, due - now)
        rows = await self._outbox.claim([c.id for c in chosen], now, self.settings.lease_seconds)
        by_address: dict[str, list[OutboxRow]] = {}
        for row in rows:
            self._overall.take(mono)
            if row.kind in OUTREACH_KINDS:
                self._outreach_pace.take(mono)
            self._bucket(row.address, row.kind in OUTREACH_KINDS, mono).take(mono)
            by_address.setdefault(row.address, []).append(row)
        for address, chat_rows in by_address.items():
            self._busy.add(address)
            task = asyncio.create_task(self._send_chat(address, chat_rows))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return 0.0

    def _choose(
        self, candidates: Sequence[Candidate], tokens: int, outreach_tokens: int, mono: float
    ) -> tuple[list[Candidate], float]:
        """The candidates the limits allow now, in order; and when a skipped one could go.

        `tokens` may go to any row, `outreach_tokens` (fewer: the reserve for live replies)
        to reminders and broadcasts, which come after every live row in `candidates`.
        """
        chosen: list[Candidate] = []
        taken: Counter[tuple[str, bool]] = Counter()
        held: set[str] = set()  # an address passed over keeps its later rows back too (order)
        next_ready = math.inf
        for candidate in candidates:
            if len(chosen) >= tokens:
                break
            if candidate.kind in OUTREACH_KINDS and len(chosen) >= outreach_tokens:
                # The rest is outreach: it waits until the bucket is above the reserve again
                # and its own pace has a token.
                bucket_ready = self._overall.ready_at(mono, self._reserve + len(chosen) + 1)
                next_ready = min(next_ready, max(bucket_ready, self._outreach_pace.ready_at(mono)))
                break
            address = candidate.address
            if address in self._busy or address in held:
                continue
            paused = self._chat_paused.get(address, 0.0)
            if paused > mono:
                held.add(address)
                next_ready = min(next_ready, paused)
                continue
            key = (address, candidate.kind in OUTREACH_KINDS)
            bucket = self._bucket(address, key[1], mono)
            if bucket.available(mono) - taken[key] < 1:
                held.add(address)
                next_ready = min(next_ready, bucket.ready_at(mono, taken[key] + 1))
                continue
            taken[key] += 1
            chosen.append(candidate)
        return chosen, next_ready

    def _bucket(self, address: str, outreach: bool, mono: float) -> TokenBucket:
        key = (address, outreach)
        bucket = self._chats.get(key)
        if bucket is None:
            interval = max(1e-3, self.settings.chat_interval(address, outreach))
            bucket = TokenBucket(1.0 / interval, float(self.settings.chat_burst), mono)
            self._chats[key] = bucket
        return bucket

    def _prune(self, mono: float) -> None:
        """Forget chats whose bucket is full again (a broadcast touches thousands)."""
        if mono - self._last_prune < 30.0:
            return
        self._last_prune = mono
        for key in [k for k, b in self._chats.items() if b.available(mono) >= b.capacity and k[0] not in self._busy]:
            del self._chats[key]
        for address in [a for a, until in self._chat_paused.items() if until <= mono]:
            del self._chat_paused[address]

    async def recover(self, now: float) -> None:
        self._last_recovery = now
        self._outreach_held_until = await self._holds.until(self.name, now) or 0.0
        requeued, unknown = await self._outbox.recover_expired(self.name, now)
        if requeued or unknown:
            log.warning(
                "sender %s: %d row(s) left sending by a stopped process queued again, %d broadcast row(s) unknown",
                self.name,
                requeued,
                unknown,
            )

    # --- sending to one chat ----------------------------------------------------------
    async def _send_chat(self, address: str, rows: list[OutboxRow]) -> None:
        try:
            for position, row in enumerate(rows):
                result = await self._perform(row)
                carry_on = await self._settle(row, result)
                if not carry_on:
                    rest = rows[position + 1 :]
                    if result.outcome is SendOutcome.RECIPIENT_GONE:
                        for other in rest:  # claimed with it: never to be sent either
                            await self._outbox.finish(other.id, "skipped", f"recipient unreachable: {_reason(result)}")
                        self.stats.skipped += len(rest)
                    else:
                        await self._outbox.release([r.id for r in rest], self._timer.time() + self._chat_wait(address))
                    break
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("sender %s: settling a send failed", self.name)
        finally:
            self._busy.discard(address)
            self._wake.set()

    async def _perform(self, row: OutboxRow) -> SendResult:
        try:
            return await self._channel.send(row.payload)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a channel should classify, but a bug must not lose the row
            log.exception("sender %s: send raised; the message may or may not have gone", self.name)
            return SendResult.failed(Failure.MAYBE_SENT, detail=type(exc).__name__)

    def _chat_wait(self, address: str) -> float:
        return max(0.0, self._chat_paused.get(address, 0.0) - self._timer.monotonic())

    async def _settle(self, row: OutboxRow, result: SendResult) -> bool:
        """Record what happened; True if the chat's next row may go now."""
        now, mono = self._timer.time(), self._timer.monotonic()
        outcome = result.outcome
        if outcome is SendOutcome.SENT:
            await self._outbox.mark_sent(row.id, result.provider_message_id, now)
            self.stats.sent += 1
            return True
        reason = _reason(result)
        if outcome is SendOutcome.RETRY_AFTER:
            return await self._retry(row, result, reason, now, mono)
        if outcome is SendOutcome.RECIPIENT_GONE:
            await self._outbox.finish(row.id, "failed", reason)
            await self._outbox.skip_address(self.name, row.address, f"recipient unreachable: {reason}")
            self.stats.failed += 1
            await self._events.recipient_gone(self.name, row.address)
            return False
        if outcome is SendOutcome.WINDOW_CLOSED:
            await self._outbox.finish(row.id, "skipped", f"outside the 24-hour window: {reason}")
            self.stats.skipped += 1
            return True
        await self._outbox.finish(row.id, "failed", reason)
        self.stats.failed += 1
        await self._after_permanent_failure(row, result, reason)
        return True

    async def _retry(self, row: OutboxRow, result: SendResult, reason: str, now: float, mono: float) -> bool:
        if result.failure is Failure.MAYBE_SENT and row.kind == "broadcast":
            await self._outbox.finish(row.id, "unknown", f"may have been sent; not repeated: {reason}")
            self.stats.unknown += 1
            return True
        if row.attempts >= self.settings.max_attempts:
            await self._outbox.finish(row.id, "failed", f"gave up after {row.attempts} attempts: {reason}")
            self.stats.failed += 1
            return True
        backoff = min(self.settings.backoff_max, self.settings.backoff_base * 2 ** max(0, row.attempts - 1))
        wait = result.retry_after if result.retry_after is not None else backoff
        if result.failure is Failure.CHANNEL_RATE_LIMIT:
            self.stats.rate_limited += 1
            self._paused_until = max(self._paused_until, mono + wait)
        elif result.failure is Failure.RECIPIENT_RATE_LIMIT:
            self.stats.rate_limited += 1
            self._limit_chat(row.address, mono, wait)
        self._chat_paused[row.address] = max(self._chat_paused.get(row.address, 0.0), mono + wait)
        await self._outbox.retry(row.id, now + wait, reason)
        self.stats.retried += 1
        return False

    def _limit_chat(self, address: str, mono: float, wait: float) -> None:
        """A 429 for one chat pauses that chat; many chats at once mean the limit is the channel's."""
        self._recent_limits.append((mono, address))
        while self._recent_limits and self._recent_limits[0][0] < mono - 1.0:
            self._recent_limits.popleft()
        if len({a for _t, a in self._recent_limits}) >= self.settings.global_limit_chats:
            self._paused_until = max(self._paused_until, mono + wait)

    async def _after_permanent_failure(self, row: OutboxRow, result: SendResult, reason: str) -> None:
        failure = result.failure
        if failure is Failure.MARKETING_OPT_OUT:
            await self._outbox.skip_address(
                self.name, row.address, "the person stopped marketing messages", kinds=OUTREACH_KINDS
            )
            await self._events.marketing_refused(self.name, row.address)
        elif failure is Failure.POLICY_BLOCK:
            now = self._timer.time()
            self._outreach_held_until = now + self.settings.outreach_block_seconds
            await self._holds.hold(self.name, self._outreach_held_until, reason, now)
            await self._events.outreach_blocked(self.name, reason)
        elif failure is Failure.TEMPLATE_PROBLEM and row.broadcast_id is not None:
            await self._outbox.skip_broadcast(row.broadcast_id, f"template problem: {reason}")
            await self._events.broadcast_failed(row.broadcast_id, reason)
        elif failure is Failure.CONFIGURATION:
            await self._events.channel_misconfigured(self.name, reason)


def _reason(result: SendResult) -> str:
    parts = [p for p in (result.failure.value if result.failure else None, result.error_code, result.detail) if p]
    return ": ".join(parts)[:300] or result.outcome.value
