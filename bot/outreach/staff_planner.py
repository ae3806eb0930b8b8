"""The broadcast wizard's planner (bot/core/staff/broadcast_wizard.py) over the outreach services."""

from __future__ import annotations

from bot.core.clock import Clock
from bot.core.outreach.segments import SegmentError, parse_segment
from bot.core.staff.broadcast_wizard import BroadcastPlanner, BroadcastPreview
from bot.core.staff.ports import StaffStore
from bot.outreach import catalog
from bot.outreach.broadcasts import BroadcastError, Broadcasts, check_text
from bot.render.templates import Renderer


def _names(channels: str) -> tuple[str, ...]:
    return ("telegram", "whatsapp") if channels == "semua" else (channels,)


class OutreachPlanner:
    def __init__(self, broadcasts: Broadcasts, renderer: Renderer, audit: StaffStore, clock: Clock) -> None:
        self._broadcasts = broadcasts
        self._renderer = renderer
        self._audit = audit
        self._clock = clock

    def text_problem(self, text: str) -> str | None:
        try:
            check_text(text)
        except BroadcastError as exc:
            return str(exc)
        return None

    def segment_problem(self, segment: str) -> str | None:
        try:
            parse_segment(segment)
        except SegmentError as exc:
            return str(exc)
        return None

    async def preview(self, text: str, segment: str, channels: str) -> BroadcastPreview:
        counts = await self._broadcasts.audience(parse_segment(segment), _names(channels))
        shown = self._renderer.render(catalog.broadcast_text(check_text(text)).reply, "telegram").text
        return BroadcastPreview(dict(counts), shown)

    async def send(self, actor: str, text: str, segment: str, channels: str) -> tuple[int, int]:
        preview = await self._broadcasts.create(actor, text=text, segment=parse_segment(segment), channels=channels)
        record = await self._broadcasts.send(preview.record.id)
        await self._audit.audit(actor, "broadcast_send", f"#{record.id}", f"chat, {channels}", self._clock.now())
        return record.id, sum(preview.audience.values())


def _is_planner(planner: OutreachPlanner) -> BroadcastPlanner:
    return planner
