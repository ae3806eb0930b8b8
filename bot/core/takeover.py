"""A person asks for a human; a staff member takes the conversation over through the bot.

"PETUGAS" (or "mau bicara dengan orang", "admin", ...) opens one request per person
and alerts staff once, with a button to take it; asking again only says it is
already with us. Whoever takes it talks with the person through the bot: the
person's messages go to the staff member's private chat and the staff member's go
back, marked as from a staff member, while the bot says nothing to the person.
It ends when the staff member types /selesai, or after 24 hours without a message.
Outside office hours the person is told when staff work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core import choices as menu
from bot.core.clock import WIB
from bot.core.flows.base import FlowContext
from bot.core.models import Choice, FlowState, Reply
from bot.core.ports import ConversationStore

SILENCE_ENDS_AFTER = timedelta(hours=24)
# Who takes a conversation sees what the person wrote before asking, so they need not ask again.
CONTEXT_WINDOW = timedelta(hours=24)
CONTEXT_MESSAGES = 5
MAX_ALERTS_PER_DAY = 3  # a person cannot flood staff: further requests that day are noted, not raised
# A request nobody took in this many working days is closed and the person told where else to turn,
# rather than left waiting for ever (and unable to raise a fresh alert).
UNTAKEN_EXPIRES_WORKING_DAYS = 3
TAKE_PREFIX = "hr:take:"
STAFF_HUMAN_REQUEST = "core/staff_human_request"


@dataclass(frozen=True, slots=True)
class HumanRequest:
    id: int
    contact_id: int
    channel: str
    address: str
    state: str  # open, taken, closed
    taken_by: str | None
    opened_at: datetime
    last_activity_at: datetime

    @property
    def staff_channel(self) -> str:
        return (self.taken_by or ":").partition(":")[0]

    @property
    def staff_address(self) -> str:
        return (self.taken_by or ":").partition(":")[2]


class HumanRequestStore(Protocol):
    async def current(self, contact_id: int) -> HumanRequest | None:
        """The person's request that is not closed, if any."""
        ...

    async def opened_since(self, contact_id: int, since: datetime) -> int: ...

    async def open(self, contact_id: int, channel: str, address: str, now: datetime) -> HumanRequest: ...

    async def get(self, request_id: int) -> HumanRequest | None: ...

    async def take(self, request_id: int, staff: str, now: datetime) -> HumanRequest | None:
        """Give an open request to `staff`; None if it is gone or someone else has it."""
        ...

    async def held_by(self, staff: str) -> HumanRequest | None:
        """The conversation `staff` is holding now, if any."""
        ...

    async def touch(self, request_id: int, now: datetime) -> None: ...

    async def close(self, request_id: int, reason: str, now: datetime) -> None: ...

    async def waiting(self, limit: int) -> list[HumanRequest]:
        """Open requests nobody took yet, oldest first."""
        ...

    async def untaken_since(self, before: datetime) -> list[HumanRequest]:
        """Open requests nobody has taken, opened before `before`."""
        ...

    async def silent_since(self, before: datetime) -> list[HumanRequest]:
        """Taken conversations with no message since `before`."""
        ...

    async def recent_texts(self, contact_id: int, since: datetime, limit: int) -> list[tuple[datetime, str]]:
        """What the person typed lately, oldest first, as logged (NIK and phone numbers masked)."""
        ...


class Courier(Protocol):
    async def send(self, channel: str, address: str, contact_id: int | None, replies: Sequence[Reply]) -> None:
        """Queue `replies` to another chat than the one being answered (in the same transaction)."""
        ...


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """When staff answer: weekdays (Monday 0) and hours, Asia/Jakarta; a branch setting."""

    days: frozenset[int] = frozenset(range(5))
    start: int = 8
    end: int = 16

    @classmethod
    def parse(cls, spec: str) -> OfficeHours:
        """'08-16' (Monday to Friday); ValueError for anything else."""
        start, sep, end = spec.strip().partition("-")
        if not sep or not start.strip().isdigit() or not end.strip().isdigit():
            raise ValueError(f"jam kerja harus seperti 08-16, bukan {spec!r}")
        hours = cls(start=int(start), end=int(end))
        if not 0 <= hours.start < hours.end <= 24:
            raise ValueError(f"jam kerja harus seperti 08-16, bukan {spec!r}")
        return hours

    def open_at(self, moment: datetime) -> bool:
        local = moment.astimezone(WIB)
        return local.weekday() in self.days and self.start <= local.hour < self.end


class Takeover:
    def __init__(
        self,
        requests: HumanRequestStore,
        store: ConversationStore,
        courier: Courier | None,
        office: OfficeHours | None = None,
    ) -> None:
        self._requests = requests
        self._store = store
        self.courier = courier  # None where nothing can be relayed (the terminal); set by `run`
        self._office = office or OfficeHours()

    @property
    def relays(self) -> bool:
        """Whether conversations can be relayed here (channels to send through)."""
        return self.courier is not None

    # --- the person ------------------------------------------------------------------
    async def ask_for_human(self, ctx: FlowContext, state: FlowState | None) -> list[Reply]:
        contact = ctx.contact
        office = {"office_open": self._office.open_at(ctx.now), "hours": self._hours()}
        existing = await self._requests.current(contact.id)
        if existing is not None:
            key = "core/human_taken" if existing.state == "taken" else "core/human_already"
            return [Reply(key, office, choices=menu.main_menu())]
        await self._store.record_event(contact.id, "human_requested", ctx.inbound.channel, ctx.now)
        recent = await self._requests.opened_since(contact.id, ctx.now - timedelta(days=1))
        request = await self._requests.open(contact.id, ctx.inbound.channel, ctx.inbound.address, ctx.now)
        if recent < MAX_ALERTS_PER_DAY:
            await self._store.notify_staff(STAFF_HUMAN_REQUEST, self._alert(ctx, state, request), ctx.now)
        return [Reply("core/human", office, choices=menu.main_menu())]

    def _hours(self) -> str:
        return f"{self._office.start:02d}.00–{self._office.end:02d}.00"

    @staticmethod
    def _alert(ctx: FlowContext, state: FlowState | None, request: HumanRequest) -> dict[str, str | int | bool]:
        """What the staff group sees: no phone number or NIK (details come when taking it)."""
        return {
            "request_id": request.id,
            "channel": ctx.inbound.channel,
            "name": ctx.contact.display_name or "",
            "contact_id": ctx.contact.id,
            "at": ctx.now.astimezone(WIB).strftime("%d-%m-%Y %H:%M"),
            "flow": f"{state.flow}:{state.step}" if state is not None else "",
        }

    async def relay_from_person(self, ctx: FlowContext) -> list[Reply] | None:
        """While a staff member holds the conversation, the person's message goes to them."""
        if self.courier is None:
            return None
        request = await self._requests.current(ctx.contact.id)
        if request is None or request.state != "taken":
            return None
        inbound = ctx.inbound
        said = inbound.text or inbound.button or inbound.shared_phone or f"({inbound.unsupported or 'pesan'})"
        relay = Reply("staff/relay_from_person", {"request_id": request.id, "text": said}, about=ctx.contact.id)
        await self.courier.send(request.staff_channel, request.staff_address, None, [relay])
        await self._requests.touch(request.id, ctx.now)
        return []  # the bot itself stays silent

    # --- the staff member -----------------------------------------------------------------
    async def take(self, ctx: FlowContext, staff: str, request_id: int) -> list[Reply]:
        held = await self._requests.held_by(staff)
        if held is not None and held.id != request_id:
            return [Reply("staff/takeover_busy", {"request_id": held.id})]
        request = await self._requests.take(request_id, staff, ctx.now)
        if request is None:
            return [Reply("staff/takeover_gone", {"request_id": request_id})]
        contact = await self._store.get_contact(request.contact_id)
        recent = await self._requests.recent_texts(request.contact_id, ctx.now - CONTEXT_WINDOW, CONTEXT_MESSAGES)
        if self.courier is not None:
            await self.courier.send(request.channel, request.address, request.contact_id, [Reply("core/human_now")])
        return [
            Reply(
                "staff/takeover_started",
                {
                    "request_id": request.id,
                    "channel": request.channel,
                    "name": (contact.display_name if contact else None) or "",
                    "relays": self.relays,
                    "recent": [{"at": at.astimezone(WIB).strftime("%H:%M"), "text": text} for at, text in recent],
                },
                choices=(Choice(BTN_END, "label.staff.takeover_end"),),
                about=request.contact_id,
            )
        ]

    async def from_staff(self, ctx: FlowContext, staff: str) -> list[Reply] | None:
        """A staff member's plain message while holding a conversation: it goes to the person."""
        request = await self._requests.held_by(staff)
        if request is None or self.courier is None:
            return None
        text = ctx.inbound.text or ""
        if not text.strip():
            return [Reply("staff/takeover_text_only")]
        await self.courier.send(
            request.channel, request.address, request.contact_id, [Reply("core/from_staff", {"text": text})]
        )
        await self._requests.touch(request.id, ctx.now)
        return []

    async def end(self, ctx: FlowContext, staff: str) -> list[Reply]:
        request = await self._requests.held_by(staff)
        if request is None:
            return [Reply("staff/takeover_none")]
        await self._requests.close(request.id, "staff", ctx.now)
        if self.courier is not None:
            await self.courier.send(
                request.channel,
                request.address,
                request.contact_id,
                [Reply("core/human_ended", choices=menu.main_menu())],
            )
        return [Reply("staff/takeover_ended", {"request_id": request.id})]


BTN_END = "hr:end"
