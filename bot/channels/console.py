"""The terminal chat: the same engine, no token, no network.

Buttons show as numbered options; typing the number presses the button. With
piped stdin each line is one message, and the user's lines are echoed so a
transcript reads like a conversation.

Leaving: end of input (Ctrl-D) or `exit`, `quit`, `/keluar`, `/exit`, `/quit`
always leave. `keluar` is also a cancel word on every channel, so inside a flow
(registration, calculator) it first cancels the flow, as it would on Telegram,
and says how to leave; outside a flow it leaves. A reply's attachment (a chart, an export)
is saved as an owner-only file and its path printed.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.core.clock import Clock
from bot.core.engine import Engine
from bot.core.models import Attachment, Inbound, Reply
from bot.exports.files import UnsafeTarget, private_file
from bot.render.templates import RenderedButton, Renderer

CHANNEL = "console"
LEAVE_WORDS = frozenset({"exit", "quit", "/keluar", "/exit", "/quit"})
LEAVE_OR_CANCEL = "keluar"
HOW_TO_LEAVE = Reply("console/how_to_leave")
GOODBYE = Reply("console/goodbye")


def _as_leave_word(line: str) -> str:
    return line.strip().lower().rstrip(".!")


class ConsoleChat:
    def __init__(
        self,
        engine: Engine,
        renderer: Renderer,
        clock: Clock,
        address: str = "terminal",
        out: TextIO | None = None,
        attachments_dir: Path | None = None,
    ) -> None:
        self._engine = engine
        self._renderer = renderer
        self._clock = clock
        self._address = address
        self._out = out or sys.stdout
        self._buttons: tuple[RenderedButton, ...] = ()
        self._attachments_dir = attachments_dir  # made on the first attachment when None

    def inbound_for(self, line: str) -> Inbound:
        """A typed number presses the matching button of the last message."""
        stripped = line.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(self._buttons):
            button = self._buttons[int(stripped) - 1]
            return Inbound(CHANNEL, self._address, self._clock.now(), button=button.id)
        return Inbound(CHANNEL, self._address, self._clock.now(), text=line)

    def show(self, replies: list[Reply]) -> None:
        buttons: tuple[RenderedButton, ...] = ()
        for reply in replies:
            message = self._renderer.render(reply, CHANNEL)
            self._out.write("\nBot: " + message.text.replace("\n", "\n     ") + "\n")
            for number, button in enumerate(message.buttons, start=1):
                self._out.write(f"     [{number}] {button.label}\n")
            if message.buttons:
                buttons = message.buttons
            if message.request_contact:
                self._out.write("     (ketik nomor HP Bapak/Ibu)\n")
            if message.attachment is not None:
                path = self.save_attachment(message.attachment)
                note = self._renderer.render_text(
                    "console/attachment_saved",
                    {"kind": message.attachment.kind, "filename": message.attachment.filename, "path": str(path)},
                    CHANNEL,
                )
                self._out.write(f"     {note}\n")
        if replies:
            self._buttons = buttons
        self._out.flush()

    def save_attachment(self, attachment: Attachment) -> Path:
        """Write it under the attachments folder (owner-only); a name taken gets a number."""
        if self._attachments_dir is None:
            self._attachments_dir = Path(tempfile.mkdtemp(prefix="bpjstk-chat-"))  # mode 0700
        name = Path(attachment.filename).name or "attachment"
        stem, suffix = Path(name).stem, Path(name).suffix
        for number in range(1, 1000):
            target = self._attachments_dir / (name if number == 1 else f"{stem}-{number}{suffix}")
            try:
                with private_file(target) as fh:
                    fh.write(attachment.content)
            except UnsafeTarget:
                continue
            return target
        raise FileExistsError(f"no free file name for {name} in {self._attachments_dir}")

    async def send(self, line: str) -> list[Reply]:
        replies = await self._engine.handle(self.inbound_for(line))
        self.show(replies)
        return replies

    async def run(self, read_line: Callable[[], str | None], interactive: bool) -> None:
        welcome = await self._engine.handle(self.inbound_for("/start"))
        self.show([*welcome, HOW_TO_LEAVE] if interactive else welcome)
        while True:
            if interactive:
                self._out.write("\nAnda: ")
                self._out.flush()
            line = await asyncio.to_thread(read_line)
            if line is None:  # Ctrl-D, or the end of piped input
                break
            if not interactive:
                self._out.write(f"\nAnda: {line}\n")
            word = _as_leave_word(line)
            if word in LEAVE_WORDS:
                break
            replies = await self._engine.handle(self.inbound_for(line))
            if word == LEAVE_OR_CANCEL:
                if [r.key for r in replies] == ["core/nothing_to_cancel"]:
                    break  # no flow was open: the word means "leave"
                replies = [*replies, HOW_TO_LEAVE]
            self.show(replies)
        self._out.write("\n" + self._renderer.render(GOODBYE, CHANNEL).text + "\n")
        self._out.flush()
