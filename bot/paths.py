"""Where the content (messages/) and schema (db/) folders are.

In a source checkout or an editable install they sit beside the `bot` package;
a wheel bundles them as `bot/_bundled/`. Environment variables override both.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(env_name: str, name: str) -> Path:
    override = os.environ.get(env_name)
    if override:
        return Path(override)
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / name


def messages_dir() -> Path:
    return _first_existing("BPJSTK_MESSAGES_DIR", "messages")


def migrations_dir() -> Path:
    return _first_existing("BPJSTK_DB_DIR", "db") / "migrations"
