"""An in-memory implementation of every store Protocol, for fast tests.

It keeps the promises the SQLite stores keep — the same contract test suite
(tests/storage/test_store_contract.py) runs against both, so it cannot drift:
transactions join and roll back, duplicates are refused, a lead never changes
owner, erasure leaves only an opt-out marker, bodies are stored masked, and
every value handed out is a copy (as a database would hand out).
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.flows.registration.ports import (
    MAX_LEAD_NOTICES_PER_DAY,
    STAFF_NEW_LEAD_KIND,
    LeadInput,
    PersonalData,
    SavedLead,
    StoredLead,
)
from bot.core.models import Contact, FlowState, Inbound
from bot.core.ports import StaffNotification, UnansweredSummary
from bot.core.privacy import mask_personal_text
from bot.storage.address_key import AddressHasher
from bot.storage.leads import reference_for
from bot.storage.store import MAX_LOGGED_BODY, faq_amounts_from_json, iso


@dataclass
class _Data:
    """Everything the store holds; copied whole at the start of a transaction."""

    contacts: dict[int, dict[str, Any]] = field(default_factory=dict)
    addresses: dict[tuple[str, str], int] = field(default_factory=dict)
    inbound: dict[tuple[str, str | None, int], dict[str, Any]] = field(default_factory=dict)
    states: dict[int, str] = field(default_factory=dict)  # JSON, as stored
    events: list[dict[str, Any]] = field(default_factory=list)
    notifications: dict[int, dict[str, Any]] = field(default_factory=dict)
    unanswered: list[dict[str, Any]] = field(default_factory=list)
    leads: dict[int, dict[str, Any]] = field(default_factory=dict)
    drafts: dict[int, dict[str, Any]] = field(default_factory=dict)
    markers: dict[str, str] = field(default_factory=dict)
    next_id: int = 1


class MemoryStore:
    """ConversationStore + LeadStore + PersonalDataStore in memory."""

    def __init__(self, hasher: AddressHasher | None = None) -> None:
        self._data = _Data()
        self._hash = hasher or AddressHasher.ephemeral()
        self._lock = asyncio.Lock()
        self._inside: ContextVar[bool] = ContextVar(f"memory_tx_{id(self)}", default=False)

    def _new_id(self) -> int:
        self._data.next_id += 1
        return self._data.next_id - 1

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        if self._inside.get():
            yield
            return
        async with self._lock:
            saved = copy.deepcopy(self._data)
            token = self._inside.set(True)
            try:
                yield
            except BaseException:
                self._data = saved
                raise
            finally:
                self._inside.reset(token)

    # --- contacts -------------------------------------------------------------
    @staticmethod
    def _contact(row: Mapping[str, Any]) -> Contact:
        return Contact(
            id=int(row["id"]),
            opted_out=bool(row["opted_out"]),
            source=row["source"],
            reachable=bool(row["reachable"]),
            display_name=row["display_name"],
            outreach=str(row.get("outreach", "not_asked")),
            outreach_asked_at=(
                datetime.fromisoformat(row["outreach_asked_at"]) if row.get("outreach_asked_at") else None
            ),
        )

    async def contact_for(
        self, channel: str, address: str, display_name: str | None = None, aliases: Sequence[str] = ()
    ) -> Contact:
        ids = [address, *(a for a in aliases if a and a != address)]
        async with self.transaction():
            existing = next(
                (self._data.addresses[(channel, i)] for i in ids if (channel, i) in self._data.addresses), None
            )
            if existing is None:
                said_stop = self._data.markers.get(self._hash(channel, address))
                existing = self._new_id()
                self._data.contacts[existing] = {
                    "id": existing,
                    "display_name": display_name,
                    "opted_out": said_stop is not None,
                    "opted_out_at": said_stop,
                    "source": None,
                    "reachable": True,
                }
            for known in ids:
                self._data.addresses.setdefault((channel, known), existing)
            return self._contact(self._data.contacts[existing])

    async def get_contact(self, contact_id: int) -> Contact | None:
        row = self._data.contacts.get(contact_id)
        return self._contact(row) if row is not None else None

    async def get_contact_by_address(self, channel: str, address: str) -> Contact | None:
        contact_id = self._data.addresses.get((channel, address))
        return await self.get_contact(contact_id) if contact_id is not None else None

    def _addresses_of(self, contact_id: int) -> list[tuple[str, str]]:
        return [key for key, owner in self._data.addresses.items() if owner == contact_id]

    async def set_opt_out(self, contact_id: int, opted_out: bool, now: datetime) -> None:
        async with self.transaction():
            row = self._data.contacts.get(contact_id)
            if row is None:
                return
            row["opted_out"], row["opted_out_at"] = opted_out, iso(now) if opted_out else None
            for channel, address in self._addresses_of(contact_id):
                marker = self._hash(channel, address)
                if opted_out:
                    self._data.markers.setdefault(marker, iso(now))
                else:
                    self._data.markers.pop(marker, None)

    async def set_outreach(self, contact_id: int, answer: str, now: datetime) -> None:
        if answer not in ("yes", "no"):
            raise ValueError(f"outreach answer must be yes or no, not {answer!r}")
        async with self.transaction():
            row = self._data.contacts.get(contact_id)
            if row is not None:
                row["outreach"] = answer
                row.setdefault("outreach_asked_at", None)
                row["outreach_asked_at"] = row["outreach_asked_at"] or iso(now)

    async def mark_outreach_asked(self, contact_id: int, now: datetime) -> None:
        async with self.transaction():
            row = self._data.contacts.get(contact_id)
            if row is not None:
                row["outreach_asked_at"] = iso(now)

    async def record_interest(self, contact_id: int, interest: str, now: datetime) -> None:
        async with self.transaction():
            row = self._data.contacts.get(contact_id)
            if row is not None:
                row.setdefault("interests", set()).add(interest)

    async def interests(self, contact_id: int) -> frozenset[str]:
        row = self._data.contacts.get(contact_id)
        return frozenset(row.get("interests", ())) if row is not None else frozenset()

    async def set_source(self, contact_id: int, source: str, now: datetime) -> None:
        async with self.transaction():
            row = self._data.contacts.get(contact_id)
            if row is not None and row["source"] is None:
                row["source"] = source

    async def set_reachable(self, contact_id: int, reachable: bool) -> None:
        async with self.transaction():
            row = self._data.contacts.get(contact_id)
            if row is not None:
                row["reachable"] = reachable

    # --- the inbound log ------------------------------------------------------
    async def is_duplicate(self, inbound: Inbound) -> bool:
        if inbound.external_id is None:
            return False
        return any(key[0] == inbound.channel and key[1] == inbound.external_id for key in self._data.inbound)

    async def record_inbound(self, inbound: Inbound, contact_id: int) -> bool:
        async with self.transaction():
            if await self.is_duplicate(inbound):
                return False
            if inbound.button is not None:
                kind, body = "button", inbound.button
            elif inbound.shared_phone is not None:
                kind, body = "contact", mask_personal_text(inbound.shared_phone)
            else:
                kind, body = "text", mask_personal_text((inbound.text or "")[:MAX_LOGGED_BODY])
            key = (inbound.channel, inbound.external_id, self._new_id())
            self._data.inbound[key] = {"contact_id": contact_id, "kind": kind, "body": body}
            return True

    def inbound_bodies(self) -> list[str]:
        """What the inbound log holds (for tests that check masking)."""
        return [str(row["body"]) for row in self._data.inbound.values()]

    # --- conversation state ---------------------------------------------------
    async def load_state(self, contact_id: int) -> FlowState | None:
        raw = self._data.states.get(contact_id)
        if raw is None:
            return None
        try:
            return FlowState.from_json_dict(json.loads(raw))
        except (ValueError, KeyError, TypeError):
            return None

    async def save_state(self, contact_id: int, state: FlowState | None, now: datetime) -> None:
        async with self.transaction():
            if state is None:
                self._data.states.pop(contact_id, None)
            elif contact_id in self._data.contacts:
                self._data.states[contact_id] = json.dumps(state.to_json_dict(), ensure_ascii=False)

    async def recent_faq_topic(self, contact_id: int, since: datetime) -> str | None:
        row = self._data.contacts.get(contact_id)
        if row is None or row.get("last_topic") is None:
            return None
        return str(row["last_topic"]) if datetime.fromisoformat(row["last_topic_at"]) >= since else None

    async def remember_faq_topic(self, contact_id: int, topic: str, now: datetime) -> None:
        async with self.transaction():
            row = self._data.contacts.get(contact_id)
            if row is not None:
                row["last_topic"], row["last_topic_at"] = topic, iso(now)

    async def recent_faq_amounts(self, contact_id: int, since: datetime) -> dict[str, int]:
        row = self._data.contacts.get(contact_id)
        if row is None or row.get("last_amounts") is None:
            return {}
        if datetime.fromisoformat(row["last_amounts_at"]) < since:
            return {}
        return faq_amounts_from_json(row["last_amounts"])

    async def remember_faq_amounts(self, contact_id: int, amounts: Mapping[str, int], now: datetime) -> None:
        async with self.transaction():
            row = self._data.contacts.get(contact_id)
            if row is not None:
                row["last_amounts"], row["last_amounts_at"] = json.dumps(dict(amounts)), iso(now)

    # --- audit and questions -------------------------------------------------
    async def record_event(self, contact_id: int | None, kind: str, detail: str, now: datetime) -> None:
        async with self.transaction():
            self._data.events.append({"contact_id": contact_id, "kind": kind, "detail": detail, "at": iso(now)})

    async def events(self, kind: str, limit: int = 100) -> list[tuple[int | None, str, str]]:
        rows = [e for e in reversed(self._data.events) if e["kind"] == kind][:limit]
        return [(e["contact_id"], str(e["detail"]), str(e["at"])) for e in rows]

    async def notify_staff(self, key: str, context: Mapping[str, str | int | bool], now: datetime) -> None:
        async with self.transaction():
            self._queue_notification(key, dict(context), now, lead_id=None)

    def _notify_lead(self, payload: dict[str, Any], now: datetime, lead_id: int) -> None:
        """As SqliteLeadStore: one waiting notice per lead, at most MAX_LEAD_NOTICES_PER_DAY a day."""
        mine = [n for n in self._data.notifications.values() if n["lead_id"] == lead_id]
        for waiting in (n for n in mine if n["sent_at"] is None):
            waiting["context"] = json.loads(json.dumps(payload, ensure_ascii=False))
            waiting["created_at"] = iso(now)
            return
        day_ago = now - timedelta(days=1)
        if sum(datetime.fromisoformat(n["created_at"]) > day_ago for n in mine) < MAX_LEAD_NOTICES_PER_DAY:
            self._queue_notification(STAFF_NEW_LEAD_KIND, payload, now, lead_id=lead_id)

    def _queue_notification(self, key: str, context: dict[str, Any], now: datetime, lead_id: int | None) -> None:
        notification_id = self._new_id()
        self._data.notifications[notification_id] = {
            "kind": key,
            "context": json.loads(json.dumps(context, ensure_ascii=False)),
            "created_at": iso(now),
            "sent_at": None,
            "lead_id": lead_id,
        }

    async def pending_staff_notifications(self, limit: int) -> list[StaffNotification]:
        pending = [(i, n) for i, n in sorted(self._data.notifications.items()) if n["sent_at"] is None][:limit]
        return [StaffNotification(i, str(n["kind"]), copy.deepcopy(n["context"]), self._about(n)) for i, n in pending]

    def _about(self, notification: dict[str, Any]) -> int | None:
        """Whom it concerns: its lead's contact, else the contact it names."""
        lead = self._data.leads.get(notification["lead_id"]) if notification["lead_id"] is not None else None
        if lead is not None:
            return int(lead["fields"]["contact_id"])
        named = notification["context"].get("contact_id")
        return int(named) if named is not None else None

    async def mark_staff_notification_queued(self, notification_id: int, now: datetime) -> None:
        async with self.transaction():
            row = self._data.notifications.get(notification_id)
            if row is not None:
                row["sent_at"] = iso(now)

    async def log_unanswered(self, text: str, channel: str, now: datetime, contact_id: int | None = None) -> None:
        async with self.transaction():
            self._data.unanswered.append(
                {
                    "text": " ".join(mask_personal_text(text).split())[:MAX_LOGGED_BODY],
                    "channel": channel,
                    "asked_at": iso(now),
                    "contact_id": contact_id,
                }
            )

    async def recent_unanswered(self, contact_id: int, since: datetime) -> str | None:
        rows = [row for row in self._data.unanswered if row["contact_id"] == contact_id]
        if not rows or datetime.fromisoformat(str(rows[-1]["asked_at"])) < since:
            return None
        return str(rows[-1]["text"])

    async def top_unanswered(self, limit: int = 20) -> list[UnansweredSummary]:
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in self._data.unanswered:
            groups.setdefault(str(row["text"]).lower(), []).append(row)
        summaries = [
            UnansweredSummary(
                min(str(r["text"]) for r in rows),
                len(rows),
                datetime.fromisoformat(max(str(r["asked_at"]) for r in rows)),
            )
            for rows in groups.values()
        ]
        summaries.sort(key=lambda s: (-s.count, -s.last_asked.timestamp()))
        return summaries[:limit]

    # --- leads ------------------------------------------------------------------
    @staticmethod
    def _stored(row: Mapping[str, Any]) -> StoredLead:
        return StoredLead(
            reference=str(row["reference"]),
            fields=LeadInput(**copy.deepcopy(row["fields"])),
            status=str(row["status"]),
            created_at=str(row["created_at"]),
            updated_at=str(row["updated_at"]),
            verification=str(row["verification"]),
        )

    def _own_lead_id(self, contact_id: int) -> int | None:
        own = [i for i, row in self._data.leads.items() if row["fields"]["contact_id"] == contact_id]
        return max(own, key=lambda i: (self._data.leads[i]["updated_at"], i)) if own else None

    async def lead_for_contact(self, contact_id: int) -> StoredLead | None:
        lead_id = self._own_lead_id(contact_id)
        return self._stored(self._data.leads[lead_id]) if lead_id is not None else None

    async def save_lead(self, lead: LeadInput, now: datetime, notification: dict[str, Any]) -> SavedLead:
        async with self.transaction():
            taken = any(
                row["fields"]["nik"] == lead.nik and row["fields"]["contact_id"] != lead.contact_id
                for row in self._data.leads.values()
            )
            verification = "needed" if taken else "ok"
            lead_id = self._own_lead_id(lead.contact_id)
            created = lead_id is None
            if lead_id is None:
                lead_id = self._new_id()
                self._data.leads[lead_id] = {
                    "reference": reference_for(now.year, lead_id),
                    "status": "new",
                    "created_at": iso(now),
                }
            row = self._data.leads[lead_id]
            row.update(fields=asdict(lead), verification=verification, updated_at=iso(now))
            payload = dict(notification, reference=row["reference"], updated=not created, verify=taken)
            self._notify_lead(payload, now, lead_id)
            self._data.drafts.pop(lead.contact_id, None)
            return SavedLead(reference=str(row["reference"]), created=created)

    async def record_draft(
        self, contact_id: int, step: str, role: str | None, source: str | None, now: datetime
    ) -> None:
        async with self.transaction():
            self._data.drafts[contact_id] = {
                "contact_id": contact_id,
                "step": step,
                "role": role,
                "source": source,
                "abandoned_at": iso(now),
                "reminded_at": None,
            }

    async def all_leads(self, limit: int | None = None) -> list[StoredLead]:
        ordered = sorted(self._data.leads.items(), key=lambda item: (item[1]["created_at"], item[0]), reverse=True)
        return [self._stored(row) for _id, row in ordered[:limit]]

    async def abandoned_drafts(self, limit: int | None = None) -> list[dict[str, Any]]:
        ordered = sorted(self._data.drafts.values(), key=lambda d: (d["abandoned_at"], d["contact_id"]), reverse=True)
        return [dict(d) for d in ordered[:limit]]

    # --- personal data ----------------------------------------------------------------
    async def personal_data(self, contact_id: int) -> PersonalData:
        row = self._data.contacts.get(contact_id)
        if row is None:
            return PersonalData()
        draft = self._data.drafts.get(contact_id)
        return PersonalData(
            channels=sorted({channel for channel, _ in self._addresses_of(contact_id)}),
            display_name=row["display_name"],
            source=row["source"],
            opted_out=bool(row["opted_out"]),
            messages_logged=sum(1 for r in self._data.inbound.values() if r["contact_id"] == contact_id),
            leads=[
                self._stored(lead)
                for _i, lead in sorted(self._data.leads.items())
                if lead["fields"]["contact_id"] == contact_id
            ],
            draft_step=str(draft["step"]) if draft is not None else None,
            outreach=str(row.get("outreach", "not_asked")),
        )  # reminders live in the SQLite reminder store only

    async def erase_personal_data(self, contact_id: int) -> None:
        async with self.transaction():
            data = self._data
            lead_ids = {i for i, lead in data.leads.items() if lead["fields"]["contact_id"] == contact_id}
            data.notifications = {
                i: n
                for i, n in data.notifications.items()
                if n["lead_id"] not in lead_ids and n["context"].get("contact_id") != contact_id
            }
            data.leads = {i: lead for i, lead in data.leads.items() if i not in lead_ids}
            data.drafts.pop(contact_id, None)
            data.states.pop(contact_id, None)
            data.inbound = {k: r for k, r in data.inbound.items() if r["contact_id"] != contact_id}
            data.unanswered = [r for r in data.unanswered if r["contact_id"] != contact_id]
            data.events = [e for e in data.events if e["contact_id"] != contact_id]
            data.addresses = {k: owner for k, owner in data.addresses.items() if owner != contact_id}
            data.contacts.pop(contact_id, None)

    def holds_text(self, needle: str) -> bool:
        """True if `needle` appears anywhere in what the store holds (markers are hashes)."""
        return needle in repr(asdict(self._data))
