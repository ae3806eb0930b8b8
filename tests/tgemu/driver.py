"""Drive the real `bpjstk-bot run` process and its simulated users through the emulator."""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.tgemu.botapi import Call
from tests.tgemu.server import Emulator

REPO_ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TEST-token-never-real"


def bot_env(emulator: Emulator, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BPJSTK_"))}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": emulator.base_url,
            "PYTHONUNBUFFERED": "1",
            # Spacing is a setting: the tests do not wait a real second between messages.
            "BPJSTK_TELEGRAM_CHAT_INTERVAL": "0",
            "BPJSTK_QUIET_HOURS": "0-0",
        }
    )
    env.update(extra or {})
    return env


LULL_SECONDS = 0.4


class BotProcess:
    """`python -m bot run --db PATH` against the emulator (cwd: a temp dir, so no .env is read)."""

    def __init__(
        self,
        emulator: Emulator,
        db: Path,
        workdir: Path,
        env: Mapping[str, str] | None = None,
        verbose: bool = False,
    ) -> None:
        self.verbose = verbose
        self.emulator = emulator
        self.db = db
        self.workdir = workdir
        self.env = bot_env(emulator, env)
        self.proc: asyncio.subprocess.Process | None = None
        self.log_path = workdir / "bot-stderr.log"
        self.runs = 0

    async def start(self, wait_for: str = "getUpdates") -> None:
        self.runs += 1
        arrivals_before = len(self.emulator.arrivals)
        log = self.log_path.open("ab")
        try:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *(["-v"] if self.verbose else []), "run", "--db", str(self.db),
                cwd=self.workdir, env=self.env, stdout=log, stderr=log,
            )  # fmt: skip
        finally:
            log.close()
        await self.emulator.wait_for(
            lambda: wait_for in self.emulator.arrivals[arrivals_before:] or self._died(),
            within=20,
        )
        if self._died():
            raise AssertionError(f"bot exited early:\n{self.log()}")

    def _died(self) -> bool:
        return self.proc is not None and self.proc.returncode is not None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    async def stop(self, sig: int = signal.SIGTERM, within: float = 15) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), within)

    async def kill(self) -> None:
        await self.stop(signal.SIGKILL)


class User:
    """A simulated Telegram user: types, presses buttons, shares a contact, reads replies.

    `say`/`press` return the bot's answer: `expect` messages if given, otherwise
    everything until a short lull (answers of several messages arrive one per second).
    """

    def __init__(self, emulator: Emulator, user_id: int, name: str = "Siti") -> None:
        self.emu = emulator
        self.id = user_id
        self.name = name

    @property
    def inbox(self) -> list[Call]:
        return self.emu.api.sent_to(self.id)

    async def _replies_after(self, seen: int, within: float, expect: int | None = None) -> list[Call]:
        await self.emu.wait_for(lambda: len(self.inbox) >= seen + (expect or 1), within=within)
        if expect is not None:
            return self.inbox[seen:]
        # A multi-part answer arrives as a short burst: wait for a lull.
        while True:
            count = len(self.inbox)
            try:
                await self.emu.wait_for(functools.partial(self._received_more_than, count), within=LULL_SECONDS)
            except AssertionError:
                return self.inbox[seen:]

    def _received_more_than(self, count: int) -> bool:
        return len(self.inbox) > count

    async def say(self, text: str, within: float = 10, expect: int | None = None) -> list[Call]:
        seen = len(self.inbox)
        self.emu.api.user_message(self.id, text, first_name=self.name)
        return await self._replies_after(seen, within, expect)

    async def share_contact(self, phone: str, within: float = 10, expect: int | None = None) -> list[Call]:
        seen = len(self.inbox)
        self.emu.api.user_contact(self.id, phone, first_name=self.name)
        return await self._replies_after(seen, within, expect)

    def message_with_button(self, button: str) -> Call:
        for call in reversed(self.inbox):
            if button in call.buttons:
                return call
        raise AssertionError(f"no message with button {button!r}; buttons seen: {[c.buttons for c in self.inbox]}")

    async def press(self, button: str, within: float = 10, expect: int | None = None) -> list[Call]:
        call = self.message_with_button(button)
        message_id = call.message_id
        assert message_id is not None
        seen = len(self.inbox)
        self.emu.api.user_press(self.id, message_id, button, first_name=self.name)
        return await self._replies_after(seen, within, expect)
