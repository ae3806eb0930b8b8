"""A send that failed on the network: nothing sent (retry freely) or maybe sent (never repeat a broadcast)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from telegram.error import NetworkError, TimedOut

from bot.channels.base import Failure
from bot.channels.network import network_failure
from bot.channels.whatsapp.client import WhatsAppClient
from bot.config import Secret

REQUEST = httpx.Request("POST", "http://127.0.0.1:9/x")


def wrapped(outer: Exception, cause: Exception) -> Exception:
    """As python-telegram-bot raises it: its own error `from` httpx's."""
    try:
        raise outer from cause
    except Exception as exc:
        return exc


@pytest.mark.parametrize(
    ("exc", "failure"),
    [
        (httpx.ConnectError("refused", request=REQUEST), Failure.TRANSIENT),
        (httpx.ConnectTimeout("slow connect", request=REQUEST), Failure.TRANSIENT),
        (httpx.PoolTimeout("pool", request=REQUEST), Failure.TRANSIENT),
        (httpx.ReadTimeout("no answer", request=REQUEST), Failure.MAYBE_SENT),
        (httpx.WriteTimeout("half written", request=REQUEST), Failure.MAYBE_SENT),
        (httpx.RemoteProtocolError("dropped", request=REQUEST), Failure.MAYBE_SENT),
        (wrapped(TimedOut(), httpx.ConnectTimeout("slow connect", request=REQUEST)), Failure.TRANSIENT),
        (wrapped(TimedOut(), httpx.ReadTimeout("no answer", request=REQUEST)), Failure.MAYBE_SENT),
        (wrapped(NetworkError("httpx.ReadError"), httpx.ReadError("reset", request=REQUEST)), Failure.MAYBE_SENT),
        (NetworkError("Bad Gateway (502)"), Failure.TRANSIENT),  # Telegram answered: it did not take it
    ],
)
def test_network_trouble_is_classified_by_whether_the_request_may_have_arrived(
    exc: Exception, failure: Failure
) -> None:
    assert network_failure(exc).failure is failure


async def test_a_whatsapp_read_timeout_against_a_silent_server_is_maybe_sent() -> None:
    """A real socket on loopback that accepts and never answers."""

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        await asyncio.sleep(5)
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        client = WhatsAppClient(
            base_url=f"http://127.0.0.1:{port}", phone_number_id="123", access_token=Secret("t"), timeout=0.3
        )
        try:
            result = await client.send({"messaging_product": "whatsapp", "to": "6281", "type": "text"})
        finally:
            await client.aclose()
        assert result.failure is Failure.MAYBE_SENT
    finally:
        server.close()
        await server.wait_closed()
