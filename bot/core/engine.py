"""The conversation engine: one `Inbound` in, a list of `Reply` out.

Routing order (first match wins), as DESIGN.md section 2 fixes it, with one deviation:
  1. staff commands, for authorised staff. DESIGN puts them after the keywords; they come
     first because /petugas is the staff menu for staff (a request for a human for everyone
     else). The desk claims only its own /commands and buttons, so keywords still work.
  2. global keywords (BERHENTI/STOP, MULAI, BATAL, MENU/BANTUAN, LANJUT, human help)
  3. pressed buttons that open a flow or a menu item (an explicit choice)
  4. the active flow's step
  5. flow entry words and commands
  6. FAQ
  7. fallback with suggestions
The engine never raises to a channel: any error becomes a polite reply.
"""

from __future__ import annotations

import asyncio
import logging
import re
import weakref
from collections.abc import Awaitable, Sequence
from dataclasses import replace
from typing import Protocol

from bot.core import choices as menu
from bot.core.clock import Clock, today_wib
from bot.core.consent import OutreachConsent
from bot.core.flows.base import Flow, FlowContext, FlowResult
from bot.core.models import Contact, FlowState, Inbound, Reply
from bot.core.person_request import asks_for_a_person
from bot.core.ports import FAQ_CONTEXT_TTL, ConversationStore, FaqAnswerer, FaqOutcome, ReplyDelivery
from bot.core.privacy import mask_personal_text
from bot.core.takeover import Takeover
from bot.core.text import clean, command_of, phrase_of

log = logging.getLogger(__name__)

OPT_OUT_WORDS = frozenset({"berhenti", "stop", "unsubscribe", "unreg", "optout"})
OPT_IN_WORDS = frozenset({"mulai", "subscribe", "optin"})
CANCEL_WORDS = frozenset({"batal", "cancel", "batalkan", "keluar"})
MENU_WORDS = frozenset({"menu", "bantuan", "help", "tolong", "panduan"})
RESUME_WORDS = frozenset({"lanjut", "lanjutkan", "continue"})
HUMAN_WORDS = frozenset({"petugas", "admin", "operator", "cs", "manusia", "human", "agen"})
# A person's data rights reach the bot even while a staff member holds the conversation.
RIGHTS_FLOWS = ("data_view", "data_delete")
# Telegram deep-link payloads: at most 64 characters of A-Za-z0-9_-.
_DEEP_LINK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _split_payload(payload: str) -> tuple[str, str]:
    """'daftar_posterpasar' -> ('daftar', 'posterpasar'); 'posterpasar' -> ('posterpasar', '')."""
    parts = re.split(r"[_-]", payload, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


class StaffCommands(Protocol):
    async def handle(self, ctx: FlowContext) -> list[Reply] | None:
        """Replies to a staff command, or None if the message is not one."""
        ...

    def is_staff(self, contact: Contact, inbound: Inbound) -> bool: ...


class Engine:
    def __init__(
        self,
        store: ConversationStore,
        clock: Clock,
        flows: Sequence[Flow] = (),
        faq: FaqAnswerer | None = None,
        staff: StaffCommands | None = None,
        takeover: Takeover | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._flows = {flow.name: flow for flow in flows}
        self._faq = faq
        self._staff = staff
        self._takeover = takeover
        self._consent = OutreachConsent(store)
        # One lock per (channel, address): updates from one person are handled in order.
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = weakref.WeakValueDictionary()

    async def handle(self, inbound: Inbound, deliver: ReplyDelivery | None = None) -> list[Reply]:
        """Answer one message. With `deliver`, the replies are handed to it inside the message's
        transaction, so they are stored for sending together with the new state, or not at all."""
        lock = self._locks.get((inbound.channel, inbound.address))
        if lock is None:
            lock = asyncio.Lock()
            self._locks[(inbound.channel, inbound.address)] = lock
        async with lock:
            try:
                return await self._handle_locked(inbound, deliver)
            except Exception:
                log.exception(
                    "engine failed on %s message %s from %s",
                    inbound.channel,
                    inbound.external_id,
                    mask_personal_text(inbound.address),
                )
                replies = [Reply("core/error", choices=menu.main_menu())]
                if deliver is not None:
                    try:
                        await deliver(None, replies)
                    except Exception:
                        log.exception("could not queue the error reply for %s", inbound.channel)
                return replies

    async def _handle_locked(self, inbound: Inbound, deliver: ReplyDelivery | None) -> list[Reply]:
        if await self._store.is_duplicate(inbound):
            log.info("duplicate delivery %s/%s ignored", inbound.channel, inbound.external_id)
            return []
        contact = await self._store.contact_for(inbound.channel, inbound.address, inbound.display_name, inbound.aliases)
        now = self._clock.now()
        ctx = FlowContext(contact=contact, inbound=inbound, now=now, today=today_wib(self._clock))
        text = clean(inbound.text or "") if inbound.button is None else ""
        # The FAQ is the only heavy computation: do it before taking the write lock.
        faq = await self._answer_early(text, inbound, await self._store.load_state(contact.id), ctx)
        # One transaction per message: the inbound record, every write the step makes
        # (a lead, the end of the flow state, events) commit together or not at all.
        async with self._store.transaction():
            if not await self._store.record_inbound(inbound, contact.id):
                log.info("duplicate delivery %s/%s ignored", inbound.channel, inbound.external_id)
                return []
            if not contact.reachable and not inbound.from_staff_group:
                # Someone who writes to us has (again) allowed us to write to them.
                await self._store.set_reachable(contact.id, True)
            state = await self._store.load_state(contact.id)
            replies = await self._route(ctx, state, text, faq)
            if deliver is not None:
                await deliver(contact.id, replies)
            return replies

    async def _answer_early(
        self, text: str, inbound: Inbound, state: FlowState | None, ctx: FlowContext
    ) -> FaqOutcome | None:
        """The FAQ's answer, when the message may well end up there (free text, no flow)."""
        if self._faq is None or inbound.button is not None or not text or text.startswith("/"):
            return None
        if state is not None and state.flow in self._flows:
            return None
        return await self._ask_faq(ctx, text)

    async def _ask_faq(self, ctx: FlowContext, text: str) -> FaqOutcome:
        """Ask the FAQ, with the topic answered in the last minutes framing a follow-up."""
        assert self._faq is not None
        since = ctx.now - FAQ_CONTEXT_TTL
        previous = await self._store.recent_faq_topic(ctx.contact.id, since)
        amounts = await self._store.recent_faq_amounts(ctx.contact.id, since)
        # Without a topic, the last message not understood may be the first half of this one.
        unanswered = None if previous else await self._store.recent_unanswered(ctx.contact.id, since)
        return self._faq.answer(text, ctx.today, previous, amounts, unanswered)

    async def _route(self, ctx: FlowContext, state: FlowState | None, text: str, faq: FaqOutcome | None) -> list[Reply]:
        inbound = ctx.inbound
        if inbound.button is None and not text and inbound.shared_phone is None:
            return await self._empty_message(ctx, state)

        if self._staff is not None and self._staff.is_staff(ctx.contact, inbound):
            replies = await self._staff.handle(ctx)
            if replies is not None:
                return replies
        if self._takeover is not None and not inbound.from_staff_group and not self._reaches_bot(text, inbound, state):
            relayed = await self._takeover.relay_from_person(ctx)  # a staff member holds this conversation
            if relayed is not None:
                return relayed
        replies = await self._global_keywords(ctx, state, text)
        if replies is not None:
            return replies
        if inbound.button is not None:
            replies = await self._explicit_button(ctx, state, inbound.button)
            if replies is not None:
                return replies
        if state is not None and state.flow in self._flows:
            # Only an explicit /command may leave the active flow; typed words are its answers.
            replies = await self._flow_entry(ctx, state, text) if text.startswith("/") else None
            if replies is not None:
                return replies
            active = self._flows[state.flow]
            if inbound.from_staff_group:
                return [self._private_only(active)]
            return await self._run(ctx, active, active.step(ctx, state))
        replies = await self._flow_entry(ctx, state, text)
        if replies is not None:
            return replies
        if inbound.button is not None:
            return [Reply("core/stale_button", choices=menu.main_menu())]
        if text.startswith("/"):
            return [Reply("core/unknown_command", choices=menu.main_menu())]
        return await self._faq_or_fallback(ctx, text, faq)

    async def _empty_message(self, ctx: FlowContext, state: FlowState | None) -> list[Reply]:
        """No text: an empty message, or content the bot cannot read (a photo, a voice note)."""
        kind = ctx.inbound.unsupported
        in_flow = state is not None and state.flow in self._flows
        if kind is not None:
            first = Reply("core/unsupported", {"kind": kind, "in_flow": in_flow})
        else:
            first = Reply("core/empty_in_flow" if in_flow else "core/empty")
        if state is not None and in_flow:
            again = await self._flows[state.flow].resume_replies(ctx, state)
            return [first, *again]
        return [replace(first, choices=menu.main_menu())]

    async def _global_keywords(self, ctx: FlowContext, state: FlowState | None, text: str) -> list[Reply] | None:
        button = ctx.inbound.button
        parsed = command_of(text) if text else None
        word, argument = parsed if parsed else ("", "")
        # "STOP" alone is a keyword, "stop kerja" is not; "/batal sekarang" still is (explicit command).
        whole = word if not argument or text.startswith("/") else ""
        contact_id = ctx.contact.id

        if whole in OPT_OUT_WORDS or button == menu.BTN_OPT_OUT:
            if state is not None:
                await self._abandon(ctx, state)
            await self._store.set_opt_out(contact_id, True, ctx.now)
            await self._store.record_event(contact_id, "opt_out", ctx.inbound.channel, ctx.now)
            return [Reply("core/opted_out")]
        if word == "start":
            return await self._start(ctx, state, argument)
        if whole in OPT_IN_WORDS:
            return await self._consent.subscribe(ctx, Reply("core/welcome_back", choices=menu.main_menu()))
        replies = await self._consent.answer(ctx, text, in_flow=state is not None and state.flow in self._flows)
        if replies is not None:
            return replies
        if whole in CANCEL_WORDS or button == menu.BTN_CANCEL:
            if state is None:
                return [Reply("core/nothing_to_cancel", choices=menu.main_menu())]
            await self._abandon(ctx, state)
            return [Reply("core/cancelled", choices=menu.main_menu())]
        in_flow = state is not None and state.flow in self._flows
        if whole in HUMAN_WORDS or button == menu.BTN_HUMAN or (not in_flow and asks_for_a_person(text)):
            if self._takeover is not None:
                return await self._takeover.ask_for_human(ctx, state)
            await self._store.record_event(contact_id, "human_requested", ctx.inbound.channel, ctx.now)
            await self._store.notify_staff("core/staff_human_request", self._who(ctx, state), ctx.now)
            return [Reply("core/human", {"office_open": True, "hours": ""}, choices=menu.main_menu())]
        if whole in MENU_WORDS or button in (menu.BTN_MENU, menu.BTN_HELP):
            if state is not None and state.flow in self._flows:
                return [Reply("core/menu_in_flow", {"flow": state.flow}, choices=menu.in_flow_menu())]
            if whole in ("bantuan", "help", "panduan") or button == menu.BTN_HELP:
                return [Reply("core/help", choices=menu.main_menu())]
            return await self._consent.offer(ctx, [Reply("core/menu", choices=menu.main_menu())])
        if whole in RESUME_WORDS or button == menu.BTN_RESUME:
            if state is None or state.flow not in self._flows:
                return [Reply("core/nothing_to_resume", choices=menu.main_menu())]
            return await self._flows[state.flow].resume_replies(ctx, state)
        return None

    def _reaches_bot(self, text: str, inbound: Inbound, state: FlowState | None) -> bool:
        """While a staff member holds the conversation, what the bot still answers itself:
        BERHENTI, and a person's data rights (/datasaya, /hapusdata and its confirmation)."""
        if inbound.button == menu.BTN_OPT_OUT or (state is not None and state.flow in RIGHTS_FLOWS):
            return True
        parsed = command_of(text) if text else None
        if parsed is None:
            return False
        word = parsed[0]
        return word in OPT_OUT_WORDS or any(
            word in self._flows[name].entry_words for name in RIGHTS_FLOWS if name in self._flows
        )

    @staticmethod
    def _who(ctx: FlowContext, state: FlowState | None) -> dict[str, str | int | bool]:
        """What staff see of a request for a human (no phone number: the group reads it)."""
        return {
            "request_id": 0,
            "channel": ctx.inbound.channel,
            "name": ctx.contact.display_name or "",
            "contact_id": ctx.contact.id,
            "at": ctx.now.strftime("%d-%m-%Y %H:%M"),
            "flow": f"{state.flow}:{state.step}" if state is not None else "",
        }

    async def _start(self, ctx: FlowContext, state: FlowState | None, payload: str) -> list[Reply]:
        """/start [payload]: greet and follow a deep link, if any. Telegram sends /start on its own
        (first contact, a poster's link), so it never counts as a yes to outreach nor lifts a BERHENTI:
        only MULAI does."""
        contact = ctx.contact
        if payload and _DEEP_LINK.match(payload):
            # "daftar_posterpasar": the flow to open and the campaign; "posterpasar": a campaign only.
            # The contact keeps the campaign, as the lead does, so segments and numbers agree.
            head, campaign = _split_payload(payload)
            flow = self._flow_for_word(head.lower())
            source = campaign if flow is not None and campaign else payload
            await self._store.set_source(contact.id, source, ctx.now)
            ctx = replace(ctx, contact=replace(contact, source=contact.source or source))
            if flow is not None:
                return await self._open(ctx, state, flow, payload)
        if state is not None and state.flow in self._flows:
            return [Reply("core/menu_in_flow", {"flow": state.flow}, choices=menu.in_flow_menu())]
        return [Reply("core/welcome", choices=menu.main_menu())]

    async def _explicit_button(self, ctx: FlowContext, state: FlowState | None, button: str) -> list[Reply] | None:
        for flow in self._flows.values():
            if button in flow.entry_buttons:
                return await self._open(ctx, state, flow, "")
        if button == menu.BTN_FAQ:
            if state is not None:
                await self._abandon(ctx, state)
            return [Reply("core/faq_intro", choices=menu.faq_topics())]
        if button.startswith(menu.FAQ_PREFIX) and self._faq is not None:
            if state is not None:
                await self._abandon(ctx, state)
            replies = self._faq.answer_entry(button.removeprefix(menu.FAQ_PREFIX), ctx.today)
            if replies is None:
                return [Reply("core/stale_button", choices=menu.main_menu())]
            await self._faq_answered(ctx, replies)
            return replies
        return None

    async def _flow_entry(self, ctx: FlowContext, state: FlowState | None, text: str) -> list[Reply] | None:
        """`/daftar abc` opens a flow with an argument; typed words only when they are the whole message.

        "iuran" or "hitung iuran" opens the calculator, but "iuran jkk bpu berapa" is a
        question for the FAQ: a message merely starting with an entry word is not a command.
        """
        if text.startswith("/"):
            parsed = command_of(text)
            flow = self._flow_for_word(parsed[0]) if parsed else None
            argument = parsed[1] if parsed else ""
        else:
            phrase = phrase_of(text)
            flow, argument = self._flow_for_word(phrase), ""
            if flow is None:
                flow, argument = self._flow_for_opening(phrase)
        return await self._open(ctx, state, flow, argument) if flow is not None else None

    def _flow_for_opening(self, phrase: str) -> tuple[Flow | None, str]:
        """'ingatkan saya bayar iuran tgl 10' -> (the reminder flow, 'bayar iuran tgl 10')."""
        for flow in self._flows.values():
            for opening in sorted(flow.entry_prefixes, key=len, reverse=True):
                if phrase.startswith(opening + " "):
                    return flow, phrase[len(opening) + 1 :].strip()
        return None, ""

    async def _open(self, ctx: FlowContext, state: FlowState | None, flow: Flow, argument: str) -> list[Reply]:
        """Start `flow`, leaving any other active flow; re-opening the active one resumes it."""
        if state is not None and state.flow == flow.name:
            return await flow.resume_replies(ctx, state)
        if state is not None:
            await self._abandon(ctx, state)
        if ctx.inbound.from_staff_group:
            return [self._private_only(flow)]
        # For the staff statistics' funnel (used the calculator, started registering).
        await self._store.record_event(ctx.contact.id, "flow_started", flow.name, ctx.now)
        return await self._run(ctx, flow, flow.start(ctx, argument))

    def _flow_for_word(self, word: str) -> Flow | None:
        for flow in self._flows.values():
            if word in flow.entry_words:
                return flow
        return None

    async def _faq_or_fallback(self, ctx: FlowContext, text: str, early: FaqOutcome | None) -> list[Reply]:
        if self._faq is not None:
            outcome = early if early is not None else await self._ask_faq(ctx, text)
            if outcome.topic is not None:
                await self._store.remember_faq_topic(ctx.contact.id, outcome.topic, ctx.now)
            if outcome.amounts:  # "gaji saya 3 juta", then "JKM-nya berapa?" is worked out for it
                await self._store.remember_faq_amounts(ctx.contact.id, outcome.amounts, ctx.now)
            if outcome.recognised:
                await self._faq_answered(ctx, outcome.replies)
                return outcome.replies
            await self._store.log_unanswered(mask_personal_text(text), ctx.inbound.channel, ctx.now, ctx.contact.id)
            if outcome.replies:
                return outcome.replies
        else:
            await self._store.log_unanswered(mask_personal_text(text), ctx.inbound.channel, ctx.now, ctx.contact.id)
        return [Reply("core/fallback", choices=menu.main_menu())]

    async def _faq_answered(self, ctx: FlowContext, replies: list[Reply]) -> None:
        """For the staff statistics' funnel (asked a question); detail: the entry answered.

        A reply without a topic (a greeting or thanks the FAQ answered) is not a question."""
        topic = next((reply.topic for reply in replies if reply.topic), None)
        if topic is not None:
            await self._store.record_event(ctx.contact.id, "faq_answered", topic, ctx.now)

    async def _run(self, ctx: FlowContext, flow: Flow, pending: Awaitable[FlowResult]) -> list[Reply]:
        result = await pending
        await self._store.save_state(ctx.contact.id, result.state, ctx.now)
        if result.completed and getattr(flow, "offers_outreach", False):
            return await self._consent.offer(ctx, result.replies)  # a natural moment to ask
        return result.replies

    @staticmethod
    def _private_only(flow: Flow) -> Reply:
        """In the staff group no flow runs: they ask for personal data. A button opens a private chat."""
        word = min((w for w in flow.entry_words if " " not in w), key=lambda w: (len(w), w), default="menu")
        return Reply("core/private_only", {"flow": flow.name}, private_start=word)

    async def _abandon(self, ctx: FlowContext, state: FlowState) -> None:
        flow = self._flows.get(state.flow)
        if flow is not None:
            await flow.abandoned(ctx, state)
        await self._store.record_event(ctx.contact.id, "flow_abandoned", f"{state.flow}:{state.step}", ctx.now)
        await self._store.save_state(ctx.contact.id, None, ctx.now)
