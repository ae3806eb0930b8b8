"""The registration-interest flow: consent, who they are, how to reach them, a lead.

The questions are the table in `steps.py`; this class adds what needs storage:
an earlier lead of the same contact, drafts of registrations left midway, and
the lead itself with its staff notification.
"""

from __future__ import annotations

import re
from typing import Any

from bot.core import choices as menu
from bot.core.flows.base import FlowContext
from bot.core.flows.kit import FlowSpec, FlowTexts, StepFlow
from bot.core.flows.registration.lead import is_employer_lead, lead_input, staff_payload, summary_context
from bot.core.flows.registration.options import OTHER_AREA
from bot.core.flows.registration.ports import LeadStore, PersonalDataStore
from bot.core.flows.registration.steps import build_steps
from bot.core.models import FlowState, Reply
from bot.rules.parameters import Parameters, default_parameters

FLOW_NAME = "registration"
_CAMPAIGN = re.compile(r"^(?:daftar|registrasi|register|mendaftar)[_-]([A-Za-z0-9_-]{1,57})$", re.IGNORECASE)


def _campaign(argument: str, fallback: str | None) -> str | None:
    for candidate in (argument, fallback or ""):
        match = _CAMPAIGN.match(candidate.strip())
        if match:
            return match.group(1)
    return fallback


class RegistrationFlow(StepFlow):
    entry_words = frozenset(
        {"daftar", "registrasi", "register", "mendaftar", "mau daftar", "saya mau daftar", "ingin daftar"}
        | {"daftar sekarang"}
    )
    entry_buttons = frozenset({menu.BTN_REGISTER})
    offers_outreach = True  # its end is a natural moment to ask about reminders

    def __init__(
        self, leads: LeadStore, parameters: Parameters | None = None, *, personal: PersonalDataStore | None = None
    ) -> None:
        self._leads = leads
        self._personal = personal  # tells whether an earlier registration was left midway
        self._params = parameters or default_parameters()
        super().__init__(
            FlowSpec(
                name=FLOW_NAME,
                prefix="reg",
                steps=build_steps(self._params),
                finish=self._save,
                numbered=True,
                texts=FlowTexts(
                    stale_button="registration/stale_button",
                    offer_help="registration/offer_staff",
                    cannot_go_back="registration/cannot_go_back",
                    resume="registration/resume",
                ),
            )
        )

    async def initial_data(self, ctx: FlowContext, argument: str) -> dict[str, Any]:
        previous = await self._leads.lead_for_contact(ctx.contact.id)
        left_midway = self._personal is not None and (await self._personal.personal_data(ctx.contact.id)).draft_step
        return {
            "source": _campaign(argument, ctx.contact.source),
            "previous_reference": previous.reference if previous else "",
            "starts_over": bool(left_midway),  # after BATAL: say that nothing carries over
        }

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        if state.step == "consent":
            return  # no consent, nothing recorded
        role = state.data.get("role")
        source = state.data.get("source") or None
        await self._leads.record_draft(ctx.contact.id, state.step, str(role) if role else None, source, ctx.now)

    async def _save(self, ctx: FlowContext, data: dict[str, Any]) -> list[Reply]:
        lead = lead_input(ctx.contact.id, data)
        notification = staff_payload(lead, summary_context(self._params, data, ctx.today))
        saved = await self._leads.save_lead(lead, ctx.now, notification)
        done = {
            "reference": saved.reference,
            "updated": not saved.created,
            "name": lead.name,
            "contact_time": lead.contact_time,
            "other_area": lead.area == OTHER_AREA,
            "employer_lead": is_employer_lead(data),
        }
        return [Reply("registration/done", done, choices=menu.main_menu())]
