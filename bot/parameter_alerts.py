"""Tell staff, once, when a dated parameter has outlived its validity (see bot/rules/staleness.py).

Run at start-up: every start logs a warning while the parameter stays stale, but the staff
chat gets one notification per stale value (remembered as an event, so restarts and several
processes sharing the database do not repeat it).
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.core.clock import WIB
from bot.rules.formatting import long_date
from bot.rules.parameters import Parameters
from bot.rules.staleness import StaleParameter, stale_parameters
from bot.storage.store import SqliteStore

log = logging.getLogger(__name__)

EVENT = "stale_parameter"
NOTIFICATION = "core/staff_stale_parameter"


def _detail(item: StaleParameter) -> str:
    return f"{item.parameter}@{item.value_from.isoformat()}"


async def report_stale_parameters(store: SqliteStore, params: Parameters, now: datetime) -> list[StaleParameter]:
    """Log every stale parameter and queue one staff notification per stale value."""
    stale = stale_parameters(params, now.astimezone(WIB).date())
    if not stale:
        return []
    already = {detail for _contact, detail, _at in await store.events(EVENT, limit=1000)}
    for item in stale:
        log.warning(
            "parameter %s: the value in force since %s was due to be replaced on %s; "
            "add the new row to messages/params/bpjstk.toml",
            item.parameter,
            item.value_from.isoformat(),
            item.valid_until.isoformat(),
        )
        if _detail(item) in already:
            continue
        await store.notify_staff(
            NOTIFICATION,
            {
                "parameter": item.parameter,
                "value_from": long_date(item.value_from),
                "valid_until": long_date(item.valid_until),
            },
            now,
        )
        await store.record_event(None, EVENT, _detail(item), now)
    return stale
