"""Every calculator template key exists and renders (StrictUndefined) with the context the flow sends.

Also: button labels exist and fit WhatsApp (<= 20 chars), markup is only *bold*,
and the core imports none of the edge libraries.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.core.models import Reply
from bot.paths import messages_dir
from bot.render.templates import Renderer
from tests.calculator.buttons import (
    BTN_JHT_NO,
    BTN_JHT_YES,
    BTN_RISK,
    BTN_RISK_UNKNOWN,
    BTN_SCALE,
    BTN_SECTOR_OTHER,
    BTN_SECTOR_TRANSPORT,
    BTN_SEG_BPU,
    BTN_SEG_EMPLOYEE,
    BTN_SEG_EMPLOYER,
)

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "messages" / "id"
FLOW_SOURCES = sorted((ROOT / "bot" / "core" / "flows" / "calculator").glob("*.py"))
LABELS = MESSAGES / "calculator" / "labels.toml"
WHATSAPP_BUTTON_MAX = 20
MESSAGE_MAX = 4096  # Telegram text limit


def env() -> Environment:
    """The plain environment of the brief (no block trimming), with StrictUndefined."""
    return Environment(loader=FileSystemLoader(str(MESSAGES)), undefined=StrictUndefined)


CHANNELS = ("console", "telegram", "whatsapp")


def _source() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in FLOW_SOURCES)


def keys_in_code() -> set[str]:
    return set(re.findall(r'"(calculator/[a-z_]+)"', _source()))


def label_keys_in_code() -> set[str]:
    return set(re.findall(r'"label\.calculator\.([a-z_]+)"', _source()))


def test_every_key_has_a_template_and_every_template_a_key() -> None:
    in_code = keys_in_code()
    assert len(in_code) >= 14
    files = {f"calculator/{p.name.split('.')[0]}" for p in (MESSAGES / "calculator").glob("*.j2")}
    assert in_code == files


async def collect_replies(make_driver: Callable[..., Any]) -> list[Reply]:
    """Drive the flow down every path so that each template is rendered with real context."""
    drivers = []

    d = make_driver(today=date(2026, 1, 1))
    drivers.append(d)
    await d.start()
    await d.say("entah")  # invalid_choice
    await d.press(BTN_SEG_BPU)
    for text in ("", "abc", "0", "-1jt", "5 miliar", "2", "500rb"):  # every money reason; asked back; staff offer
        await d.say(text)
    await d.say("2jt")
    await d.press(BTN_SEG_EMPLOYER)  # stale_button
    await d.press(BTN_SECTOR_TRANSPORT)
    await d.press(BTN_JHT_YES)  # result_bpu with discount and JHT

    d = make_driver(today=date(2027, 6, 1))
    drivers.append(d)
    await d.start()
    await d.press(BTN_SEG_BPU)
    await d.say("1.000.000")
    await d.press(BTN_SECTOR_OTHER)
    await d.press(BTN_JHT_NO)  # result_bpu without discount, without JHT

    d = make_driver()
    drivers.append(d)
    await d.start()
    await d.press(BTN_SEG_EMPLOYER)
    await d.say("12jt")
    await d.press(BTN_RISK_UNKNOWN)
    await d.press(BTN_SCALE["kecil"])
    for text in ("banyak", "0", "999999999"):  # invalid_workers, offer_human
        await d.say(text)
    await d.say("5")  # result_pu, range, several workers, capped

    d = make_driver(today=date(2026, 2, 1))
    drivers.append(d)
    await d.start()
    await d.press(BTN_SEG_EMPLOYEE)
    await d.say("2.500.000")
    await d.press(BTN_RISK["sangat-tinggi"])
    await d.press(BTN_SCALE["mikro"])  # result_pu for an employee, not capped

    d = make_driver(today=date(2010, 1, 1))
    drivers.append(d)
    await d.start()
    await d.press(BTN_SEG_EMPLOYER)
    await d.say("2jt")  # no_parameters

    return [reply for driver in drivers for reply in driver.all_replies]


async def test_every_reply_renders(make_driver: Callable[..., Any]) -> None:
    replies = await collect_replies(make_driver)
    rendered_keys = set()
    plain = env()
    renderer = Renderer(messages_dir())  # the bot's own renderer (block trimming, markup per channel)
    for reply in replies:
        raw = plain.get_template(f"{reply.key}.j2").render(**reply.context)
        assert raw.strip(), reply.key
        assert "**" not in raw and "{{" not in raw and "<" not in raw, reply.key
        assert raw.count("*") % 2 == 0, f"unbalanced *bold* in {reply.key}: {raw}"
        for channel in CHANNELS:
            message = renderer.render(reply, channel)
            assert message.text.strip() and len(message.text) <= MESSAGE_MAX, (reply.key, channel)
            assert "\n\n\n" not in message.text, f"stray blank lines in {reply.key} on {channel}"
            assert all(0 < len(b.label) <= WHATSAPP_BUTTON_MAX for b in message.buttons)
        whatsapp = renderer.render(reply, "whatsapp").text
        assert whatsapp.count("*") % 2 == 0, (reply.key, whatsapp)
        for value in reply.context.values():  # only plain values travel to templates
            assert isinstance(value, str | int | bool | list), (reply.key, value)
        rendered_keys.add(reply.key)
    assert {key for key in rendered_keys if key.startswith("calculator/")} == keys_in_code()
    assert "flow/confirm_amount" in rendered_keys


def test_result_pu_renders_pension_age_row() -> None:
    row = {"program": "JP", "employer": "Rp0", "worker": "Rp0", "total": "Rp0"}
    context = {
        "wage": "Rp3.000.000",
        "risk": "rendah",
        "scale": "besar",
        "scale_assumed": False,
        "workers": 1,
        "employee": True,
        "is_range": False,
        "risk_low": "rendah",
        "risk_high": "rendah",
        "rows": [row | {"status": "tidak_berlaku", "reason": "pu_jp_usia_pensiun"}],
        "employer_total": "Rp0",
        "worker_total": "Rp0",
        "total": "Rp0",
        "all_total": "Rp0",
        "jp_mandatory": True,
        "jp_cap": "Rp11.086.300",
        "jp_capped": False,
        "jp_cap_weak": False,
        "pension_age": 59,
        "day": 1,
        "month": 12,
        "year": 2026,
    }
    text = Renderer(messages_dir()).render_text("calculator/result_pu", context, "console")
    assert env().get_template("calculator/result_pu.j2").render(**context)
    assert "TIDAK BERLAKU" in text and "usia pensiun" in text and "1 Desember 2026" in text


def test_labels_exist_fit_and_are_used() -> None:
    labels = tomllib.loads(LABELS.read_text(encoding="utf-8"))
    used = label_keys_in_code()
    assert used == set(labels), "labels.toml and the code disagree"
    environment = Environment(undefined=StrictUndefined)
    for name, template in labels.items():
        text = environment.from_string(template).render()
        assert 0 < len(text) <= WHATSAPP_BUTTON_MAX, (name, text)


@pytest.mark.parametrize("module", ["bot.core.flows.calculator", "bot.rules.contributions", "bot.rules.money"])
def test_core_imports_no_edge_library(module: str) -> None:
    forbidden = ("telegram", "httpx", "starlette", "aiosqlite", "jinja2", "apscheduler")
    code = f"import sys, {module}; print(','.join(m for m in {forbidden!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""
