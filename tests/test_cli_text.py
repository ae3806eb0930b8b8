"""The command line's words come from messages/id/cli/text.toml: every key the code uses
exists (as the right kind of entry) and every entry is used."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.commands.text import cli_columns, cli_names, cli_text, entries

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "bot" / "cli.py", *sorted((ROOT / "bot" / "commands").glob("*.py"))]
ACCESSORS = {"cli_text": str, "cli_columns": tuple, "cli_names": dict}


def trees() -> Iterator[ast.AST]:
    for path in SOURCES:
        yield ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def string_literals() -> set[str]:
    return {
        node.value
        for tree in trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def accessor_calls() -> list[tuple[str, str]]:
    """(accessor, key) for every cli_text/cli_columns/cli_names call with a literal key."""
    calls = []
    for tree in trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ACCESSORS:
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    calls.append((node.func.id, first.value))
    return calls


# Literals that look like keys but are not (file names).
NOT_KEYS = {"ask.sqlite3"}


def sections() -> set[str]:
    return {key.split(".")[0] for key in entries()} | {path.stem for path in SOURCES if path.stem != "text"}


def key_shaped(literal: str) -> bool:
    """'leads.none' looks like a key (a section, a dot, a name), so a key kept in a table is checked too."""
    section, dot, name = literal.partition(".")
    return (
        bool(dot)
        and section in sections()
        and re.fullmatch(r"[a-z0-9_]+", name) is not None
        and literal not in NOT_KEYS
    )


def test_every_key_the_code_uses_exists_and_has_the_right_kind() -> None:
    known = entries()
    used = {key for _, key in accessor_calls()} | {s for s in string_literals() if key_shaped(s)}
    assert sorted(used - set(known)) == []
    wrong_kind = []
    for accessor, key in accessor_calls():
        entry = known[key]
        kind = ACCESSORS[accessor]
        if not (isinstance(entry, kind) if kind is not dict else not isinstance(entry, str | tuple)):
            wrong_kind.append(f"{accessor}({key!r})")
    assert wrong_kind == []


def test_every_entry_in_the_file_is_used_by_the_code() -> None:
    assert set(entries()) - string_literals() == set()


def test_the_checker_sees_keys_in_calls_and_key_shaped_literals() -> None:
    assert ("cli_text", "cli.description") in accessor_calls()
    assert key_shaped("leads.list_help") and not key_shaped("bot.commands.leads") and not key_shaped("cli:x")


def test_the_accessors_fill_placeholders_and_refuse_unknown_keys_or_kinds() -> None:
    assert cli_text("cli.error", prog="bpjstk-bot x", message="m") == "bpjstk-bot x: kesalahan: m"
    assert cli_text("broadcast.list_template", key="k") == "template k"
    with pytest.raises(KeyError):
        cli_text("cli.no_such_key")
    with pytest.raises(TypeError):
        cli_columns("cli.description")
    with pytest.raises(TypeError):
        cli_names("cli.description")
