"""A stored webhook body -> `ParsedEvent` (messages for the engine, status reports).

Meta's envelope: `{"object": "whatsapp_business_account", "entry": [{"changes":
[{"field": "messages", "value": {"metadata": {...}, "contacts": [...],
"messages": [...], "statuses": [...], "errors": [...]}}]}]}`. Other fields
(template status, account updates) are skipped; so are changes for another
phone number sharing the app. Every message handled is acknowledged with a
"mark as read" payload.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.channels.base import ParsedEvent, Received, StatusUpdate
from bot.channels.whatsapp.inbound import message_inbound
from bot.channels.whatsapp.outbound import mark_read_payload
from bot.channels.whatsapp.statuses import status_update

log = logging.getLogger(__name__)

OBJECT = "whatsapp_business_account"


def _list(value: object) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def decode(raw: bytes) -> Mapping[str, Any]:
    try:
        event = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from exc
    if not isinstance(event, Mapping) or event.get("object") != OBJECT:
        raise ValueError("not a WhatsApp Business Account event")
    return event


def parse_event(raw: bytes, now: datetime, phone_number_id: str | None = None) -> ParsedEvent:
    """Everything in one webhook body; `phone_number_id` keeps only our number's changes."""
    event = decode(raw)
    messages: list[Received] = []
    statuses: list[StatusUpdate] = []
    for entry in _list(event.get("entry")):
        for change in _list(entry.get("changes")):
            value = change.get("value")
            if change.get("field") != "messages" or not isinstance(value, Mapping):
                continue
            metadata = value.get("metadata")
            number = metadata.get("phone_number_id") if isinstance(metadata, Mapping) else None
            if phone_number_id and number and str(number) != phone_number_id:
                log.info("whatsapp event for another phone number id skipped")
                continue
            for error in _list(value.get("errors")):
                log.warning("whatsapp reported error %s: %s", error.get("code"), error.get("title"))
            contacts = _list(value.get("contacts"))
            for message in _list(value.get("messages")):
                inbound = message_inbound(message, contacts, now)
                if inbound is not None and inbound.external_id is not None:
                    ack = mark_read_payload(inbound.external_id)
                    messages.append(Received(inbound, reply_to=inbound.address, acknowledgements=(ack,)))
            for status in _list(value.get("statuses")):
                update = status_update(status, now)
                if update is not None:
                    statuses.append(update)
    return ParsedEvent(messages=tuple(messages), statuses=tuple(statuses))


def message_ids(raw: bytes) -> list[str]:
    """The `wamid`s of the messages in a body (for de-duplicating redeliveries before handling)."""
    event = decode(raw)
    return [
        str(message["id"])
        for entry in _list(event.get("entry"))
        for change in _list(entry.get("changes"))
        if isinstance(change.get("value"), Mapping)
        for message in _list(change["value"].get("messages"))
        if isinstance(message.get("id"), str)
    ]
