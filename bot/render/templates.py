"""Render `Reply` objects into channel text with Jinja2 templates from messages/.

Keys map to files: "core/welcome" -> messages/id/core/welcome.j2, with an
optional per-channel override "welcome.telegram.j2". Button labels are keyed
"label.<area>.<name>" and live in messages/id/<area>/labels.toml. StrictUndefined
makes a missing variable an error instead of an empty string.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, StrictUndefined, Template, TemplateNotFound

from bot.core.models import Attachment, Reply
from bot.render.markup import convert, protect
from bot.rules import formatting

LANGUAGE = "id"

log = logging.getLogger(__name__)


class UnknownMessageKey(LookupError):
    """A reply or label names a template that does not exist."""


@dataclass(frozen=True, slots=True)
class RenderedButton:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    text: str
    buttons: tuple[RenderedButton, ...] = ()
    request_contact: bool = False
    topic: str | None = None
    attachment: Attachment | None = None  # sent with the text as its caption


def _finalize(value: Any) -> str:
    return protect("" if value is None else str(value))


def build_environment(messages_dir: Path, extra_templates: Mapping[str, str] | None = None) -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(messages_dir / LANGUAGE)), DictLoader(dict(extra_templates or {}))]),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=_finalize,
    )
    env.filters["rupiah"] = formatting.rupiah
    env.filters["persen"] = formatting.percent
    env.filters["tanggal"] = formatting.long_date
    env.filters["angka"] = formatting.thousands
    return env


def load_labels(messages_dir: Path) -> dict[str, str]:
    """All 'label.<area>.<name>' sources from messages/id/<area>/labels.toml."""
    labels: dict[str, str] = {}
    for path in sorted((messages_dir / LANGUAGE).glob("*/labels.toml")):
        with path.open("rb") as fh:
            for name, source in tomllib.load(fh).items():
                labels[f"label.{path.parent.name}.{name}"] = str(source)
    return labels


class Renderer:
    def __init__(self, messages_dir: Path, extra_templates: Mapping[str, str] | None = None) -> None:
        self.messages_dir = messages_dir
        self.env = build_environment(messages_dir, extra_templates)
        self._label_sources = load_labels(messages_dir)
        self._labels: dict[str, Template] = {}
        self._templates: dict[tuple[str, str], Template] = {}

    @property
    def label_keys(self) -> frozenset[str]:
        return frozenset(self._label_sources)

    def template(self, key: str, channel: str) -> Template:
        cached = self._templates.get((key, channel))
        if cached is not None:
            return cached
        try:
            found = self.env.get_template(f"{key}.{channel}.j2")
        except TemplateNotFound:
            try:
                found = self.env.get_template(f"{key}.j2")
            except TemplateNotFound as exc:
                raise UnknownMessageKey(key) from exc
        self._templates[(key, channel)] = found
        return found

    def render_text(self, key: str, context: Mapping[str, Any], channel: str) -> str:
        raw = self.template(key, channel).render(**context)
        return convert(raw.strip(), channel)

    def render_label(self, label_key: str, context: Mapping[str, Any], channel: str) -> str:
        template = self._labels.get(label_key)
        if template is None:
            source = self._label_sources.get(label_key)
            if source is None:
                raise UnknownMessageKey(label_key)
            template = self.env.from_string(source)
            self._labels[label_key] = template
        # Labels are shown as plain button text on every channel.
        return convert(template.render(**context).strip(), "console")

    def render(self, reply: Reply, channel: str) -> RenderedMessage:
        buttons = tuple(
            RenderedButton(choice.id, self.render_label(choice.label_key, choice.context, channel))
            for choice in reply.choices
        )
        return RenderedMessage(
            text=self.render_text(reply.key, reply.context, channel),
            buttons=buttons,
            request_contact=reply.request_contact,
            topic=reply.topic,
            attachment=reply.attachment,
        )

    def render_or(self, reply: Reply, channel: str, fallback: Reply) -> RenderedMessage:
        """`render`, or `fallback` (e.g. `core/error`) when the reply cannot be rendered."""
        try:
            return self.render(reply, channel)
        except Exception:
            log.exception("rendering %s for %s failed", reply.key, channel)
            return self.render(fallback, channel)
