"""The staff chart: the funnel and the weeks as one PNG (matplotlib, Agg, no pyplot).

matplotlib is imported when the first chart is drawn, not when the bot starts (it takes
about a second). Figures are plain `Figure` objects on an Agg canvas: no pyplot global
state, nothing to close, safe in a long-running server. Words come from labels.toml.
"""

from __future__ import annotations

import io
import threading

from bot.core.staff.ports import StatsReport
from bot.render.templates import Renderer
from bot.rules.formatting import thousands

WIDTH_PX = 1000
HEIGHT_PX = 700
DPI = 100
STAGE_LABELS = {
    "wrote": "label.staff.stage_wrote",
    "asked": "label.staff.stage_asked",
    "calculator": "label.staff.stage_calculator",
    "registration": "label.staff.stage_registration",
    "leads": "label.staff.stage_leads",
    "contacted": "label.staff.stage_contacted",
    "registered": "label.staff.stage_registered",
}
FUNNEL_COLOR = "#1f6f43"  # BPJAMSOSTEK green
WEEK_COLORS = ("#9ecae1", "#3182bd", "#1f6f43")


class FunnelChart:
    """`ChartDrawer` for the staff desk."""

    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer
        self._lock = threading.Lock()  # matplotlib's font cache and text layout are not thread-safe

    def _label(self, key: str) -> str:
        return self._renderer.render_label(key, {}, "console")

    def draw(self, report: StatsReport) -> bytes:
        with self._lock:
            return self._draw(report)

    def _draw(self, report: StatsReport) -> bytes:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        funnel, weeks = figure.subplots(2, 1, height_ratios=[3, 2])

        names = [self._label(STAGE_LABELS[stage.stage]) for stage in report.funnel]
        counts = [stage.count for stage in report.funnel]
        positions = list(range(len(counts)))
        funnel.barh(positions, counts, color=FUNNEL_COLOR)
        funnel.set_yticks(positions, names)
        funnel.invert_yaxis()  # first stage on top
        funnel.set_xlim(0, max([*counts, 1]) * 1.15)  # room for the numbers
        funnel.xaxis.set_major_locator(MaxNLocator(integer=True))
        for position, count in zip(positions, counts, strict=True):
            funnel.text(count, position, " " + thousands(count), va="center")
        funnel.set_title(self._label("label.staff.chart_funnel"), loc="left")
        funnel.spines[["top", "right"]].set_visible(False)

        rows = report.by_week
        width = 0.27
        x = list(range(len(rows)))
        series = (
            ("label.staff.chart_people", [row.people for row in rows]),
            ("label.staff.stage_leads", [row.leads for row in rows]),
            ("label.staff.stage_registered", [row.registered for row in rows]),
        )
        for offset, ((label, values), color) in enumerate(zip(series, WEEK_COLORS, strict=True)):
            weeks.bar([i + (offset - 1) * width for i in x], values, width, label=self._label(label), color=color)
        weeks.set_xticks(x, [row.week_start.strftime("%d/%m") for row in rows])
        weeks.yaxis.set_major_locator(MaxNLocator(integer=True))
        weeks.set_title(self._label("label.staff.chart_weeks"), loc="left")
        weeks.spines[["top", "right"]].set_visible(False)
        if rows:
            # Above the plot, right of the title: never over a bar.
            weeks.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=3, frameon=False)

        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()
