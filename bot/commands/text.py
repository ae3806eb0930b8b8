"""The words of the `bpjstk-bot` command line, from messages/id/cli/text.toml
(user-facing text lives in messages/).

Keys are "<section>.<name>", one section per command. An entry is one of:
- a string: `cli_text(key, **values)` fills its `{placeholders}` with str.format, so a
  literal brace is written twice in the file;
- a list of strings: `cli_columns(key)`, the headings of a table;
- a table of strings (`[leads.roles]`): `cli_names(key)`, display names by code.
The file is read once per messages folder.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

from bot.paths import messages_dir

Entry = str | tuple[str, ...] | Mapping[str, str]


def text_file(directory: Path | None = None) -> Path:
    return (directory or messages_dir()) / "id" / "cli" / "text.toml"


@cache
def _load(path: Path) -> Mapping[str, Entry]:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    found: dict[str, Entry] = {}
    for section, entries in raw.items():
        if not isinstance(entries, dict):
            raise ValueError(f"{path}: {section!r} is not a [section]")
        for name, value in entries.items():
            key = f"{section}.{name}"
            if isinstance(value, str):
                found[key] = value
            elif isinstance(value, list) and all(isinstance(item, str) for item in value):
                found[key] = tuple(value)
            elif isinstance(value, dict) and all(isinstance(item, str) for item in value.values()):
                found[key] = MappingProxyType(dict(value))
            else:
                raise ValueError(f"{path}: {key} is not a string, a list of strings or a table of strings")
    return MappingProxyType(found)


def entries(directory: Path | None = None) -> Mapping[str, Entry]:
    """Every entry of the file by key (for the tests)."""
    return _load(text_file(directory))


def _entry(key: str) -> Entry:
    try:
        return entries()[key]
    except KeyError:
        raise KeyError(f"{key} is not in {text_file()}") from None


def cli_text(key: str, /, **values: object) -> str:
    """The string `key`, its placeholders filled with `values` (a placeholder may be called `key`)."""
    entry = _entry(key)
    if not isinstance(entry, str):
        raise TypeError(f"{key} in {text_file()} is not a string")
    return entry.format(**values)


def cli_columns(key: str) -> tuple[str, ...]:
    """The list of strings `key`: table headings, in order."""
    entry = _entry(key)
    if not isinstance(entry, tuple):
        raise TypeError(f"{key} in {text_file()} is not a list of strings")
    return entry


def cli_names(key: str) -> Mapping[str, str]:
    """The table `key`: display names by code."""
    entry = _entry(key)
    if isinstance(entry, str | tuple):
        raise TypeError(f"{key} in {text_file()} is not a table of strings")
    return entry
