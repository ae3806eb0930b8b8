"""The real `bpjstk-bot run` process serving WhatsApp against the Cloud API fake on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import httpx

from tests.wafake.cloudapi import CloudApi
from tests.wafake.server import LoopbackFake

REPO_ROOT = Path(__file__).resolve().parents[2]
VERIFY_TOKEN = "verify-me"
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def whatsapp_env(
    api: CloudApi, fake: LoopbackFake, port: int, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BPJSTK_", "WHATSAPP_"))}
    env.update(
        {
            "PYTHONPATH": str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
            "PYTHONUNBUFFERED": "1",
            "WHATSAPP_ACCESS_TOKEN": api.access_token,
            "WHATSAPP_PHONE_NUMBER_ID": api.business.phone_number_id,
            "WHATSAPP_APP_SECRET": api.app_secret,
            "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
            "WHATSAPP_API_BASE_URL": fake.base_url,
            "BPJSTK_LISTEN_PORT": str(port),
            "BPJSTK_TELEGRAM_CHAT_INTERVAL": "0",
            "BPJSTK_SENDER_POLL_SECONDS": "0.2",
            "BPJSTK_TICK_SECONDS": "0.5",
            "BPJSTK_QUIET_HOURS": "0-0",
        }
    )
    env.update(extra or {})
    return env


async def until(probe: Callable[[], T], within: float = 10.0) -> T:
    """Poll `probe` until it is truthy (what the bot does happens in another process)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {within} s waiting for {probe}")
        await asyncio.sleep(0.02)


class WhatsAppBot:
    def __init__(self, db: Path, workdir: Path, env: Mapping[str, str], port: int) -> None:
        self.db = db
        self.workdir = workdir
        self.env = dict(env)
        self.port = port
        self.proc: asyncio.subprocess.Process | None = None
        self.log_path = workdir / "bot-whatsapp.log"

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/whatsapp/webhook"

    async def start(self) -> None:
        log = self.log_path.open("ab")
        try:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--db", str(self.db),
                cwd=self.workdir, env=self.env, stdout=log, stderr=log,
            )  # fmt: skip
        finally:
            log.close()
        async with httpx.AsyncClient() as client:
            for _attempt in range(400):
                if self.proc.returncode is not None:
                    raise AssertionError(f"bot exited early:\n{self.log()}")
                try:
                    if (await client.get(f"http://127.0.0.1:{self.port}/healthz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError(f"bot did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), 20)

    async def kill(self) -> None:
        await self.stop(signal.SIGKILL)
