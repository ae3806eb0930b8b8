"""A minimal in-memory stand-in for the runtime the integrator wires (durable outbox, sender):

webhook routes -> `persist` appends the raw body -> `process()` parses each stored
body, sends the acknowledgements, runs the engine, renders and sends the replies
through the real `WhatsAppClient` (to the fake, in-process), and merges status
reports by provider message id, never backwards. Deterministic: nothing runs
until the test calls `process()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from bot.app import App
from bot.channels.base import Payload, SendResult
from bot.channels.http import build_web_app
from bot.channels.whatsapp.channel import WhatsAppChannel
from bot.channels.whatsapp.client import WhatsAppClient
from bot.channels.whatsapp.webhook import whatsapp_routes
from bot.config import Secret
from bot.core.outreach.delivery import DeliveryStatus, merge
from tests.wafake.cloudapi import CloudApi
from tests.wafake.server import API_VERSION, build_app

VERIFY_TOKEN = "verify-me"


@dataclass
class MiniBot:
    app: App
    api: CloudApi
    stored: list[bytes] = field(default_factory=list)
    results: list[tuple[Payload, SendResult]] = field(default_factory=list)
    statuses: dict[str, DeliveryStatus] = field(default_factory=dict)
    failures: dict[str, SendResult] = field(default_factory=dict)

    def __post_init__(self) -> None:
        graph = httpx.AsyncClient(transport=httpx.ASGITransport(app=build_app(self.api)), base_url="http://graph.test")
        self.client = WhatsAppClient(
            base_url=f"http://graph.test/{API_VERSION}",
            phone_number_id=self.api.business.phone_number_id,
            access_token=Secret(self.api.access_token),
            http=graph,
        )
        self.graph = graph
        self.channel = WhatsAppChannel(
            self.app.renderer, self.client, phone_number_id=self.api.business.phone_number_id
        )
        self.web = build_web_app(
            whatsapp_routes(
                verify_token=Secret(VERIFY_TOKEN), app_secret=Secret(self.api.app_secret), persist=self.persist
            )
        )

    async def persist(self, raw: bytes) -> None:
        self.stored.append(raw)

    async def send(self, payload: Payload) -> SendResult:
        result = await self.channel.send(payload)
        self.results.append((payload, result))
        return result

    async def process(self) -> None:
        while self.stored:
            parsed = self.channel.parse(self.stored.pop(0))
            for received in parsed.messages:
                for ack in received.acknowledgements:
                    await self.send(ack)
                replies = await self.app.engine.handle(received.inbound)
                for payload in self.channel.render(received.reply_to, replies):
                    await self.send(payload)
            for update in parsed.statuses:
                key = update.provider_message_id
                self.statuses[key] = merge(self.statuses.get(key), update.status)
                if update.failure is not None:
                    self.failures[key] = update.failure

    async def close(self) -> None:
        await self.graph.aclose()
