"""SQLite implementation of the core's `ConversationStore` (and staff queries)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.core.models import Contact, FlowState, Inbound
from bot.core.privacy import mask_personal_text
from bot.storage.db import Database

# The inbound log keeps enough text for audit and statistics, not whole essays.
MAX_LOGGED_BODY = 500


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _contact(row: aiosqlite.Row) -> Contact:
    return Contact(
        id=int(row["id"]),
        opted_out=bool(row["opted_out"]),
        source=row["source"],
        reachable=bool(row["reachable"]),
        display_name=row["display_name"],
    )


@dataclass(frozen=True, slots=True)
class UnansweredSummary:
    text: str
    count: int
    last_asked: datetime


class SqliteStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- contacts -------------------------------------------------------------
    async def contact_for(self, channel: str, address: str, display_name: str | None = None) -> Contact:
        now = _iso(datetime.now().astimezone())
        row = await self.db.fetchone(
            "SELECT c.* FROM contacts c JOIN contact_addresses a ON a.contact_id = c.id"
            " WHERE a.channel = ? AND a.address = ?",
            (channel, address),
        )
        if row is not None:
            return _contact(row)
        async with self.db.transaction() as conn:
            # Re-check inside the write lock: another task may have created it.
            cursor = await conn.execute(
                "SELECT contact_id FROM contact_addresses WHERE channel = ? AND address = ?", (channel, address)
            )
            existing = await cursor.fetchone()
            if existing is None:
                cursor = await conn.execute(
                    "INSERT INTO contacts (created_at, display_name) VALUES (?, ?)", (now, display_name)
                )
                contact_id = cursor.lastrowid
                await conn.execute(
                    "INSERT INTO contact_addresses (channel, address, contact_id, created_at, last_seen_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (channel, address, contact_id, now, now),
                )
        found = await self.get_contact_by_address(channel, address)
        assert found is not None
        return found

    async def get_contact_by_address(self, channel: str, address: str) -> Contact | None:
        row = await self.db.fetchone(
            "SELECT c.* FROM contacts c JOIN contact_addresses a ON a.contact_id = c.id"
            " WHERE a.channel = ? AND a.address = ?",
            (channel, address),
        )
        return _contact(row) if row is not None else None

    async def get_contact(self, contact_id: int) -> Contact | None:
        row = await self.db.fetchone("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        return _contact(row) if row is not None else None

    async def set_opt_out(self, contact_id: int, opted_out: bool, now: datetime) -> None:
        await self.db.execute(
            "UPDATE contacts SET opted_out = ?, opted_out_at = ? WHERE id = ?",
            (int(opted_out), _iso(now) if opted_out else None, contact_id),
        )

    async def set_source(self, contact_id: int, source: str, now: datetime) -> None:
        await self.db.execute("UPDATE contacts SET source = COALESCE(source, ?) WHERE id = ?", (source, contact_id))

    async def set_reachable(self, contact_id: int, reachable: bool) -> None:
        await self.db.execute("UPDATE contacts SET reachable = ? WHERE id = ?", (int(reachable), contact_id))

    async def record_inbound(self, inbound: Inbound, contact_id: int) -> bool:
        if inbound.button is not None:
            kind, body = "button", inbound.button
        elif inbound.shared_phone is not None:
            kind, body = "contact", mask_personal_text(inbound.shared_phone)
        else:
            kind, body = "text", mask_personal_text((inbound.text or "")[:MAX_LOGGED_BODY])
        fresh = (
            await self.db.execute(
                "INSERT OR IGNORE INTO inbound_messages (channel, external_id, contact_id, received_at, kind, body)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (inbound.channel, inbound.external_id, contact_id, _iso(inbound.received_at), kind, body),
            )
            == 1
        )
        if fresh:  # last_seen_at is informational: it need not be atomic with the log row
            await self.db.execute(
                "UPDATE contact_addresses SET last_seen_at = ? WHERE channel = ? AND address = ?",
                (_iso(inbound.received_at), inbound.channel, inbound.address),
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
            "INSERT INTO conversation_state (contact_id, flow, step, data, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(contact_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,"
            " data = excluded.data, updated_at = excluded.updated_at",
            (contact_id, state.flow, state.step, json.dumps(state.to_json_dict(), ensure_ascii=False), _iso(now)),
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
            (topic, _iso(now), contact_id),
        )

    # --- audit and questions -------------------------------------------------
    async def record_event(self, contact_id: int | None, kind: str, detail: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO events (contact_id, kind, detail, at) VALUES (?, ?, ?, ?)",
            (contact_id, kind, detail, _iso(now)),
        )

    async def events(self, kind: str, limit: int = 100) -> list[tuple[int | None, str, str]]:
        rows = await self.db.fetchall(
            "SELECT contact_id, detail, at FROM events WHERE kind = ? ORDER BY id DESC LIMIT ?", (kind, limit)
        )
        return [(r["contact_id"], str(r["detail"]), str(r["at"])) for r in rows]

    async def notify_staff(self, key: str, context: Mapping[str, str | int | bool], now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO staff_notifications (kind, payload, created_at) VALUES (?, ?, ?)",
            (key, json.dumps(dict(context), ensure_ascii=False), _iso(now)),
        )

    async def log_unanswered(self, text: str, channel: str, now: datetime, contact_id: int | None = None) -> None:
        await self.db.execute(
            "INSERT INTO unanswered (text, channel, asked_at, contact_id) VALUES (?, ?, ?, ?)",
            (" ".join(text.split())[:MAX_LOGGED_BODY], channel, _iso(now), contact_id),
        )

    async def top_unanswered(self, limit: int = 20) -> list[UnansweredSummary]:
        """Most frequent unanswered questions (case folded; spacing was folded when logged)."""
        rows = await self.db.fetchall(
            "SELECT MIN(text) AS text, COUNT(*) AS n, MAX(asked_at) AS last FROM unanswered"
            " GROUP BY lower(text) ORDER BY n DESC, last DESC LIMIT ?",
            (limit,),
        )
        return [UnansweredSummary(str(r["text"]), int(r["n"]), datetime.fromisoformat(r["last"])) for r in rows]
