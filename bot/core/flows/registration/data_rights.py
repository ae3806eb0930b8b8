"""/datasaya and /hapusdata: people see and delete what we hold about them (UU 27/2022)."""

from __future__ import annotations

from datetime import date

from bot.core import choices as menu
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.flows.kit.words import normalise
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
    entry_prefixes: frozenset[str] = frozenset()

    def __init__(self, store: PersonalDataStore) -> None:
        self._store = store

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        data = await self._store.personal_data(ctx.contact.id)
        overview = {
            "channels": list(data.channels),
            "display_name": data.display_name or "",
            "source": data.source or "",
            "opted_out": data.opted_out,
            "messages_logged": data.messages_logged,
            "lead_count": len(data.leads),
            "draft_step": data.draft_step or "",
            "outreach": data.outreach,
            "reminders": [
                {"topic": topic, "day": date.fromisoformat(due_on) if due_on else None, "day_of_month": day_of_month}
                for topic, due_on, day_of_month in data.reminders
            ],
        }
        replies = [Reply("registration/data_view", overview)]
        for lead in data.leads:
            fields = lead.fields
            replies.append(
                Reply(
                    "registration/data_view_lead",
                    {
                        "reference": lead.reference,
                        "role": fields.role,
                        "name": fields.name,
                        "nik_masked": mask_nik(fields.nik),
                        "phone_masked": mask_phone(fields.phone),
                        "area": fields.area,
                        "area_other": fields.area_other or "",
                        "business_name": fields.business_name or "",
                        "employer_name": fields.employer_name or "",
                        "occupation": fields.occupation or "",
                        "created_at": lead.created_at[:10],
                        "updated_at": lead.updated_at[:10],
                    },
                )
            )
        last = replies[-1]
        replies[-1] = Reply(last.key, last.context, choices=menu.main_menu())
        return FlowResult(replies, None)

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
    entry_prefixes: frozenset[str] = frozenset()

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
        said = normalise(clean(ctx.inbound.text or "")) if button is None else ""
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
