"""Whatever arrives at any step of the calculator or the registration gets a polite reply.

Each case walks a flow to one step through the real engine and a temporary SQLite
file, then sends random text or a random button id (the flows' own ids included,
from every step, so stale and out-of-place presses are covered). The reply must
exist, not be the internal-error message, render on every channel, and leave a
state that still reads back from JSON.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App, build_app, build_flows
from bot.core.clock import FixedClock
from bot.core.flows.kit import StepFlow
from bot.core.models import FlowState, Inbound
from tests.conftest import START

NIK = "3572015708850004"
CALC_PU = ["iuran", "b:calc:seg:pk", "3jt", "b:calc:risk:s", "b:calc:skala:kecil"]
REG = ["daftar", "b:reg:consent:yes"]
REG_OWNER = [*REG, "b:reg:role:owner", "Budi", NIK, "081234567890", "b:reg:area:kota_blitar", "Toko", "jasa"]
REG_SELF = [*REG, "b:reg:role:self_employed", "Budi", NIK, "081234567890", "b:reg:area:kota_blitar", "penjahit"]
# (flow, step the script ends at) -> the messages that get there ("b:" presses a button)
SCRIPTS: dict[tuple[str, str], list[str]] = {
    ("calculator", "segment"): ["iuran"],
    ("calculator", "bpu_income"): ["iuran", "b:calc:seg:bpu"],
    ("calculator", "bpu_sector"): ["iuran", "b:calc:seg:bpu", "2 juta"],
    ("calculator", "bpu_jht"): ["iuran", "b:calc:seg:bpu", "2 juta", "lainnya"],
    ("calculator", "pu_wage"): CALC_PU[:2],
    ("calculator", "pu_risk"): CALC_PU[:3],
    ("calculator", "pu_scale"): CALC_PU[:4],
    ("calculator", "pu_workers"): CALC_PU,
    ("calculator", "owner_cover"): [*CALC_PU, "3"],
    ("calculator", "owner_income"): [*CALC_PU, "3", "ya"],
    ("registration", "consent"): ["daftar"],
    ("registration", "role"): REG,
    ("registration", "name"): [*REG, "b:reg:role:employee"],
    ("registration", "nik"): [*REG, "b:reg:role:employee", "Budi"],
    ("registration", "phone"): [*REG, "b:reg:role:employee", "Budi", NIK],
    ("registration", "area"): [*REG, "b:reg:role:employee", "Budi", NIK, "081234567890"],
    ("registration", "area_other"): [*REG, "b:reg:role:employee", "Budi", NIK, "081234567890", "b:reg:area:other"],
    ("registration", "business_name"): REG_OWNER[:-2],
    ("registration", "sector"): REG_OWNER[:-1],
    ("registration", "employees"): REG_OWNER,
    ("registration", "employees_registered"): [*REG_OWNER, "2"],
    ("registration", "owner_cover"): [*REG_OWNER, "0"],
    ("registration", "employer_name"): [*REG, "b:reg:role:employee", "Budi", NIK, "081234567890", "kota blitar"],
    ("registration", "employer_registered"): [
        *REG,
        "b:reg:role:employee",
        "Budi",
        NIK,
        "081234567890",
        "kota blitar",
        "CV Maju",
    ],
    ("registration", "occupation"): REG_SELF[:-1],
    ("registration", "income"): REG_SELF,
    ("registration", "programs"): [*REG_SELF, "2 juta"],
    ("registration", "contact_time"): [*REG_SELF, "2 juta", "1"],
    ("registration", "summary"): [*REG_SELF, "2 juta", "1", "pagi"],
    ("reminder", "topic"): ["ingatkan saya"],
    ("reminder", "day"): ["ingatkan saya", "b:ingat:topic:bayar"],
}


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.AbstractEventLoop, App]]:
    loop = asyncio.new_event_loop()
    path: Path = tmp_path_factory.mktemp("flowfuzz") / "fuzz.sqlite3"
    app = loop.run_until_complete(build_app(path, clock=FixedClock(START)))
    yield loop, app
    loop.run_until_complete(app.close())
    loop.close()


def _flow_buttons(app: App) -> list[str]:
    """Every button id the flows can show, from every step, plus the asking-back buttons."""
    found: set[str] = set()
    for flow in build_flows(app.stores):
        if isinstance(flow, StepFlow):
            for step in flow.spec.steps:
                found |= {choice.id for choice in flow.choices(step)}
                found |= set(flow.spec.confirm_buttons(step))
    return sorted(found)


_users = count()


@pytest.mark.parametrize(("flow", "step"), sorted(SCRIPTS))
def test_any_message_at_any_step_gets_a_reply(
    running: tuple[asyncio.AbstractEventLoop, App], flow: str, step: str
) -> None:
    loop, app = running
    buttons = _flow_buttons(app)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        message=st.one_of(
            st.text(max_size=80).map(lambda t: ("text", t)),
            st.sampled_from(["kembali", "ya", "bukan", "tidak tahu", "2", "0", "-1", "9" * 20, "/daftar"]).map(
                lambda t: ("text", t)
            ),
            st.sampled_from(buttons).map(lambda b: ("button", b)),
            st.text(max_size=64).map(lambda b: ("button", b or "x")),
        )
    )
    def check(message: tuple[str, str]) -> None:
        user = f"{flow}-{step}-{next(_users)}"
        messages = [("button", m[2:]) if m.startswith("b:") else ("text", m) for m in SCRIPTS[(flow, step)]]
        for number, (kind, value) in enumerate([*messages, message]):
            inbound = Inbound(
                "console",
                user,
                app.clock.now(),
                external_id=f"{user}-{number}",
                text=value if kind == "text" else None,
                button=value if kind == "button" else None,
            )
            if number == len(messages):  # the script reached the step it is named after
                state = loop.run_until_complete(_state(app, user))
                assert state is not None and (state.flow, state.step) == (flow, step)
            replies = loop.run_until_complete(app.engine.handle(inbound))
            assert replies, (kind, value)
            assert all(reply.key != "core/error" for reply in replies), (kind, value)
            for reply in replies:
                for channel in ("console", "telegram", "whatsapp"):
                    app.renderer.render(reply, channel)
        state = loop.run_until_complete(_state(app, user))
        if state is not None:
            FlowState.from_json_dict(json.loads(json.dumps(state.to_json_dict())))

    check()


async def _state(app: App, user: str) -> FlowState | None:
    contact = await app.store.contact_for("console", user)
    return await app.store.load_state(contact.id)


def test_every_step_of_every_flow_is_fuzzed(running: tuple[asyncio.AbstractEventLoop, App]) -> None:
    _loop, app = running
    steps = {
        (flow.name, step.name)
        for flow in build_flows(app.stores)
        if isinstance(flow, StepFlow)
        for step in flow.spec.steps
    }
    assert steps == set(SCRIPTS)
