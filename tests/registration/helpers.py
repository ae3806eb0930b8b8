"""Shared steps for registration transcripts."""

from __future__ import annotations

from typing import Any

from bot.core.models import Reply
from bot.core.validation.places import AREA_OF_REGION_CODE
from tests.conftest import Harness

NIK = "3572015708850004"  # Kota Blitar, 17 Aug 1985, a woman
NIK_MASKED = "3572********0004"
PHONE = "+6281234567890"


async def count(harness: Harness, table: str, where: str = "1 = 1", params: tuple[Any, ...] = ()) -> int:
    row = await harness.store.db.fetchone(f"SELECT COUNT(*) AS n FROM {table} WHERE {where}", params)
    assert row is not None
    return int(row["n"])


async def lead_rows(harness: Harness) -> list[dict[str, Any]]:
    rows = await harness.store.db.fetchall("SELECT * FROM leads ORDER BY id")
    return [dict(r) for r in rows]


async def through_contact_details(
    harness: Harness, role: str, *, user: str = "u1", nik: str = NIK, name: str = "Budi Santoso"
) -> None:
    """DAFTAR -> consent -> role -> name -> NIK -> phone -> the area the NIK is from (Kota Blitar)."""
    replies = await harness.send("daftar", user=user)
    assert harness.keys(replies) == ["registration/consent"]
    replies = await harness.press("reg:consent:yes", user=user)
    assert harness.keys(replies) == ["registration/ask_role"]
    replies = await harness.press(f"reg:role:{role}", user=user)
    assert harness.keys(replies) == ["registration/ask_name"]
    replies = await harness.send(name, user=user)
    assert harness.keys(replies) == ["registration/ask_nik"]
    replies = await harness.send(nik, user=user)
    assert harness.keys(replies) == ["registration/ask_phone"]
    assert replies[0].request_contact
    replies = await harness.send("0812-3456-7890", user=user)
    assert harness.keys(replies) == ["registration/ask_area"]
    area = AREA_OF_REGION_CODE.get(nik[:4], "kota_blitar")
    replies = await harness.press(f"reg:area:{area}", user=user)
    if harness.keys(replies) == ["registration/confirm_area"]:  # a NIK from outside the branch
        replies = await harness.press("reg:ok:area", user=user)
    assert replies[-1].key.startswith("registration/ask_"), replies


async def register_employee(harness: Harness, *, user: str = "u1", nik: str = NIK, name: str = "Budi Santoso") -> str:
    """A whole employee registration; returns the lead reference."""
    await through_contact_details(harness, "employee", user=user, nik=nik, name=name)
    await harness.send("CV Maju Jaya", user=user)
    await harness.press("reg:employer_registered:yes", user=user)
    await harness.press("reg:contact_time:pagi", user=user)
    replies = await harness.press("reg:summary:confirm", user=user)
    assert_done(harness, replies)
    return str(replies[0].context["reference"])


CONSENT_QUESTION = "outreach/consent_question"


def assert_done(harness: Harness, replies: list[Reply]) -> None:
    """The registration's last reply, followed the first time by the question about reminders."""
    keys = harness.keys(replies)
    assert keys in (["registration/done"], ["registration/done", CONSENT_QUESTION]), keys
