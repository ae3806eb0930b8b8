"""SQLite implementation of the registration ports: leads, drafts, staff
notifications, and a person's right to see and erase their data."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from bot.core.flows.registration.ports import (
    MAX_LEAD_NOTICES_PER_DAY,
    STAFF_NEW_LEAD_KIND,
    LeadInput,
    PersonalData,
    SavedLead,
    StoredLead,
)
from bot.storage.db import Database, Row
from bot.storage.store import erase_contact, iso

REFERENCE_PREFIX = "BLT"
_LEAD_COLUMNS = tuple(f.name for f in fields(LeadInput))


def reference_for(year: int, lead_id: int) -> str:
    """BLT-2026-000123: the branch, the year, the lead number."""
    return f"{REFERENCE_PREFIX}-{year}-{lead_id:06d}"


def _stored(row: Row) -> StoredLead:
    values: dict[str, Any] = {name: row[name] for name in _LEAD_COLUMNS}
    values["employer_lead"] = bool(values["employer_lead"])
    return StoredLead(
        reference=str(row["reference"]),
        fields=LeadInput(**values),
        status=str(row["status"]),
        verification=str(row["verification"]),
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
    )


class SqliteLeadStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- LeadStore --------------------------------------------------------------
    async def lead_for_contact(self, contact_id: int) -> StoredLead | None:
        row = await self.db.fetchone(
            "SELECT * FROM leads WHERE contact_id = ? ORDER BY updated_at DESC, id DESC LIMIT 1", (contact_id,)
        )
        return _stored(row) if row is not None else None

    async def save_lead(self, lead: LeadInput, now: datetime, notification: dict[str, Any]) -> SavedLead:
        """Create this contact's lead or update its own; never touch another contact's lead.

        A NIK already on another contact's lead makes this one `verification = 'needed'`:
        staff see both side by side. The person is not told (same reply either way).
        """
        values = asdict(lead)
        values["employer_lead"] = int(lead.employer_lead)
        stamp = iso(now)
        async with self.db.transaction() as tx:
            own = await tx.fetchone(
                "SELECT id, reference FROM leads WHERE contact_id = ? ORDER BY updated_at DESC, id DESC LIMIT 1",
                (lead.contact_id,),
            )
            taken = await tx.fetchone(
                "SELECT EXISTS (SELECT 1 FROM leads WHERE nik = ? AND contact_id != ?) AS taken",
                (lead.nik, lead.contact_id),
            )
            verification = "needed" if taken is not None and taken["taken"] else "ok"
            if own is None:
                columns = ", ".join(_LEAD_COLUMNS)
                marks = ", ".join("?" for _ in _LEAD_COLUMNS)
                # A temporary unique reference, replaced by one built from the row id.
                lead_id = await tx.insert(
                    f"INSERT INTO leads (reference, {columns}, verification, created_at, updated_at)"
                    f" VALUES (?, {marks}, ?, ?, ?)",
                    (
                        f"pending-{stamp}-{lead.contact_id}",
                        *[values[c] for c in _LEAD_COLUMNS],
                        verification,
                        stamp,
                        stamp,
                    ),
                )
                reference = reference_for(now.year, lead_id)
                await tx.execute("UPDATE leads SET reference = ? WHERE id = ?", (reference, lead_id))
                created = True
            else:
                lead_id, reference = int(own["id"]), str(own["reference"])
                assignments = ", ".join(f"{c} = ?" for c in _LEAD_COLUMNS)
                await tx.execute(
                    f"UPDATE leads SET {assignments}, verification = ?, updated_at = ? WHERE id = ?",
                    (*[values[c] for c in _LEAD_COLUMNS], verification, stamp, lead_id),
                )
                created = False
            payload = dict(notification, reference=reference, updated=not created, verify=verification == "needed")
            body = json.dumps(payload, ensure_ascii=False)
            # One notice per lead waiting to go (a newer save replaces its text), and at most
            # MAX_LEAD_NOTICES_PER_DAY a day: re-registering again and again cannot flood staff.
            waiting = await tx.execute(
                "UPDATE staff_notifications SET payload = ?, created_at = ? WHERE lead_id = ? AND expanded_at IS NULL",
                (body, stamp, lead_id),
            )
            if not waiting:
                recent = await tx.fetchone(
                    "SELECT COUNT(*) AS n FROM staff_notifications WHERE lead_id = ?"
                    " AND julianday(created_at) > julianday(?) - 1",
                    (lead_id, stamp),
                )
                if recent is None or recent["n"] < MAX_LEAD_NOTICES_PER_DAY:
                    await tx.execute(
                        "INSERT INTO staff_notifications (kind, payload, created_at, lead_id) VALUES (?, ?, ?, ?)",
                        (STAFF_NEW_LEAD_KIND, body, stamp, lead_id),
                    )
            await tx.execute("DELETE FROM registration_drafts WHERE contact_id = ?", (lead.contact_id,))
        return SavedLead(reference=reference, created=created)

    async def record_draft(
        self, contact_id: int, step: str, role: str | None, source: str | None, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO registration_drafts (contact_id, step, role, source, abandoned_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(contact_id) DO UPDATE SET step = excluded.step, role = excluded.role,"
            " source = excluded.source, abandoned_at = excluded.abandoned_at, reminded_at = NULL",
            (contact_id, step, role, source, iso(now)),
        )

    # --- PersonalDataStore ------------------------------------------------------------
    async def personal_data(self, contact_id: int) -> PersonalData:
        contact = await self.db.fetchone("SELECT * FROM contacts WHERE id = ?", (contact_id,))
        if contact is None:
            return PersonalData()
        channels = await self.db.fetchall(
            "SELECT DISTINCT channel FROM contact_addresses WHERE contact_id = ? ORDER BY channel", (contact_id,)
        )
        logged = await self.db.fetchone(
            "SELECT COUNT(*) AS n FROM inbound_messages WHERE contact_id = ?", (contact_id,)
        )
        leads = await self.db.fetchall("SELECT * FROM leads WHERE contact_id = ? ORDER BY id", (contact_id,))
        draft = await self.db.fetchone("SELECT step FROM registration_drafts WHERE contact_id = ?", (contact_id,))
        reminders = await self.db.fetchall(
            "SELECT topic, due_on, day_of_month FROM reminders"
            " WHERE contact_id = ? AND active = 1 AND kind IN ('personal', 'bpu_monthly') ORDER BY id",
            (contact_id,),
        )
        return PersonalData(
            channels=[str(r["channel"]) for r in channels],
            display_name=contact["display_name"],
            source=contact["source"],
            opted_out=bool(contact["opted_out"]),
            messages_logged=int(logged["n"]) if logged is not None else 0,
            leads=[_stored(r) for r in leads],
            draft_step=str(draft["step"]) if draft is not None else None,
            outreach=str(contact["outreach"]),
            reminders=[(str(r["topic"]), r["due_on"], r["day_of_month"]) for r in reminders],
        )

    async def erase_personal_data(self, contact_id: int) -> None:
        async with self.db.transaction() as tx:
            await erase_contact(tx, contact_id)

    # --- staff views ---------------------------------------------------------------
    async def all_leads(self, limit: int | None = None) -> list[StoredLead]:
        sql = "SELECT * FROM leads ORDER BY created_at DESC, id DESC"
        if limit is not None:
            rows = await self.db.fetchall(sql + " LIMIT ?", (limit,))
        else:
            rows = await self.db.fetchall(sql)
        return [_stored(r) for r in rows]

    async def abandoned_drafts(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Registrations left before the end (newest first), for follow-up reminders."""
        sql = (
            "SELECT contact_id, step, role, source, abandoned_at, reminded_at FROM registration_drafts"
            " ORDER BY abandoned_at DESC, contact_id DESC"
        )
        rows = await self.db.fetchall(sql + " LIMIT ?", (limit,)) if limit is not None else await self.db.fetchall(sql)
        return [dict(row) for row in rows]
