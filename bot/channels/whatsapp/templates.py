"""The registry of WhatsApp message templates (messages/whatsapp/templates.toml).

Outside the 24-hour window WhatsApp delivers only templates approved by Meta.
The registry holds, per template, exactly what was submitted: name, language,
category, body with its {{1}}..{{n}} variables, footer and quick-reply buttons,
so the text here and at Meta cannot drift apart unnoticed. `validate` lists
everything Meta would refuse and our own rules (no typed figures; public
templates end with BERHENTI); `template_message` builds the send payload.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.channels.base import Payload
from bot.channels.whatsapp.outbound import addressed
from bot.paths import messages_dir
from bot.render.markup import whatsapp_literal

CATEGORIES = frozenset({"UTILITY", "MARKETING"})
AUDIENCES = frozenset({"public", "staff"})
BODY_LIMIT = 1024
FOOTER_LIMIT = 60
BUTTON_TEXT_LIMIT = 25
MAX_BUTTONS = 3
MAX_PAYLOAD_BYTES = 64  # our button ids (Choice.id) are at most 64 bytes
PARAMETER_LIMIT = 1024
STOP_WORD = "BERHENTI"
# Numbers allowed in template text because they never change (the call centre).
ALLOWED_NUMBERS = frozenset({"175"})

_NAME = re.compile(r"^[a-z0-9_]{1,512}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")
_VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_NUMBER = re.compile(r"\d+")


class TemplateRegistryError(ValueError):
    """The registry file breaks a rule; the message lists every problem."""


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    example: str


@dataclass(frozen=True, slots=True)
class QuickReply:
    text: str
    payload: str  # the bot's button id: a tap arrives as a press of this button


@dataclass(frozen=True, slots=True)
class WhatsAppTemplate:
    key: str  # what the bot calls it, e.g. "bpu_contribution_reminder"
    name: str  # the template's name at Meta
    language: str
    category: str  # UTILITY or MARKETING
    audience: str  # "public" (outreach) or "staff"
    body: str
    parameters: tuple[Parameter, ...] = ()
    footer: str | None = None
    buttons: tuple[QuickReply, ...] = ()

    @property
    def is_marketing(self) -> bool:
        return self.category == "MARKETING"

    def filled(self, values: Sequence[str]) -> str:
        """The body as the recipient reads it, with `values` in place of {{1}}..{{n}}."""
        return _VARIABLE.sub(lambda m: values[int(m.group(1)) - 1], self.body)


def registry_path() -> Path:
    return messages_dir() / "whatsapp" / "templates.toml"


def parameter_problem(value: str) -> str | None:
    """Why Meta would refuse this parameter value, or None."""
    if not value.strip():
        return "empty"
    if "\n" in value or "\t" in value:
        return "contains a new line or tab"
    if "     " in value:
        return "more than 4 consecutive spaces"
    if len(value) > PARAMETER_LIMIT:
        return f"longer than {PARAMETER_LIMIT} characters"
    return None


def _variables_problems(body: str, parameters: Sequence[Parameter]) -> list[str]:
    found = _VARIABLE.findall(body)
    problems: list[str] = []
    if found != [str(n) for n in range(1, len(found) + 1)]:
        problems.append(f"variables must be {{{{1}}}}, {{{{2}}}}, ... in order, each once; found {found}")
    if len(found) != len(parameters):
        problems.append(f"{len(found)} variable(s) in the body but {len(parameters)} parameter(s) listed")
    stripped = body.strip()
    if stripped.startswith("{{") or stripped.endswith("}}"):
        problems.append("the body may not start or end with a variable")
    if re.search(r"\}\}\s*\{\{", body):
        problems.append("two variables side by side")
    return problems


def _numbers_problems(texts: Sequence[str]) -> list[str]:
    typed = {n for text in texts for n in _NUMBER.findall(_VARIABLE.sub("", text))} - ALLOWED_NUMBERS
    return [f"typed figure(s) {sorted(typed)}: pass figures as parameters"] if typed else []


def validate(template: WhatsAppTemplate) -> list[str]:
    """Every rule `template` breaks (empty when it is fine)."""
    problems: list[str] = []
    if not _NAME.match(template.name):
        problems.append(f"name {template.name!r}: lowercase letters, digits and underscores only")
    if not _LANGUAGE.match(template.language):
        problems.append(f"language {template.language!r} is not a WhatsApp language code")
    if template.category not in CATEGORIES:
        problems.append(f"category {template.category!r} not in {sorted(CATEGORIES)}")
    if template.audience not in AUDIENCES:
        problems.append(f"audience {template.audience!r} not in {sorted(AUDIENCES)}")
    if not template.body.strip() or len(template.body) > BODY_LIMIT:
        problems.append(f"body must have 1 to {BODY_LIMIT} characters")
    problems += _variables_problems(template.body, template.parameters)
    for parameter in template.parameters:
        problem = parameter_problem(parameter.example)
        if problem or not parameter.name:
            problems.append(f"parameter {parameter.name!r}: example {problem or 'missing name'}")
    footer = template.footer or ""
    if len(footer) > FOOTER_LIMIT or _VARIABLE.search(footer):
        problems.append(f"footer: at most {FOOTER_LIMIT} characters, no variables")
    if len(template.buttons) > MAX_BUTTONS:
        problems.append(f"at most {MAX_BUTTONS} quick-reply buttons")
    for button in template.buttons:
        if not 0 < len(button.text) <= BUTTON_TEXT_LIMIT:
            problems.append(f"button {button.text!r}: 1 to {BUTTON_TEXT_LIMIT} characters")
        if not 0 < len(button.payload.encode("utf-8")) <= MAX_PAYLOAD_BYTES:
            problems.append(f"button {button.text!r}: payload must be a button id of at most 64 bytes")
    if len({b.text for b in template.buttons}) != len(template.buttons):
        problems.append("button texts must differ")
    problems += _numbers_problems([template.body, footer, *(b.text for b in template.buttons)])
    if template.audience == "public":
        ending = footer or (template.body.strip().splitlines() or [""])[-1]
        if STOP_WORD not in ending:
            problems.append(f"a public template must end with how to stop ({STOP_WORD}) in its footer")
    return problems


def _as_str(raw: Mapping[str, Any], field: str, default: str | None = None) -> str:
    value = raw.get(field, default)
    if not isinstance(value, str):
        raise TemplateRegistryError(f"{field!r} must be text")
    return value


def template_from_toml(key: str, raw: Mapping[str, Any]) -> WhatsAppTemplate:
    return WhatsAppTemplate(
        key=key,
        name=_as_str(raw, "name"),
        language=_as_str(raw, "language"),
        category=_as_str(raw, "category"),
        audience=_as_str(raw, "audience"),
        body=_as_str(raw, "body"),
        parameters=tuple(
            Parameter(name=_as_str(p, "name"), example=_as_str(p, "example")) for p in raw.get("parameters") or ()
        ),
        footer=raw.get("footer") or None,
        buttons=tuple(
            QuickReply(text=_as_str(b, "text"), payload=_as_str(b, "payload")) for b in raw.get("buttons") or ()
        ),
    )


def load_templates(path: Path | None = None) -> dict[str, WhatsAppTemplate]:
    """Every template in the registry, checked; raises `TemplateRegistryError` naming each problem."""
    source = path or registry_path()
    with source.open("rb") as fh:
        raw = tomllib.load(fh)
    templates: dict[str, WhatsAppTemplate] = {}
    problems: list[str] = []
    for key, entry in raw.items():
        try:
            template = template_from_toml(key, entry)
        except (TemplateRegistryError, TypeError, AttributeError) as exc:
            problems.append(f"{key}: {exc}")
            continue
        problems += [f"{key}: {problem}" for problem in validate(template)]
        templates[key] = template
    names = [(t.name, t.language) for t in templates.values()]
    problems += [f"template name {n!r} ({lang}) used twice" for n, lang in set(names) if names.count((n, lang)) > 1]
    if problems:
        raise TemplateRegistryError(f"{source}:\n  " + "\n  ".join(problems))
    return templates


def parameter_values(template: WhatsAppTemplate, values: Mapping[str, str]) -> list[str]:
    """`values` by parameter name -> the ordered list, formatting-safe; ValueError on anything Meta refuses."""
    names = [p.name for p in template.parameters]
    if set(values) != set(names):
        raise ValueError(f"{template.key}: parameters {sorted(values)} given, {names} expected")
    ordered: list[str] = []
    for name in names:
        value = " ".join(str(values[name]).split())  # new lines, tabs and long runs of spaces are refused
        problem = parameter_problem(value)
        if problem is not None:
            raise ValueError(f"{template.key}: parameter {name!r} {problem}")
        ordered.append(whatsapp_literal(value))
    if len(template.filled(ordered)) > BODY_LIMIT:
        raise ValueError(f"{template.key}: the filled-in body is longer than {BODY_LIMIT} characters")
    return ordered


def template_message(address: str, template: WhatsAppTemplate, values: Mapping[str, str]) -> Payload:
    """The send payload for `template` to `address`, its variables filled from `values` (by name)."""
    components: list[Payload] = []
    ordered = parameter_values(template, values)
    if ordered:
        components.append({"type": "body", "parameters": [{"type": "text", "text": v} for v in ordered]})
    for index, button in enumerate(template.buttons):
        components.append(
            {
                "type": "button",
                "sub_type": "quick_reply",
                "index": str(index),
                "parameters": [{"type": "payload", "payload": button.payload}],
            }
        )
    body: Payload = {"name": template.name, "language": {"code": template.language}}
    if components:
        body["components"] = components
    return addressed(address, {"type": "template", "template": body})
