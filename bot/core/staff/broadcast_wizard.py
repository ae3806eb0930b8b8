"""A staff broadcast from a private chat, in four steps: the text, who gets it, which channel,
then a preview with the number of people before anything is sent.

Only staff in a private chat can open it (`/siaran`, or "Siaran" in /petugas); for anyone
else the word is an unknown command, as for every staff command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core import choices as menu
from bot.core.flows.base import FlowContext, FlowResult
from bot.core.flows.kit import Accepted, Answer, End, FlowSpec, Option, Outcome, Rejected, Step, StepFlow, words
from bot.core.models import Choice, Reply
from bot.core.staff.desk import StaffRequest
from bot.core.staff.directory import StaffDirectory, actor_of

BTN_BROADCAST = "st:bc"
SEGMENT_EVERYONE = "semua"


@dataclass(frozen=True, slots=True)
class BroadcastPreview:
    audience: dict[str, int]  # people per channel
    text: str  # as the people will read it (Telegram's rendering)


class BroadcastPlanner(Protocol):
    def text_problem(self, text: str) -> str | None:
        """Why this text cannot be broadcast (empty, too long), or None."""
        ...

    def segment_problem(self, segment: str) -> str | None:
        """Why this segment cannot be read, or None ('area=tulungagung,peran=mandiri')."""
        ...

    async def preview(self, text: str, segment: str, channels: str) -> BroadcastPreview: ...

    async def send(self, actor: str, text: str, segment: str, channels: str) -> tuple[int, int]:
        """Create and start it now; (broadcast id, people)."""
        ...


CHANNELS = (
    Option("semua", "label.staff.bc_all", words("semua", "keduanya")),
    Option("telegram", "label.staff.bc_telegram", words("telegram", "tele")),
    Option("whatsapp", "label.staff.bc_whatsapp", words("whatsapp", "wa")),
)
CONFIRM = (
    Option("send", "label.staff.bc_send", words("kirim", "ya", "kirim sekarang")),
    Option("cancel", "label.staff.bc_cancel", words("batal", "jangan", "tidak")),
)


class BroadcastWizard(StepFlow):
    name = "staff_broadcast"
    entry_words = frozenset({"siaran"})
    entry_buttons = frozenset({BTN_BROADCAST})

    def __init__(self, planner: BroadcastPlanner, directory: StaffDirectory) -> None:
        self._planner = planner
        self._directory = directory
        super().__init__(
            FlowSpec(
                name=self.name,
                prefix="bc",
                finish=self._finish,
                steps=(
                    Step("text", "staff/bc_ask_text", parse=self._text, back=False),
                    Step(
                        "segment",
                        "staff/bc_ask_segment",
                        (Option(SEGMENT_EVERYONE, "label.staff.bc_everyone", words("semua", "semua orang")),),
                        parse=self._segment,
                    ),
                    Step("channels", "staff/bc_ask_channels", CHANNELS, invalid="staff/bc_invalid_choice"),
                    Step(
                        "confirm",
                        "staff/bc_confirm",
                        CONFIRM,
                        invalid="staff/bc_invalid_choice",
                        review=True,
                        parse=_confirm,
                        intro=self._preview,
                    ),
                ),
            )
        )

    async def start(self, ctx: FlowContext, argument: str) -> FlowResult:
        if not self._directory.is_staff(ctx.contact, ctx.inbound):
            return FlowResult([Reply("core/unknown_command", choices=menu.main_menu())], None)
        return await super().start(ctx, argument)

    def _text(self, answer: Answer) -> Outcome:
        problem = self._planner.text_problem(answer.text)
        return Rejected(Reply("staff/bc_invalid_text", {"problem": problem})) if problem else Accepted(answer.text)

    def _segment(self, answer: Answer) -> Outcome:
        if answer.option == SEGMENT_EVERYONE:
            return Accepted("")
        problem = self._planner.segment_problem(answer.text)
        return Rejected(Reply("staff/bc_invalid_segment", {"problem": problem})) if problem else Accepted(answer.text)

    async def _preview(self, ctx: FlowContext, data: Any) -> Sequence[Reply]:
        preview = await self._planner.preview(str(data["text"]), str(data["segment"]), str(data["channels"]))
        context = {"audience": preview.audience, "total": sum(preview.audience.values()), "text": preview.text}
        return [Reply("staff/bc_preview", context)]

    async def _finish(self, ctx: FlowContext, data: dict[str, Any]) -> list[Reply]:
        broadcast_id, people = await self._planner.send(
            actor_of(ctx.inbound), str(data["text"]), str(data["segment"]), str(data["channels"])
        )
        return [Reply("staff/bc_sent", {"broadcast_id": broadcast_id, "people": people})]


def _confirm(answer: Answer) -> Outcome:
    if answer.option == "send":
        return Accepted("send")
    return End((Reply("staff/bc_cancelled"),))


class BroadcastMenu:
    """The "Siaran" entry of /petugas (in a private chat); the wizard itself is a flow."""

    def menu_choices(self, request: StaffRequest) -> Sequence[Choice]:
        return (Choice(BTN_BROADCAST, "label.staff.menu_broadcast"),) if request.private else ()

    async def handle(self, request: StaffRequest) -> list[Reply] | None:
        return None
