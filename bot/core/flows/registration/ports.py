"""What the registration flows need from storage, as protocols (no database here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

# The staff chat renders this template with a notification's payload as context.
STAFF_NEW_LEAD_KEY = "registration/staff_new_lead"
STAFF_NEW_LEAD_KIND = STAFF_NEW_LEAD_KEY
# A person cannot flood staff: at most this many notices about one lead in 24 hours (saving again
# while one is still waiting to go rewrites that one instead).
MAX_LEAD_NOTICES_PER_DAY = 3


@dataclass(frozen=True, slots=True)
class LeadInput:
    """Everything a finished registration hands to storage."""

    contact_id: int
    role: str  # employee, owner, self_employed
    name: str
    nik: str
    phone: str  # E.164
    area: str
    area_other: str | None
    contact_time: str
    source: str | None = None
    business_name: str | None = None
    sector: str | None = None
    employees: int | None = None
    employees_registered: str | None = None
    employer_name: str | None = None
    employer_registered: str | None = None
    occupation: str | None = None
    income: int | None = None
    programs: str | None = None
    employer_lead: bool = False


@dataclass(frozen=True, slots=True)
class SavedLead:
    reference: str
    created: bool  # False: this contact's own earlier lead was updated


@dataclass(frozen=True, slots=True)
class StoredLead:
    reference: str
    fields: LeadInput
    status: str  # new, contacted, registered, declined, unreachable
    created_at: str
    updated_at: str
    verification: str = "ok"  # "needed": the NIK is also on another contact's lead


@dataclass(frozen=True, slots=True)
class PersonalData:
    """What we hold about one contact, for /datasaya."""

    channels: list[str] = field(default_factory=list)
    display_name: str | None = None
    source: str | None = None
    opted_out: bool = False
    messages_logged: int = 0
    leads: list[StoredLead] = field(default_factory=list)
    draft_step: str | None = None
    outreach: str = "not_asked"  # the answer to "reminders and information?": yes, no, not_asked
    # Active reminders the person asked for: (topic, due_on ISO date or None, day of month or None).
    reminders: list[tuple[str, str | None, int | None]] = field(default_factory=list)


class LeadStore(Protocol):
    async def lead_for_contact(self, contact_id: int) -> StoredLead | None: ...

    async def save_lead(self, lead: LeadInput, now: datetime, notification: dict[str, Any]) -> SavedLead:
        """Create the contact's lead or update its own (a lead never changes owner; a NIK
        already on another contact's lead marks this one for staff verification), queue the
        staff notification (the reference is added to its payload) and drop
        any draft, all in one transaction."""
        ...

    async def record_draft(
        self, contact_id: int, step: str, role: str | None, source: str | None, now: datetime
    ) -> None:
        """Remember how far an abandoned registration got (no personal data)."""
        ...


class PersonalDataStore(Protocol):
    async def personal_data(self, contact_id: int) -> PersonalData: ...

    async def erase_personal_data(self, contact_id: int) -> None:
        """Delete the contact with its addresses, state, inbound log, leads, drafts and
        the staff notifications about those leads."""
        ...
