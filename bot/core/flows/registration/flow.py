"""The registration-interest flow: consent, who they are, how to reach them, a lead.

One small handler per step (like python-telegram-bot's conversationbot), all
state in `FlowState.data` (keys are the step names), so a restart resumes at the
same step. The diagram is in README.md beside this file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core import choices as menu
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.flows.registration import options as opt
from bot.core.flows.registration.estimate import estimate_bpu
from bot.core.flows.registration.ports import LeadInput, LeadStore
from bot.core.models import Choice, FlowState, Reply
from bot.core.privacy import mask_nik
from bot.core.text import clean
from bot.core.validation.nik import validate_nik
from bot.core.validation.numbers import parse_employee_count, parse_income
from bot.core.validation.phone import validate_phone
from bot.core.validation.text import validate_free_text, validate_name
from bot.rules.parameters import Parameters, default_parameters

FLOW_NAME = "registration"
FAILURES_BEFORE_STAFF = 3
MAX_HISTORY = 40
_CAMPAIGN = re.compile(r"^(?:daftar|registrasi|register|mendaftar)[_-]([A-Za-z0-9_-]{1,57})$", re.IGNORECASE)

ROLE_STEPS = {
    "owner": ("business_name", "sector", "employees", "employees_registered"),
    "employee": ("employer_name", "employer_registered"),
    "self_employed": ("occupation", "income", "programs"),
}
ALL_ROLE_FIELDS = frozenset(step for steps in ROLE_STEPS.values() for step in steps)
# Steps whose answer a summary edit button re-asks.
EDIT_TARGETS = {"role": "role", "name": "name", "nik": "nik", "phone": "phone", "area": "area"}


def sequence(data: dict[str, Any]) -> list[str]:
    """The steps this person goes through, given what they answered so far."""
    steps = ["consent", "role", "name", "nik", "phone", "area"]
    if data.get("area") == opt.OTHER_AREA:
        steps.append("area_other")
    role = data.get("role")
    if role == "owner":
        steps += ["business_name", "sector", "employees"]
        if int(data.get("employees") or 0) > 0:
            steps.append("employees_registered")
    elif role in ROLE_STEPS:
        steps += list(ROLE_STEPS[str(role)])
    steps += ["contact_time", "summary"]
    return steps


def next_step(current: str, data: dict[str, Any]) -> str:
    """The first step after `current` not answered yet (the summary is always asked).

    After KEMBALI or a summary edit this skips straight back to where the person was.
    """
    steps = sequence(data)
    position = steps.index(current) if current in steps else 0
    for step in steps[position + 1 :]:
        if step == "summary" or step not in data:
            return step
    return "summary"


@dataclass(slots=True)
class Accepted:
    updates: dict[str, Any]
    notes: list[Reply] = field(default_factory=list)
    drop: tuple[str, ...] = ()  # answers made irrelevant by this one


@dataclass(slots=True)
class Rejected:
    reply: Reply


Outcome = Accepted | Rejected
Handler = Callable[[FlowContext, FlowState, str, str | None], Outcome]


def _campaign(argument: str, fallback: str | None) -> str | None:
    for candidate in (argument, fallback or ""):
        match = _CAMPAIGN.match(candidate.strip())
        if match:
            return match.group(1)
    return fallback


class RegistrationFlow:
    name = FLOW_NAME
    entry_words = frozenset(
        {
            "daftar",
            "registrasi",
            "register",
            "mendaftar",
            "mau daftar",
            "saya mau daftar",
            "ingin daftar",
            "daftar sekarang",
        }
    )
    entry_buttons = frozenset({menu.BTN_REGISTER})

    def __init__(self, leads: LeadStore, parameters: Parameters | None = None) -> None:
        self._leads = leads
        self._params = parameters or default_parameters()
        self._handlers: dict[str, Handler] = {
            "role": self._role,
            "name": self._name,
            "nik": self._nik,
            "phone": self._phone,
            "area": self._area,
            "area_other": self._area_other,
            "business_name": self._business_name,
            "sector": self._sector,
            "employees": self._employees,
            "employees_registered": self._employees_registered,
            "employer_name": self._employer_name,
            "employer_registered": self._employer_registered,
            "occupation": self._occupation,
            "income": self._income,
            "programs": self._programs,
            "contact_time": self._contact_time,
        }

    # --- Flow protocol --------------------------------------------------------
    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        previous = await self._leads.lead_for_contact(ctx.contact.id)
        data: dict[str, Any] = {
            "source": _campaign(argument, ctx.contact.source),
            "previous_reference": previous.reference if previous else "",
        }
        state = FlowState(flow=FLOW_NAME, step="consent", data=data)
        return FlowResult(self._ask(ctx, state), state)

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        button = ctx.inbound.button
        text = clean(ctx.inbound.text or "") if button is None else ""
        if button == opt.BTN_BACK or (button is None and opt.normalise(text) in opt.BACK_WORDS):
            return self._back(ctx, state)
        if button is None and opt.normalise(text).lstrip("/") in self.entry_words:
            # "DAFTAR" again in the middle of registering: show where they are.
            return FlowResult(await self.resume_replies(ctx, state), state)
        if button is not None and not button.startswith(f"{opt.PREFIX}{state.step}:"):
            return FlowResult([Reply("registration/stale_button"), *self._ask(ctx, state)], state)
        if state.step == "consent":
            return self._consent(ctx, state, text, button)
        if state.step == "summary":
            return await self._summary(ctx, state, text, button)
        handler = self._handlers.get(state.step)
        if handler is None:  # a step from an older version: start the questions again
            state.step, state.history = "role", ["consent"]
            return FlowResult(self._ask(ctx, state), state)
        outcome = handler(ctx, state, text, button)
        if isinstance(outcome, Rejected):
            return self._reject(ctx, state, outcome.reply)
        return self._advance(ctx, state, outcome)

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        steps = sequence(state.data)
        number = steps.index(state.step) + 1 if state.step in steps else 1
        where = Reply("registration/resume", {"step": state.step, "number": number, "total": len(steps)})
        return [where, *self._ask(ctx, state)]

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        if state.step == "consent":
            return  # no consent, nothing recorded
        role = state.data.get("role")
        await self._leads.record_draft(
            ctx.contact.id,
            state.step,
            str(role) if role else None,
            state.data.get("source") or None,
            ctx.now,
        )

    # --- moving between steps ------------------------------------------------------
    def _advance(self, ctx: FlowContext, state: FlowState, outcome: Accepted) -> FlowResult:
        for key in outcome.drop:
            state.data.pop(key, None)
        state.data.update(outcome.updates)
        state.history = [*state.history, state.step][-MAX_HISTORY:]
        state.step = next_step(state.step, state.data)
        state.failures = 0
        return FlowResult([*outcome.notes, *self._ask(ctx, state)], state)

    def _back(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        if not state.history:
            return FlowResult([Reply("registration/cannot_go_back"), *self._ask(ctx, state)], state)
        state.step = state.history.pop()
        state.failures = 0
        return FlowResult(self._ask(ctx, state), state)

    def _reject(self, ctx: FlowContext, state: FlowState, reply: Reply) -> FlowResult:
        state.failures += 1
        replies = [reply]
        if state.failures >= FAILURES_BEFORE_STAFF:
            replies.append(
                Reply(
                    "registration/offer_staff",
                    {"failures": state.failures},
                    choices=(Choice(menu.BTN_HUMAN, "label.core.human"), Choice(menu.BTN_CANCEL, "label.core.cancel")),
                )
            )
        return FlowResult(replies, state)

    # --- questions ----------------------------------------------------------------
    def _ask(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        step, data = state.step, state.data
        if step == "consent":
            return [
                Reply(
                    "registration/consent",
                    {"previous_reference": str(data.get("previous_reference") or "")},
                    choices=opt.choices_for("consent", back=False),
                )
            ]
        if step == "role":
            return [Reply("registration/ask_role", choices=opt.choices_for("role"))]
        if step == "name":
            return [Reply("registration/ask_name", choices=opt.choices_for("name"))]
        if step == "nik":
            return [Reply("registration/ask_nik", choices=opt.choices_for("nik"))]
        if step == "phone":
            return [Reply("registration/ask_phone", request_contact=True)]
        if step == "area":
            return [Reply("registration/ask_area", choices=opt.choices_for("area"))]
        if step == "area_other":
            return [Reply("registration/ask_area_other", choices=opt.choices_for("area_other"))]
        if step == "business_name":
            return [Reply("registration/ask_business_name", choices=opt.choices_for("business_name"))]
        if step == "sector":
            return [Reply("registration/ask_sector", choices=opt.choices_for("sector"))]
        if step == "employees":
            return [Reply("registration/ask_employees", choices=opt.choices_for("employees"))]
        if step == "employees_registered":
            return [
                Reply(
                    "registration/ask_employees_registered",
                    {"employees": int(data.get("employees") or 0)},
                    choices=opt.choices_for("employees_registered"),
                )
            ]
        if step == "employer_name":
            return [Reply("registration/ask_employer_name", choices=opt.choices_for("employer_name"))]
        if step == "employer_registered":
            return [
                Reply(
                    "registration/ask_employer_registered",
                    {"employer_name": str(data.get("employer_name") or "")},
                    choices=opt.choices_for("employer_registered"),
                )
            ]
        if step == "occupation":
            return [Reply("registration/ask_occupation", choices=opt.choices_for("occupation"))]
        if step == "income":
            return [Reply("registration/ask_income", choices=opt.choices_for("income"))]
        if step == "programs":
            return [Reply("registration/ask_programs", self._estimate(ctx, data), choices=opt.choices_for("programs"))]
        if step == "contact_time":
            return [Reply("registration/ask_contact_time", choices=opt.choices_for("contact_time"))]
        return [Reply("registration/summary", self._summary_context(ctx, data), choices=opt.choices_for("summary"))]

    def _estimate(self, ctx: FlowContext, data: dict[str, Any]) -> dict[str, Any]:
        estimate = estimate_bpu(
            self._params, int(data.get("income") or 0), str(data.get("occupation") or ""), ctx.today
        )
        return {
            "income": int(data.get("income") or 0),
            "declared_income": estimate.declared_income,
            "below_minimum": estimate.below_minimum,
            "two_programs": estimate.two_programs,
            "three_programs": estimate.three_programs,
            "jht": estimate.jht,
            "discount_percent": estimate.discount_percent,
            "discount_until_month": estimate.discount_until.month if estimate.discount_until else 0,
            "discount_until_year": estimate.discount_until.year if estimate.discount_until else 0,
        }

    def _summary_context(self, ctx: FlowContext, data: dict[str, Any]) -> dict[str, Any]:
        context: dict[str, Any] = {
            "role": str(data.get("role") or ""),
            "name": str(data.get("name") or ""),
            "nik_masked": mask_nik(str(data.get("nik") or "")),
            "phone": str(data.get("phone") or ""),
            "area": str(data.get("area") or ""),
            "area_other": str(data.get("area_other") or ""),
            "business_name": str(data.get("business_name") or ""),
            "sector": str(data.get("sector") or ""),
            "employees": int(data.get("employees") or 0),
            "employees_registered": str(data.get("employees_registered") or ""),
            "employer_name": str(data.get("employer_name") or ""),
            "employer_registered": str(data.get("employer_registered") or ""),
            "occupation": str(data.get("occupation") or ""),
            "programs": str(data.get("programs") or ""),
            "contact_time": str(data.get("contact_time") or ""),
            "monthly": 0,
        }
        context.update(self._estimate(ctx, data))
        if data.get("role") == "self_employed":
            context["monthly"] = (
                context["three_programs"] if data.get("programs") == "jkk_jkm_jht" else context["two_programs"]
            )
        return context

    # --- consent and summary -------------------------------------------------------
    def _consent(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> FlowResult:
        answer = opt.pick("consent", button, text)
        if answer == "no":
            return FlowResult([Reply("registration/consent_declined", choices=menu.main_menu())], None)
        if answer == "yes":
            return self._advance(ctx, state, Accepted({"consent": True}))
        return self._reject(
            ctx, state, Reply("registration/invalid_consent", choices=opt.choices_for("consent", back=False))
        )

    async def _summary(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> FlowResult:
        answer = opt.pick("summary", button, text)
        if answer is None:
            return self._reject(ctx, state, Reply("registration/invalid_summary", choices=opt.choices_for("summary")))
        if answer == "confirm":
            missing = [step for step in sequence(state.data) if step != "summary" and step not in state.data]
            if missing:  # e.g. KEMBALI out of an edit: ask what is still open first
                state.step = missing[0]
                return FlowResult(self._ask(ctx, state), state)
            return await self._save(ctx, state)
        state.history = [*state.history, "summary"][-MAX_HISTORY:]
        state.failures = 0
        if answer == "details":
            role = str(state.data.get("role") or "")
            for key in ROLE_STEPS.get(role, ()):
                state.data.pop(key, None)
            state.step = ROLE_STEPS[role][0] if role in ROLE_STEPS else "role"
        elif answer == "contact_time":
            state.step = "contact_time"
        else:
            state.step = EDIT_TARGETS[answer]
        return FlowResult(self._ask(ctx, state), state)

    async def _save(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        data = state.data
        role = str(data["role"])
        employer_lead = (role == "owner" and data.get("employees_registered") == "no") or (
            role == "employee" and data.get("employer_registered") == "no"
        )
        lead = LeadInput(
            contact_id=ctx.contact.id,
            role=role,
            name=str(data["name"]),
            nik=str(data["nik"]),
            phone=str(data["phone"]),
            area=str(data["area"]),
            area_other=data.get("area_other") if data.get("area") == opt.OTHER_AREA else None,
            contact_time=str(data["contact_time"]),
            source=data.get("source") or None,
            business_name=data.get("business_name") if role == "owner" else None,
            sector=data.get("sector") if role == "owner" else None,
            employees=data.get("employees") if role == "owner" else None,
            employees_registered=data.get("employees_registered") if role == "owner" else None,
            employer_name=data.get("employer_name") if role == "employee" else None,
            employer_registered=data.get("employer_registered") if role == "employee" else None,
            occupation=data.get("occupation") if role == "self_employed" else None,
            income=data.get("income") if role == "self_employed" else None,
            programs=data.get("programs") if role == "self_employed" else None,
            employer_lead=employer_lead,
        )
        notification = staff_payload(lead, self._summary_context(ctx, data))
        saved = await self._leads.save_lead(lead, ctx.now, notification)
        done = Reply(
            "registration/done",
            {
                "reference": saved.reference,
                "updated": not saved.created,
                "name": lead.name,
                "contact_time": lead.contact_time,
                "other_area": lead.area == opt.OTHER_AREA,
                "employer_lead": employer_lead,
            },
            choices=menu.main_menu(),
        )
        return FlowResult([done], None)

    # --- step handlers: text in, Accepted or Rejected out ------------------------------
    def _role(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        role = opt.pick("role", button, text)
        if role is None:
            return Rejected(Reply("registration/invalid_role", choices=opt.choices_for("role")))
        changed = state.data.get("role") not in (None, role)
        return Accepted({"role": role}, drop=tuple(ALL_ROLE_FIELDS) if changed else ())

    def _name(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        result = validate_name(text)
        if result.value is None:
            reason = str(result.problem)
            return Rejected(Reply("registration/invalid_name", {"reason": reason}, choices=opt.choices_for("name")))
        return Accepted({"name": result.value})

    def _nik(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        result = validate_nik(text)
        if result.nik is None:
            context = {"reason": str(result.problem), "digits": result.digits_given}
            return Rejected(Reply("registration/invalid_nik", context, choices=opt.choices_for("nik")))
        return Accepted({"nik": result.nik})

    def _phone(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        raw = ctx.inbound.shared_phone if ctx.inbound.shared_phone else text
        result = validate_phone(raw)
        if result.e164 is None:
            reply = Reply("registration/invalid_phone", {"reason": str(result.problem)}, request_contact=True)
            return Rejected(reply)
        return Accepted({"phone": result.e164})

    def _area(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        area = opt.pick("area", button, text)
        if area is None and button is None:
            found = opt.area_in_text(opt.normalise(text))
            if found == opt.AMBIGUOUS:
                reply = Reply("registration/invalid_area", {"reason": "ambiguous"}, choices=opt.choices_for("area"))
                return Rejected(reply)
            if found is not None:
                return Accepted({"area": found}, drop=("area_other",))
            typed = validate_free_text(text)
            if typed.value is not None:  # a place outside the branch, typed directly
                return Accepted(
                    {"area": opt.OTHER_AREA, "area_other": typed.value},
                    notes=[Reply("registration/other_branch", {"place": typed.value})],
                )
        if area is None:
            return Rejected(Reply("registration/invalid_area", {"reason": "unknown"}, choices=opt.choices_for("area")))
        return Accepted({"area": area}, drop=("area_other",))

    def _area_other(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        typed = validate_free_text(text)
        if typed.value is None:
            reply = Reply("registration/invalid_area_other", {"reason": str(typed.problem)})
            return Rejected(reply)
        return Accepted({"area_other": typed.value}, notes=[Reply("registration/other_branch", {"place": typed.value})])

    def _free_text(self, step: str, key: str, text: str) -> Outcome:
        typed = validate_free_text(text)
        if typed.value is None:
            context = {"reason": str(typed.problem), "step": step}
            return Rejected(Reply(key, context, choices=opt.choices_for(step)))
        return Accepted({step: typed.value})

    def _business_name(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        return self._free_text("business_name", "registration/invalid_text", text)

    def _employer_name(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        return self._free_text("employer_name", "registration/invalid_text", text)

    def _occupation(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        return self._free_text("occupation", "registration/invalid_text", text)

    def _sector(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        sector = opt.pick("sector", button, text)
        if sector is not None:
            return Accepted({"sector": sector})
        if button is None:
            typed = validate_free_text(text)
            if typed.value is not None:
                return Accepted({"sector": typed.value})
        return Rejected(Reply("registration/invalid_sector", choices=opt.choices_for("sector")))

    def _employees(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        result = parse_employee_count(text)
        if result.value is None:
            reply = Reply("registration/invalid_employees", {"reason": str(result.problem)})
            return Rejected(reply)
        drop = ("employees_registered",) if result.value == 0 else ()
        return Accepted({"employees": result.value}, drop=drop)

    def _employees_registered(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        answer = opt.pick("employees_registered", button, text)
        if answer is None:
            choices = opt.choices_for("employees_registered")
            return Rejected(Reply("registration/invalid_yes_no", {"step": "employees_registered"}, choices=choices))
        notes = [Reply("registration/employer_obligation")] if answer == "no" else []
        return Accepted({"employees_registered": answer}, notes=notes)

    def _employer_registered(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        answer = opt.pick("employer_registered", button, text)
        if answer is None:
            choices = opt.choices_for("employer_registered")
            return Rejected(Reply("registration/invalid_yes_no", {"step": "employer_registered"}, choices=choices))
        notes = []
        if answer == "no":
            notes.append(Reply("registration/worker_right", {"employer_name": str(state.data.get("employer_name"))}))
        return Accepted({"employer_registered": answer}, notes=notes)

    def _income(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        result = parse_income(text)
        if result.value is None:
            reply = Reply(
                "registration/invalid_income", {"reason": str(result.problem)}, choices=opt.choices_for("income")
            )
            return Rejected(reply)
        return Accepted({"income": result.value})

    def _programs(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        answer = opt.pick("programs", button, text)
        if answer is None:
            return Rejected(Reply("registration/invalid_programs", choices=opt.choices_for("programs")))
        return Accepted({"programs": answer})

    def _contact_time(self, ctx: FlowContext, state: FlowState, text: str, button: str | None) -> Outcome:
        answer = opt.pick("contact_time", button, text)
        if answer is None:
            return Rejected(Reply("registration/invalid_contact_time", choices=opt.choices_for("contact_time")))
        return Accepted({"contact_time": answer})


def staff_payload(lead: LeadInput, summary: dict[str, Any]) -> dict[str, Any]:
    """What the staff chat is told about a lead: plain values, NIK masked."""
    payload = dict(summary)
    payload.update(
        {
            "nik_masked": mask_nik(lead.nik),
            "employer_lead": lead.employer_lead,
            "source": lead.source or "",
            "income": int(lead.income or 0),
        }
    )
    return payload
