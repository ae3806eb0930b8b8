"""`StepFlow`: runs a `FlowSpec` as a `Flow` the engine drives (bot/core/flows/base.py).

Everything a step-by-step conversation needs beyond its own questions lives
here, once: KEMBALI, buttons from earlier questions, asking back, counting
failures and offering staff, "langkah N dari M", resuming after MENU or a
restart, and reading states saved by an older version.
"""

from __future__ import annotations

import inspect
from dataclasses import replace
from typing import Any

from bot.core import choices as menu
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.flows.kit.spec import PENDING_CONFIRM, FlowSpec
from bot.core.flows.kit.steps import Accepted, Answer, Confirm, End, GoTo, Outcome, Rejected, Step
from bot.core.flows.kit.words import BACK_WORDS, NO_WORDS, YES_WORDS, normalise
from bot.core.models import Choice, FlowState, Reply
from bot.core.text import clean

MAX_HISTORY = 40


class StepFlow:
    """A flow made of a `FlowSpec`. Subclasses add entry words, dependencies and hooks."""

    entry_words: frozenset[str] = frozenset()
    entry_buttons: frozenset[str] = frozenset()
    entry_prefixes: frozenset[str] = frozenset()

    def __init__(self, spec: FlowSpec) -> None:
        self.spec = spec
        self.name = spec.name

    # --- hooks --------------------------------------------------------------------
    async def initial_data(self, ctx: FlowContext, argument: str) -> dict[str, Any]:
        """Data the flow starts with (a campaign code, an earlier lead, ...)."""
        return {}

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        """Called when the person cancels or leaves; record what was reached if it matters."""
        return None

    # --- Flow protocol -------------------------------------------------------------
    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        state = FlowState(flow=self.name, step="", data=await self.initial_data(ctx, argument))
        return await self._move_on(ctx, state, after=None)

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        readable = self._readable(state)
        if readable is None:
            return await self.start(ctx, "")
        state = readable
        step = self.spec.step(state.step)
        if step is None or not step.applies(state.data):  # a step this version no longer asks here
            return await self._move_on(ctx, state, after=None)
        button = ctx.inbound.button
        text = clean(ctx.inbound.text or "") if button is None else ""
        said = normalise(text)
        if button == self.spec.back_button or (button is None and said in BACK_WORDS):
            return self._back(ctx, state, step)
        if button is None and said.lstrip("/") in self.entry_words:
            return FlowResult(await self.resume_replies(ctx, state), state)
        if self._pending(state, step):
            yes, no = self.spec.confirm_buttons(step)
            if button == yes or (button is None and said in YES_WORDS):
                return await self._apply(ctx, state, step, self._reread(ctx, state, step, confirmed=True))
            if button == no or (button is None and said in NO_WORDS):
                return await self._apply(ctx, state, step, self._reread(ctx, state, step, declined=True))
        if button is not None:
            option = step.option_for_button(button, self.spec.prefix)
            if option is None:
                return FlowResult([Reply(self.spec.texts.stale_button), *self._ask_again(ctx, state, step)], state)
        else:
            option = step.option_for_text(said)
        state.data.pop(PENDING_CONFIRM, None)  # a fresh answer replaces what was asked back
        answer = Answer(ctx, state.data, text, option.value if option is not None else None)
        return await self._apply(ctx, state, step, answer)

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        readable = self._readable(state)
        step = self._current(readable) if readable is not None else None
        if readable is None or step is None:
            return (await self.start(ctx, "")).replies
        replies: list[Reply] = []
        if self.spec.texts.resume:
            progress = self.spec.progress(step)
            context = {"step": step.name, "number": progress.number, "total": progress.total}
            replies.append(Reply(self.spec.texts.resume, context))
        return replies + self._ask_again(ctx, readable, step)

    # --- questions -----------------------------------------------------------------
    def question(self, ctx: FlowContext, state: FlowState, step: Step) -> Reply:
        context = dict(step.context(ctx, state.data)) if step.context is not None else {}
        if self.spec.numbered:
            progress = self.spec.progress(step)
            context["progress"] = {"number": progress.number, "total": progress.total}
        return Reply(step.question, context, choices=self.choices(step), request_contact=step.request_contact)

    def choices(self, step: Step) -> tuple[Choice, ...]:
        found = tuple(
            Choice(f"{self.spec.prefix}:{step.button_key}:{o.button_code}", o.label_key) for o in step.options
        )
        return found + ((Choice(self.spec.back_button, "label.flow.back"),) if step.back else ())

    def _ask_again(self, ctx: FlowContext, state: FlowState, step: Step) -> list[Reply]:
        """The current question, or the asking-back still open at it."""
        if self._pending(state, step):
            outcome = self._parse(step, self._reread(ctx, state, step))
            if isinstance(outcome, Confirm):
                return [self._confirm_reply(step, outcome)]
        return [self.question(ctx, state, step)]

    @staticmethod
    def _pending(state: FlowState, step: Step) -> dict[str, Any] | None:
        """The answer asked back at this step and not settled yet, if any."""
        pending = state.data.get(PENDING_CONFIRM)
        return pending if isinstance(pending, dict) and pending.get("step") == step.name else None

    def _reread(
        self, ctx: FlowContext, state: FlowState, step: Step, *, confirmed: bool = False, declined: bool = False
    ) -> Answer:
        """The answer that was asked back, to be parsed again (settled when confirmed or declined)."""
        pending = self._pending(state, step) or {}
        if confirmed or declined:
            state.data.pop(PENDING_CONFIRM, None)
        option = pending.get("option")
        return Answer(
            ctx,
            state.data,
            str(pending.get("text") or ""),
            str(option) if option is not None else None,
            confirmed=confirmed,
            declined=declined,
        )

    def _confirm_reply(self, step: Step, confirm: Confirm) -> Reply:
        yes, no = self.spec.confirm_buttons(step)
        return replace(confirm.reply, choices=(Choice(yes, confirm.yes_label), Choice(no, confirm.no_label)))

    # --- answers -------------------------------------------------------------------
    def _parse(self, step: Step, answer: Answer) -> Outcome:
        if step.parse is not None:
            return step.parse(answer)
        if answer.option is not None:
            return Accepted(answer.option)
        return Rejected(Reply(step.invalid))

    async def _apply(self, ctx: FlowContext, state: FlowState, step: Step, answer: Answer) -> FlowResult:
        outcome = self._parse(step, answer)
        if isinstance(outcome, Confirm) and (answer.confirmed or answer.declined):
            return FlowResult([self.question(ctx, state, step)], state)  # "bukan": ask the question again
        if isinstance(outcome, Accepted):
            for key in outcome.drop:
                state.data.pop(key, None)
            if not step.review:
                state.data[step.name] = outcome.value
            state.data.update(outcome.updates)
            self._leave(state, step)
            return await self._move_on(ctx, state, after=step.name, notes=outcome.notes)
        if isinstance(outcome, GoTo):
            for key in outcome.drop:
                state.data.pop(key, None)
            self._leave(state, step)
            target = self.spec.step(outcome.step) if outcome.step else None
            if target is None or not target.applies(state.data):
                return await self._move_on(ctx, state, after=None, notes=outcome.notes)
            state.step = target.name
            return FlowResult([*outcome.notes, self.question(ctx, state, target)], state)
        if isinstance(outcome, End):
            return FlowResult(list(outcome.replies), None)
        if isinstance(outcome, Confirm):
            state.data[PENDING_CONFIRM] = {"step": step.name, "text": answer.text, "option": answer.option}
            return FlowResult([self._confirm_reply(step, outcome)], state)
        return self._reject(state, step, outcome.reply)

    def _reject(self, state: FlowState, step: Step, reply: Reply) -> FlowResult:
        state.failures += 1
        if not reply.choices:
            reply = replace(reply, choices=self.choices(step), request_contact=step.request_contact)
        replies = [reply]
        if state.failures >= self.spec.failures_before_help:
            offer = (Choice(menu.BTN_HUMAN, "label.core.human"), Choice(menu.BTN_CANCEL, "label.core.cancel"))
            replies.append(Reply(self.spec.texts.offer_help, {"failures": state.failures}, choices=offer))
        return FlowResult(replies, state)

    # --- moving between questions --------------------------------------------------
    @staticmethod
    def _leave(state: FlowState, step: Step) -> None:
        state.history = [*state.history, step.name][-MAX_HISTORY:]
        state.failures = 0

    async def _move_on(
        self, ctx: FlowContext, state: FlowState, after: str | None, notes: tuple[Reply, ...] = ()
    ) -> FlowResult:
        following = self.spec.next_step(state.data, after)
        if following is None:
            return FlowResult([*notes, *await self.spec.finish(ctx, state.data)], None, completed=True)
        state.step, state.failures = following.name, 0
        said = following.intro(ctx, state.data) if following.intro is not None else ()
        intro = list(await said if inspect.isawaitable(said) else said)
        return FlowResult([*notes, *intro, self.question(ctx, state, following)], state)

    def _back(self, ctx: FlowContext, state: FlowState, step: Step) -> FlowResult:
        state.data.pop(PENDING_CONFIRM, None)
        state.failures = 0
        while state.history:
            previous = self.spec.step(state.history.pop())
            if previous is not None and previous.name != step.name and previous.applies(state.data):
                state.step = previous.name
                return FlowResult([self.question(ctx, state, previous)], state)
        return FlowResult([Reply(self.spec.texts.cannot_go_back), self.question(ctx, state, step)], state)

    def _current(self, state: FlowState) -> Step | None:
        step = self.spec.step(state.step)
        if step is not None and step.applies(state.data):
            return step
        return self.spec.next_step(state.data)

    def _readable(self, state: FlowState) -> FlowState | None:
        """The state as this version reads it; None when it cannot be read (start again)."""
        if self.spec.upgrade is None:
            return state
        try:
            data = self.spec.upgrade(dict(state.data))
        except (KeyError, TypeError, ValueError):
            return None
        return FlowState(state.flow, state.step, data, list(state.history), state.failures)
