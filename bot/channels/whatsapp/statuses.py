"""One WhatsApp `statuses[]` entry -> `StatusUpdate`.

Meta reports `sent`, `delivered`, `read` and `failed` for each message we sent,
in any order and sometimes twice; `bot.core.outreach.delivery.merge` decides what
to keep. A `failed` report carries `errors[]`, classified like a synchronous
error (131047 window closed, 131026 undeliverable, 131049/131050 marketing, ...).
Statuses we do not track (e.g. "played" for voice) are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.channels.base import StatusUpdate
from bot.channels.whatsapp.errors import classify
from bot.channels.whatsapp.inbound import received_at
from bot.core.outreach.delivery import DeliveryStatus, parse_status

log = logging.getLogger(__name__)


def status_update(status: Mapping[str, Any], now: datetime) -> StatusUpdate | None:
    wamid = status.get("id")
    reported = parse_status(str(status.get("status") or ""))
    if not isinstance(wamid, str) or not wamid or reported is None:
        log.debug("whatsapp status %r for %r skipped", status.get("status"), wamid)
        return None
    failure = None
    if reported is DeliveryStatus.FAILED:
        errors = [e for e in status.get("errors") or () if isinstance(e, Mapping)]
        failure = classify(errors[0] if errors else None)
    recipient = status.get("recipient_id") or status.get("recipient_user_id")
    return StatusUpdate(
        provider_message_id=wamid,
        status=reported,
        at=received_at(status, now),
        recipient=str(recipient) if recipient else None,
        failure=failure,
    )
