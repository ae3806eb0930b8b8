"""The httpx client against the Cloud API fake: success, every limit the fake enforces, network trouble."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from bot.channels.base import Failure, SendOutcome
from bot.channels.whatsapp.client import WhatsAppClient
from bot.channels.whatsapp.events import parse_event
from bot.channels.whatsapp.outbound import text_payload
from bot.config import Secret
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi
from tests.wafake.server import API_VERSION, LoopbackFake, ThreadedFake, build_app
from tests.wafake.validate import ApiError

SITI = events.Person("6281234567890")
NOW = 1_795_000_000.0


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(clock: Clock) -> CloudApi:
    return CloudApi(clock=clock)


def client_for(api: CloudApi, token: str | None = None, phone_number_id: str | None = None) -> WhatsAppClient:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=build_app(api)))
    return WhatsAppClient(
        base_url=f"http://graph.test/{API_VERSION}",
        phone_number_id=phone_number_id or api.business.phone_number_id,
        access_token=Secret(token or api.access_token),
        http=http,
    )


@pytest.fixture
async def client(api: CloudApi) -> AsyncIterator[WhatsAppClient]:
    wa = client_for(api)
    yield wa
    await wa._http.aclose()


def wrote(api: CloudApi) -> str:
    """Siti writes (opening her window); returns the wamid of her message."""
    raw = api.inbound_body(SITI, events.text("halo"))
    return str(json.loads(raw)["entry"][0]["changes"][0]["value"]["messages"][0]["id"])


async def test_a_text_to_someone_who_wrote_is_sent_with_its_message_id(api: CloudApi, client: WhatsAppClient) -> None:
    wrote(api)
    result = await client.send(text_payload(SITI.address, "Halo Bapak/Ibu"))
    assert result.ok and result.outcome is SendOutcome.SENT
    assert result.provider_message_id == api.sent[-1].wamid
    assert api.inbox(SITI.address)[-1].text == "Halo Bapak/Ibu"


async def test_mark_as_read(api: CloudApi, client: WhatsAppClient) -> None:
    wamid = wrote(api)
    assert (await client.mark_read(wamid)).ok
    assert api.read_marks == [wamid]
    assert (await client.mark_read("wamid.UNKNOWN")).failure is Failure.INVALID_PAYLOAD


async def test_a_refused_payload_is_a_permanent_error(api: CloudApi, client: WhatsAppClient) -> None:
    wrote(api)
    result = await client.send(text_payload(SITI.address, "x" * 5000))
    assert result.failure is Failure.INVALID_PAYLOAD and result.error_code == "131009"
    assert "Max length: 4096" in result.detail


async def test_a_wrong_token_is_a_configuration_problem_and_is_never_logged(
    api: CloudApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = client_for(api, token="EAAG-secret-wrong-token")
    result = await wrong.send(text_payload(SITI.address, "halo"))
    assert result.failure is Failure.CONFIGURATION and result.error_code == "190"
    assert "EAAG-secret-wrong-token" not in caplog.text
    assert "EAAG-secret-wrong-token" not in repr(wrong)
    assert SITI.address not in caplog.text  # recipients are masked
    await wrong._http.aclose()


async def test_an_unknown_phone_number_id(api: CloudApi) -> None:
    wa = client_for(api, phone_number_id="111")
    assert (await wa.send(text_payload(SITI.address, "halo"))).failure is Failure.INVALID_PAYLOAD
    await wa._http.aclose()


async def test_throughput_limit_backs_off_the_number(api: CloudApi, client: WhatsAppClient, clock: Clock) -> None:
    api.throughput = 2
    people = [events.Person(f"62812000000{i}") for i in range(3)]
    for person in people:
        api.inbound_body(person, events.text("halo"))
    assert (await client.send(text_payload(people[0].address, "a"))).ok
    assert (await client.send(text_payload(people[1].address, "b"))).ok
    limited = await client.send(text_payload(people[2].address, "c"))
    assert (limited.outcome, limited.failure, limited.error_code) == (
        SendOutcome.RETRY_AFTER,
        Failure.CHANNEL_RATE_LIMIT,
        "130429",
    )
    assert limited.retry_after is not None
    clock.now += 1.0
    assert (await client.send(text_payload(people[2].address, "c"))).ok


async def test_pair_rate_limit_backs_off_that_person(api: CloudApi, client: WhatsAppClient, clock: Clock) -> None:
    api.pair_burst, api.pair_interval = 2, 6.0
    wrote(api)
    other = events.Person("6285700000001")
    api.inbound_body(other, events.text("halo"))
    for _ in range(2):
        assert (await client.send(text_payload(SITI.address, "x"))).ok
    limited = await client.send(text_payload(SITI.address, "x"))
    assert limited.failure is Failure.RECIPIENT_RATE_LIMIT and limited.error_code == "131056"
    assert limited.retry_after == 6.0
    assert (await client.send(text_payload(other.address, "x"))).ok, "other people are not held back"
    clock.now += 6.0
    assert (await client.send(text_payload(SITI.address, "x"))).ok


async def test_window_closed_synchronously(api: CloudApi, client: WhatsAppClient, clock: Clock) -> None:
    api.window_errors = "sync"
    wrote(api)
    clock.now += 24 * 3600 + 1
    result = await client.send(text_payload(SITI.address, "masih ada?"))
    assert result.outcome is SendOutcome.WINDOW_CLOSED and result.error_code == "131047"


async def test_window_closed_reported_later_in_a_failed_status(
    api: CloudApi, client: WhatsAppClient, clock: Clock
) -> None:
    result = await client.send(text_payload(SITI.address, "belum pernah menulis"))
    assert result.ok, "Meta accepts it first"
    [callback] = api.take_callbacks()
    [update] = parse_event(callback, datetime.fromtimestamp(NOW, UTC)).statuses
    assert update.provider_message_id == result.provider_message_id
    assert update.failure is not None and update.failure.outcome is SendOutcome.WINDOW_CLOSED
    assert api.inbox(SITI.address) == []


async def test_server_errors_are_transient(api: CloudApi, client: WhatsAppClient) -> None:
    wrote(api)
    api.server_errors = 1
    result = await client.send(text_payload(SITI.address, "halo"))
    assert result.outcome is SendOutcome.RETRY_AFTER and result.failure is Failure.TRANSIENT
    assert result.retry_after is None
    assert (await client.send(text_payload(SITI.address, "halo"))).ok


async def test_injected_policy_block(api: CloudApi, client: WhatsAppClient) -> None:
    wrote(api)
    api.fail_next(ApiError(368, "Temporarily blocked for policies violations", "blocked"), SITI.address)
    assert (await client.send(text_payload(SITI.address, "halo"))).failure is Failure.POLICY_BLOCK


async def test_connection_refused_is_transient_nothing_was_sent() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    wa = WhatsAppClient(base_url=f"http://127.0.0.1:{port}/v26.0", phone_number_id="1", access_token=Secret("t"))
    result = await wa.send(text_payload(SITI.address, "halo"))
    assert result.failure is Failure.TRANSIENT and "not sent" in result.detail
    await wa.aclose()


async def test_a_read_timeout_may_hide_a_message_that_arrived() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    wa = WhatsAppClient(
        base_url="http://graph.test/v26.0",
        phone_number_id="1",
        access_token=Secret("t"),
        http=httpx.AsyncClient(transport=httpx.MockTransport(timeout)),
    )
    result = await wa.send(text_payload(SITI.address, "halo"))
    assert result.failure is Failure.MAYBE_SENT and "ReadTimeout" in result.detail


async def test_the_token_travels_only_in_the_authorization_header() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"messages": [{"id": "wamid.X"}]})

    wa = WhatsAppClient(
        base_url="http://graph.test/v26.0/",
        phone_number_id="106540352242922",
        access_token=Secret("EAAG-token"),
        http=httpx.AsyncClient(transport=httpx.MockTransport(record)),
    )
    assert (await wa.send(text_payload(SITI.address, "halo"))).provider_message_id == "wamid.X"
    [request] = seen
    assert str(request.url) == "http://graph.test/v26.0/106540352242922/messages"
    assert request.headers["authorization"] == "Bearer EAAG-token"
    assert "EAAG-token" not in str(request.url)


async def test_over_real_loopback_http(api: CloudApi) -> None:
    server = LoopbackFake(api)
    await server.start()
    try:
        wrote(api)
        wa = WhatsAppClient(
            base_url=server.base_url,
            phone_number_id=api.business.phone_number_id,
            access_token=Secret(api.access_token),
        )
        assert (await wa.send(text_payload(SITI.address, "halo"))).ok
        await wa.aclose()
    finally:
        await server.stop()


def test_the_fake_runs_on_a_thread_for_synchronous_callers(api: CloudApi) -> None:
    wrote(api)
    with ThreadedFake(api) as fake:
        response = httpx.post(
            f"{fake.base_url}/{api.business.phone_number_id}/messages",
            json=text_payload(SITI.address, "halo"),
            headers={"Authorization": f"Bearer {api.access_token}"},
        )
    assert response.status_code == 200
    assert response.json()["messages"][0]["id"].startswith("wamid.")
