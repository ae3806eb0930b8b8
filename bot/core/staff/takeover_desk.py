"""The staff side of taking a conversation over: the list of waiting requests, take, talk, end.

    /permintaan        requests nobody took yet, each with a "take" button
    /ambil ID          take one (or the button under its alert in the staff group)
    (plain text)       while holding one, in a private chat: goes to the person
    /selesai           hand the person back to the bot

Taking it in the group says so in the group; the conversation itself happens in the staff
member's private chat with the bot. Every take and end is in the staff audit log.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.models import Choice, Reply
from bot.core.staff.desk import BTN_MENU, StaffRequest, split_command
from bot.core.staff.ports import StaffStore
from bot.core.takeover import BTN_END, TAKE_PREFIX, Courier, HumanRequestStore, Takeover

BTN_REQUESTS = "hr:list"
LISTED = 9  # with the menu button: fits a WhatsApp list message


class TakeoverDesk:
    def __init__(self, takeover: Takeover, requests: HumanRequestStore, audit: StaffStore) -> None:
        self._takeover = takeover
        self._requests = requests
        self._audit = audit
        self.courier: Courier | None = None

    def menu_choices(self, request: StaffRequest) -> Sequence[Choice]:
        return (Choice(BTN_REQUESTS, "label.staff.menu_requests"),)

    async def handle(self, request: StaffRequest) -> list[Reply] | None:
        inbound = request.ctx.inbound
        button = inbound.button
        if button == BTN_REQUESTS:
            return await self._waiting()
        if button is not None and button.startswith(TAKE_PREFIX):
            number = button.removeprefix(TAKE_PREFIX)
            return await self._take(request, int(number)) if number.isdigit() else None
        if button == BTN_END:
            return await self._end(request)
        if button is not None:
            return None
        command = split_command(inbound.text or "")
        if command is not None:
            word, argument = command
            if word == "permintaan":
                return await self._waiting()
            if word == "ambil":
                if not argument.strip().lstrip("#").isdigit():
                    return [Reply("staff/takeover_usage")]
                return await self._take(request, int(argument.strip().lstrip("#")))
            if word == "selesai":
                return await self._end(request)
            return None
        if request.private:
            return await self._takeover.from_staff(request.ctx, request.actor)
        return None

    async def _waiting(self) -> list[Reply]:
        waiting = await self._requests.waiting(LISTED)
        rows = [{"id": r.id, "channel": r.channel, "at": r.opened_at.strftime("%d-%m %H:%M")} for r in waiting]
        choices = tuple(Choice(f"{TAKE_PREFIX}{r.id}", "label.staff.take_number", {"id": r.id}) for r in waiting)
        return [
            Reply(
                "staff/requests", {"requests": rows}, choices=(*choices, Choice(BTN_MENU, "label.staff.back_to_menu"))
            )
        ]

    async def _take(self, request: StaffRequest, request_id: int) -> list[Reply]:
        ctx = request.ctx
        replies = await self._takeover.take(ctx, request.actor, request_id)
        if replies and replies[0].key == "staff/takeover_started":
            await self._audit.audit(request.actor, "takeover_start", f"#{request_id}", "", ctx.now)
            if not request.private and self.courier is not None:
                # The conversation itself belongs in the staff member's private chat.
                await self.courier.send(ctx.inbound.channel, ctx.inbound.address, ctx.contact.id, replies)
                name = ctx.contact.display_name or ""
                return [Reply("staff/takeover_taken_in_group", {"request_id": request_id, "name": name})]
        return replies

    async def _end(self, request: StaffRequest) -> list[Reply]:
        replies = await self._takeover.end(request.ctx, request.actor)
        if replies and replies[0].key == "staff/takeover_ended":
            await self._audit.audit(
                request.actor, "takeover_end", str(replies[0].context["request_id"]), "", request.ctx.now
            )
        return replies
