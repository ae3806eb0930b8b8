"""The FAQ knowledge base: entries loaded from messages/faq/*.toml and validated.

Each file holds `[[entry]]` tables with an id, a short title (at most 20 characters: it
labels a WhatsApp reply button), the ways people ask (phrasings) and an answer, a Jinja2 template.
Files whose name starts with "_" (the lexicon) are not entries.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta

AREA = "faq"  # answers are keyed like messages/id/faq/*.j2 templates, but live in the TOML files
MAX_TITLE = 20  # a WhatsApp reply button title (list rows allow 24)
KINDS = frozenset({"answer", "smalltalk", "redirect"})
FIELDS = frozenset(
    {"id", "title", "phrasings", "answer", "kind", "related", "keywords", "unless", "unless_combined", "topic", "dated"}
)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Only *bold* is allowed; these would mean other markup (or a stray Markdown habit).
_FORBIDDEN_MARKUP = re.compile(r"\*\*|__|~~|`|<[a-z/]")


def template_variables(source: str) -> frozenset[str]:
    """The context variables an answer template reads (in any branch)."""
    return frozenset(meta.find_undeclared_variables(jinja2.Environment().parse(source)))


class KnowledgeError(ValueError):
    """The knowledge files are malformed (duplicate id, missing field, ...)."""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    phrasings: tuple[str, ...]
    answer: str
    kind: str = "answer"  # answer | smalltalk | redirect
    related: tuple[str, ...] = ()
    # Words that decide the entry outright (another office's business), unless one of
    # `unless` is also in the question (then normal ranking decides).
    keywords: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    # Words that cancel only a combination keyword ("bpjs + berobat"), not a name ("bpjs
    # kesehatan"): a worker's clinic visit may be a work accident, but "karyawan baru belum dapat
    # kartu BPJS Kesehatan" is still the health agency's business.
    unless_combined: tuple[str, ...] = ()
    # False for a reply that answers no question (thanks): it carries no topic, so it is
    # neither counted as an answer nor remembered as the subject of a follow-up.
    topic: bool = True
    # True for an answer that reports counts as of a date ("Data 2023: 226.342 peserta"): it does
    # not answer for another year, nor count what it does not count (bot/faq/snapshot.py).
    dated: bool = False
    source: str = ""  # file the entry came from

    @property
    def template_key(self) -> str:
        """Reply key of this entry's answer (area "faq", name = the id)."""
        return f"{AREA}/{self.id}"


@dataclass(frozen=True, slots=True)
class Knowledge:
    entries: tuple[Entry, ...]

    def __post_init__(self) -> None:
        validate(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.entries)

    def answer_templates(self) -> dict[str, str]:
        """Template name -> source, for a Jinja DictLoader (area "faq", file "<id>.j2")."""
        return {f"{e.template_key}.j2": e.answer for e in self.entries}


def _strings(raw: object, field: str, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise KnowledgeError(f"{where}: {field} must be a list of strings")
    return tuple(x.strip() for x in raw if x.strip())


def _single_words(raw: object, field: str, where: str) -> tuple[str, ...]:
    # Any one word of `unless` cancels, so a "a + b" group there would silently cancel on "a" alone.
    words = _strings(raw, field, where)
    if any("+" in word for word in words):
        raise KnowledgeError(f"{where}: {field} takes single words, not 'a + b' groups")
    return words


def parse_entries(raw: Mapping[str, object], source: str = "") -> list[Entry]:
    items = raw.get("entry", [])
    if not isinstance(items, list):
        raise KnowledgeError(f"{source}: [[entry]] tables expected")
    entries: list[Entry] = []
    for n, item in enumerate(items, 1):
        where = f"{source} entry {n}"
        if not isinstance(item, dict):
            raise KnowledgeError(f"{where}: not a table")
        for field in ("id", "title", "answer"):
            if not isinstance(item.get(field), str) or not str(item.get(field)).strip():
                raise KnowledgeError(f"{where}: missing {field}")
        unknown = set(item) - FIELDS
        if unknown:
            raise KnowledgeError(f"{where}: unknown fields {sorted(unknown)}")
        for flag in ("topic", "dated"):
            if not isinstance(item.get(flag, flag == "topic"), bool):
                raise KnowledgeError(f"{where}: {flag} must be true or false")
        entries.append(
            Entry(
                id=str(item["id"]).strip(),
                title=str(item["title"]).strip(),
                phrasings=_strings(item.get("phrasings"), "phrasings", where),
                answer=str(item["answer"]).strip() + "\n",
                kind=str(item.get("kind", "answer")),
                related=_strings(item.get("related"), "related", where),
                keywords=_strings(item.get("keywords"), "keywords", where),
                unless=_single_words(item.get("unless"), "unless", where),
                unless_combined=_single_words(item.get("unless_combined"), "unless_combined", where),
                topic=bool(item.get("topic", True)),
                dated=bool(item.get("dated", False)),
                source=source,
            )
        )
    return entries


def validate(entries: Iterable[Entry]) -> None:
    seen: set[str] = set()
    items = list(entries)
    for entry in items:
        where = f"{entry.source}: {entry.id}"
        if not _ID.match(entry.id):
            raise KnowledgeError(f"{where}: id must be kebab-case")
        if entry.id in seen:
            raise KnowledgeError(f"{where}: duplicate id")
        seen.add(entry.id)
        if len(entry.title) > MAX_TITLE:
            raise KnowledgeError(f"{where}: title longer than {MAX_TITLE} characters")
        if entry.kind not in KINDS:
            raise KnowledgeError(f"{where}: kind must be one of {sorted(KINDS)}")
        if not entry.phrasings:
            raise KnowledgeError(f"{where}: no phrasings")
        if _FORBIDDEN_MARKUP.search(entry.answer):
            raise KnowledgeError(f"{where}: only *bold* markup is allowed")
    for entry in items:
        for other in entry.related:
            if other not in seen:
                raise KnowledgeError(f"{entry.source}: {entry.id}: related entry {other!r} does not exist")


def load_knowledge(directory: Path) -> Knowledge:
    entries: list[Entry] = []
    for path in sorted(directory.glob("*.toml")):
        if path.name.startswith("_"):
            continue
        with path.open("rb") as fh:
            entries.extend(parse_entries(tomllib.load(fh), source=path.name))
    if not entries:
        raise KnowledgeError(f"no FAQ entries in {directory}")
    return Knowledge(tuple(entries))
