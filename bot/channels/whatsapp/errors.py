"""WhatsApp Cloud API error codes -> what the sender does next (DESIGN.md §3c).

Errors arrive synchronously (the Graph API answers the send with an `error`
object) or later, in a `failed` status callback (`errors[]`); both go through
`classify`. Meta asks integrations to act on `code` (and `error_data.details`),
not on the title, so the table is keyed by code. docs/whatsapp.md explains
each group for a branch officer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.channels.base import Failure, SendResult
from bot.core.privacy import mask_personal_text

# Waits when Meta gives none: the number's per-second throughput frees up within a second;
# one person may receive about one message every 6 seconds; hourly app/account limits need longer.
THROUGHPUT_WAIT_SECONDS = 1.0
PAIR_WAIT_SECONDS = 6.0
ACCOUNT_RATE_WAIT_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Rule:
    failure: Failure
    retry_after: float | None = None


THROUGHPUT = Rule(Failure.CHANNEL_RATE_LIMIT, THROUGHPUT_WAIT_SECONDS)

RULES: dict[int, Rule] = {
    # Rate limits.
    130429: THROUGHPUT,  # throughput limit of the business number: back off the whole number
    4: Rule(Failure.CHANNEL_RATE_LIMIT, ACCOUNT_RATE_WAIT_SECONDS),  # app-level API call limit
    80007: Rule(Failure.CHANNEL_RATE_LIMIT, ACCOUNT_RATE_WAIT_SECONDS),  # WhatsApp Business Account rate limit
    131056: Rule(Failure.RECIPIENT_RATE_LIMIT, PAIR_WAIT_SECONDS),  # pair rate limit: back off that person
    # The 24-hour customer service window.
    131047: Rule(Failure.WINDOW_CLOSED),  # re-engagement message: more than 24 h since the person wrote
    # The person cannot be reached.
    131026: Rule(Failure.RECIPIENT_GONE),  # undeliverable (not on WhatsApp, old app, blocked us, ...)
    # Marketing limits and marketing opt-out: treat as opted out of marketing.
    131049: Rule(Failure.MARKETING_OPT_OUT),  # not delivered "to maintain a healthy ecosystem"
    131050: Rule(Failure.MARKETING_OPT_OUT),  # the person stopped marketing messages from us
    # Spam and policy blocks on our account: stop outreach, tell staff.
    131048: Rule(Failure.POLICY_BLOCK),  # spam rate limit: too many of our messages were blocked/reported
    368: Rule(Failure.POLICY_BLOCK),  # temporarily blocked for policy violations
    131031: Rule(Failure.POLICY_BLOCK),  # business account locked
    130497: Rule(Failure.POLICY_BLOCK),  # business account restricted from messaging users in this country
    # Our setup: token, permissions, payment, number registration.
    0: Rule(Failure.CONFIGURATION),  # AuthException
    3: Rule(Failure.CONFIGURATION),  # API method (capability) not available to the app
    10: Rule(Failure.CONFIGURATION),  # permission denied
    190: Rule(Failure.CONFIGURATION),  # access token expired or invalid
    131005: Rule(Failure.CONFIGURATION),  # access denied
    131030: Rule(Failure.CONFIGURATION),  # recipient not in the allowed list (app still in development mode)
    131042: Rule(Failure.CONFIGURATION),  # business eligibility / payment issue
    131045: Rule(Failure.CONFIGURATION),  # phone number certificate problem
    133010: Rule(Failure.CONFIGURATION),  # phone number not registered on the Cloud API
    # The payload itself (our bug): retrying the same payload will not help.
    100: Rule(Failure.INVALID_PAYLOAD),  # invalid parameter
    131008: Rule(Failure.INVALID_PAYLOAD),  # required parameter missing
    131009: Rule(Failure.INVALID_PAYLOAD),  # parameter value not valid (length limits, unknown message id)
    131021: Rule(Failure.INVALID_PAYLOAD),  # recipient cannot be the sender
    131051: Rule(Failure.INVALID_PAYLOAD),  # unsupported message type
    131052: Rule(Failure.INVALID_PAYLOAD),  # media download error
    131053: Rule(Failure.INVALID_PAYLOAD),  # media upload error
    # Meta's side is unwell: retry with backoff.
    1: Rule(Failure.TRANSIENT),  # API unknown
    2: Rule(Failure.TRANSIENT),  # API service temporarily unavailable
    131000: Rule(Failure.TRANSIENT),  # something went wrong
    131016: Rule(Failure.TRANSIENT),  # service unavailable
    131057: Rule(Failure.TRANSIENT),  # business account in maintenance mode
    133004: Rule(Failure.TRANSIENT),  # server temporarily unavailable
}
# Template missing, paused, disabled, wrong language or wrong parameters: fail the broadcast early.
TEMPLATE_CODES = frozenset(range(132000, 132017)) | {132018}


def rule_for(code: int | None, http_status: int | None = None) -> Rule:
    if code is not None:
        if code in RULES:
            return RULES[code]
        if code in TEMPLATE_CODES:
            return Rule(Failure.TEMPLATE_PROBLEM)
    if http_status is not None:
        if http_status >= 500:
            return Rule(Failure.TRANSIENT)
        if http_status == 429:
            return THROUGHPUT
        if http_status in (401, 403) and code is None:
            return Rule(Failure.CONFIGURATION)
    return Rule(Failure.UNKNOWN)


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _details(error: Mapping[str, Any]) -> str:
    data = error.get("error_data")
    details = data.get("details") if isinstance(data, Mapping) else None
    text = details or error.get("message") or error.get("title") or ""
    return mask_personal_text(str(text)[:300])


def classify(error: Mapping[str, Any] | None, http_status: int | None = None) -> SendResult:
    """A Graph API `error` object (or one entry of a status callback's `errors`) -> `SendResult`.

    `error` may be None when the answer carried no error object (an HTML 502 from a proxy).
    """
    code = _as_int(error.get("code")) if error is not None else None
    rule = rule_for(code, http_status)
    return SendResult.failed(
        rule.failure,
        error_code=str(code) if code is not None else (str(http_status) if http_status is not None else None),
        retry_after=rule.retry_after,
        detail=_details(error) if error is not None else "",
    )
