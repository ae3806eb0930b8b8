"""Run `python -m bot ...` as a subprocess without blocking the test's event loop (fakes live there)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finished:
    status: int
    out: str
    err: str


async def bot_command(db: Path, *args: str, env: Mapping[str, str] | None = None) -> Finished:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, "--db", str(db),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=dict(env) if env is not None else None,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return Finished(process.returncode or 0, out.decode(), err.decode())
