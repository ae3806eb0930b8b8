"""The 24-hour customer service window and what outreach may do outside it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.channels.whatsapp.window import (
    SKIP_REASON,
    OutreachMode,
    plan_outreach,
    window_closes_at,
    window_open,
)
from bot.core.clock import WIB

WROTE = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)


def test_open_right_after_the_person_wrote() -> None:
    assert window_open(WROTE, WROTE + timedelta(minutes=1))


def test_closed_after_24_hours_and_a_safety_margin_before() -> None:
    assert window_closes_at(WROTE) == WROTE + timedelta(hours=24)
    assert window_open(WROTE, WROTE + timedelta(hours=23, minutes=49))
    assert not window_open(WROTE, WROTE + timedelta(hours=23, minutes=51))
    assert window_open(WROTE, WROTE + timedelta(hours=23, minutes=59), margin=timedelta(0))
    assert not window_open(WROTE, WROTE + timedelta(hours=24), margin=timedelta(0))


def test_never_wrote_means_closed() -> None:
    assert not window_open(None, WROTE)


def test_time_zones_do_not_matter() -> None:
    assert window_open(WROTE, (WROTE + timedelta(hours=5)).astimezone(UTC))


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        window_open(WROTE, datetime(2026, 11, 23, 12, 0))
    with pytest.raises(ValueError):
        window_open(datetime(2026, 11, 23, 12, 0), WROTE)


def test_outreach_inside_the_window_is_free_form() -> None:
    plan = plan_outreach(WROTE, WROTE + timedelta(hours=2), has_template=True)
    assert plan.mode is OutreachMode.FREE_FORM and plan.reason is None


def test_outreach_outside_the_window_uses_the_template() -> None:
    assert plan_outreach(WROTE, WROTE + timedelta(days=3), has_template=True).mode is OutreachMode.TEMPLATE
    assert plan_outreach(None, WROTE, has_template=True).mode is OutreachMode.TEMPLATE


def test_outreach_outside_the_window_without_a_template_is_skipped_with_a_reason() -> None:
    plan = plan_outreach(WROTE, WROTE + timedelta(days=3), has_template=False)
    assert plan.mode is OutreachMode.SKIP
    assert plan.reason == SKIP_REASON
