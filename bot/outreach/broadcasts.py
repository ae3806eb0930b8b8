"""Staff broadcasts: create with a preview (nothing sent), send now or at a time, follow, cancel.

The serving process expands a broadcast whose time has come into one outbox row
per person (`UNIQUE (broadcast_id, contact_id, part)`: a person can never be
queued the same broadcast twice, even if the expansion runs again after a crash)
and marks it done once no row is left queued or sending. It counts as expanded
only when its last page is queued: a process stopped half way expands it again
at its next start. Each page is queued together with a check that the broadcast
is still sending, so a cancel (or a failure) half way stops the expansion too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.channels.whatsapp.templates import WhatsAppTemplate, parameter_values
from bot.core.clock import WIB, Clock
from bot.core.outreach.segments import Segment
from bot.outreach import catalog
from bot.outreach.compose import Composer, Destination, OutreachMessage, RowKeys
from bot.outreach.quiet import QuietHours
from bot.render.templates import Renderer
from bot.rules.parameters import Parameters
from bot.storage.audience import SqliteAudience
from bot.storage.broadcasts import BroadcastRecord, SqliteBroadcasts
from bot.storage.outbox import SqliteOutbox

CHANNEL_CHOICES = ("telegram", "whatsapp", "semua")
MAX_TEXT = 900  # fits a WhatsApp interactive body and a template parameter with room to spare
PAGE = 1000


class BroadcastError(ValueError):
    """Staff asked for something that cannot be sent; the message says why (Indonesian)."""


def _discount_message(sector: str) -> Callable[[Parameters, date], OutreachMessage]:
    def build(params: Parameters, today: date) -> OutreachMessage:
        for campaign in catalog.discount_campaigns(params):
            if campaign.window.sector == sector and today <= campaign.ends_on:
                return catalog.discount_ending(params, campaign, today)
        raise BroadcastError(f"tidak ada potongan iuran yang masih berjalan untuk sektor {sector}")

    return build


# `--template KEY`: ready-made messages whose figures come from the dated parameters.
TEMPLATES: dict[str, Callable[[Parameters, date], OutreachMessage]] = {
    "potongan-berakhir": _discount_message("lainnya"),
    "potongan-berakhir-transportasi": _discount_message("transportasi"),
    "pengingat-iuran": lambda params, today: catalog.bpu_monthly(params, catalog.contribution_month_due(today)),
}


def check_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise BroadcastError("pesan kosong: tulis isi pengumuman, misalnya jadwal sosialisasi")
    if len(cleaned) > MAX_TEXT:
        raise BroadcastError(f"pesan terlalu panjang ({len(cleaned)} huruf); paling banyak {MAX_TEXT}")
    return cleaned


@dataclass(frozen=True, slots=True)
class Preview:
    record: BroadcastRecord
    audience: Mapping[str, int]  # people per channel
    texts: Mapping[str, str]  # what each channel shows (WhatsApp: inside the 24-hour window)
    whatsapp_template: str | None  # what WhatsApp shows outside the window (the approved template)


class Broadcasts:
    def __init__(
        self,
        store: SqliteBroadcasts,
        audience: SqliteAudience,
        outbox: SqliteOutbox,
        renderer: Renderer,
        params: Parameters,
        clock: Clock,
        *,
        whatsapp_templates: Mapping[str, WhatsAppTemplate],
        quiet: QuietHours | None = None,
    ) -> None:
        self._store = store
        self._audience = audience
        self._outbox = outbox
        self._renderer = renderer
        self._params = params
        self._clock = clock
        self._templates = whatsapp_templates
        self._quiet = quiet or QuietHours()

    def message(self, record: BroadcastRecord, today: date | None = None) -> OutreachMessage:
        if record.body is not None:
            return catalog.broadcast_text(record.body)
        build = TEMPLATES.get(record.template_key or "")
        if build is None:
            raise BroadcastError(f"template tidak dikenal {record.template_key!r}; pilih: {', '.join(TEMPLATES)}")
        return build(self._params, today or self._clock.now().astimezone(WIB).date())

    async def create(
        self,
        created_by: str,
        *,
        text: str | None = None,
        template: str | None = None,
        segment: Segment | None = None,
        channels: str = "semua",
        at: datetime | None = None,
    ) -> Preview:
        if (text is None) == (template is None):
            raise BroadcastError("pilih salah satu: isi pesan sendiri atau --template")
        if channels not in CHANNEL_CHOICES:
            raise BroadcastError(f"kanal harus telegram, whatsapp atau semua, bukan {channels!r}")
        body = check_text(text) if text is not None else None
        if template is not None and template not in TEMPLATES:
            raise BroadcastError(f"template tidak dikenal {template!r}; pilih: {', '.join(TEMPLATES)}")
        now = self._clock.now()
        if at is not None and at <= now:
            raise BroadcastError("jadwal sudah lewat: pilih waktu yang akan datang")
        broadcast_id = await self._store.create(
            created_by,
            body=body,
            template_key=template,
            segment=segment or Segment(),
            channels=channels,
            scheduled_at=at.timestamp() if at is not None else None,
            now=now,
        )
        return await self.preview(broadcast_id)

    async def preview(self, broadcast_id: int) -> Preview:
        record = await self._get(broadcast_id)
        message = self.message(record)  # raises early for a template that cannot be filled
        counts = await self._audience.counts(record.segment, record.channel_names)
        texts = {channel: self._renderer.render(message.reply, channel).text for channel in record.channel_names}
        template_text = None
        template = self._templates.get(message.template) if message.template is not None else None
        if "whatsapp" in record.channel_names and template is not None:
            template_text = template.filled(parameter_values(template, message.values))
        return Preview(record, counts, texts, template_text)

    async def send(self, broadcast_id: int, at: datetime | None = None) -> BroadcastRecord:
        """Start it now, or at `at` (or at the time given when it was created)."""
        record = await self._get(broadcast_id)
        when = at.timestamp() if at is not None else record.scheduled_at or self._clock.now().timestamp()
        if not await self._store.schedule(broadcast_id, when):
            raise BroadcastError(f"siaran #{broadcast_id} sudah {record.state}, tidak bisa dikirim lagi")
        return await self._get(broadcast_id)

    async def cancel(self, broadcast_id: int) -> bool:
        return await self._store.cancel(broadcast_id, self._clock.now())

    async def status(self, broadcast_id: int) -> tuple[BroadcastRecord, dict[str, int]]:
        return await self._get(broadcast_id), await self._outbox.counts(broadcast_id=broadcast_id)

    async def audience(self, segment: Segment, channels: tuple[str, ...]) -> dict[str, int]:
        """How many people each channel would reach."""
        return await self._audience.counts(segment, channels)

    async def recent(self, limit: int = 20) -> list[BroadcastRecord]:
        return await self._store.recent(limit)

    async def _get(self, broadcast_id: int) -> BroadcastRecord:
        record = await self._store.get(broadcast_id)
        if record is None:
            raise BroadcastError(f"siaran #{broadcast_id} tidak ada")
        return record

    # --- in the serving process ---------------------------------------------------------
    async def expand_due(self, composer: Composer) -> int:
        """Queue every broadcast whose time has come; returns the rows queued."""
        now = self._clock.now()
        queued = 0
        for record in await self._store.due(now.timestamp()):
            if record.state == "scheduled":
                await self._store.set_state(record.id, "sending", now)
            try:
                message = self.message(record)
            except Exception as exc:
                await self._store.set_state(record.id, "failed", now, f"pesan tidak bisa disusun: {exc}")
                continue
            queued += await self._expand(record, message, composer)
            await self._store.mark_expanded(record.id, self._clock.now())
        return queued

    async def _expand(self, record: BroadcastRecord, message: OutreachMessage, composer: Composer) -> int:
        due = self._quiet.next_allowed(self._clock.now().timestamp())
        after, queued = 0, 0
        keys = RowKeys(broadcast_id=record.id)
        while True:
            page = await self._audience.recipients(
                record.segment, record.channel_names, after_contact_id=after, limit=PAGE
            )
            if not page:
                return queued
            rows = []
            for person in page:
                to = Destination(person.channel, person.address, person.contact_id, person.last_seen_at)
                rows += composer.rows("broadcast", to, message, due, keys)
            async with self._store.transaction():
                if not await self._store.still_sending(record.id):
                    return queued  # cancelled (or failed) meanwhile: nobody else is queued
                queued += await self._outbox.enqueue(rows, self._clock.now().timestamp())
            after = page[-1].contact_id

    async def finish_sent(self) -> list[int]:
        """Broadcasts with nothing left queued or sending are done; returns their ids."""
        done = []
        for record in await self._store.in_progress():
            if await self._store.unfinished_rows(record.id) == 0:
                await self._store.set_state(record.id, "done", self._clock.now())
                done.append(record.id)
        return done
