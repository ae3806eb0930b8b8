"""`bpjstk-bot --help` and every subcommand's --help run, and every help text, description and
worded metavar they show comes from messages/id/cli/text.toml (none is written in the code)."""

from __future__ import annotations

import argparse
import io
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bot.cli import build_parser
from bot.commands.text import cli_text, entries

ROOT = Path(__file__).resolve().parent.parent
# argparse's own help for -h/--help (English, from the standard library).
ARGPARSE_HELP = "show this help message and exit"


def parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """The top-level parser and every subcommand's, each with its command path (`("leads", "list")`)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from parsers(child, (*path, name))


def pattern(source: str) -> re.Pattern[str]:
    """A file string as a regex: its literal text, any value where a placeholder is."""
    parts = [
        re.escape(literal) + (".+?" if field is not None else "")
        for literal, field, _, _ in string.Formatter().parse(source)
    ]
    return re.compile("".join(parts))


def from_the_file(shown: str) -> bool:
    return any(pattern(source).fullmatch(shown) for source in entries().values() if isinstance(source, str))


def shown_texts(parser: argparse.ArgumentParser) -> list[str]:
    """Help texts, description and worded metavars the parser's --help shows (ours, not argparse's)."""
    texts = [parser.description] if parser.description else []
    for action in parser._actions:
        if action.help and action.help != ARGPARSE_HELP:
            texts.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts += [choice.help for choice in action._choices_actions if choice.help]
        if isinstance(action.metavar, str) and len(action.metavar) > 1 and action.metavar.isalpha():
            texts.append(action.metavar)
    return texts


def unwrapped(text: str) -> str:
    """Text without whitespace: argparse wraps help lines (also after hyphens)."""
    return "".join(text.split())


COMMANDS = [path for path, _ in parsers(build_parser())]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda path: " ".join(path) or "bpjstk-bot")
def test_each_help_runs_and_shows_only_text_from_the_file(command: tuple[str, ...]) -> None:
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*command, "--help"])
    assert exited.value.code == 0
    parser = dict(parsers(build_parser()))[command]
    texts = shown_texts(parser)
    assert texts, f"{command} shows no help text of its own"
    assert [text for text in texts if not from_the_file(text)] == []
    assert [text for text in texts if unwrapped(text) not in unwrapped(out.getvalue())] == []


def test_every_subcommand_is_described_in_its_parents_help() -> None:
    undescribed = []
    for path, parser in parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                described = {choice.dest for choice in action._choices_actions if choice.help}
                undescribed += [(*path, name) for name in action.choices if name not in described]
    assert undescribed == []


def test_bpjstk_bot_help_as_a_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert cli_text("cli.description") in result.stdout
    assert cli_text("cli.metavar_command") in result.stdout
