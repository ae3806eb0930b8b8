"""/datasaya and /hapusdata: people see and delete what we hold about them (UU 27/2022)."""

from __future__ import annotations

from bot.core import choices as menu
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.flows.registration import options as opt
from bot.core.flows.registration.ports import PersonalDataStore
from bot.core.models import Choice, FlowState, Reply
from bot.core.privacy import mask_nik, mask_phone
from bot.core.text import clean

BTN_DELETE_YES = "reg:erase:yes"
BTN_DELETE_NO = "reg:erase:no"
_YES = frozenset({"ya", "iya", "hapus", "yes", "setuju", "ya hapus"})
_NO = frozenset({"tidak", "tdk", "no", "jangan", "gak", "ga", "nggak", "tidak jadi", "batal hapus"})


class DataViewFlow:
    """One message: everything stored about this contact, NIK and phone masked."""

    name = "data_view"
    entry_words = frozenset({"datasaya", "data_saya"})
    entry_buttons: frozenset[str] = frozenset()

    def __init__(self, store: PersonalDataStore) -> None:
        self._store = store

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        data = await self._store.personal_data(ctx.contact.id)
        leads = [
            {
                "reference": lead.reference,
                "role": lead.fields.role,
                "name": lead.fields.name,
                "nik_masked": mask_nik(lead.fields.nik),
                "phone_masked": mask_phone(lead.fields.phone),
                "area": lead.fields.area,
                "area_other": lead.fields.area_other or "",
                "business_name": lead.fields.business_name or "",
                "employer_name": lead.fields.employer_name or "",
                "occupation": lead.fields.occupation or "",
                "created_at": lead.created_at[:10],
                "updated_at": lead.updated_at[:10],
            }
            for lead in data.leads
        ]
        context = {
            "channels": list(data.channels),
            "display_name": data.display_name or "",
            "source": data.source or "",
            "opted_out": data.opted_out,
            "messages_logged": data.messages_logged,
            "leads": leads,
            "draft_step": data.draft_step or "",
        }
        return FlowResult([Reply("registration/data_view", context, choices=menu.main_menu())], None)

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        return await self.start(ctx, "")

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        return (await self.start(ctx, "")).replies

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        return None


class DataDeleteFlow:
    """Ask once, then erase the contact and everything that hangs off it."""

    name = "data_delete"
    entry_words = frozenset({"hapusdata", "hapus_data"})
    entry_buttons: frozenset[str] = frozenset()

    def __init__(self, store: PersonalDataStore) -> None:
        self._store = store

    @staticmethod
    def _question() -> Reply:
        return Reply(
            "registration/erase_confirm",
            choices=(
                Choice(BTN_DELETE_YES, "label.registration.erase_yes"),
                Choice(BTN_DELETE_NO, "label.registration.erase_no"),
            ),
        )

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        return FlowResult([self._question()], FlowState(flow=self.name, step="confirm"))

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        button = ctx.inbound.button
        said = opt.normalise(clean(ctx.inbound.text or "")) if button is None else ""
        if button == BTN_DELETE_YES or said in _YES:
            await self._store.erase_personal_data(ctx.contact.id)
            return FlowResult([Reply("registration/erased")], None)
        if button == BTN_DELETE_NO or said in _NO:
            return FlowResult([Reply("registration/erase_kept", choices=menu.main_menu())], None)
        if button is not None:
            return FlowResult([Reply("registration/stale_button"), self._question()], state)
        state.failures += 1
        return FlowResult([Reply("registration/invalid_erase"), self._question()], state)

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        return [self._question()]

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        return None
