"""The Indonesian command menu shown by Telegram's "/" button (setMyCommands).

Commands and their descriptions live in messages/id/telegram/commands.toml, in menu order.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from telegram import Bot, BotCommand

from bot.paths import messages_dir


def bot_commands(directory: Path | None = None) -> list[BotCommand]:
    path = (directory or messages_dir()) / "id" / "telegram" / "commands.toml"
    with path.open("rb") as fh:
        return [BotCommand(name, str(description)) for name, description in tomllib.load(fh).items()]


async def register_commands(bot: Bot) -> None:
    await bot.set_my_commands(bot_commands())
