"""The numbers for staff: /statistik in chat, the weekly summary, and the CLI's context."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from datetime import date
from typing import Any

from bot.core.models import Attachment, Reply
from bot.core.staff.period import Period, last_weeks, previous_week
from bot.core.staff.ports import ChartDrawer, StatsReport, StatsStore

CHAT_WEEKS = 8  # /statistik covers this week and the seven before it
TOP_IN_CHAT = 3  # areas, campaigns and questions named in a chat summary
TOP_QUESTIONS = 10


def stats_context(report: StatsReport, top: int | None = None) -> dict[str, Any]:
    """Template context (and the JSON shape) of a report; `top` keeps the first rows of each list."""

    def rows(items: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [asdict(item) for item in items[:top]]

    return {
        "since": report.period.since,
        "until": report.period.until,
        "funnel": rows(report.funnel),
        "counts": {stage.stage: stage.count for stage in report.funnel},
        "by_area": rows(report.by_area),
        "by_role": rows(report.by_role),
        "by_source": rows(report.by_source),
        "by_week": rows(report.by_week),
        "unanswered": rows(report.unanswered),
    }


class StaffNumbers:
    def __init__(self, stats: StatsStore, charts: ChartDrawer) -> None:
        self._stats = stats
        self._charts = charts

    async def report(self, period: Period, top_questions: int = TOP_QUESTIONS) -> StatsReport:
        return await self._stats.report(period, top_questions)

    async def chart(self, report: StatsReport, today: date) -> Attachment:
        # Drawing takes a while (matplotlib): keep the event loop serving others meanwhile.
        png = await asyncio.to_thread(self._charts.draw, report)
        return Attachment("image", f"bpjstk-stats-{today.isoformat()}.png", png, "image/png")

    async def chat_replies(self, today: date) -> list[Reply]:
        """/statistik: a few lines over the last weeks, with the chart as a picture."""
        report = await self.report(last_weeks(today, CHAT_WEEKS), TOP_IN_CHAT)
        context = stats_context(report, TOP_IN_CHAT)
        return [Reply("staff/stats", context, attachment=await self.chart(report, today))]

    async def weekly_summary(self, today: date) -> list[Reply]:
        """Last Monday-to-Sunday week, for the staff group (no personal data in it)."""
        report = await self.report(previous_week(today), TOP_IN_CHAT)
        context = stats_context(report, TOP_IN_CHAT)
        return [Reply("staff/weekly_summary", context, attachment=await self.chart(report, today))]
