"""Leaving `bpjstk-bot chat`: Ctrl-D, exit/quit, /keluar; `keluar` cancels an open flow first."""

from __future__ import annotations

import io
from collections.abc import Callable

from bot.channels.console import ConsoleChat
from bot.core import choices as menu
from tests.conftest import Harness

GOODBYE = "Sampai jumpa 👋"
HOW_TO_LEAVE = "ketik KELUAR atau tekan Ctrl-D"


def lines(*typed: str) -> Callable[[], str | None]:
    queue = list(typed)
    return lambda: queue.pop(0) if queue else None


async def chat(harness: Harness, *typed: str, interactive: bool = False) -> str:
    out = io.StringIO()
    console = ConsoleChat(harness.app.engine, harness.app.renderer, harness.clock, address="u1", out=out)
    await console.run(lines(*typed), interactive=interactive)
    return out.getvalue()


async def handled(harness: Harness) -> list[str]:
    rows = await harness.store.db.fetchall("SELECT body FROM inbound_messages ORDER BY id")
    return [str(r["body"]) for r in rows]


async def test_end_of_input_leaves_with_a_goodbye(harness: Harness) -> None:
    out = await chat(harness, "menu")
    assert out.rstrip().endswith(GOODBYE)
    assert await handled(harness) == ["/start", "menu"]


async def test_keluar_outside_a_flow_leaves(harness: Harness) -> None:
    out = await chat(harness, "Keluar", "menu")
    assert out.rstrip().endswith(GOODBYE)
    assert "menu" not in await handled(harness)


async def test_keluar_inside_a_flow_cancels_it_first_and_says_how_to_leave(harness: Harness) -> None:
    out = await chat(harness, "iuran", "keluar", "keluar", "menu")
    assert "dibatalkan" in out and HOW_TO_LEAVE in out
    assert await harness.store.load_state(1) is None  # the flow is gone
    assert out.rstrip().endswith(GOODBYE)
    assert "menu" not in await handled(harness)  # the second KELUAR left


async def test_exit_words_leave_at_once_even_inside_a_flow(harness: Harness) -> None:
    for word in ("exit", "quit", "/keluar", "/exit", "/QUIT"):
        user = f"u-{word}"
        out = io.StringIO()
        console = ConsoleChat(harness.app.engine, harness.app.renderer, harness.clock, address=user, out=out)
        await console.run(lines("iuran", word, "menu"), interactive=False)
        assert out.getvalue().rstrip().endswith(GOODBYE), word
        contact = await harness.store.get_contact_by_address("console", user)
        assert contact is not None
        state = await harness.store.load_state(contact.id)
        assert state is not None and state.flow == "calculator", word  # kept: LANJUT resumes it next time


async def test_interactive_chat_says_how_to_leave_and_keeps_the_menu_numbers(harness: Harness) -> None:
    out = await chat(harness, "4", interactive=True)
    welcome = out.split("Anda:")[0]
    assert HOW_TO_LEAVE in welcome and "[4]" in welcome
    assert await handled(harness) == ["/start", menu.BTN_HELP]  # "4" still pressed the fourth button
