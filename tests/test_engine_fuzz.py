"""Any text or button id never crashes the engine and always gets a reply."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App, build_app
from bot.core.clock import WIB, FixedClock
from bot.core.models import Inbound

CHANNELS = ("console", "telegram", "whatsapp")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.AbstractEventLoop, App]]:
    loop = asyncio.new_event_loop()
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    app = loop.run_until_complete(build_app(path, clock=FixedClock(datetime(2026, 11, 23, 9, tzinfo=WIB))))
    yield loop, app
    loop.run_until_complete(app.close())
    loop.close()


messages = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50).map(lambda s: "/" + s),
    st.sampled_from(["BATAL", "menu", "LANJUT", "daftar", "iuran", "mulai", "/start", "kembali", "1", "0"]),
    st.text(max_size=20).map(lambda s: s * 200),  # long repetitions
)
buttons = st.one_of(
    st.text(max_size=64),
    st.sampled_from(["menu:faq", "menu:iuran", "menu:daftar", "faq:tidak-ada", "reg:x", "calc:y", "kw:batal"]),
)


def _reply_count(running: tuple[asyncio.AbstractEventLoop, App], inbound: Inbound) -> list[str]:
    loop, app = running
    replies = loop.run_until_complete(app.engine.handle(inbound))
    for reply in replies:  # every reply must also render on every channel
        for channel in CHANNELS:
            assert app.renderer.render(reply, channel).text
    return [r.key for r in replies]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(user=st.sampled_from(["a", "b", "c"]), text=messages)
def test_any_text_gets_a_reply_and_never_an_internal_error(
    running: tuple[asyncio.AbstractEventLoop, App], user: str, text: str
) -> None:
    _loop, app = running
    keys = _reply_count(running, Inbound("console", user, app.clock.now(), text=text))
    assert keys, "no reply"
    assert "core/error" not in keys


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(user=st.sampled_from(["a", "b", "c"]), button=buttons)
def test_any_button_id_gets_a_reply_and_never_an_internal_error(
    running: tuple[asyncio.AbstractEventLoop, App], user: str, button: str
) -> None:
    _loop, app = running
    keys = _reply_count(running, Inbound("telegram", user, app.clock.now(), button=button))
    assert keys, "no reply"
    assert "core/error" not in keys
