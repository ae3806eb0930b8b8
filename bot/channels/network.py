"""Network trouble while sending: did the request possibly reach the provider?

A refused or timed-out connection means nothing was sent: retry freely. A timeout
or a broken connection after the request was written means it may have arrived:
`Failure.MAYBE_SENT`, which the outbox retries only for messages that may arrive
twice (never a broadcast). The exception may be httpx's own (WhatsApp) or wrap it
as its cause (python-telegram-bot's NetworkError/TimedOut).
"""

from __future__ import annotations

import httpx

from bot.channels.base import Failure, SendResult

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol, httpx.ProxyError)
_MAYBE_SENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def network_failure(exc: BaseException) -> SendResult:
    cause: BaseException | None = exc
    seen = 0
    while cause is not None and seen < 10:
        if isinstance(cause, _NOT_SENT):
            return SendResult.failed(Failure.TRANSIENT, detail=f"not sent ({type(cause).__name__})")
        if isinstance(cause, _MAYBE_SENT):
            return SendResult.failed(Failure.MAYBE_SENT, detail=f"may have been sent ({type(cause).__name__})")
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    # No transport error underneath: the provider answered (e.g. a 5xx), so it did not take the message.
    return SendResult.failed(Failure.TRANSIENT, detail=type(exc).__name__)
