"""Every command offered in Telegram's "/" menu is one the engine understands."""

from __future__ import annotations

from bot.channels.telegram.commands import bot_commands
from tests.conftest import Harness


async def test_every_menu_command_is_understood(harness: Harness) -> None:
    commands = bot_commands()
    assert [c.command for c in commands][:2] == ["start", "menu"]
    for command in commands:
        assert 0 < len(command.description) <= 256
        replies = await harness.send(f"/{command.command}", user=f"u-{command.command}")
        keys = harness.keys(replies)
        assert keys and "core/unknown_command" not in keys and "core/fallback" not in keys, command.command
