"""Every message key the code uses exists, every template is used, and all render."""

from __future__ import annotations

import ast
import re
import tomllib
from itertools import pairwise
from pathlib import Path

import pytest
from jinja2 import meta

from bot.faq.knowledge import load_knowledge
from bot.paths import messages_dir
from bot.render.templates import Renderer, load_labels

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = messages_dir() / "id"
SAMPLES = tomllib.loads((ROOT / "tests" / "data" / "template_samples.toml").read_text(encoding="utf-8"))
CHANNELS = ("console", "telegram", "whatsapp")
# WhatsApp reply buttons allow 20 characters per title.
MAX_LABEL_CHARS = 20


def string_literals() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def partials() -> list[Path]:
    """Files of shared macros (`_names.j2`): imported by templates, never sent on their own."""
    return sorted(TEMPLATES.rglob("_*.j2"))


def template_keys() -> set[str]:
    """'area/name' for every messages/id/area/name[.channel].j2 file (partials aside)."""
    keys = set()
    for path in TEMPLATES.rglob("*.j2"):
        if path.name.startswith("_"):
            continue
        name = path.name.removesuffix(".j2")
        for channel in CHANNELS:
            name = name.removesuffix(f".{channel}")
        keys.add(f"{path.parent.relative_to(TEMPLATES).as_posix()}/{name}")
    return keys


def code_keys() -> set[str]:
    areas = {p.name for p in TEMPLATES.iterdir() if p.is_dir()}
    return {s for s in string_literals() if "/" in s and s.split("/")[0] in areas and " " not in s}


def code_label_keys() -> set[str]:
    return {s for s in string_literals() if s.startswith("label.") and s.count(".") == 2}


def test_every_key_used_in_code_has_a_template() -> None:
    assert code_keys() - template_keys() == set()


def test_every_template_is_used_by_the_code() -> None:
    assert template_keys() - code_keys() == set()


def test_every_label_used_exists_and_every_label_is_used() -> None:
    labels = set(load_labels(messages_dir()))
    assert code_label_keys() - labels == set()
    assert labels - code_label_keys() == set()


# Areas whose every template is rendered, with real context, by a transcript test of their own
# (tests/registration/test_templates.py walks all three roles and checks it reached every key).
RENDERED_BY_TRANSCRIPT = {"registration"}


@pytest.mark.parametrize("key", sorted(template_keys()))
def test_template_renders_on_every_channel(key: str) -> None:
    renderer = Renderer(messages_dir())
    source = renderer.env.loader.get_source(renderer.env, f"{key}.j2")[0]  # type: ignore[union-attr]
    needed = meta.find_undeclared_variables(renderer.env.parse(source))
    context = SAMPLES.get(key, {})
    if key.split("/")[0] in RENDERED_BY_TRANSCRIPT and not needed <= set(context):
        pytest.skip("rendered with real context by its area's transcript test")
    assert needed <= set(context), f"add sample context for {key} to tests/data/template_samples.toml"
    for channel in CHANNELS:
        text = renderer.render_text(key, context, channel)
        assert text.strip(), f"{key} renders empty on {channel}"
        assert len(text) <= 4096


def test_every_partial_is_imported_by_a_template() -> None:
    sources = "\n".join(path.read_text(encoding="utf-8") for path in TEMPLATES.rglob("*.j2"))
    unused = [p.name for p in partials() if f'"{p.parent.name}/{p.name}"' not in sources]
    assert unused == []


def test_labels_fit_whatsapp_buttons() -> None:
    renderer = Renderer(messages_dir())
    too_long = {}
    for key in renderer.label_keys:
        text = renderer.render_label(key, SAMPLES.get(key, {"title": "x" * 10}), "whatsapp")
        if len(text) > MAX_LABEL_CHARS:
            too_long[key] = text
    assert too_long == {}


def test_user_values_are_escaped_on_telegram_and_never_become_bold() -> None:
    renderer = Renderer(messages_dir(), extra_templates={"t/echo.j2": "Halo *{{ name }}*"})
    text = renderer.render_text("t/echo", {"name": "<b>*Bu Sri*</b> & co"}, "telegram")
    assert text == "Halo <b>&lt;b&gt;*Bu Sri*&lt;/b&gt; &amp; co</b>"
    assert renderer.render_text("t/echo", {"name": "*x*"}, "console") == "Halo *x*"


# With trim_blocks, the line break right after a block tag is dropped: "HP: {% if .. %}..{% endif %}"
# followed by "Wilayah: .." renders as one line. Such a line must end in "+%}" (keep the break) or
# be followed by a blank line. Macro definitions print nothing, so they may run on.
_LINE_ENDS_IN_BLOCK_TAG = re.compile(r"\{%-?(?![^%]*macro)[^%]*[^+]%\}\s*$")
_ONLY_TAGS = re.compile(r"\s*(?:\{%[^%]*%\}\s*)+")


def swallowed_line_breaks(source: str) -> list[str]:
    lines = source.split("\n")
    return [
        line
        for line, following in pairwise(lines)
        if _LINE_ENDS_IN_BLOCK_TAG.search(line) and not _ONLY_TAGS.fullmatch(line) and following.strip()
    ]


def all_template_sources() -> dict[str, str]:
    sources = {str(p.relative_to(TEMPLATES)): p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*.j2")}
    sources.update(load_knowledge(messages_dir() / "faq").answer_templates())
    return sources


def test_no_template_glues_a_line_to_the_next() -> None:
    glued = {name: lines for name, source in all_template_sources().items() if (lines := swallowed_line_breaks(source))}
    assert glued == {}


def test_the_glue_check_finds_a_swallowed_line_break() -> None:
    assert swallowed_line_breaks("HP: {% if a %}x{% else %}y{% endif %}\nWilayah: z") != []
    assert swallowed_line_breaks("HP: {% if a %}x{% else %}y{% endif +%}\nWilayah: z") == []
    assert swallowed_line_breaks("{% if a %}\nWilayah: z") == []


def test_the_staff_lead_notice_puts_each_field_on_its_own_line_in_indonesian() -> None:
    context = {
        "updated": False,
        "employer_lead": False,
        "reference": "P-7",
        "name": "Sri",
        "nik_masked": "3504********0002",
        "phone": "081234567890",
        "area": "tulungagung",
        "area_other": "",
        "kecamatan": "Ngunut",
        "role": "employee",
        "employer_name": "Toko Makmur",
        "employer_registered": "no",
        "contact_time": "any",
        "source": "",
    }
    text = Renderer(messages_dir()).render_text("registration/staff_new_lead", context, "console")
    assert "HP: 081234567890\n" in text
    assert "\nWilayah: Tulungagung, Kec. Ngunut" in text
    assert "didaftarkan: belum" in text
