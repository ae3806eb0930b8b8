"""What the staff desk needs from storage and from file and chart makers, as protocols."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO, Protocol

from bot.core.flows.registration.ports import StoredLead
from bot.core.staff.period import Period


@dataclass(frozen=True, slots=True)
class LeadFilter:
    """`leads list/export` and /ekspor filters; None means any."""

    status: str | None = None  # new, contacted, registered, declined, unreachable
    area: str | None = None  # kota_blitar, kab_blitar, tulungagung, trenggalek, other
    role: str | None = None  # employee, owner, self_employed
    source: str | None = None  # campaign code
    period: Period = field(default_factory=Period)  # day the lead was created


@dataclass(frozen=True, slots=True)
class StaffLead:
    """A lead as staff see it: the registration plus its follow-up."""

    id: int
    lead: StoredLead
    assigned_to: str | None = None  # staff address handling it, e.g. telegram:123
    note: str | None = None
    status_changed_at: str | None = None
    contact_id: int | None = None  # whose lead: a card shown to staff is a copy of their data

    @property
    def reference(self) -> str:
        return self.lead.reference

    @property
    def status(self) -> str:
        return self.lead.status


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: str
    actor: str
    old_status: str
    new_status: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: str
    actor: str
    action: str
    target: str
    detail: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A change staff ask for; None leaves that part as it is."""

    status: str | None = None
    note: str | None = None
    assignee: str | None = None


@dataclass(frozen=True, slots=True)
class FollowUpResult:
    lead: StaffLead  # after the change
    old_status: str


class StaffStore(Protocol):
    async def leads(self, filters: LeadFilter, limit: int | None = None) -> list[StaffLead]:
        """Newest first."""
        ...

    async def count_leads(self, filters: LeadFilter) -> int: ...

    async def search_leads(self, query: str, limit: int) -> list[StaffLead]:
        """By reference, NIK, phone (any spelling), name, business or employer name."""
        ...

    async def lead(self, lead_id: int) -> StaffLead | None: ...

    async def lead_by_reference(self, reference: str) -> StaffLead | None: ...

    async def leads_sharing_nik(self, lead: StaffLead) -> list[StaffLead]:
        """The other contacts' leads with this lead's NIK (for verification side by side)."""
        ...

    async def history(self, lead_id: int) -> list[HistoryEntry]:
        """Oldest first."""
        ...

    async def follow_up(self, lead_id: int, change: FollowUp, actor: str, now: datetime) -> FollowUpResult | None:
        """Apply `change`: the lead row, its history row and the audit row in one transaction.

        The lead's handler becomes `change.assignee`, else stays, else is `actor`.
        None if there is no such lead.
        """
        ...

    async def export_rows(self, filters: LeadFilter) -> list[ExportRow]:
        """Every matching lead as EXPORT_COLUMNS values, newest first (full NIK: staff only)."""
        ...

    async def audit(self, actor: str, action: str, target: str, detail: str, now: datetime) -> None:
        """Append to the staff audit log (`detail` never carries a full NIK or phone)."""
        ...

    async def audit_log(self, limit: int) -> list[AuditEntry]:
        """Newest first."""
        ...


@dataclass(frozen=True, slots=True)
class FunnelStage:
    stage: str  # wrote, asked, calculator, registration, leads, contacted, registered
    count: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    key: str  # an area, role or campaign code ("" for leads without a campaign)
    leads: int
    contacted: int
    registered: int
    people: int | None = None  # campaigns only: contacts from it who wrote in the period


@dataclass(frozen=True, slots=True)
class WeekRow:
    week_start: date  # Monday
    people: int  # contacts who wrote that week
    leads: int
    registered: int  # of that week's leads


@dataclass(frozen=True, slots=True)
class QuestionCount:
    text: str  # masked when it was logged
    count: int


FUNNEL_STAGES = ("wrote", "asked", "calculator", "registration", "leads", "contacted", "registered")


@dataclass(frozen=True, slots=True)
class StatsReport:
    period: Period
    funnel: tuple[FunnelStage, ...]
    by_area: tuple[Breakdown, ...] = ()
    by_role: tuple[Breakdown, ...] = ()
    by_source: tuple[Breakdown, ...] = ()
    by_week: tuple[WeekRow, ...] = ()
    unanswered: tuple[QuestionCount, ...] = ()

    def count(self, stage: str) -> int:
        return next((s.count for s in self.funnel if s.stage == stage), 0)


class StatsStore(Protocol):
    async def report(self, period: Period, top_questions: int = 10) -> StatsReport: ...


# What an export can be: the file suffix and its media type.
EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
# The export's columns, in order: each is a column of the leads table, so a store can select
# them as they are (tens of thousands of rows stay plain tuples, fast to read and write).
EXPORT_COLUMNS = (
    "reference",
    "status",
    "verification",
    "created_at",
    "updated_at",
    "status_changed_at",
    "assigned_to",
    "note",
    "role",
    "name",
    "nik",
    "phone",
    "area",
    "area_other",
    "business_name",
    "sector",
    "employees",
    "employees_registered",
    "employer_name",
    "employer_registered",
    "occupation",
    "income",
    "programs",
    "employer_lead",
    "contact_time",
    "source",
)
ExportRow = Sequence[object]  # values in EXPORT_COLUMNS order; times as stored (ISO strings)


class LeadFileWriter(Protocol):
    def write(self, rows: Sequence[ExportRow], fmt: str, out: BinaryIO) -> None:
        """Write `rows` as `fmt` (a key of EXPORT_FORMATS), formula injection neutralised."""
        ...


class ChartDrawer(Protocol):
    def draw(self, report: StatsReport) -> bytes:
        """A PNG picture of the funnel and the weeks."""
        ...
