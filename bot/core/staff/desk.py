"""Staff commands in chat: the engine's `StaffCommands`, asked first for every staff message.

    /petugas                        the staff menu
    /pendaftar [STATUS]             leads with a status (baru when omitted), newest first
    /cari TEKS                      leads by reference, NIK, phone, name, business or employer
    /lihat REF                      one lead: details, follow-up history, other leads with its NIK
    /status REF STATUS [catatan]    change the follow-up status (the card's buttons do the same)
    /catatan REF TEKS               a note on a lead
    /statistik                      the numbers of the last weeks, with a chart
    /ekspor [csv|xlsx] [STATUS]     leads as a spreadsheet file, in a private chat only

Buttons carry "st:..." ids. Anything else returns None and the engine routes it as usual, so a
staff member's /batal or a question still works. Non-staff never get here (the engine checks
`is_staff` first): a staff word from them is as unknown as any other. Every staff action is
written to the audit log.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.core.flows.base import FlowContext
from bot.core.models import Choice, Contact, Inbound, Reply
from bot.core.privacy import mask_personal_text
from bot.core.staff.cards import lead_card, lead_line
from bot.core.staff.directory import StaffDirectory, actor_of
from bot.core.staff.exports import export_attachment
from bot.core.staff.numbers import StaffNumbers
from bot.core.staff.ports import EXPORT_FORMATS, FollowUp, LeadFileWriter, LeadFilter, StaffLead, StaffStore
from bot.core.staff.statuses import STATUSES, parse_status, status_words
from bot.core.text import clean, command_of

BTN_MENU = "st:menu"
BTN_NEW = "st:new"
BTN_FIND = "st:find"
BTN_STATS = "st:stats"
BTN_EXPORT = "st:export"
VIEW_PREFIX = "st:v:"  # st:v:<lead id>
SET_PREFIX = "st:s:"  # st:s:<lead id>:<status>
# Leads per list, and other leads with the same NIK offered as buttons on a card: with the
# status and menu buttons a message never has more than WhatsApp's 10 list rows.
LIST_LIMIT = 9
MAX_TWIN_BUTTONS = 4
MAX_NOTE_CHARS = 500
DEFAULT_EXPORT_FORMAT = "xlsx"


@dataclass(frozen=True, slots=True)
class StaffRequest:
    ctx: FlowContext
    actor: str  # "telegram:123456"
    private: bool  # False inside the staff group: mask NIK and phone, no exports


class StaffExtension(Protocol):
    """A part of the desk built elsewhere (broadcasts, requests for a human)."""

    def menu_choices(self, request: StaffRequest) -> Sequence[Choice]:
        """Entries it adds to the /petugas menu."""
        ...

    async def handle(self, request: StaffRequest) -> list[Reply] | None:
        """Replies to its own commands and buttons; None for anything else."""
        ...


def split_command(text: str) -> tuple[str, str] | None:
    """'/Cari@bot Budi Santoso' -> ('cari', 'Budi Santoso'): the argument keeps its case."""
    cleaned = clean(text)
    if not cleaned.startswith("/"):
        return None
    head, _, rest = cleaned.partition(" ")
    parsed = command_of(head)
    return (parsed[0], rest.strip()) if parsed is not None else None


def split_status(words: Sequence[str]) -> tuple[str | None, str]:
    """['tidak', 'bisa', 'dihubungi', 'HP', 'mati'] -> ('unreachable', 'HP mati'): longest status first."""
    for size in (3, 2, 1):
        if len(words) >= size:
            status = parse_status(" ".join(words[:size]))
            if status is not None:
                return status, " ".join(words[size:])
    return None, ""


def _menu_button() -> Choice:
    return Choice(BTN_MENU, "label.staff.back_to_menu")


def _open_button(lead: StaffLead) -> Choice:
    return Choice(f"{VIEW_PREFIX}{lead.id}", "label.staff.open_lead", {"reference": lead.reference})


_STATUS_BUTTON_LABELS = {
    "new": "label.staff.set_new",
    "contacted": "label.staff.set_contacted",
    "registered": "label.staff.set_registered",
    "declined": "label.staff.set_declined",
    "unreachable": "label.staff.set_unreachable",
}


def _status_buttons(lead: StaffLead) -> tuple[Choice, ...]:
    return tuple(
        Choice(f"{SET_PREFIX}{lead.id}:{status}", _STATUS_BUTTON_LABELS[status])
        for status in STATUSES
        if status != lead.status
    )


Handler = Callable[[StaffRequest, str], Awaitable[list[Reply]]]


class StaffDesk:
    def __init__(
        self,
        directory: StaffDirectory,
        store: StaffStore,
        numbers: StaffNumbers,
        writer: LeadFileWriter,
        extensions: Sequence[StaffExtension] = (),
    ) -> None:
        self._directory = directory
        self._store = store
        self._numbers = numbers
        self._writer = writer
        self._extensions = tuple(extensions)
        self._commands: dict[str, Handler] = {
            "petugas": self._menu,
            "pendaftar": self._list,
            "cari": self._search,
            "lihat": self._view_reference,
            "status": self._status_typed,
            "catatan": self._note,
            "statistik": self._stats,
            "ekspor": self._export,
        }

    async def weekly_summary(self, today: date) -> list[Reply]:
        """The Monday summary for the staff group: last week's numbers and chart."""
        return await self._numbers.weekly_summary(today)

    # --- StaffCommands ----------------------------------------------------------
    def is_staff(self, contact: Contact, inbound: Inbound) -> bool:
        return self._directory.is_staff(contact, inbound)

    async def handle(self, ctx: FlowContext) -> list[Reply] | None:
        request = StaffRequest(ctx, actor_of(ctx.inbound), self._directory.in_private(ctx.inbound))
        replies = await self._own(request)
        if replies is not None:
            return replies
        for extension in self._extensions:
            replies = await extension.handle(request)
            if replies is not None:
                return replies
        return None

    async def _own(self, request: StaffRequest) -> list[Reply] | None:
        inbound = request.ctx.inbound
        if inbound.button is not None:
            return await self._button(request, inbound.button)
        command = split_command(inbound.text or "")
        if command is None:
            return None
        handler = self._commands.get(command[0])
        return await handler(request, command[1]) if handler is not None else None

    async def _button(self, request: StaffRequest, button: str) -> list[Reply] | None:
        simple: dict[str, Handler] = {
            BTN_MENU: self._menu,
            BTN_NEW: self._list,
            BTN_FIND: self._search,
            BTN_STATS: self._stats,
            BTN_EXPORT: self._export,
        }
        if button in simple:
            return await simple[button](request, "")
        if button.startswith(VIEW_PREFIX) and button.removeprefix(VIEW_PREFIX).isdigit():
            return await self._view(request, await self._store.lead(int(button.removeprefix(VIEW_PREFIX))), "")
        if button.startswith(SET_PREFIX):
            lead_id, _, status = button.removeprefix(SET_PREFIX).partition(":")
            if lead_id.isdigit() and status in STATUSES:
                return await self._change(request, int(lead_id), FollowUp(status=status))
        return None  # not ours (or malformed): the engine treats it as a stale button

    # --- menu and lists -----------------------------------------------------------
    async def _menu(self, request: StaffRequest, _argument: str) -> list[Reply]:
        choices = [Choice(BTN_NEW, "label.staff.menu_new"), Choice(BTN_FIND, "label.staff.menu_find")]
        choices.append(Choice(BTN_STATS, "label.staff.menu_stats"))
        if request.private:
            choices.append(Choice(BTN_EXPORT, "label.staff.menu_export"))
        for extension in self._extensions:
            choices.extend(extension.menu_choices(request))
        return [Reply("staff/menu", {"private": request.private}, choices=tuple(choices))]

    async def _list(self, request: StaffRequest, argument: str) -> list[Reply]:
        status = parse_status(argument) if argument else "new"
        if status is None:
            return [self._unknown_status(argument)]
        filters = LeadFilter(status=status)
        leads = await self._store.leads(filters, LIST_LIMIT)
        total = await self._store.count_leads(filters)
        await self._audit(request, "leads_list", "", f"status={status} shown={len(leads)}")
        return [self._lead_list(leads, total, status=status, query="")]

    async def _search(self, request: StaffRequest, argument: str) -> list[Reply]:
        if not argument:
            return [Reply("staff/usage", {"command": "cari"}, choices=(_menu_button(),))]
        leads = await self._store.search_leads(argument, LIST_LIMIT)
        masked = mask_personal_text(argument)
        await self._audit(request, "leads_search", "", f"query={masked} found={len(leads)}")
        return [self._lead_list(leads, len(leads), status="", query=argument if request.private else masked)]

    @staticmethod
    def _lead_list(leads: Sequence[StaffLead], total: int, *, status: str, query: str) -> Reply:
        context = {"status": status, "query": query, "leads": [lead_line(lead) for lead in leads], "total": total}
        return Reply("staff/lead_list", context, choices=(*map(_open_button, leads), _menu_button()))

    @staticmethod
    def _unknown_status(word: str) -> Reply:
        return Reply("staff/unknown_status", {"word": word, "words": status_words()}, choices=(_menu_button(),))

    # --- one lead ----------------------------------------------------------------------
    async def _view_reference(self, request: StaffRequest, argument: str) -> list[Reply]:
        if not argument:
            return [Reply("staff/usage", {"command": "lihat"}, choices=(_menu_button(),))]
        reference = argument.split()[0]
        return await self._view(request, await self._store.lead_by_reference(reference), reference)

    async def _view(self, request: StaffRequest, lead: StaffLead | None, reference: str) -> list[Reply]:
        if lead is None:
            return [self._not_found(reference)]
        history = await self._store.history(lead.id)
        twins = await self._store.leads_sharing_nik(lead)
        await self._audit(request, "lead_view", lead.reference, "private" if request.private else "group")
        context = lead_card(lead, history, twins, private=request.private)
        choices = (*_status_buttons(lead), *map(_open_button, twins[:MAX_TWIN_BUTTONS]), _menu_button())
        return [Reply("staff/lead_card", context, choices=choices, about=lead.contact_id)]

    @staticmethod
    def _not_found(reference: str) -> Reply:
        return Reply("staff/lead_not_found", {"reference": reference}, choices=(_menu_button(),))

    async def _status_typed(self, request: StaffRequest, argument: str) -> list[Reply]:
        words = argument.split()
        if len(words) < 2:
            return [Reply("staff/usage", {"command": "status"}, choices=(_menu_button(),))]
        status, note = split_status(words[1:])
        if status is None:
            return [self._unknown_status(" ".join(words[1:]))]
        lead = await self._store.lead_by_reference(words[0])
        if lead is None:
            return [self._not_found(words[0])]
        return await self._change(request, lead.id, FollowUp(status=status, note=note[:MAX_NOTE_CHARS] or None))

    async def _note(self, request: StaffRequest, argument: str) -> list[Reply]:
        reference, _, text = argument.partition(" ")
        if not reference or not text.strip():
            return [Reply("staff/usage", {"command": "catatan"}, choices=(_menu_button(),))]
        lead = await self._store.lead_by_reference(reference)
        if lead is None:
            return [self._not_found(reference)]
        return await self._change(request, lead.id, FollowUp(note=text.strip()[:MAX_NOTE_CHARS]))

    async def _change(self, request: StaffRequest, lead_id: int, change: FollowUp) -> list[Reply]:
        result = await self._store.follow_up(lead_id, change, request.actor, request.ctx.now)
        if result is None:
            return [self._not_found("")]
        lead = result.lead
        note = change.note or ""
        context = {
            "reference": lead.reference,
            "old": result.old_status,
            "new": lead.status,
            "note": note if request.private else mask_personal_text(note),
            "assigned_to": lead.assigned_to or "",
        }
        return [Reply("staff/follow_up_saved", context, choices=(_open_button(lead), _menu_button()))]

    # --- numbers and files ----------------------------------------------------------
    async def _stats(self, request: StaffRequest, _argument: str) -> list[Reply]:
        await self._audit(request, "stats_view", "", "chat")
        return await self._numbers.chat_replies(request.ctx.today)

    async def _export(self, request: StaffRequest, argument: str) -> list[Reply]:
        if not request.private:
            await self._audit(request, "leads_export_refused", "", "group")
            return [Reply("staff/private_only", choices=(_menu_button(),))]
        fmt, status = DEFAULT_EXPORT_FORMAT, None
        for word in argument.lower().split():
            if word in EXPORT_FORMATS or word == "excel":
                fmt = "xlsx" if word == "excel" else word
            elif parse_status(word) is not None:
                status = parse_status(word)
            else:
                return [Reply("staff/usage", {"command": "ekspor"}, choices=(_menu_button(),))]
        rows = await self._store.export_rows(LeadFilter(status=status))
        await self._audit(request, "leads_export", "", f"format={fmt} status={status or 'all'} rows={len(rows)}")
        if not rows:
            return [Reply("staff/export_empty", {"status": status or ""}, choices=(_menu_button(),))]
        attachment = await export_attachment(self._writer, rows, fmt, request.ctx.today)
        context = {"count": len(rows), "format": fmt, "status": status or ""}
        return [Reply("staff/export_ready", context, attachment=attachment)]

    async def _audit(self, request: StaffRequest, action: str, target: str, detail: str) -> None:
        await self._store.audit(request.actor, action, target, detail, request.ctx.now)
