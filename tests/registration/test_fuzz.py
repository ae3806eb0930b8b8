"""Whatever people send in the middle of registering, the engine answers and never errors."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app import build_app
from bot.core.clock import FixedClock
from bot.core.models import Inbound
from tests.conftest import START
from tests.registration.helpers import NIK

BUTTONS = [
    "reg:consent:yes",
    "reg:role:owner",
    "reg:role:employee",
    "reg:role:self_employed",
    "reg:area:other",
    "reg:area:tulungagung",
    "reg:employees_registered:no",
    "reg:employer_registered:no",
    "reg:programs:jkk_jkm_jht",
    "reg:contact_time:any",
    "reg:summary:details",
    "reg:summary:confirm",
    "reg:summary:role",
    "reg:summary:contact_time",
    "reg:summary:area",
    "reg:back",
    "reg:area:list",
    "reg:ok:area",
    "reg:redo:area",
    "reg:ok:income",
    "reg:owner_cover:want",
    "reg:erase:yes",
    "menu:daftar",
]
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["kembali", "Budi", NIK, "081234567890", "0", "3", "2 juta", "ya", "tidak", "lanjut", "/datasaya"]),
)
MESSAGES = st.lists(
    st.one_of(TEXTS.map(lambda t: ("text", t)), st.sampled_from(BUTTONS).map(lambda b: ("button", b))),
    max_size=15,
)


async def _conversation(messages: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        clock = FixedClock(START)
        app = await build_app(Path(tmp) / "fuzz.sqlite3", clock=clock)
        try:
            opening = [("text", "daftar"), ("button", "reg:consent:yes")]
            for number, (kind, value) in enumerate([*opening, *messages]):
                inbound = Inbound(
                    "console",
                    "fuzzer",
                    clock.now(),
                    external_id=str(number),
                    text=value if kind == "text" else None,
                    button=value if kind == "button" else None,
                )
                replies = await app.engine.handle(inbound)
                assert replies, (kind, value)
                assert all(reply.key != "core/error" for reply in replies), (kind, value)
                for reply in replies:
                    app.renderer.render(reply, "telegram")
        finally:
            await app.close()


@settings(max_examples=60, deadline=None)
@given(MESSAGES)
def test_any_messages_mid_registration_get_a_reply(messages: list[tuple[str, str]]) -> None:
    asyncio.run(_conversation(messages))
