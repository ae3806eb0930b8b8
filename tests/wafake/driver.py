"""Simulated WhatsApp users: they type, press buttons and list rows, share contacts, send media.

user = WaUser(api, hook, events.Person("6281234567890", name="Siti"))
await user.say("halo")                 # a signed webhook POST to the bot; opens the 24-hour window
await user.press("menu:iuran")         # finds the message showing that button or row
user.inbox                             # what the bot sent this person (accepted, not failed)
"""

from __future__ import annotations

from tests.wafake import events
from tests.wafake.cloudapi import CloudApi, Sent
from tests.wafake.server import Webhook


class WaUser:
    def __init__(self, api: CloudApi, hook: Webhook, person: events.Person) -> None:
        self.api = api
        self.hook = hook
        self.person = person

    @property
    def address(self) -> str:
        return self.person.address

    @property
    def inbox(self) -> list[Sent]:
        return self.api.inbox(self.address)

    async def send(self, content: events.Json, *, signature: str | None = "valid") -> int:
        return await self.hook.post(self.api.inbound_body(self.person, content), signature=signature)

    async def say(self, text: str) -> int:
        return await self.send(events.text(text))

    def message_with(self, button_id: str) -> Sent:
        for sent in reversed(self.inbox):
            if button_id in sent.button_ids:
                return sent
        raise AssertionError(f"no message with choice {button_id!r}; seen: {[s.button_ids for s in self.inbox]}")

    async def press(self, button_id: str) -> int:
        """Tap a reply button, a list row or a template quick reply showing `button_id`."""
        sent = self.message_with(button_id)
        title = dict(sent.choices)[button_id]
        if sent.interactive_type == "button":
            return await self.send(events.button_reply(button_id, title, sent.wamid))
        if sent.interactive_type == "list":
            return await self.send(events.list_reply(button_id, title, sent.wamid))
        return await self.send(events.template_button(button_id, title))

    async def share_contact(self, phone: str, *, own: bool = True) -> int:
        wa_id = self.person.wa_id if own else "".join(ch for ch in phone if ch.isdigit())
        return await self.send(events.contact_card(self.person.name, phone, wa_id))

    async def send_media(self, kind: str, caption: str | None = None) -> int:
        return await self.send(events.media(kind, caption))
