"""The Indonesian command menu shown by Telegram's "/" button (setMyCommands)."""

from __future__ import annotations

from telegram import Bot, BotCommand

from bot.render.templates import Renderer

# Command names; their descriptions are labels in messages/id/telegram/labels.toml.
COMMANDS = ("start", "menu", "iuran", "daftar", "bantuan", "petugas", "datasaya", "hapusdata", "berhenti")


def bot_commands(renderer: Renderer) -> list[BotCommand]:
    return [BotCommand(name, renderer.render_label(f"label.telegram.cmd_{name}", {}, "telegram")) for name in COMMANDS]


async def register_commands(bot: Bot, renderer: Renderer) -> None:
    await bot.set_my_commands(bot_commands(renderer))
