"""The numbers: engine events for the funnel, the stats store, /statistik with its chart,
the weekly summary, `bpjstk-bot stats` (text, JSON, PNG) and attachments in the terminal chat."""

from __future__ import annotations

import io
import json
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.channels.console import ConsoleChat
from bot.core.clock import WIB
from bot.core.staff.period import Period, last_weeks, previous_week
from bot.core.staff.ports import FollowUp
from bot.staff_tools import small_talk_topics
from bot.storage.staff import SqliteStaffStore
from bot.storage.stats import SqliteStatsStore
from tests.conftest import Harness
from tests.registration.helpers import register_employee
from tests.staff.helpers import NIK_B, STAFF, STAFF_ID, add_lead, cli, rows, say

PNG_SIZE = (1000, 700)


def png_size(content: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "PNG"
        image.load()  # decodes the whole picture: a truncated file fails here
        return image.size


def pictures(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.png"))


async def test_the_engine_records_questions_and_flow_starts(desk: Harness) -> None:
    await desk.send("jht bisa dicairin kapan klo udh resign?", user="a")
    await desk.press("faq:program-apa-saja", user="b")
    await desk.send("iuran", user="c")
    await desk.send("iuran", user="c")  # the same flow again resumes it: not a second start
    await desk.send("daftar", user="d")
    await desk.send("zzkq xyzzy", user="e")  # unanswered: counted from the unanswered log
    events = await rows(
        desk,
        "SELECT a.address, e.kind, e.detail FROM events e JOIN contact_addresses a ON a.contact_id = e.contact_id"
        " WHERE e.kind IN ('faq_answered', 'flow_started') ORDER BY e.id",
    )
    assert [(e["address"], e["kind"]) for e in events] == [
        ("a", "faq_answered"),
        ("b", "faq_answered"),
        ("c", "flow_started"),
        ("d", "flow_started"),
    ]
    assert events[1]["detail"] == "program-apa-saja"
    assert [e["detail"] for e in events[2:]] == ["calculator", "registration"]


async def test_the_funnel_follows_people_from_first_message_to_registered(desk: Harness) -> None:
    await desk.send("halo", user="a")  # a greeting the FAQ answers is not a question
    await desk.send("jht bisa dicairin kapan klo udh resign?", user="b")
    await desk.send("zzkq xyzzy", user="c")
    await desk.send("iuran", user="d")
    await register_employee(desk, user="e")
    await register_employee(desk, user="f", nik=NIK_B)
    staff = SqliteStaffStore(desk.store.db)
    await staff.follow_up(1, FollowUp(status="contacted"), STAFF_ID, desk.clock.now())
    await staff.follow_up(2, FollowUp(status="registered"), STAFF_ID, desk.clock.now())
    report = await SqliteStatsStore(desk.store.db, small_talk_topics()).report(Period())
    assert {stage.stage: stage.count for stage in report.funnel} == {
        "wrote": 6,
        "asked": 2,
        "calculator": 1,
        "registration": 2,
        "leads": 2,
        "contacted": 2,
        "registered": 1,
    }
    assert [(b.key, b.leads, b.contacted, b.registered) for b in report.by_role] == [("employee", 2, 2, 1)]


async def test_breakdowns_by_area_role_campaign_and_week_within_the_period(desk: Harness) -> None:
    monday = datetime(2026, 11, 2, 9, tzinfo=WIB)
    await add_lead(desk, "u1", area="tulungagung", source="posterpasar", at=monday)
    await add_lead(desk, "u2", nik=NIK_B, area="tulungagung", role="owner", at=monday + timedelta(days=2))
    await add_lead(desk, "u3", nik="3572011708850003", area="trenggalek", at=monday + timedelta(weeks=2))
    await add_lead(desk, "u4", nik="3572011708850004", at=monday - timedelta(days=1))  # before the period
    for user, day in (("u1", 0), ("u1", 1), ("u5", 15)):
        desk.clock.set(monday + timedelta(days=day))
        await desk.send("halo", user=user)
    u1 = await desk.store.contact_for("console", "u1")
    # A contact keeps the whole deep-link payload, its lead the campaign: one row for both.
    await desk.store.set_source(u1.id, "daftar_posterpasar", desk.clock.now())
    await SqliteStaffStore(desk.store.db).follow_up(1, FollowUp(status="registered"), STAFF_ID, monday)

    report = await SqliteStatsStore(desk.store.db).report(Period(date(2026, 11, 2), date(2026, 11, 22)))
    assert report.count("leads") == 3 and report.count("wrote") == 2
    assert [(b.key, b.leads, b.registered) for b in report.by_area] == [("tulungagung", 2, 1), ("trenggalek", 1, 0)]
    assert [(b.key, b.leads) for b in report.by_role] == [("employee", 2), ("owner", 1)]
    assert [(b.key, b.people, b.leads, b.registered) for b in report.by_source] == [
        ("", None, 2, 0),
        ("posterpasar", 1, 1, 1),
    ]
    assert [(w.week_start, w.people, w.leads, w.registered) for w in report.by_week] == [
        (date(2026, 11, 2), 1, 2, 1),
        (date(2026, 11, 9), 0, 0, 0),  # a quiet week is still a week
        (date(2026, 11, 16), 1, 1, 0),
    ]


async def test_the_most_frequent_unanswered_questions_of_the_period(desk: Harness) -> None:
    for user, text in (("a", "zzkq satu"), ("b", "ZZKQ satu"), ("c", "zzkq dua")):
        await desk.send(text, user=user)
    desk.clock.advance(timedelta(days=10))
    await desk.send("zzkq dua", user="d")
    report = await SqliteStatsStore(desk.store.db).report(Period(until=date(2026, 11, 23)))
    assert [(q.text.lower(), q.count) for q in report.unanswered] == [("zzkq satu", 2), ("zzkq dua", 1)]


def test_periods() -> None:
    assert last_weeks(date(2026, 11, 25), 8) == Period(date(2026, 10, 5), date(2026, 11, 25))
    assert previous_week(date(2026, 11, 23)) == Period(date(2026, 11, 16), date(2026, 11, 22))
    assert previous_week(date(2026, 11, 29)) == Period(date(2026, 11, 16), date(2026, 11, 22))
    assert Period(date(2026, 11, 1), date(2026, 11, 1)).bounds() == (
        "2026-11-01T00:00:00+07:00",
        "2026-11-02T00:00:00+07:00",
    )
    with pytest.raises(ValueError):
        Period(date(2026, 11, 2), date(2026, 11, 1))


async def test_statistik_in_chat_sends_a_few_lines_and_the_chart_as_a_picture(desk: Harness) -> None:
    await add_lead(desk, "u1", area="trenggalek")
    (reply,) = await say(desk, "/statistik")
    assert reply.key == "staff/stats"
    assert reply.context["since"] == date(2026, 10, 5) and reply.context["until"] == date(2026, 11, 23)
    assert reply.attachment is not None and reply.attachment.kind == "image"
    assert reply.attachment.media_type == "image/png" and reply.attachment.filename.endswith(".png")
    assert png_size(reply.attachment.content) == PNG_SIZE
    text = desk.text([reply])
    assert "Pendaftar: 1" in text and "Trenggalek 1" in text


async def test_the_weekly_summary_covers_last_monday_to_sunday(desk: Harness) -> None:
    await add_lead(desk, "u1", at=datetime(2026, 11, 18, 9, tzinfo=WIB))
    await add_lead(desk, "u2", nik=NIK_B, at=datetime(2026, 11, 23, 8, tzinfo=WIB))  # this week: not yet
    assert desk.app.staff is not None
    (reply,) = await desk.app.staff.weekly_summary(date(2026, 11, 23))
    assert reply.key == "staff/weekly_summary"
    assert reply.context["counts"]["leads"] == 1
    assert reply.attachment is not None and png_size(reply.attachment.content) == PNG_SIZE
    assert "16 November 2026 – 22 November 2026" in desk.text([reply])


async def test_stats_cli_prints_text_json_and_saves_the_png(
    desk: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await add_lead(desk, "u1", source="posterpasar")
    db = ["--db", str(desk.db_path)]
    assert await cli(["stats", *db]) == 0
    text = capsys.readouterr().out
    assert "Corong" in text and "Pendaftar: 1" in text and "posterpasar" in text

    assert await cli(["stats", *db, "--json", "--sejak", "2026-11-01", "--sampai", "2026-11-30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["since"] == "2026-11-01" and data["until"] == "2026-11-30"
    assert data["counts"]["leads"] == 1
    assert [row["key"] for row in data["by_source"]] == ["posterpasar"]
    assert data["by_week"][0]["week_start"] == "2026-10-26"

    png = tmp_path / "out" / "chart.png"
    assert await cli(["stats", *db, "--png", str(png)]) == 0
    assert stat.S_IMODE(png.stat().st_mode) == 0o600
    assert png_size(png.read_bytes()) == PNG_SIZE
    capsys.readouterr()
    assert await cli(["stats", *db, "--png", str(png)]) == 1  # no silent overwrite
    assert "--force" in capsys.readouterr().err
    assert await cli(["stats", *db, "--png", str(png), "--force"]) == 0

    audit = await rows(desk, "SELECT actor, action FROM staff_audit")
    assert {row["action"] for row in audit} == {"stats_view"}
    assert all(row["actor"].startswith("cli:") for row in audit)


async def test_stats_cli_refuses_a_backwards_period_and_a_missing_database(
    desk: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await cli(["stats", "--db", str(desk.db_path), "--sejak", "2026-11-30", "--sampai", "2026-11-01"]) == 2
    assert await cli(["stats", "--db", str(tmp_path / "none.sqlite3")]) == 1
    with pytest.raises(SystemExit) as refused:
        await cli(["stats", "--db", str(desk.db_path), "--sejak", "30-11-2026"])
    assert refused.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


async def test_the_terminal_chat_saves_a_picture_as_an_owner_only_file(desk: Harness, tmp_path: Path) -> None:
    out = io.StringIO()
    chat = ConsoleChat(desk.engine, desk.app.renderer, desk.clock, address=STAFF, out=out, attachments_dir=tmp_path)
    await chat.send("/statistik")
    await chat.send("/statistik")  # the same name again: a second file, not an overwrite
    saved = pictures(tmp_path)
    assert [p.name for p in saved] == ["bpjstk-stats-2026-11-23-2.png", "bpjstk-stats-2026-11-23.png"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in saved)
    assert str(saved[1]) in out.getvalue()
