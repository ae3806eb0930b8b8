"""Keep secrets and personal numbers out of every log line, whoever wrote it.

A filter on the root handlers rewrites each record before it is formatted:
registered secret values (every `bot.config.Secret` registers itself: the
Telegram token, webhook secret, WhatsApp tokens), token-shaped strings, then
NIKs and phone numbers through `mask_personal_text`, in the message, the
exception text and the stack text alike.

Names cannot be recognised in free text. They stay out of the log by
construction instead: our own log calls never pass names or message text (a
test checks the calls), and third-party loggers that dump whole updates or SQL
parameters are held at INFO or WARNING even with `-v` (`bot.logging_setup`).
"""

from __future__ import annotations

import logging
import re
import threading

from bot.core.privacy import mask_personal_text

MASK = "<secret>"
# Shorter values are not worth masking and would blank common words.
MIN_SECRET_LENGTH = 6

_TOKEN_PATTERNS = (
    re.compile(r"(?<!\d)\d{5,16}:[A-Za-z0-9_-]{30,}"),  # a Telegram bot token, also inside /bot<token>/ URLs
    re.compile(r"\bEAA[A-Za-z0-9]{20,}"),  # a Meta (WhatsApp Cloud API) access token
    re.compile(r"(?i)(?<=\bbearer )[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"(?i)(?<=access_token=)[^&\s\"']+"),
)

_secrets: tuple[str, ...] = ()
_lock = threading.Lock()


def register_secret(value: str) -> None:
    """From now on `value` is masked in every log line (longest values first)."""
    global _secrets
    if len(value) < MIN_SECRET_LENGTH or value in _secrets:
        return
    with _lock:
        _secrets = tuple(sorted({*_secrets, value}, key=len, reverse=True))


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in _TOKEN_PATTERNS:
        text = pattern.sub(MASK, text)
    return mask_personal_text(text)


class RedactingFilter(logging.Filter):
    """Rewrites a record in place (it never drops one); install it on handlers."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # bad format arguments: keep the template, never the arguments
            message = f"{record.msg} (log arguments could not be formatted)"
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(text)
            record.exc_info = None  # formatters would render the raw exception again
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install(handlers: list[logging.Handler]) -> None:
    """Add the filter to each handler that does not have one yet."""
    for handler in handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
