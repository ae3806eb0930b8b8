"""Perform one Bot API payload with python-telegram-bot and classify what happened.

`send` never raises for Telegram or network errors: the outbox's sender acts on
the `SendResult` (retry after a 429, stop writing to someone who blocked us, ...).
"""

from __future__ import annotations

import base64
import html
import logging
import re
import warnings
from datetime import timedelta
from typing import Any

from telegram import Bot, InputFile
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBUserWarning

from bot.channels.base import Failure, Payload, SendResult
from bot.channels.network import network_failure

log = logging.getLogger(__name__)

# Payloads are stored as JSON and performed by method name: PTB suggests its typed methods,
# which need its objects; the generic call is what a stored payload needs.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)

# BadRequest answers that only mean "nothing left to do" (an old button, an edited message).
_HARMLESS = (
    "message is not modified",
    "query is too old",
    "query id is invalid",
    "message to edit not found",
    "message can't be edited",
)
# BadRequest answers that mean the chat is not there for us any more.
_GONE = ("chat not found", "user is deactivated", "bot was kicked", "peer_id_invalid", "have no rights to send")


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns about int time periods
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _params(payload: Payload) -> dict[str, Any]:
    params = dict(payload.get("params") or {})
    upload = payload.get("file")
    if upload:
        params[str(upload["field"])] = InputFile(
            base64.b64decode(str(upload["base64"])), filename=str(upload["filename"])
        )
    return params


def provider_id(params: dict[str, Any], result: object) -> str | None:
    """'<chat id>:<message id>' for a sent message, None for calls that send nothing."""
    if isinstance(result, dict) and "message_id" in result:
        chat = result.get("chat", {}).get("id", params.get("chat_id"))
        return f"{chat}:{result['message_id']}"
    return None


def as_plain_text(params: dict[str, Any]) -> dict[str, Any]:
    """The same message without HTML (if Telegram ever refuses our markup, the words still go)."""
    plain = dict(params)
    plain.pop("parse_mode", None)
    for key in ("text", "caption"):
        if key in plain:
            plain[key] = html.unescape(re.sub(r"<[^<>]*>", "", str(plain[key])))
    return plain


class TelegramClient:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, payload: Payload) -> SendResult:
        method = str(payload["method"])
        params = _params(payload)
        try:
            try:
                result = await self._bot.do_api_request(method, api_kwargs=params)
            except BadRequest as exc:
                if "parse entities" not in str(exc).lower():
                    raise
                log.error("telegram rejected our HTML in %s (%s); sending it as plain text", method, exc)
                result = await self._bot.do_api_request(method, api_kwargs=as_plain_text(params))
        except RetryAfter as exc:
            return SendResult.failed(
                Failure.RECIPIENT_RATE_LIMIT, error_code="429", retry_after=retry_after_seconds(exc), detail=str(exc)
            )
        except Forbidden as exc:
            return SendResult.failed(Failure.RECIPIENT_GONE, error_code="403", detail=str(exc))
        except ChatMigrated as exc:
            return SendResult.failed(Failure.CONFIGURATION, error_code="400", detail=f"chat migrated: {exc}")
        except BadRequest as exc:
            text = str(exc).lower()
            if any(reason in text for reason in _HARMLESS):
                return SendResult.sent()
            if any(reason in text for reason in _GONE):
                return SendResult.failed(Failure.RECIPIENT_GONE, error_code="400", detail=str(exc))
            return SendResult.failed(Failure.INVALID_PAYLOAD, error_code="400", detail=str(exc))
        except InvalidToken as exc:
            return SendResult.failed(Failure.CONFIGURATION, error_code="401", detail=type(exc).__name__)
        except NetworkError as exc:  # timeouts, connection errors (httpx's as the cause), Telegram's 5xx
            return network_failure(exc)
        except TelegramError as exc:
            return SendResult.failed(Failure.UNKNOWN, detail=f"{type(exc).__name__}: {exc}")
        return SendResult.sent(provider_id(params, result))
