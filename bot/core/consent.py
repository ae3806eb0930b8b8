"""Consent to outreach: "Mau kami kirimi pengingat dan informasi?" and its answers.

Asked at natural moments — after a contribution estimate, after a registration,
when someone opens the menu, or when they type PENGINGAT — never more than once a
month if they let it pass. The question does not hold the conversation: its
buttons work at any time, and a typed "ya"/"tidak" counts as the answer only in
the minutes right after it was asked. BERHENTI always wins; MULAI (or "Ya, mau")
subscribes again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core import choices as menu
from bot.core.flows.base import FlowContext
from bot.core.flows.kit.words import NO_WORDS, YES_WORDS, normalise
from bot.core.models import Choice, Contact, Reply
from bot.core.ports import ConversationStore

BTN_YES = "out:yes"
BTN_NO = "out:no"
KEYWORDS = frozenset({"pengingat", "langganan", "berlangganan"})
ASK_AGAIN_AFTER = timedelta(days=30)
TYPED_ANSWER_WITHIN = timedelta(minutes=10)
_MORE_YES = frozenset({"mau", "ya mau", "boleh", "iya mau", "ok", "oke", "yes"})


def question() -> Reply:
    return Reply(
        "outreach/consent_question",
        choices=(Choice(BTN_YES, "label.outreach.consent_yes"), Choice(BTN_NO, "label.outreach.consent_no")),
    )


def should_ask(contact: Contact, now: datetime) -> bool:
    if contact.opted_out or contact.outreach != "not_asked":
        return False
    return contact.outreach_asked_at is None or now - contact.outreach_asked_at >= ASK_AGAIN_AFTER


class OutreachConsent:
    def __init__(self, store: ConversationStore) -> None:
        self._store = store

    async def offer(self, ctx: FlowContext, replies: list[Reply]) -> list[Reply]:
        """`replies`, followed by the question if this is a moment to ask it."""
        if ctx.inbound.from_staff_group or not should_ask(ctx.contact, ctx.now):
            return replies  # never in a group: it is a question for one person
        await self._store.mark_outreach_asked(ctx.contact.id, ctx.now)
        return [*replies, question()]

    async def answer(self, ctx: FlowContext, text: str, in_flow: bool) -> list[Reply] | None:
        """The person's answer (a button, or typed right after the question), or PENGINGAT."""
        button = ctx.inbound.button
        said = normalise(text) if text else ""
        if button == BTN_YES or (not in_flow and self._just_asked(ctx) and said in YES_WORDS | _MORE_YES):
            return await self.subscribe(ctx, Reply("outreach/consent_yes", choices=menu.main_menu()))
        if button == BTN_NO or (not in_flow and self._just_asked(ctx) and said in NO_WORDS):
            await self._store.set_outreach(ctx.contact.id, "no", ctx.now)
            await self._store.record_event(ctx.contact.id, "outreach_no", ctx.inbound.channel, ctx.now)
            return [Reply("outreach/consent_no", choices=menu.main_menu())]
        if said in KEYWORDS:
            await self._store.mark_outreach_asked(ctx.contact.id, ctx.now)
            return [question()]
        return None

    async def subscribe(self, ctx: FlowContext, reply: Reply) -> list[Reply]:
        """Yes to reminders and information; a BERHENTI said earlier is lifted by this explicit yes."""
        if ctx.contact.opted_out:
            await self._store.set_opt_out(ctx.contact.id, False, ctx.now)
        await self._store.set_outreach(ctx.contact.id, "yes", ctx.now)
        await self._store.record_event(ctx.contact.id, "outreach_yes", ctx.inbound.channel, ctx.now)
        return [reply]

    @staticmethod
    def _just_asked(ctx: FlowContext) -> bool:
        contact = ctx.contact
        asked = contact.outreach_asked_at
        return contact.outreach == "not_asked" and asked is not None and ctx.now - asked <= TYPED_ANSWER_WITHIN
