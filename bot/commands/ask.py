"""`bpjstk-bot ask`: answer questions as JSON lines (the FAQ evaluation contract).

Each question is the first message of a fresh user, on a throw-away database in
a temporary directory: `ask` never writes to the real database.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.app import App, build_app
from bot.channels.console import CHANNEL
from bot.commands.common import add_date_option, clock_for, run
from bot.commands.text import cli_text
from bot.core.models import Inbound
from bot.storage.address_key import AddressHasher


def add_parser(sub: Any) -> None:
    parser = sub.add_parser("ask", help=cli_text("ask.help"))
    parser.add_argument("question", help=cli_text("ask.question_help"))
    add_date_option(parser)
    parser.set_defaults(handler=handle)


async def answer(app: App, number: int, question: str) -> dict[str, str | None]:
    inbound = Inbound(CHANNEL, f"ask-{number}", app.clock.now(), text=question)
    replies = await app.engine.handle(inbound)
    rendered = [app.renderer.render(reply, CHANNEL) for reply in replies]
    topic = next((m.topic for m in rendered if m.topic is not None), None)
    return {"question": question, "reply": "\n\n".join(m.text for m in rendered), "topic": topic}


async def _ask(args: argparse.Namespace) -> int:
    questions = [line.rstrip("\r\n") for line in sys.stdin] if args.question == "-" else [args.question]
    with tempfile.TemporaryDirectory(prefix="bpjstk-ask-") as tmp:
        # A throw-away database: stale-parameter warnings belong to the real start-up.
        app = await build_app(
            Path(tmp) / "ask.sqlite3",
            clock=clock_for(args),
            hasher=AddressHasher.ephemeral(),
            check_parameters=False,
        )
        try:
            for number, question in enumerate(questions):
                result = await answer(app, number, question)
                sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        finally:
            await app.close()
    sys.stdout.flush()
    return 0


def handle(args: argparse.Namespace) -> int:
    return run(_ask(args))
