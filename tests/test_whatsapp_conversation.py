"""Whole conversations in process: simulated users -> signed webhooks -> engine -> client -> Cloud API fake.

`wafake.minibot.MiniBot` stands in for the runtime the integrator wires (durable outbox,
sender); everything else is the real thing: the Starlette routes, the parser, the
engine on a temporary SQLite file, the renderer, the payload builders and the httpx
client. Time is a fake clock on both sides.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import build_app
from bot.channels.base import Failure, SendOutcome
from bot.channels.whatsapp.templates import load_templates, template_message
from bot.channels.whatsapp.window import OutreachMode, plan_outreach
from bot.core.clock import FixedClock
from bot.core.models import Reply
from bot.core.outreach.delivery import DeliveryStatus
from bot.core.ports import StaffNotification
from bot.outreach.events import STAFF_ALERT
from bot.outreach.staff_notify import staff_message
from tests.conftest import START
from tests.registration.helpers import NIK
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi, Template
from tests.wafake.driver import WaUser
from tests.wafake.minibot import MiniBot
from tests.wafake.server import Webhook, asgi_target


class Clock:
    def __init__(self) -> None:
        self.now = START.timestamp()

    def __call__(self) -> float:
        return self.now


@dataclass
class World:
    api: CloudApi
    bot: MiniBot
    hook: Webhook
    clock: Clock

    def user(self, wa_id: str | None = "6281234567890", *, bsuid: str | None = None, name: str = "Siti") -> WaUser:
        return WaUser(self.api, self.hook, events.Person(wa_id, bsuid=bsuid, name=name))

    async def say(self, user: WaUser, text: str) -> list[str]:
        """Send, let the bot handle it, return the texts of the new messages."""
        seen = len(user.inbox)
        assert await user.say(text) == 200
        await self.bot.process()
        return [m.text for m in user.inbox[seen:]]

    async def press(self, user: WaUser, button: str) -> list[str]:
        seen = len(user.inbox)
        assert await user.press(button) == 200
        await self.bot.process()
        return [m.text for m in user.inbox[seen:]]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = Clock()
    api = CloudApi(clock=clock)
    app = await build_app(tmp_path / "bot.sqlite3", clock=FixedClock(START))
    bot = MiniBot(app, api)
    try:
        yield World(api, bot, Webhook(api, asgi_target(bot.web)), clock)
    finally:
        await bot.close()
        await app.close()


async def test_menu_list_row_and_buttons(world: World) -> None:
    siti = world.user()
    await world.say(siti, "menu")
    menu, question = siti.inbox  # the first menu also asks about reminders (two reply buttons)
    assert question.button_ids == ["out:yes", "out:no"]
    assert menu.interactive_type == "list"
    assert menu.button_ids == ["menu:faq", "menu:iuran", "menu:daftar", "menu:help"]
    assert world.api.read_marks, "the inbound message was marked read"

    texts = await world.press(siti, "menu:iuran")
    assert "Hitung iuran" in texts[-1]
    assert siti.inbox[-1].interactive_type == "button"
    texts = await world.press(siti, "calc:seg:bpu")
    assert "penghasilan" in texts[-1].lower()
    assert world.api.refused == []


async def test_a_redelivered_webhook_is_answered_once(world: World) -> None:
    siti = world.user()
    raw = world.api.inbound_body(siti.person, events.text("bantuan"))
    assert await world.hook.post(raw) == 200
    assert await world.hook.post(raw) == 200  # Meta delivers again
    await world.bot.process()
    assert len(siti.inbox) == 1


async def test_an_unsigned_webhook_reaches_nobody(world: World) -> None:
    siti = world.user()
    assert await siti.send(events.text("menu"), signature=None) == 401
    assert await siti.send(events.text("menu"), signature="sha256=" + "0" * 64) == 403
    await world.bot.process()
    assert siti.inbox == [] and world.bot.stored == []


async def test_status_callbacks_in_any_order_and_twice_end_read(world: World) -> None:
    world.api.status_order, world.api.duplicates = "shuffled", 1
    siti = world.user()
    await world.say(siti, "menu")
    await world.press(siti, "menu:help")
    assert await world.hook.flush_callbacks()
    await world.bot.process()
    sent_ids = {m.wamid for m in siti.inbox}
    assert sent_ids and set(world.bot.statuses) == sent_ids
    assert set(world.bot.statuses.values()) == {DeliveryStatus.READ}


async def test_a_photo_gets_a_polite_answer_and_a_flow_question_is_asked_again(world: World) -> None:
    siti = world.user()
    assert await siti.send_media("image") == 200
    await world.bot.process()
    [reply] = siti.inbox
    assert "foto" in reply.text and "KTP" in reply.text and "*teks*" in reply.text
    assert reply.interactive_type == "list", "with the main menu"

    await world.say(siti, "iuran")
    seen = len(siti.inbox)
    await siti.send_media("voice")
    await world.bot.process()
    first, *again = siti.inbox[seen:]
    assert "pesan suara" in first.text
    assert again and again[-1].button_ids == ["calc:seg:bpu", "calc:seg:pk", "calc:seg:kar"]


async def test_the_phone_step_accepts_a_shared_contact_card(world: World) -> None:
    siti = world.user()
    await world.say(siti, "daftar")
    await world.press(siti, "reg:consent:yes")
    await world.press(siti, "reg:role:self_employed")
    await world.say(siti, "Siti Aminah")
    texts = await world.say(siti, NIK)
    assert "Kontak" in texts[-1], "the WhatsApp wording of the phone question"
    seen = len(siti.inbox)
    await siti.share_contact("+62 812-3456-7890")
    await world.bot.process()
    [area] = siti.inbox[seen:]
    assert "kabupaten/kota" in area.text
    assert area.interactive_type == "list"


async def test_a_username_user_without_a_phone_number(world: World) -> None:
    bob = world.user(None, bsuid="ID.1502576394655843", name="bob")
    await world.say(bob, "bantuan")
    [menu, *_] = bob.inbox
    assert menu.payload["recipient"] == "ID.1502576394655843"


async def test_outreach_after_24_hours_needs_a_template(world: World) -> None:
    siti = world.user()
    await world.say(siti, "menu")
    wrote_at = START
    world.clock.now += 25 * 3600
    later = START + timedelta(hours=25)

    # Sent free-form anyway: Meta accepts, then reports 131047.
    [payload] = world.bot.channel.render(siti.address, [Reply("core/help")])
    result = await world.bot.send(payload)
    assert result.ok
    await world.hook.flush_callbacks()
    await world.bot.process()
    failure = world.bot.failures[result.provider_message_id or ""]
    assert failure.outcome is SendOutcome.WINDOW_CLOSED and failure.failure is Failure.WINDOW_CLOSED

    # What the outreach engine does instead: plan, then send the approved template.
    assert plan_outreach(wrote_at, later, has_template=False).mode is OutreachMode.SKIP
    assert plan_outreach(wrote_at, later, has_template=True).mode is OutreachMode.TEMPLATE
    template = load_templates()["personal_reminder"]
    world.api.approve(Template(template.name, template.language, template.category, 1, len(template.buttons)))
    reminder = template_message(siti.address, template, {"pengingat": "batas bayar iuran BPU bulan ini"})
    assert (await world.bot.send(reminder)).ok
    assert siti.inbox[-1].kind == "template"

    # Tapping the template's "Berhenti" button opts out.
    texts = await world.press(siti, "kw:berhenti")
    assert "tidak akan lagi menerima" in texts[-1]


async def test_staff_get_the_notification_template_outside_the_window(world: World) -> None:
    template = load_templates()["staff_human_request"]
    world.api.approve(Template(template.name, template.language, template.category, 3))
    staff = "6285100000001"
    payload = template_message(staff, template, {"kontak": "#42", "saluran": "WhatsApp", "waktu": "23-11-2026 10.00"})
    result = await world.bot.send(payload)
    assert result.ok
    [sent] = world.api.inbox(staff)
    assert json.dumps(sent.payload).count("#42") == 1


async def test_a_sending_alert_reaches_a_whatsapp_staff_number_outside_the_window(world: World) -> None:
    alert = StaffNotification(1, STAFF_ALERT, {"channel": "Whatsapp", "problem": "policy", "detail": "368"})
    message = staff_message(alert)
    assert message.template == "staff_attention"
    template = load_templates()[message.template]
    world.api.approve(Template(template.name, template.language, template.category, 1))
    staff = "6285100000001"
    assert (await world.bot.send(template_message(staff, template, message.values))).ok
    [sent] = world.api.inbox(staff)
    assert "pengiriman lewat WhatsApp ditahan 6 jam" in json.dumps(sent.payload, ensure_ascii=False)
