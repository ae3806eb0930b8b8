"""How long message texts are kept (UU 27/2022: no longer than the purpose needs).

- Inbound log: the row stays (its external id de-duplicates redeliveries, kind
  and time feed statistics) but the text is blanked after
  `inbound_retention_days` (default 30).
- Outbox: a message's rendered copy (a reply may repeat a name, a staff notice
  carries a lead's phone number) is blanked `outbox_days` (default 7) after it
  was sent or given up; the row stays for counts and delivery reports.
- Unanswered questions: staff read them with `faq unanswered` to decide what to
  add to the knowledge, ranked by how often they were asked, so they are kept
  longer — `unanswered_retention_days` (default 90, a quarter of reviews) — and
  then deleted: a question without its text ranks nothing.

- Sums of money named in FAQ questions ("gaji saya 3 juta"), kept on the
  contact row to work out a follow-up's figures, are blanked once older than
  `FAQ_CONTEXT_TTL` (the conversation no longer uses them after that anyway).

Both texts were masked when written (`mask_personal_text`), yet free text can
still hold a name or an address, hence the limits. `PRAGMA secure_delete` (set
when the database opens) overwrites the freed bytes, and a checkpoint after each
purge moves the change into the database file and empties the WAL.

`retention_job` runs at start-up of `run` and `chat`, and is the daily job for
the scheduler.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config import Settings
from bot.core.clock import Clock
from bot.core.ports import FAQ_CONTEXT_TTL
from bot.storage.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    inbound_days: int = 30
    unanswered_days: int = 90
    outbox_days: int = 7

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        return cls(settings.inbound_retention_days, settings.unanswered_retention_days, settings.outbox_retention_days)


@dataclass(frozen=True, slots=True)
class PurgeResult:
    inbound_texts_cleared: int
    unanswered_deleted: int
    outbox_copies_cleared: int = 0
    faq_amounts_cleared: int = 0


def _cutoff(now: datetime, age: timedelta) -> str:
    return (now - age).isoformat(timespec="seconds")


async def purge_expired(db: Database, now: datetime, policy: RetentionPolicy) -> PurgeResult:
    """Blank inbound texts and delete unanswered questions older than the policy allows.

    Times are stored as ISO 8601 with an offset; julianday() compares them as instants.
    """
    cleared = await db.execute(
        "UPDATE inbound_messages SET body = NULL WHERE body IS NOT NULL AND julianday(received_at) < julianday(?)",
        (_cutoff(now, timedelta(days=policy.inbound_days)),),
    )
    deleted = await db.execute(
        "DELETE FROM unanswered WHERE julianday(asked_at) < julianday(?)",
        (_cutoff(now, timedelta(days=policy.unanswered_days)),),
    )
    copies = await db.execute(
        "UPDATE outbox SET payload = '{}' WHERE state IN ('sent', 'failed', 'skipped', 'unknown')"
        " AND payload != '{}' AND COALESCE(sent_at, created_at) < ?",
        ((now - timedelta(days=policy.outbox_days)).timestamp(),),
    )
    # Sums of money named in FAQ questions serve a follow-up for minutes; none outlives a day's purge.
    amounts = await db.execute(
        "UPDATE contacts SET last_amounts = NULL, last_amounts_at = NULL"
        " WHERE last_amounts IS NOT NULL AND julianday(last_amounts_at) < julianday(?)",
        (_cutoff(now, FAQ_CONTEXT_TTL),),
    )
    if cleared or deleted or copies or amounts:
        # Copy the overwritten pages into the database file now and empty the WAL, so the
        # old texts do not linger in either until the next automatic checkpoint.
        await db.fetchone("PRAGMA wal_checkpoint(TRUNCATE)")
    return PurgeResult(cleared, deleted, copies, amounts)


async def retention_job(db: Database, clock: Clock, policy: RetentionPolicy) -> PurgeResult:
    """The scheduled form: purge as of now, and say how much went."""
    result = await purge_expired(db, clock.now(), policy)
    log.info(
        "retention: %d inbound text(s) blanked, %d unanswered question(s) deleted, %d sent message copies blanked,"
        " %d remembered FAQ amount(s) blanked",
        result.inbound_texts_cleared,
        result.unanswered_deleted,
        result.outbox_copies_cleared,
        result.faq_amounts_cleared,
    )
    return result
