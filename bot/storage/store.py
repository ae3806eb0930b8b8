"""SQLite implementation of the core's `ConversationStore` (and staff queries)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

from bot.core.models import Contact, FlowState, Inbound
from bot.core.ports import StaffNotification, UnansweredSummary
from bot.core.privacy import mask_personal_text
from bot.storage.address_key import AddressHasher
from bot.storage.db import Database, Row, Transaction

# The inbound log keeps enough text for audit and statistics, not whole essays.
MAX_LOGGED_BODY = 500


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def faq_amounts_from_json(raw: str) -> dict[str, int]:
    """Remembered FAQ amounts ({"wage": 3000000}); anything unreadable is forgotten, not an error."""
    try:
        loaded = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(k): v for k, v in loaded.items() if isinstance(v, int) and not isinstance(v, bool)}


def _contact(row: Row) -> Contact:
    return Contact(
        id=int(row["id"]),
        opted_out=bool(row["opted_out"]),
        source=row["source"],
        reachable=bool(row["reachable"]),
        display_name=row["display_name"],
        outreach=str(row["outreach"]),
        outreach_asked_at=datetime.fromisoformat(row["outreach_asked_at"]) if row["outreach_asked_at"] else None,
    )


_CONTACT_BY_ADDRESS = (
    "SELECT c.* FROM contacts c JOIN contact_addresses a ON a.contact_id = c.id WHERE a.channel = ? AND a.address = ?"
)


# BERHENTI stops what is already waiting too (a broadcast held back by quiet hours, a reminder
# due this morning), not only what would be queued later.
_SKIP_QUEUED_OUTREACH = (
    "UPDATE outbox SET state = 'skipped', error = 'opted_out'"
    " WHERE contact_id = ? AND state = 'queued' AND kind IN ('reminder', 'broadcast')"
)
# "Tidak" to information: broadcasts and the bot's own reminders go; reminders the person asked
# for themselves ("ingatkan saya") stay, the request was its own consent.
_SKIP_QUEUED_INFORMATION = (
    "UPDATE outbox SET state = 'skipped', error = 'declined'"
    " WHERE contact_id = ? AND state = 'queued' AND (kind = 'broadcast' OR (kind = 'reminder'"
    " AND reminder_id IN (SELECT id FROM reminders WHERE kind = 'rule')))"
)


class SqliteStore:
    def __init__(self, db: Database, hasher: AddressHasher) -> None:
        self.db = db
        self._hash = hasher

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """One short write transaction; every store call inside it joins it."""
        async with self.db.transaction():
            yield

    # --- contacts -------------------------------------------------------------
    async def contact_for(
        self, channel: str, address: str, display_name: str | None = None, aliases: Sequence[str] = ()
    ) -> Contact:
        ids = [address, *(a for a in aliases if a and a != address)]
        found = await self.get_contact_by_address(channel, address)
        if found is not None and len(ids) == 1:
            return found
        now = iso(datetime.now().astimezone())
        async with self.db.transaction() as tx:
            # Re-check inside the write lock: another task or process may have created it.
            row = None
            for known in ids:
                row = await tx.fetchone(_CONTACT_BY_ADDRESS, (channel, known))
                if row is not None:
                    break
            if row is None:
                # Someone who said "stop" and then erased their data stays opted out.
                said_stop = await tx.fetchone(
                    "SELECT created_at FROM opt_out_markers WHERE address_hash = ?", (self._hash(channel, address),)
                )
                contact_id = await tx.insert(
                    "INSERT INTO contacts (created_at, display_name, opted_out, opted_out_at) VALUES (?, ?, ?, ?)",
                    (now, display_name, int(said_stop is not None), said_stop["created_at"] if said_stop else None),
                )
                row = await tx.fetchone("SELECT * FROM contacts WHERE id = ?", (contact_id,))
                assert row is not None
            for known in ids:  # a second id of the same person (WhatsApp's business-scoped id) is kept too
                await tx.execute(
                    "INSERT OR IGNORE INTO contact_addresses (channel, address, contact_id, created_at, last_seen_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (channel, known, row["id"], now, now),
                )
        return _contact(row)

    async def get_contact_by_address(self, channel: str, address: str) -> Contact | None:
        row = await self.db.fetchone(_CONTACT_BY_ADDRESS, (channel, address))
        return _contact(row) if row is not None else None

    async def get_contact(self, contact_id: int) -> Contact | None:
        row = await self.db.fetchone("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        return _contact(row) if row is not None else None

    async def set_opt_out(self, contact_id: int, opted_out: bool, now: datetime) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE contacts SET opted_out = ?, opted_out_at = ? WHERE id = ?",
                (int(opted_out), iso(now) if opted_out else None, contact_id),
            )
            if opted_out:
                await tx.execute(_SKIP_QUEUED_OUTREACH, (contact_id,))
            for row in await tx.fetchall(
                "SELECT channel, address FROM contact_addresses WHERE contact_id = ?", (contact_id,)
            ):
                marker = self._hash(str(row["channel"]), str(row["address"]))
                if opted_out:
                    await tx.execute(
                        "INSERT OR IGNORE INTO opt_out_markers (address_hash, created_at) VALUES (?, ?)",
                        (marker, iso(now)),
                    )
                else:
                    await tx.execute("DELETE FROM opt_out_markers WHERE address_hash = ?", (marker,))

    async def set_outreach(self, contact_id: int, answer: str, now: datetime) -> None:
        if answer not in ("yes", "no"):
            raise ValueError(f"outreach answer must be yes or no, not {answer!r}")
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE contacts SET outreach = ?, outreach_at = ?, outreach_asked_at = COALESCE(outreach_asked_at, ?)"
                " WHERE id = ?",
                (answer, iso(now), iso(now), contact_id),
            )
            if answer == "no":
                await tx.execute(_SKIP_QUEUED_INFORMATION, (contact_id,))

    async def mark_outreach_asked(self, contact_id: int, now: datetime) -> None:
        await self.db.execute("UPDATE contacts SET outreach_asked_at = ? WHERE id = ?", (iso(now), contact_id))

    async def record_interest(self, contact_id: int, interest: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO contact_interests (contact_id, interest, first_at, last_at)"
            " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ?)"
            " ON CONFLICT (contact_id, interest) DO UPDATE SET last_at = excluded.last_at",
            (contact_id, interest, iso(now), iso(now), contact_id),
        )

    async def interests(self, contact_id: int) -> frozenset[str]:
        rows = await self.db.fetchall("SELECT interest FROM contact_interests WHERE contact_id = ?", (contact_id,))
        return frozenset(str(r["interest"]) for r in rows)

    async def set_source(self, contact_id: int, source: str, now: datetime) -> None:
        await self.db.execute("UPDATE contacts SET source = COALESCE(source, ?) WHERE id = ?", (source, contact_id))

    async def set_reachable(self, contact_id: int, reachable: bool) -> None:
        await self.db.execute("UPDATE contacts SET reachable = ? WHERE id = ?", (int(reachable), contact_id))

    # --- the inbound log ------------------------------------------------------
    async def is_duplicate(self, inbound: Inbound) -> bool:
        if inbound.external_id is None:
            return False
        row = await self.db.fetchone(
            "SELECT 1 FROM inbound_messages WHERE channel = ? AND external_id = ?",
            (inbound.channel, inbound.external_id),
        )
        return row is not None

    async def record_inbound(self, inbound: Inbound, contact_id: int) -> bool:
        if inbound.button is not None:
            kind, body = "button", inbound.button
        elif inbound.shared_phone is not None:
            kind, body = "contact", mask_personal_text(inbound.shared_phone)
        else:
            kind, body = "text", mask_personal_text((inbound.text or "")[:MAX_LOGGED_BODY])
        async with self.db.transaction() as tx:
            fresh = (
                await tx.execute(
                    "INSERT OR IGNORE INTO inbound_messages"
                    " (channel, external_id, contact_id, received_at, kind, body) VALUES (?, ?, ?, ?, ?, ?)",
                    (inbound.channel, inbound.external_id, contact_id, iso(inbound.received_at), kind, body),
                )
                == 1
            )
            if fresh:
                await tx.execute(
                    "UPDATE contact_addresses SET last_seen_at = ? WHERE channel = ? AND address = ?",
                    (iso(inbound.received_at), inbound.channel, inbound.address),
                )
        return fresh

    # --- conversation state ---------------------------------------------------
    async def load_state(self, contact_id: int) -> FlowState | None:
        row = await self.db.fetchone("SELECT data FROM conversation_state WHERE contact_id = ?", (contact_id,))
        if row is None:
            return None
        try:
            return FlowState.from_json_dict(json.loads(row["data"]))
        except (ValueError, KeyError, TypeError):
            # A state written by an older version we cannot read: start afresh
            # rather than trap the user.
            return None

    async def save_state(self, contact_id: int, state: FlowState | None, now: datetime) -> None:
        if state is None:
            await self.db.execute("DELETE FROM conversation_state WHERE contact_id = ?", (contact_id,))
            return
        await self.db.execute(
            "INSERT INTO conversation_state (contact_id, flow, step, data, updated_at)"
            " SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ?)"
            " ON CONFLICT(contact_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,"
            " data = excluded.data, updated_at = excluded.updated_at",
            (
                contact_id,
                state.flow,
                state.step,
                json.dumps(state.to_json_dict(), ensure_ascii=False),
                iso(now),
                contact_id,
            ),
        )

    # --- FAQ follow-up context -------------------------------------------------
    async def recent_faq_topic(self, contact_id: int, since: datetime) -> str | None:
        """The FAQ topic last answered to this contact, if it was answered at or after `since`."""
        row = await self.db.fetchone(
            "SELECT last_topic, last_topic_at FROM contacts WHERE id = ?",
            (contact_id,),
        )
        if row is None or row["last_topic"] is None or row["last_topic_at"] is None:
            return None
        if datetime.fromisoformat(row["last_topic_at"]) < since:
            return None
        return str(row["last_topic"])

    async def remember_faq_topic(self, contact_id: int, topic: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE contacts SET last_topic = ?, last_topic_at = ? WHERE id = ?",
            (topic, iso(now), contact_id),
        )

    async def recent_faq_amounts(self, contact_id: int, since: datetime) -> dict[str, int]:
        row = await self.db.fetchone(
            "SELECT last_amounts, last_amounts_at FROM contacts WHERE id = ?",
            (contact_id,),
        )
        if row is None or row["last_amounts"] is None or row["last_amounts_at"] is None:
            return {}
        if datetime.fromisoformat(row["last_amounts_at"]) < since:
            return {}
        return faq_amounts_from_json(row["last_amounts"])

    async def remember_faq_amounts(self, contact_id: int, amounts: Mapping[str, int], now: datetime) -> None:
        await self.db.execute(
            "UPDATE contacts SET last_amounts = ?, last_amounts_at = ? WHERE id = ?",
            (json.dumps(dict(amounts)), iso(now), contact_id),
        )

    # --- audit and questions -------------------------------------------------
    async def record_event(self, contact_id: int | None, kind: str, detail: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO events (contact_id, kind, detail, at) VALUES (?, ?, ?, ?)",
            (contact_id, kind, detail, iso(now)),
        )

    async def events(self, kind: str, limit: int = 100) -> list[tuple[int | None, str, str]]:
        rows = await self.db.fetchall(
            "SELECT contact_id, detail, at FROM events WHERE kind = ? ORDER BY id DESC LIMIT ?", (kind, limit)
        )
        return [(r["contact_id"], str(r["detail"]), str(r["at"])) for r in rows]

    async def notify_staff(self, key: str, context: Mapping[str, str | int | bool], now: datetime) -> None:
        contact = context.get("contact_id")
        await self.db.execute(
            "INSERT INTO staff_notifications (kind, payload, created_at, contact_id)"
            " VALUES (?, ?, ?, (SELECT id FROM contacts WHERE id = ?))",
            (
                key,
                json.dumps(dict(context), ensure_ascii=False),
                iso(now),
                contact if isinstance(contact, int) else None,
            ),
        )

    async def pending_staff_notifications(self, limit: int) -> list[StaffNotification]:
        rows = await self.db.fetchall(
            "SELECT n.id, n.kind, n.payload, COALESCE(l.contact_id, json_extract(n.payload, '$.contact_id')) AS about"
            " FROM staff_notifications n LEFT JOIN leads l ON l.id = n.lead_id"
            " WHERE n.expanded_at IS NULL ORDER BY n.id LIMIT ?",
            (limit,),
        )
        return [
            StaffNotification(
                int(r["id"]),
                str(r["kind"]),
                json.loads(r["payload"] or "{}"),
                int(r["about"]) if r["about"] is not None else None,
            )
            for r in rows
        ]

    async def mark_staff_notification_queued(self, notification_id: int, now: datetime) -> None:
        """Its outbox rows exist now (written in the same transaction by the caller)."""
        await self.db.execute(
            "UPDATE staff_notifications SET expanded_at = ? WHERE id = ?", (iso(now), notification_id)
        )

    async def log_unanswered(self, text: str, channel: str, now: datetime, contact_id: int | None = None) -> None:
        await self.db.execute(
            "INSERT INTO unanswered (text, channel, asked_at, contact_id) VALUES (?, ?, ?, ?)",
            (" ".join(mask_personal_text(text).split())[:MAX_LOGGED_BODY], channel, iso(now), contact_id),
        )

    async def recent_unanswered(self, contact_id: int, since: datetime) -> str | None:
        row = await self.db.fetchone(
            "SELECT text, asked_at FROM unanswered WHERE contact_id = ? ORDER BY id DESC LIMIT 1", (contact_id,)
        )
        if row is None or datetime.fromisoformat(row["asked_at"]) < since:
            return None
        return str(row["text"])

    async def top_unanswered(self, limit: int = 20) -> list[UnansweredSummary]:
        """Most frequent unanswered questions (case folded; spacing was folded when logged)."""
        rows = await self.db.fetchall(
            "SELECT MIN(text) AS text, COUNT(*) AS n, MAX(asked_at) AS last FROM unanswered"
            " GROUP BY lower(text) ORDER BY n DESC, last DESC LIMIT ?",
            (limit,),
        )
        return [UnansweredSummary(str(r["text"]), int(r["n"]), datetime.fromisoformat(r["last"])) for r in rows]


async def erase_contact(tx: Transaction, contact_id: int) -> None:
    """Everything about one contact, everywhere; only an opt-out marker (a keyed hash) may stay."""
    # Staff notifications about the person's leads, or naming the person (human requests).
    await tx.execute(
        "DELETE FROM staff_notifications WHERE lead_id IN (SELECT id FROM leads WHERE contact_id = ?)"
        " OR json_extract(payload, '$.reference') IN (SELECT reference FROM leads WHERE contact_id = ?)"
        " OR json_extract(payload, '$.contact_id') = ?",
        (contact_id, contact_id, contact_id),
    )
    # Messages to others about them (staff notices, relayed messages, lead cards), queued or sent.
    await tx.execute("DELETE FROM outbox WHERE about_contact_id = ?", (contact_id,))
    for table in (
        "outbox",  # queued messages to them, and the copies of what was sent
        "reminders",
        "human_requests",
        "contact_interests",
        "leads",
        "registration_drafts",
        "conversation_state",
        "inbound_messages",
        "unanswered",
        "events",
        "contact_addresses",
    ):
        await tx.execute(f"DELETE FROM {table} WHERE contact_id = ?", (contact_id,))
    await tx.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
