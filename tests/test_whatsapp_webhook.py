"""The WhatsApp webhook routes in-process (httpx.ASGITransport): verification, signatures, persistence."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.http import build_web_app
from bot.channels.whatsapp import signature
from bot.channels.whatsapp.webhook import WEBHOOK_PATH, whatsapp_routes
from bot.config import Secret
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi

SECRET = "app-secret-for-tests"
VERIFY = "verify-token-for-tests"


class Store:
    def __init__(self, fail: bool = False) -> None:
        self.rows: list[bytes] = []
        self.fail = fail

    async def persist(self, raw: bytes) -> None:
        if self.fail:
            raise OSError("disk full")
        self.rows.append(raw)


def body() -> bytes:
    api = CloudApi(app_secret=SECRET)
    return api.inbound_body(events.Person("6281234567890"), events.text("halo"))


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
async def client(store: Store) -> AsyncIterator[httpx.AsyncClient]:
    routes = whatsapp_routes(verify_token=Secret(VERIFY), app_secret=Secret(SECRET), persist=store.persist)
    transport = httpx.ASGITransport(app=build_web_app(routes))
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        yield http


async def test_verification_echoes_the_challenge_when_the_token_matches(client: httpx.AsyncClient) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}
    response = await client.get(WEBHOOK_PATH, params=params)
    assert response.status_code == 200
    assert response.text == "1158201444"


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY},
        {},
    ],
)
async def test_verification_is_refused_otherwise(client: httpx.AsyncClient, params: dict[str, str]) -> None:
    response = await client.get(WEBHOOK_PATH, params=params)
    assert response.status_code == 403
    assert response.text == ""


async def test_an_empty_verify_token_setting_verifies_nothing(store: Store) -> None:
    routes = whatsapp_routes(verify_token=Secret(""), app_secret=Secret(SECRET), persist=store.persist)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=build_web_app(routes)), base_url="http://t") as c:
        response = await c.get(
            WEBHOOK_PATH, params={"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
        )
    assert response.status_code == 403


async def test_a_signed_event_is_persisted_byte_for_byte_and_answered_200(
    client: httpx.AsyncClient, store: Store
) -> None:
    raw = body()
    response = await client.post(WEBHOOK_PATH, content=raw, headers={signature.HEADER: signature.sign(raw, SECRET)})
    assert response.status_code == 200
    assert store.rows == [raw]


async def test_an_unsigned_event_is_refused_with_401_and_not_persisted(client: httpx.AsyncClient, store: Store) -> None:
    response = await client.post(WEBHOOK_PATH, content=body())
    assert response.status_code == 401
    assert store.rows == []


@pytest.mark.parametrize(
    "header",
    [
        signature.sign(b"another body", SECRET),
        signature.sign(body(), "another-secret"),
        "sha256=",
        "sha1=" + "0" * 40,
        "garbage",
    ],
    # The body holds a fresh message id, so its signature differs per process: ids by kind keep
    # the collection identical across test workers.
    ids=["other-body", "other-secret", "empty", "sha1", "garbage"],
)
async def test_a_wrongly_signed_event_is_refused_with_403_and_not_persisted(
    client: httpx.AsyncClient, store: Store, header: str
) -> None:
    response = await client.post(WEBHOOK_PATH, content=body(), headers={signature.HEADER: header})
    assert response.status_code == 403
    assert store.rows == []


async def test_a_tampered_body_fails_the_signature(client: httpx.AsyncClient, store: Store) -> None:
    raw = body()
    header = signature.sign(raw, SECRET)
    tampered = raw.replace(b"halo", b"HALO")
    response = await client.post(WEBHOOK_PATH, content=tampered, headers={signature.HEADER: header})
    assert response.status_code == 403
    assert store.rows == []


async def test_reformatted_json_is_not_the_signed_body(client: httpx.AsyncClient, store: Store) -> None:
    raw = body()
    header = signature.sign(raw, SECRET)
    reformatted = json.dumps(json.loads(raw), indent=2).encode()
    response = await client.post(WEBHOOK_PATH, content=reformatted, headers={signature.HEADER: header})
    assert response.status_code == 403


async def test_the_signature_hex_may_come_in_upper_case(client: httpx.AsyncClient, store: Store) -> None:
    raw = body()
    header = "sha256=" + signature.sign(raw, SECRET).removeprefix("sha256=").upper()
    assert (await client.post(WEBHOOK_PATH, content=raw, headers={signature.HEADER: header})).status_code == 200


async def test_when_storing_fails_the_answer_is_500_so_meta_delivers_again(caplog: pytest.LogCaptureFixture) -> None:
    store = Store(fail=True)
    routes = whatsapp_routes(verify_token=Secret(VERIFY), app_secret=Secret(SECRET), persist=store.persist)
    raw = body()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=build_web_app(routes)), base_url="http://t") as c:
        response = await c.post(WEBHOOK_PATH, content=raw, headers={signature.HEADER: signature.sign(raw, SECRET)})
    assert response.status_code == 500


async def test_an_oversized_body_is_refused(store: Store) -> None:
    routes = whatsapp_routes(
        verify_token=Secret(VERIFY), app_secret=Secret(SECRET), persist=store.persist, max_body_bytes=100
    )
    raw = body()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=build_web_app(routes)), base_url="http://t") as c:
        response = await c.post(WEBHOOK_PATH, content=raw, headers={signature.HEADER: signature.sign(raw, SECRET)})
    assert response.status_code == 413
    assert store.rows == []


async def test_healthz_shares_the_server(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_refusals_log_no_body_and_no_secret(client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    raw = body()
    await client.post(WEBHOOK_PATH, content=raw, headers={signature.HEADER: "sha256=" + "0" * 64})
    await client.get(WEBHOOK_PATH, params={"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"})
    logged = caplog.text
    assert "refused" in logged
    for secret in (SECRET, VERIFY, "6281234567890", "halo"):
        assert secret not in logged


def test_signature_helpers() -> None:
    raw = b'{"object":"whatsapp_business_account"}'
    header = signature.sign(raw, "s3cret")
    assert header.startswith("sha256=") and len(header) == len("sha256=") + 64
    assert signature.verify(raw, header, "s3cret")
    assert not signature.verify(raw, header, "")
    assert not signature.verify(raw, None, "s3cret")
    assert not signature.verify(raw, "sha256=é", "s3cret")
