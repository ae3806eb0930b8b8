"""Keep the bot token out of every log line.

httpx is held at WARNING (its INFO lines carry request URLs), but PTB logs the
API URL, token included, at DEBUG when a `Bot` is created, and an exception
message may quote a URL. A filter on the root handlers masks the token in
whatever reaches them.
"""

from __future__ import annotations

import logging

MASK = "<TELEGRAM_BOT_TOKEN>"


class TokenRedactor(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._token:
            return True
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, MASK)
            record.args = ()
        if record.exc_info and record.exc_info[1] is not None and self._token in str(record.exc_info[1]):
            record.exc_text = logging.Formatter().formatException(record.exc_info).replace(self._token, MASK)
            record.exc_info = None
        return True


def install(token: str) -> TokenRedactor:
    """Add the redactor to every root handler (and to handlers added later through the root)."""
    redactor = TokenRedactor(token)
    root = logging.getLogger()
    for handler in root.handlers:
        handler.addFilter(redactor)
    return redactor
