"""WhatsApp error codes -> outcome and action (DESIGN.md §3c), for sync answers and failed statuses alike."""

from __future__ import annotations

import pytest

from bot.channels.base import OUTCOME_OF, Failure, SendOutcome
from bot.channels.whatsapp.client import result_of
from bot.channels.whatsapp.errors import PAIR_WAIT_SECONDS, classify

R = SendOutcome.RETRY_AFTER
P = SendOutcome.PERMANENT_ERROR

TABLE = [
    # code, http status, failure, outcome
    (130429, 400, Failure.CHANNEL_RATE_LIMIT, R),
    (4, 400, Failure.CHANNEL_RATE_LIMIT, R),
    (80007, 400, Failure.CHANNEL_RATE_LIMIT, R),
    (131056, 400, Failure.RECIPIENT_RATE_LIMIT, R),
    (131047, 400, Failure.WINDOW_CLOSED, SendOutcome.WINDOW_CLOSED),
    (131026, 400, Failure.RECIPIENT_GONE, SendOutcome.RECIPIENT_GONE),
    (131049, 400, Failure.MARKETING_OPT_OUT, P),
    (131050, 400, Failure.MARKETING_OPT_OUT, P),
    (131048, 400, Failure.POLICY_BLOCK, P),
    (368, 400, Failure.POLICY_BLOCK, P),
    (131031, 400, Failure.POLICY_BLOCK, P),
    *[(code, 400, Failure.TEMPLATE_PROBLEM, P) for code in range(132000, 132017)],
    (132018, 400, Failure.TEMPLATE_PROBLEM, P),
    (190, 401, Failure.CONFIGURATION, P),
    (10, 403, Failure.CONFIGURATION, P),
    (131030, 400, Failure.CONFIGURATION, P),
    (133010, 400, Failure.CONFIGURATION, P),
    (100, 400, Failure.INVALID_PAYLOAD, P),
    (131008, 400, Failure.INVALID_PAYLOAD, P),
    (131009, 400, Failure.INVALID_PAYLOAD, P),
    (131051, 400, Failure.INVALID_PAYLOAD, P),
    (1, 500, Failure.TRANSIENT, R),
    (2, 503, Failure.TRANSIENT, R),
    (131000, 500, Failure.TRANSIENT, R),
    (131016, 503, Failure.TRANSIENT, R),
    (987654, 500, Failure.TRANSIENT, R),  # unknown code, server error: retry
    (987654, 400, Failure.UNKNOWN, P),  # unknown code, client error: do not loop
]


@pytest.mark.parametrize(("code", "http", "failure", "outcome"), TABLE)
def test_error_table(code: int, http: int, failure: Failure, outcome: SendOutcome) -> None:
    body = {"error": {"message": f"(#{code}) x", "type": "OAuthException", "code": code, "fbtrace_id": "A"}}
    result = result_of(http, body)
    assert (result.failure, result.outcome) == (failure, outcome)
    assert result.error_code == str(code)
    assert not result.ok
    # The same code in a failed status callback (no HTTP status) means the same.
    later = classify({"code": code, "title": "x"})
    if http < 500:
        assert (later.failure, later.outcome) == (failure, outcome)


def test_rate_limits_suggest_a_wait() -> None:
    assert classify({"code": 131056}).retry_after == PAIR_WAIT_SECONDS
    throughput = classify({"code": 130429}).retry_after
    assert throughput is not None and 0 < throughput <= 5
    assert classify({"code": 131000}).retry_after is None  # the sender's own backoff


def test_codes_as_strings_count_too() -> None:
    assert classify({"code": "131047"}).failure is Failure.WINDOW_CLOSED


@pytest.mark.parametrize(
    ("status", "body", "failure"),
    [
        (502, None, Failure.TRANSIENT),
        (502, "<html>Bad gateway</html>", Failure.TRANSIENT),
        (429, {}, Failure.CHANNEL_RATE_LIMIT),
        (401, {}, Failure.CONFIGURATION),
        (404, None, Failure.UNKNOWN),
    ],
)
def test_answers_without_an_error_object(status: int, body: object, failure: Failure) -> None:
    assert result_of(status, body).failure is failure


def test_success_carries_the_message_id() -> None:
    body = {"messaging_product": "whatsapp", "messages": [{"id": "wamid.HBgN", "message_status": "accepted"}]}
    result = result_of(200, body)
    assert result.ok and result.provider_message_id == "wamid.HBgN"
    assert result_of(200, {"success": True}).ok


def test_details_are_kept_but_personal_data_is_masked() -> None:
    error = {"code": 131026, "error_data": {"details": "Unable to deliver to +6281234567890"}}
    detail = classify(error).detail
    assert "Unable to deliver" in detail
    assert "6281234567890" not in detail


def test_every_failure_has_an_outcome() -> None:
    assert set(OUTCOME_OF) == set(Failure)
