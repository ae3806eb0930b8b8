"""One transaction per message: a failure anywhere in a step leaves no half-done work."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from bot.core.models import FlowState
from tests.conftest import Harness
from tests.registration.helpers import assert_done, count, through_contact_details


async def _to_summary(harness: Harness) -> None:
    await through_contact_details(harness, "employee")
    await harness.send("CV Maju Jaya")
    await harness.press("reg:employer_registered:yes")
    replies = await harness.press("reg:contact_time:pagi")
    assert harness.keys(replies) == ["registration/summary"]


async def test_a_lead_is_not_saved_when_ending_the_flow_fails(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _to_summary(harness)
    store = harness.store
    real_save_state = store.save_state

    async def disk_full_when_the_flow_ends(contact_id: int, state: FlowState | None, now: datetime) -> None:
        if state is None:
            raise sqlite3.OperationalError("database or disk is full")
        await real_save_state(contact_id, state, now)

    monkeypatch.setattr(store, "save_state", disk_full_when_the_flow_ends)
    replies = await harness.press("reg:summary:confirm", external_id="confirm-1")
    assert harness.keys(replies) == ["core/error"]
    # Nothing of the step stayed: no lead, no staff notification, the flow still at the summary,
    # and the message itself not recorded, so the platform's redelivery is handled afresh.
    assert await count(harness, "leads") == 0
    assert await count(harness, "staff_notifications") == 0
    state = await store.load_state(1)
    assert state is not None and state.step == "summary"
    assert await count(harness, "inbound_messages", "external_id = ?", ("confirm-1",)) == 0

    monkeypatch.undo()
    replies = await harness.press("reg:summary:confirm", external_id="confirm-1")
    assert_done(harness, replies)
    assert await count(harness, "leads") == 1
    assert await store.load_state(1) is None


async def test_a_redelivered_message_gets_no_second_answer(harness: Harness) -> None:
    first = await harness.send("iuran jkm berapa", external_id="tg-1")
    assert first
    assert await harness.send("iuran jkm berapa", external_id="tg-1") == []
    assert await count(harness, "inbound_messages") == 1
