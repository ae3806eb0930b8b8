"""Delivery statuses never move backwards, whatever order and however often they arrive."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from bot.core.outreach.delivery import DeliveryStatus, merge, moves_forward, parse_status, rank

S, F, D, R = DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.DELIVERED, DeliveryStatus.READ


def fold(reports: list[DeliveryStatus]) -> DeliveryStatus | None:
    current: DeliveryStatus | None = None
    for reported in reports:
        current = merge(current, reported)
    return current


def test_every_order_of_sent_delivered_read_ends_read() -> None:
    for order in itertools.permutations([S, D, R]):
        assert fold(list(order)) is R


def test_read_without_delivered_is_read() -> None:
    assert fold([S, R]) is R


def test_failure_beats_sent_in_any_order_but_not_delivery() -> None:
    assert fold([S, F]) is F and fold([F, S]) is F
    assert fold([F, D]) is D and fold([D, F]) is D
    assert fold([R, F]) is R


def test_duplicates_change_nothing() -> None:
    assert merge(D, D) is D
    assert not moves_forward(D, D)
    assert moves_forward(None, S)
    assert not moves_forward(R, S)


@given(st.lists(st.sampled_from([S, F, D, R]), min_size=1, max_size=12))
def test_any_sequence_keeps_the_furthest_status_and_never_goes_back(reports: list[DeliveryStatus]) -> None:
    current: DeliveryStatus | None = None
    for reported in reports:
        new = merge(current, reported)
        assert rank(new) >= rank(current)
        current = new
    assert current is max(reports, key=rank)


def test_provider_words() -> None:
    assert parse_status("delivered") is D
    assert parse_status("played") is None
    assert parse_status("") is None
