"""Reminder rules: what falls due now becomes outbox rows, at most once per occurrence.

SQLite is the source of truth (no job store): each rule is re-evaluated on every
scheduler tick over the stored reminders, states and leads, and the outbox's
`UNIQUE (reminder_id, occurrence, part)` makes a second copy impossible. So a
restart catches up whatever was missed, within each rule's "too old" limit:

1. monthly BPU contribution reminder (people who asked): from its day of the month
   until the 15th (the deadline); after the 15th that month's is skipped;
2. one follow-up for a registration left midway (people who said yes to reminders):
   after 24 hours of silence, not after 72;
3. a week before a temporary discount ends, to people who said yes and looked at
   BPU contributions (transport: the transport window): until the discount ends;
4. "ingatkan saya" on the chosen day (from 08:00 WIB): up to 3 days late, after that
   it is recorded as skipped;
5. staff: a lead still `new` two working days after it came in: once per lead.
Outreach never falls in quiet hours: a row due then waits for the morning,
spread over the first hour so replies to live conversations keep going first.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime, time, timedelta

from bot.core.clock import WIB, Clock
from bot.outreach import catalog
from bot.outreach.compose import Composer, Destination, OutreachMessage, RowKeys
from bot.outreach.quiet import QuietHours
from bot.outreach.staff_notify import StaffNotifier
from bot.outreach.template_values import template_values
from bot.rules.parameters import Parameters
from bot.storage.audience import Recipient, SqliteAudience
from bot.storage.outbox import SqliteOutbox
from bot.storage.reminders import SqliteReminders

log = logging.getLogger(__name__)

FOLLOW_UP_AFTER = timedelta(hours=24)
FOLLOW_UP_UNTIL = timedelta(hours=72)
PERSONAL_GRACE_DAYS = 3
PERSONAL_HOUR = time(8, 0)
STAFF_WORKING_DAYS = 2
SPREAD_SECONDS = 3600  # outreach held back by quiet hours leaves over the first hour


def add_working_days(start: datetime, days: int) -> datetime:
    """`days` working days (Monday to Friday) after `start`. Public holidays are not known here."""
    moment = start
    while days > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def spread(contact_id: int, seconds: int = SPREAD_SECONDS) -> float:
    """A stable offset per person, so a morning's reminders do not all leave at 07:00:00."""
    digest = hashlib.blake2b(str(contact_id).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % seconds


class ReminderRules:
    def __init__(
        self,
        reminders: SqliteReminders,
        audience: SqliteAudience,
        outbox: SqliteOutbox,
        staff: StaffNotifier,
        params: Parameters,
        clock: Clock,
        *,
        channels: tuple[str, ...],
        quiet: QuietHours | None = None,
    ) -> None:
        self._reminders = reminders
        self._audience = audience
        self._outbox = outbox
        self._staff = staff
        self._params = params
        self._clock = clock
        self._channels = channels
        self._quiet = quiet or QuietHours()

    def _due(self, earliest: float, contact_id: int) -> float:
        """When an outreach row may go: not before `earliest`, never in quiet hours."""
        if self._quiet.is_quiet(earliest):
            return self._quiet.next_allowed(earliest) + spread(contact_id)
        return earliest

    async def _person(self, contact_id: int, *, consent: bool) -> Recipient | None:
        """Where to reach one person, or None (stopped, unreachable, or no yes when one is needed)."""
        return await self._audience.person(contact_id, self._channels, consent_required=consent)

    async def _queue(
        self, person: Recipient, message: OutreachMessage, due: float, keys: RowKeys, composer: Composer
    ) -> int:
        to = Destination(person.channel, person.address, person.contact_id, person.last_seen_at)
        rows = composer.rows("reminder", to, message, due, keys)
        return await self._outbox.enqueue(rows, self._clock.now().timestamp())

    async def run(self, composer: Composer) -> int:
        queued = 0
        for rule in (self.personal, self.monthly, self.registration_follow_ups, self.campaigns, self.staff_leads):
            try:
                queued += await rule(composer)
            except Exception:
                log.exception("reminder rule %s failed; the next tick tries again", rule.__name__)
        return queued

    # --- 4. "ingatkan saya" -------------------------------------------------------------
    async def personal(self, composer: Composer) -> int:
        now = self._clock.now()
        today = now.astimezone(WIB).date()
        queued = 0
        for reminder in await self._reminders.personal_due(today):
            occurrence = reminder.due_on.isoformat()
            keys = RowKeys(reminder_id=reminder.id, occurrence=occurrence)
            person = await self._person(reminder.contact_id, consent=False)
            if person is not None:
                message = catalog.personal_reminder(reminder.topic)
                if today - reminder.due_on > timedelta(days=PERSONAL_GRACE_DAYS):
                    to = Destination(person.channel, person.address, person.contact_id, person.last_seen_at)
                    await self._outbox.enqueue(
                        [composer.skipped("reminder", to, now.timestamp(), keys, "too old: the bot was not running")],
                        now.timestamp(),
                    )
                else:
                    start = datetime.combine(reminder.due_on, PERSONAL_HOUR, WIB).timestamp()
                    due = self._due(max(start, now.timestamp()), reminder.contact_id)
                    queued += await self._queue(person, message, due, keys, composer)
            await self._reminders.finish(reminder.id)
        return queued

    # --- 1. the monthly BPU reminder ------------------------------------------------------
    async def monthly(self, composer: Composer) -> int:
        now = self._clock.now()
        today = now.astimezone(WIB).date()
        if today.day > catalog.DEADLINE_DAY:
            return 0  # this month's deadline has passed: too old
        month = today.replace(day=1)
        message = catalog.bpu_monthly(self._params, month)
        queued = 0
        for reminder in await self._reminders.monthly(today.day):
            person = await self._person(reminder.contact_id, consent=False)
            if person is None:
                continue
            keys = RowKeys(reminder_id=reminder.id, occurrence=month.strftime("%Y-%m"))
            queued += await self._queue(
                person, message, self._due(now.timestamp(), reminder.contact_id), keys, composer
            )
        return queued

    # --- 2. one follow-up for a registration left midway -----------------------------------
    async def registration_follow_ups(self, composer: Composer) -> int:
        now = self._clock.now()
        rule = await self._reminders.rule_id("registration_follow_up", now)
        message = catalog.registration_follow_up()
        queued = 0
        for idle in await self._reminders.idle_registrations(now - FOLLOW_UP_AFTER, now - FOLLOW_UP_UNTIL):
            person = await self._person(idle.contact_id, consent=True)
            if person is None:
                continue
            keys = RowKeys(reminder_id=rule, occurrence=f"{idle.contact_id}:{idle.updated_at.isoformat()}")
            queued += await self._queue(person, message, self._due(now.timestamp(), idle.contact_id), keys, composer)
        return queued

    # --- 3. a discount about to end -----------------------------------------------------
    async def campaigns(self, composer: Composer) -> int:
        now = self._clock.now()
        today = now.astimezone(WIB).date()
        queued = 0
        for campaign in catalog.discount_campaigns(self._params):
            if not campaign.send_on <= today <= campaign.ends_on:
                continue
            rule = await self._reminders.rule_id(campaign.key, now)
            message = catalog.discount_ending(self._params, campaign, today)
            after = 0
            while True:
                page = await self._audience.recipients_interested(campaign.interest, self._channels, after)
                if not page:
                    break
                for person in page:
                    keys = RowKeys(reminder_id=rule, occurrence=f"{person.contact_id}")
                    due = self._due(now.timestamp(), person.contact_id)
                    queued += await self._queue(person, message, due, keys, composer)
                after = page[-1].contact_id
        return queued

    # --- 5. staff: a lead not contacted after two working days ---------------------------------
    async def staff_leads(self, composer: Composer) -> int:
        if not self._staff.destinations:
            return 0
        now = self._clock.now()
        rule = await self._reminders.rule_id("staff_lead_waiting", now)
        queued = 0
        # Any lead created more than two working days ago is certainly older than 2 calendar days.
        for lead in await self._reminders.waiting_leads(now - timedelta(days=STAFF_WORKING_DAYS)):
            if add_working_days(lead.created_at.astimezone(WIB), STAFF_WORKING_DAYS) > now:
                continue
            message = catalog.staff_lead_waiting(
                lead.reference,
                lead.created_at.astimezone(WIB).strftime("%d-%m-%Y %H:%M"),
                template_values().role(lead.role),
                template_values().area(lead.area),
            )
            queued += await self._staff.lead_waiting(composer, rule, lead.id, message, now)
        return queued


def first_of_month(day: date) -> date:
    return day.replace(day=1)
