"""The inbound worker: stored platform events -> the engine -> replies in the outbox.

Events are stored (and so durable) before the platform is told they arrived;
this worker takes them in arrival order, hands each message to the engine with
a writer that stores the replies in the same transaction as the new conversation
state, records delivery reports and block/unblock notices, and deletes the event
once handled (raw events hold personal data). A message handled before a crash
is recognised by its provider id when the event comes again: no second reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence

from bot.channels.base import Channel, Failure, ParsedEvent, Payload, Received, SendResult
from bot.channels.replies import ReplyWriter
from bot.core.clock import Clock
from bot.core.engine import Engine
from bot.core.models import Reply
from bot.core.outreach.events import QuietEvents, SenderEvents
from bot.core.ports import ConversationStore
from bot.core.privacy import mask_personal_text
from bot.storage.inbox import SqliteInbox, StoredEvent
from bot.storage.outbox import SqliteOutbox

log = logging.getLogger(__name__)

BATCH = 100


class InboxWorker:
    def __init__(
        self,
        channel: Channel,
        inbox: SqliteInbox,
        engine: Engine,
        contacts: ConversationStore,
        outbox: SqliteOutbox,
        clock: Clock,
        *,
        replies_queued: Callable[[], None] = lambda: None,
        events: SenderEvents | None = None,
        concurrency: int = 64,
        poll_seconds: float = 1.0,
    ) -> None:
        self._channel = channel
        self._inbox = inbox
        self._engine = engine
        self._contacts = contacts
        self._outbox = outbox
        self._writer = ReplyWriter(outbox, clock)
        self._clock = clock
        self._replies_queued = replies_queued
        self._events: SenderEvents = events or QuietEvents()
        self._slots = asyncio.Semaphore(concurrency)
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._in_flight: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    def _now(self) -> float:
        return self._clock.now().timestamp()

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            try:
                await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("inbox %s: round failed", self._channel.name)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)

    async def drain_once(self) -> int:
        """Start handling every stored event not yet in hand; returns how many were started."""
        events = await self._inbox.waiting(self._channel.name, BATCH)
        started = 0
        for event in events:
            if event.id in self._in_flight:
                continue
            await self._slots.acquire()
            self._in_flight.add(event.id)
            task = asyncio.create_task(self._handle(event))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            started += 1
        return started

    async def idle(self) -> None:
        """Until every event in hand has been handled (tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self, drain_timeout: float = 5.0) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=drain_timeout)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _handle(self, event: StoredEvent) -> None:
        try:
            try:
                parsed = self._channel.parse(event.payload)
            except Exception:
                log.warning("inbox %s: event %d is not readable; dropped", self._channel.name, event.id)
                await self._inbox.done(event.id)
                return
            log.debug(
                "%s update %d: %d message(s), %d status report(s)",
                self._channel.name,
                event.id,
                len(parsed.messages),
                len(parsed.statuses),
            )
            await self.handle_parsed(parsed)
            await self._inbox.done(event.id)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("inbox %s: event %d failed", self._channel.name, event.id)
            if await self._inbox.failed(event.id):
                log.error("inbox %s: event %d failed too often; dropped", self._channel.name, event.id)
        finally:
            self._in_flight.discard(event.id)
            self._slots.release()

    async def handle_parsed(self, parsed: ParsedEvent) -> None:
        for status in parsed.statuses:
            failure = status.failure
            error = failure.detail if failure is not None else None
            fresh = await self._outbox.record_delivery(status.provider_message_id, status.status, error, self._now())
            if fresh and failure is not None:
                await self._failed_later(status.provider_message_id, failure)
        for change in parsed.reachability:
            await self._set_reachable(change.address, change.reachable)
        for received in parsed.messages:
            await self._handle_message(received)

    async def _handle_message(self, received: Received) -> None:
        for acknowledgement in received.acknowledgements:
            self._acknowledge(acknowledgement)

        async def deliver(contact_id: int | None, replies: Sequence[Reply]) -> None:
            await self._writer.write(self._channel, received.reply_to, contact_id, replies)

        replies = await self._engine.handle(received.inbound, deliver)
        if replies:
            self._replies_queued()

    async def _failed_later(self, provider_message_id: str, failure: SendResult) -> None:
        """A message accepted at first and reported failed afterwards (WhatsApp): act as the sender would."""
        row = await self._outbox.row_for_provider_id(provider_message_id)
        if row is None:
            return
        _id, channel, address, _kind, broadcast_id = row
        if failure.failure is Failure.RECIPIENT_GONE:
            await self._events.recipient_gone(channel, address)
        elif failure.failure is Failure.MARKETING_OPT_OUT:
            await self._events.marketing_refused(channel, address)
        elif failure.failure is Failure.POLICY_BLOCK:
            await self._events.outreach_blocked(channel, failure.detail)
        elif failure.failure is Failure.TEMPLATE_PROBLEM and broadcast_id is not None:
            await self._events.broadcast_failed(int(broadcast_id), failure.detail)

    def _acknowledge(self, payload: Payload) -> None:
        """Best effort, at once, outside the outbox (answering a button press, marking read)."""

        async def send() -> None:
            try:
                await self._channel.send(payload)
            except Exception:
                log.warning("inbox %s: acknowledgement failed", self._channel.name)

        task = asyncio.create_task(send())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _set_reachable(self, address: str, reachable: bool) -> None:
        contact = await self._contacts.get_contact_by_address(self._channel.name, address)
        if contact is None or contact.reachable == reachable:
            return
        await self._contacts.set_reachable(contact.id, reachable)
        if not reachable:
            skipped = await self._outbox.skip_address(self._channel.name, address, "the person blocked the bot")
            await self._contacts.record_event(contact.id, "unreachable", self._channel.name, self._clock.now())
            log.info(
                "inbox %s: %s blocked the bot; %d queued message(s) skipped",
                self._channel.name,
                mask_personal_text(address),
                skipped,
            )
