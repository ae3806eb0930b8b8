"""The README's promises: two set-up commands, CI runs the test one, every command documented."""

from __future__ import annotations

import re
from pathlib import Path

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash)\n(.+?)\n```", section, flags=re.DOTALL)


def test_readme_has_exactly_two_setup_commands_chat_and_tests() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert commands[0].endswith("bpjstk-bot chat")
    assert commands[1].endswith("pytest")
    assert all("\n" not in c for c in commands), "each is one command line"


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_every_subcommand_is_documented() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    names = sorted(sub.choices)  # type: ignore[arg-type]
    missing = [name for name in names if f"bpjstk-bot {name}" not in README]
    assert missing == []


def test_every_setting_is_in_the_readme_and_env_example() -> None:
    """A setting nobody can find is a setting nobody uses: bot/config.py reads them all."""
    config = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    settings = sorted(set(re.findall(r'"((?:BPJSTK|TELEGRAM|WHATSAPP)_[A-Z_]+)"', config)))
    env_example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert len(settings) > 20
    assert [name for name in settings if f"`{name}`" not in README] == []
    assert [name for name in settings if f"\n{name}=" not in env_example] == []
