"""SQLite implementation of the staff desk's `StaffStore`: lead follow-up, history and the audit log."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import aiosqlite

from bot.core.privacy import mask_personal_text
from bot.core.staff.ports import (
    EXPORT_COLUMNS,
    AuditEntry,
    ExportRow,
    FollowUp,
    FollowUpResult,
    HistoryEntry,
    LeadFilter,
    StaffLead,
)
from bot.storage.db import Database
from bot.storage.leads import _stored

_FILTER_COLUMNS = ("status", "area", "role", "source")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _staff_lead(row: aiosqlite.Row) -> StaffLead:
    return StaffLead(
        id=int(row["id"]),
        lead=_stored(row),
        assigned_to=row["assigned_to"],
        note=row["note"],
        status_changed_at=row["status_changed_at"],
        contact_id=row["contact_id"],
    )


def _where(filters: LeadFilter) -> tuple[str, list[Any]]:
    clauses = ["created_at >= ?", "created_at < ?"]
    params: list[Any] = list(filters.period.bounds())
    for column in _FILTER_COLUMNS:
        value = getattr(filters, column)
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(clauses), params


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _phone_digits(digits: str) -> str:
    """'081234567890' or '6281234567890' or '81234567890' -> '6281234567890'."""
    if digits.startswith("0"):
        return "62" + digits[1:]
    if digits.startswith("8"):
        return "62" + digits
    return digits


def _search_sql(query: str) -> tuple[str, list[Any]]:
    text = " ".join(query.split())
    digits = re.sub(r"\D", "", text)
    clauses = ["reference = ?"]
    params: list[Any] = [text.upper()]
    if len(digits) == 16:
        clauses.append("nik = ?")
        params.append(digits)
    if len(digits) >= 6 and not re.search(r"[A-Za-z]", text):
        # Any spelling of a phone number (0812-..., +62 812 ...), or its last digits.
        clauses += ["phone = ?", "phone LIKE ? ESCAPE '\\'"]
        params += ["+" + _phone_digits(digits), "%" + digits]
    if re.search(r"[^\W\d_]", text):
        clauses += [f"{column} LIKE ? ESCAPE '\\'" for column in ("name", "business_name", "employer_name")]
        params += [_like(text)] * 3
    return " OR ".join(clauses), params


class SqliteStaffStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def leads(self, filters: LeadFilter, limit: int | None = None) -> list[StaffLead]:
        where, params = _where(filters)
        sql = f"SELECT * FROM leads WHERE {where} ORDER BY created_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_staff_lead(row) for row in await self.db.fetchall(sql, params)]

    async def export_rows(self, filters: LeadFilter) -> list[ExportRow]:
        where, params = _where(filters)
        columns = ", ".join(EXPORT_COLUMNS)
        sql = f"SELECT {columns} FROM leads WHERE {where} ORDER BY created_at DESC, id DESC"
        return [tuple(row) for row in await self.db.fetchall(sql, params)]

    async def count_leads(self, filters: LeadFilter) -> int:
        where, params = _where(filters)
        row = await self.db.fetchone(f"SELECT COUNT(*) AS n FROM leads WHERE {where}", params)
        return int(row["n"]) if row is not None else 0

    async def search_leads(self, query: str, limit: int) -> list[StaffLead]:
        where, params = _search_sql(query)
        rows = await self.db.fetchall(
            f"SELECT * FROM leads WHERE {where} ORDER BY created_at DESC, id DESC LIMIT ?", [*params, limit]
        )
        return [_staff_lead(row) for row in rows]

    async def lead(self, lead_id: int) -> StaffLead | None:
        row = await self.db.fetchone("SELECT * FROM leads WHERE id = ?", (lead_id,))
        return _staff_lead(row) if row is not None else None

    async def lead_by_reference(self, reference: str) -> StaffLead | None:
        row = await self.db.fetchone("SELECT * FROM leads WHERE reference = ?", (reference.strip().upper(),))
        return _staff_lead(row) if row is not None else None

    async def leads_sharing_nik(self, lead: StaffLead) -> list[StaffLead]:
        rows = await self.db.fetchall(
            "SELECT * FROM leads WHERE nik = ? AND id != ? ORDER BY created_at, id", (lead.lead.fields.nik, lead.id)
        )
        return [_staff_lead(row) for row in rows]

    async def history(self, lead_id: int) -> list[HistoryEntry]:
        rows = await self.db.fetchall(
            "SELECT at, actor, old_status, new_status, note FROM lead_history WHERE lead_id = ? ORDER BY id",
            (lead_id,),
        )
        return [
            HistoryEntry(str(r["at"]), str(r["actor"]), str(r["old_status"]), str(r["new_status"]), r["note"])
            for r in rows
        ]

    async def follow_up(self, lead_id: int, change: FollowUp, actor: str, now: datetime) -> FollowUpResult | None:
        stamp = _iso(now)
        async with self.db.transaction() as conn:
            row = await conn.fetchone(
                "SELECT reference, status, note, assigned_to, status_changed_at FROM leads WHERE id = ?", (lead_id,)
            )
            if row is None:
                return None
            old = str(row["status"])
            new = change.status or old
            assignee = change.assignee or row["assigned_to"] or actor
            await conn.execute(
                "UPDATE leads SET status = ?, note = ?, assigned_to = ?, status_changed_at = ? WHERE id = ?",
                (
                    new,
                    change.note if change.note is not None else row["note"],
                    assignee,
                    stamp if new != old else row["status_changed_at"],
                    lead_id,
                ),
            )
            await conn.execute(
                "INSERT INTO lead_history (lead_id, at, actor, old_status, new_status, note) VALUES (?, ?, ?, ?, ?, ?)",
                (lead_id, stamp, actor, old, new, change.note),
            )
            # The note is staff's free text: the audit row says that it changed, not what it says.
            detail = f"{old}->{new}" + (" note" if change.note is not None else "") + f" handler={assignee}"
            await conn.execute(
                "INSERT INTO staff_audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                (stamp, actor, "lead_status" if new != old else "lead_note", str(row["reference"]), detail),
            )
        lead = await self.lead(lead_id)  # None only if the person erased their data just now
        return FollowUpResult(lead=lead, old_status=old) if lead is not None else None

    async def audit(self, actor: str, action: str, target: str, detail: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO staff_audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            (_iso(now), actor, action, target, mask_personal_text(detail)),
        )

    async def audit_log(self, limit: int) -> list[AuditEntry]:
        rows = await self.db.fetchall(
            "SELECT at, actor, action, target, detail FROM staff_audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [
            AuditEntry(str(r["at"]), str(r["actor"]), str(r["action"]), str(r["target"]), str(r["detail"]))
            for r in rows
        ]
