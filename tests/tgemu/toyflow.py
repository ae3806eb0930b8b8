"""A toy three-step "registration" flow, to exercise the e2e flow walker and the
restart test before the real registration flow is merged.

Loaded into the `bpjstk-bot run` subprocess by `toyboot/sitecustomize.py`
(PYTHONPATH), which swaps `bot.app.build_flows` and adds its template.
"""

from __future__ import annotations

from bot.core.flows.base import FlowContext, FlowResult
from bot.core.models import Choice, FlowState, Reply

ASK = "test/ask"
TEMPLATES = {f"{ASK}.j2": "{{ q }}"}
CANCEL = Choice("kw:batal", "label.core.cancel")


class ToyRegistration:
    name = "registration"
    entry_words = frozenset({"daftar"})
    entry_buttons = frozenset({"menu:daftar"})
    entry_prefixes: frozenset[str] = frozenset()

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        return FlowResult(
            [Reply(ASK, {"q": "Siapa nama lengkap Bapak/Ibu?"}, choices=(CANCEL,))], FlowState(self.name, "name")
        )

    async def step(self, ctx: FlowContext, state: FlowState) -> FlowResult:
        inbound = ctx.inbound
        if state.step == "name" and inbound.text:
            state.data["name"] = inbound.text
            state.step = "phone"
            return FlowResult([Reply(ASK, {"q": "Nomor HP yang bisa dihubungi?"}, request_contact=True)], state)
        if state.step == "phone" and (inbound.shared_phone or inbound.text):
            state.step = "consent"
            choices = (Choice("reg:ya", "label.core.resume"), CANCEL)
            return FlowResult([Reply(ASK, {"q": "Setuju data dikirim ke petugas?"}, choices=choices)], state)
        if state.step == "consent" and inbound.button == "reg:ya":
            return FlowResult([Reply(ASK, {"q": f"Terima kasih, {state.data['name']}."})], None)
        return FlowResult(await self.resume_replies(ctx, state), state)

    async def resume_replies(self, ctx: FlowContext, state: FlowState) -> list[Reply]:
        return [Reply(ASK, {"q": f"(ulang) langkah {state.step}"})]

    async def abandoned(self, ctx: FlowContext, state: FlowState) -> None:
        return None
