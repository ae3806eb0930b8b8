"""SQLite implementation of `StatsStore`: the funnel and its breakdowns for a period.

Who wrote comes from the inbound log, questions from `faq_answered` events (small talk
aside) and the unanswered log, flow starts from `flow_started` events (detail = flow name),
the rest from leads created in the period (their current follow-up status).

Shaped for 100,000 contacts and leads in well under a second (benchmarks/staff_stats.py):
every query reads a covering index of migration 0005, groups in index order or over few
rows, and no query computes a date per row — weeks are index ranges, one per week.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from bot.core.clock import WIB
from bot.core.flows.calculator.flow import FLOW_NAME as CALCULATOR
from bot.core.flows.registration.flow import FLOW_NAME as REGISTRATION
from bot.core.flows.registration.flow import _campaign  # the flow's own reading of a deep link
from bot.core.staff.period import Period, week_start
from bot.core.staff.ports import Breakdown, FunnelStage, QuestionCount, StatsReport, WeekRow
from bot.core.staff.statuses import REACHED
from bot.storage.db import Database

FAQ_ANSWERED = "faq_answered"
FLOW_STARTED = "flow_started"

_WROTE_BY_SOURCE = (
    "SELECT source, COUNT(*) AS n FROM contacts c WHERE EXISTS (SELECT 1 FROM inbound_messages i"
    " WHERE i.contact_id = c.id AND i.received_at >= ? AND i.received_at < ?) GROUP BY source"
)
_ASKED = (
    "SELECT COUNT(*) FROM (SELECT contact_id FROM events WHERE kind = ? AND at >= ? AND at < ?"
    " AND contact_id IS NOT NULL AND detail NOT IN (SELECT value FROM json_each(?))"
    " UNION SELECT contact_id FROM unanswered WHERE asked_at >= ? AND asked_at < ? AND contact_id IS NOT NULL)"
)
_FLOW_STARTS = "SELECT COUNT(DISTINCT contact_id) FROM events WHERE kind = ? AND at >= ? AND at < ? AND detail = ?"
_LEAD_GROUPS = (
    "SELECT area, role, COALESCE(source, '') AS source, status, COUNT(*) AS n FROM leads"
    " WHERE created_at >= ? AND created_at < ? GROUP BY area, role, source, status"
)
# One row per week: [monday, start, end] in the JSON parameter; each count is an index range.
_WEEKS = (
    "SELECT json_extract(w.value, '$[0]') AS monday,"
    " (SELECT COUNT(DISTINCT contact_id) FROM inbound_messages"
    "  WHERE received_at >= json_extract(w.value, '$[1]') AND received_at < json_extract(w.value, '$[2]')) AS people,"
    " (SELECT COUNT(*) FROM leads"
    "  WHERE created_at >= json_extract(w.value, '$[1]') AND created_at < json_extract(w.value, '$[2]')) AS leads,"
    " (SELECT COUNT(*) FROM leads WHERE created_at >= json_extract(w.value, '$[1]')"
    "  AND created_at < json_extract(w.value, '$[2]') AND status = 'registered') AS registered"
    " FROM json_each(?) AS w ORDER BY CAST(w.key AS INTEGER)"
)
_UNANSWERED = (
    "SELECT MIN(text) AS text, COUNT(*) AS n FROM unanswered WHERE asked_at >= ? AND asked_at < ?"
    " GROUP BY lower(text) ORDER BY n DESC, text LIMIT ?"
)


def _campaign_code(payload: str | None) -> str | None:
    """A contact keeps its whole deep-link payload ("daftar_posterpasar"); its lead keeps the
    campaign ("posterpasar"), as the registration flow reads it. Count both under the campaign."""
    return _campaign(payload, None) or payload if payload else None


def _midnight(day: date) -> str:
    return datetime.combine(day, time(0), WIB).isoformat(timespec="seconds")


def _breakdown(counts: Counter[tuple[str, str]], keys: Iterable[str]) -> tuple[Breakdown, ...]:
    """Rows per key from (key, status) counts, most leads first."""
    rows = []
    for key in set(keys):
        leads = sum(n for (k, _), n in counts.items() if k == key)
        reached = sum(n for (k, status), n in counts.items() if k == key and status in REACHED)
        rows.append(Breakdown(key, leads, reached, counts[(key, "registered")]))
    return tuple(sorted(rows, key=lambda row: (-row.leads, row.key)))


class SqliteStatsStore:
    def __init__(self, db: Database, small_talk_topics: Iterable[str] = ()) -> None:
        self.db = db
        # Greetings and thanks are answered by the FAQ too, but they are not questions.
        self._small_talk = json.dumps(sorted(small_talk_topics))

    async def report(self, period: Period, top_questions: int = 10) -> StatsReport:
        start, end = period.bounds()
        wrote_by_source: Counter[str | None] = Counter()
        for row in await self.db.fetchall(_WROTE_BY_SOURCE, (start, end)):
            wrote_by_source[_campaign_code(row["source"])] += int(row["n"])
        lead_groups = [
            (str(r["area"]), str(r["role"]), str(r["source"]), str(r["status"]), int(r["n"]))
            for r in await self.db.fetchall(_LEAD_GROUPS, (start, end))
        ]
        funnel = {
            "wrote": sum(wrote_by_source.values()),
            "asked": await self._count(_ASKED, (FAQ_ANSWERED, start, end, self._small_talk, start, end)),
            "calculator": await self._count(_FLOW_STARTS, (FLOW_STARTED, start, end, CALCULATOR)),
            "registration": await self._count(_FLOW_STARTS, (FLOW_STARTED, start, end, REGISTRATION)),
            "leads": sum(n for *_, n in lead_groups),
            "contacted": sum(n for *_, status, n in lead_groups if status in REACHED),
            "registered": sum(n for *_, status, n in lead_groups if status == "registered"),
        }
        by_area: Counter[tuple[str, str]] = Counter()
        by_role: Counter[tuple[str, str]] = Counter()
        by_source: Counter[tuple[str, str]] = Counter()
        for area, role, source, status, n in lead_groups:
            by_area[(area, status)] += n
            by_role[(role, status)] += n
            by_source[(source, status)] += n
        campaigns = {str(source) for source in wrote_by_source if source} | {key for key, _ in by_source}
        sources = tuple(
            Breakdown(row.key, row.leads, row.contacted, row.registered, people=wrote_by_source.get(row.key, 0))
            if row.key
            else row  # leads without a campaign: "people" would mean everyone else
            for row in _breakdown(by_source, campaigns)
        )
        return StatsReport(
            period=period,
            funnel=tuple(FunnelStage(stage, count) for stage, count in funnel.items()),
            by_area=_breakdown(by_area, (key for key, _ in by_area)),
            by_role=_breakdown(by_role, (key for key, _ in by_role)),
            by_source=sources,
            by_week=await self._by_week(period, start, end),
            unanswered=tuple(
                QuestionCount(str(r["text"]), int(r["n"]))
                for r in await self.db.fetchall(_UNANSWERED, (start, end, top_questions))
            ),
        )

    async def _count(self, sql: str, params: tuple[str, ...]) -> int:
        row = await self.db.fetchone(sql, params)
        return int(row[0] or 0) if row is not None else 0

    async def _first_and_last_day(self) -> tuple[date, date] | None:
        """The span of the data, for a period open at either end (each MIN/MAX is one index probe)."""
        stamps = []
        for sql in (
            "SELECT MIN(received_at) FROM inbound_messages",
            "SELECT MAX(received_at) FROM inbound_messages",
            "SELECT MIN(created_at) FROM leads",
            "SELECT MAX(created_at) FROM leads",
        ):
            row = await self.db.fetchone(sql)
            if row is not None and row[0]:
                stamps.append(str(row[0])[:10])
        return (date.fromisoformat(min(stamps)), date.fromisoformat(max(stamps))) if stamps else None

    async def _by_week(self, period: Period, start: str, end: str) -> tuple[WeekRow, ...]:
        """Every week of the span, quiet ones too (a chart's weeks are evenly spaced); the first and
        last weeks count only the days inside the period."""
        span = await self._first_and_last_day() if period.since is None or period.until is None else None
        first = period.since or (span[0] if span else None)
        last = period.until or (span[1] if span else None)
        if first is None or last is None:
            return ()
        weeks = []
        monday = week_start(first)
        while monday <= last:
            following = monday + timedelta(weeks=1)
            weeks.append([monday.isoformat(), max(_midnight(monday), start), min(_midnight(following), end)])
            monday = following
        rows = await self.db.fetchall(_WEEKS, (json.dumps(weeks),))
        return tuple(
            WeekRow(date.fromisoformat(str(r["monday"])), int(r["people"]), int(r["leads"]), int(r["registered"]))
            for r in rows
        )
