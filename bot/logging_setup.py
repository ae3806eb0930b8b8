"""Logging, configured once by the CLI: one stderr handler, third-party loggers held
back, and the redacting filter on every root handler.

With `-v` our own loggers speak at DEBUG, but libraries that print payloads at
DEBUG (whole Telegram updates with names, NIKs and phone numbers; SQL
parameters; request URLs with the bot token) stay at their floor below.
"""

from __future__ import annotations

import logging
from typing import TextIO

from bot import log_redaction

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# The lowest level each third-party logger may speak at, even with -v.
THIRD_PARTY_FLOORS = {
    "telegram": logging.INFO,  # DEBUG: every Bot API call with its parameters, every update
    "telegram.ext": logging.INFO,
    "httpx": logging.WARNING,  # INFO: every request URL, and Telegram URLs contain the bot token
    "httpcore": logging.WARNING,
    "hpack": logging.WARNING,  # DEBUG: HTTP/2 headers
    "aiosqlite": logging.INFO,  # DEBUG: every statement with its parameters
    "uvicorn": logging.INFO,
    "uvicorn.error": logging.INFO,
    "uvicorn.access": logging.WARNING,  # INFO: every request line
    "starlette": logging.INFO,
    "apscheduler": logging.INFO,
    "asyncio": logging.INFO,  # DEBUG: slow callbacks, with the reprs of their arguments
}


class _BotHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Our stderr handler, recognised so a second `configure_logging` replaces it."""


def clamp_third_party(level: int) -> None:
    for name, floor in THIRD_PARTY_FLOORS.items():
        logging.getLogger(name).setLevel(max(level, floor))


def configure_logging(verbose: bool = False, stream: TextIO | None = None) -> logging.Handler:
    """Log to `stream` (stderr) at WARNING, or DEBUG with `verbose`; returns the handler."""
    level = logging.DEBUG if verbose else logging.WARNING
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _BotHandler)]:
        root.removeHandler(old)
    handler = _BotHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    clamp_third_party(level)
    log_redaction.install(root.handlers)
    return handler
