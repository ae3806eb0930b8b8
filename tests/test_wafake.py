"""The Cloud API fake itself: limits with Meta's error shapes, templates, signed status callbacks."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.channels.http import build_web_app, embedded_server, listen_socket, start_server
from bot.channels.whatsapp import signature
from bot.channels.whatsapp.webhook import whatsapp_routes
from bot.config import Secret
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi, Template
from tests.wafake.server import LoopbackFake, Webhook
from tests.wafake.validate import check_message

SITI = events.Person("6281234567890")


def send(api: CloudApi, payload: dict[str, object]) -> tuple[int, dict[str, object]]:
    return api.handle(api.business.phone_number_id, f"Bearer {api.access_token}", payload)


def text(body: str, to: str = SITI.address) -> dict[str, object]:
    return {"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": body}}


def buttons(*titles: str) -> dict[str, object]:
    return {
        "messaging_product": "whatsapp",
        "to": SITI.address,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": "Pilih"},
            "action": {
                "buttons": [{"type": "reply", "reply": {"id": f"b{i}", "title": t}} for i, t in enumerate(titles)]
            },
        },
    }


def rows(count: int, title: str = "Pilihan") -> dict[str, object]:
    return {
        "messaging_product": "whatsapp",
        "to": SITI.address,
        "type": "interactive",
        "interactive": {
            "type": "list",
            "body": {"text": "Pilih"},
            "action": {
                "button": "Lihat pilihan",
                "sections": [{"rows": [{"id": f"r{i}", "title": f"{title} {i}"} for i in range(count)]}],
            },
        },
    }


@pytest.mark.parametrize(
    ("payload", "details"),
    [
        (text("x" * 4097), "Max length: 4096"),
        (buttons("a" * 21), "Max length: 20"),
        (buttons("a", "b", "c", "d"), "Too many buttons"),
        (buttons("Sama", "Sama"), "unique"),
        (rows(11), "Total row count"),
        (rows(2, title="x" * 24), "Max length: 24"),
        ({**text("x"), "to": None}, "to or recipient"),
    ],
)
def test_limits_are_refused_with_metas_error_shape(payload: dict[str, object], details: str) -> None:
    api = CloudApi()
    api.inbound_body(SITI, events.text("halo"))
    status, body = send(api, payload)
    assert status == 400
    error = body["error"]
    assert isinstance(error, dict)
    assert error["code"] in (131008, 131009)
    assert error["type"] == "OAuthException" and "fbtrace_id" in error
    assert details in error["error_data"]["details"]
    assert api.sent == [] and len(api.refused) == 1


def test_a_valid_interactive_message_is_accepted() -> None:
    api = CloudApi()
    api.inbound_body(SITI, events.text("halo"))
    for payload in (buttons("Ya", "Tidak"), rows(10)):
        assert check_message(payload) is None
        assert send(api, payload)[0] == 200


def test_templates_must_be_approved_and_filled_right() -> None:
    api = CloudApi()
    api.approve(Template("pengingat", "id", "UTILITY", parameters=1))
    api.approve(Template("dijeda", "id", status="PAUSED"))

    def template(name: str, params: list[str]) -> dict[str, object]:
        components = [{"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}] if params else []
        return {
            "messaging_product": "whatsapp",
            "to": SITI.address,
            "type": "template",
            "template": {"name": name, "language": {"code": "id"}, "components": components},
        }

    codes = [
        send(api, template("tidak_ada", ["x"]))[1]["error"]["code"],  # type: ignore[index]
        send(api, template("dijeda", []))[1]["error"]["code"],  # type: ignore[index]
        send(api, template("pengingat", []))[1]["error"]["code"],  # type: ignore[index]
        send(api, template("pengingat", ["baris\nbaru"]))[1]["error"]["code"],  # type: ignore[index]
    ]
    assert codes == [132001, 132015, 132000, 132018]
    assert send(api, template("pengingat", ["bayar iuran"]))[0] == 200, "templates need no open window"


def test_marketing_to_someone_who_stopped_it_fails_later_with_131050() -> None:
    api = CloudApi()
    api.approve(Template("promo", "id", "MARKETING"))
    api.marketing_stopped.add(SITI.address)
    payload: dict[str, object] = {
        "messaging_product": "whatsapp",
        "to": SITI.address,
        "type": "template",
        "template": {"name": "promo", "language": {"code": "id"}},
    }
    assert send(api, payload)[0] == 200
    [callback] = api.take_callbacks()
    [status] = json.loads(callback)["entry"][0]["changes"][0]["value"]["statuses"]
    assert status["status"] == "failed" and status["errors"][0]["code"] == 131050


def test_status_callbacks_follow_the_configured_order_with_duplicates() -> None:
    api = CloudApi(status_order="reversed", duplicates=1)
    api.inbound_body(SITI, events.text("halo"))
    send(api, text("Halo"))
    states = [
        json.loads(body)["entry"][0]["changes"][0]["value"]["statuses"][0]["status"] for body in api.take_callbacks()
    ]
    assert states == ["read", "read", "delivered", "delivered", "sent", "sent"]
    assert api.take_callbacks() == []


def test_shuffled_order_is_repeatable_with_a_seed() -> None:
    def order(seed: int) -> list[str]:
        api = CloudApi(status_order="shuffled", seed=seed)
        api.inbound_body(SITI, events.text("halo"))
        for _ in range(4):
            send(api, text("Halo"))
        return [json.loads(b)["entry"][0]["changes"][0]["value"]["statuses"][0]["status"] for b in api.take_callbacks()]

    assert order(3) == order(3)
    assert sorted(order(3)) == sorted(["sent", "delivered", "read"] * 4)


async def test_callbacks_are_signed_with_the_app_secret() -> None:
    api = CloudApi()
    received: list[tuple[bytes, str]] = []

    async def target(body: bytes, headers: dict[str, str]) -> int:
        received.append((body, headers[signature.HEADER]))
        return 200

    api.inbound_body(SITI, events.text("halo"))
    send(api, text("Halo"))
    assert await Webhook(api, target).flush_callbacks() == [200, 200, 200]  # type: ignore[arg-type]
    assert all(signature.verify(body, header, api.app_secret) for body, header in received)


async def test_a_loopback_fake_delivers_callbacks_to_a_real_webhook_server() -> None:
    api = CloudApi()
    stored: list[bytes] = []

    async def persist(raw: bytes) -> None:
        stored.append(raw)

    routes = whatsapp_routes(verify_token=Secret("v"), app_secret=Secret(api.app_secret), persist=persist)
    sock = listen_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    bot_server = embedded_server(build_web_app(routes), "127.0.0.1", port)
    task = await start_server(bot_server, sock)
    fake = LoopbackFake(api, webhook_url=f"http://127.0.0.1:{port}/whatsapp/webhook")
    await fake.start()
    try:
        api.inbound_body(SITI, events.text("halo"))
        send(api, text("Halo"))
        for _ in range(500):
            # The fake records an answer after the server has stored the callback: wait for both.
            if len(stored) == 3 and fake.webhook is not None and len(fake.webhook.answers) == 3:
                break
            await asyncio.sleep(0.01)
        assert len(stored) == 3
        assert fake.webhook is not None and fake.webhook.answers == [200, 200, 200]
    finally:
        await fake.stop()
        bot_server.should_exit = True
        await asyncio.wait_for(task, 10)
