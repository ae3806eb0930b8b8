"""Every reply the bot can produce, rendered for WhatsApp, passes the Cloud API fake's payload checks.

Buttons: 1-3 choices -> reply buttons, 4-10 -> a list, more -> numbered text. Bodies over 1024
characters go first as text; text over 4096 is split with *bold* kept balanced; user-typed markup
never formats; every payload is JSON and reaches the right recipient field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.base import Payload
from bot.channels.whatsapp.channel import WhatsAppChannel
from bot.channels.whatsapp.outbound import (
    INTERACTIVE_BODY_LIMIT,
    TEXT_LIMIT,
    fit,
    message_payloads,
    split_for_interactive,
    split_text,
)
from bot.core.models import Choice, Reply
from bot.faq.service import build_faq_service
from bot.paths import messages_dir
from bot.render.markup import WHATSAPP_LOOKALIKES
from bot.render.split import open_markers, utf16_len
from bot.render.templates import RenderedButton, RenderedMessage, Renderer
from tests.conftest import Harness
from tests.test_templates import RENDERED_BY_TRANSCRIPT, SAMPLES, template_keys
from tests.wafake.validate import check_message

ADDRESS = "6281234567890"
RENDERER = Renderer(messages_dir())
LABEL_KEYS = sorted(RENDERER.label_keys - {"label.faq.entry"})


def channel(renderer: Renderer = RENDERER) -> WhatsAppChannel:
    return WhatsAppChannel(renderer)


def choices(count: int) -> tuple[Choice, ...]:
    keys = (LABEL_KEYS * (count // len(LABEL_KEYS) + 1))[:count]
    return tuple(Choice(f"c:{i}", key) for i, key in enumerate(keys))


def assert_valid(payloads: Sequence[Payload]) -> None:
    assert payloads, "nothing to send"
    for payload in payloads:
        assert json.loads(json.dumps(payload)) == payload, "payloads must be JSON"
        assert check_message(payload) is None, (check_message(payload), payload)


def interactive_type(payload: Payload) -> str | None:
    return payload["interactive"]["type"] if payload["type"] == "interactive" else None


def renderable_keys() -> list[str]:
    keys = []
    for key in sorted(template_keys()):
        if key.split("/")[0] in RENDERED_BY_TRANSCRIPT and key not in SAMPLES:
            continue  # rendered from a real conversation below
        keys.append(key)
    return keys


@pytest.mark.parametrize("key", renderable_keys())
@pytest.mark.parametrize("count", [0, 1, 3, 4, 10, 12])
def test_every_template_sample_makes_valid_payloads(key: str, count: int) -> None:
    payloads = channel().render(ADDRESS, [Reply(key, SAMPLES.get(key, {}), choices=choices(count))])
    assert_valid(payloads)
    kinds = [interactive_type(p) for p in payloads]
    expected = {0: None, 1: "button", 3: "button", 4: "list", 10: "list", 12: None}[count]
    assert kinds[-1] == expected
    assert all(kind is None for kind in kinds[:-1]), "only the last payload carries the choices"
    if count == 12:
        assert "12. " in payloads[-1]["text"]["body"]


def test_every_faq_answer_makes_valid_payloads() -> None:
    service = build_faq_service()
    renderer = Renderer(messages_dir(), extra_templates=service.answer_templates())
    for entry in service.knowledge.entries:
        replies = service.answer_entry(entry.id, date(2026, 11, 23))
        assert replies is not None
        assert_valid(channel(renderer).render(ADDRESS, replies))
    assert_valid(channel(renderer).render(ADDRESS, [service.unknown_reply()]))


async def test_every_registration_reply_makes_valid_payloads(harness: Harness) -> None:
    """Walks the registration transcript of tests/registration (all three roles, every template)."""
    from tests.registration.test_templates import test_every_template_renders_on_every_channel as walk

    seen: list[Reply] = []
    real = harness.app.renderer

    class Recording(Renderer):
        def __init__(self) -> None:
            self.__dict__.update(real.__dict__)

        def render(self, reply: Reply, channel: str) -> RenderedMessage:
            if channel == "whatsapp":
                seen.append(reply)
            return real.render(reply, channel)

    harness.app.renderer = Recording()
    await walk(harness)
    assert {r.key for r in seen} >= {"registration/ask_phone", "registration/summary", "registration/done"}
    for reply in seen:
        assert_valid(channel(real).render(ADDRESS, [reply]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab *_~`\n👋é")), max_size=60), min_size=1, max_size=200))
def test_any_text_with_any_number_of_buttons_is_valid(chunks: list[str]) -> None:
    text = "".join(chunks).strip() or "x"
    for count in (0, 2, 5):
        buttons = tuple(RenderedButton(f"b{i}", f"Pilihan {i}") for i in range(count))
        assert_valid(message_payloads(ADDRESS, RenderedMessage(text, buttons), list_button="Lihat pilihan"))


def test_a_long_body_goes_first_as_text_then_the_question_with_its_buttons() -> None:
    paragraphs = [f"Paragraf {i}: " + "iuran BPJS Ketenagakerjaan " * 12 for i in range(6)]
    text = "\n\n".join([*paragraphs, "*Mau mendaftar sekarang?*"])
    assert utf16_len(text) > INTERACTIVE_BODY_LIMIT
    buttons = (RenderedButton("ya", "Ya"), RenderedButton("tidak", "Tidak"))
    payloads = message_payloads(ADDRESS, RenderedMessage(text, buttons), list_button="Lihat pilihan")
    assert_valid(payloads)
    *leads, last = payloads
    assert [p["type"] for p in leads] == ["text"] * len(leads) and leads
    body = last["interactive"]["body"]["text"]
    assert body.endswith("*Mau mendaftar sekarang?*")
    assert body.startswith("Paragraf"), "the interactive part starts at a paragraph"
    joined = "\n\n".join([*(p["text"]["body"] for p in leads), body])
    assert joined == text


def test_a_single_huge_line_with_buttons_is_cut_between_words() -> None:
    text = "*" + " ".join(["kata"] * 600) + "*"
    lead, body = split_for_interactive(text)
    assert utf16_len(body) <= INTERACTIVE_BODY_LIMIT
    assert lead and body
    assert open_markers(body, "*") == [] and open_markers(lead, "*") == []


def test_text_over_4096_is_split_at_lines_with_bold_balanced() -> None:
    line = "*Program JKK*: " + "perlindungan kecelakaan kerja " * 5
    text = "\n".join([line] * 80)
    parts = split_text(text)
    assert len(parts) > 1
    assert all(utf16_len(p) <= TEXT_LIMIT for p in parts)
    assert all(open_markers(p, "*_~") == [] for p in parts)
    assert "\n".join(parts) == text


words = st.text(alphabet=st.sampled_from(list("abc xyz*_~\n👋é")), min_size=0, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=60), st.integers(min_value=40, max_value=400))
def test_splitting_keeps_every_part_in_bounds_and_loses_no_words(chunks: list[str], limit: int) -> None:
    # As rendered for WhatsApp: markup characters come in pairs within a line.
    plain = [re.sub(r"[*_~]", "", c) for c in chunks]
    text = "\n".join(f"*{c.replace(chr(10), ' ')}*" if c.strip() and i % 3 == 0 else c for i, c in enumerate(plain))
    parts = split_text(text, limit)
    assert all(utf16_len(p) <= limit for p in parts)
    assert all(open_markers(p, "*_~") == [] for p in parts)
    visible = re.sub(r"[\s*_~]", "", text)
    assert re.sub(r"[\s*_~]", "", "".join(parts)) == visible
    lead, body = split_for_interactive(text, limit)
    assert utf16_len(body) <= limit
    assert re.sub(r"[\s*_~]", "", lead + body) == re.sub(r"[\s*_~]", "", text.strip("\n"))


def test_user_typed_markup_never_formats_on_whatsapp() -> None:
    renderer = Renderer(messages_dir(), extra_templates={"t/echo.j2": "Halo *{{ name }}*, usaha {{ business }}"})
    [payload] = WhatsAppChannel(renderer).render(
        ADDRESS, [Reply("t/echo", {"name": "*Bu_Sri*", "business": "~Toko~ `Maju`"})]
    )
    body = payload["text"]["body"]
    assert body == "Halo *∗BuˍSri∗*, usaha ∼Toko∼ ˋMajuˋ"
    assert set(WHATSAPP_LOOKALIKES.values()) <= set(body)
    assert renderer.render_text("t/echo", {"name": "*x*", "business": "_y_"}, "telegram") == (
        "Halo <b>*x*</b>, usaha _y_"
    )


def test_a_business_scoped_user_id_goes_in_recipient() -> None:
    [payload] = channel().render("ID.1502576394655843", [Reply("core/empty")])
    assert payload["recipient"] == "ID.1502576394655843" and "to" not in payload
    [payload] = channel().render(ADDRESS, [Reply("core/empty")])
    assert payload["to"] == ADDRESS and "recipient" not in payload


def test_titles_are_fitted_and_made_unique() -> None:
    assert fit("Pendaftaran peserta mandiri", 20) == "Pendaftaran peserta…"
    assert len(fit("Pendaftaran peserta mandiri", 20)) == 20
    message = RenderedMessage("Pilih", (RenderedButton("a", "Sama"), RenderedButton("b", "Sama")))
    [payload] = message_payloads(ADDRESS, message, list_button="Lihat pilihan")
    titles = [b["reply"]["title"] for b in payload["interactive"]["action"]["buttons"]]
    assert titles == ["Sama", "Sama (2)"]
    assert_valid([payload])


def test_the_list_button_label_comes_from_messages() -> None:
    [payload] = channel().render(ADDRESS, [Reply("core/menu", choices=choices(5))])
    assert payload["interactive"]["action"]["button"] == "Lihat pilihan"


def test_a_reply_that_cannot_render_becomes_the_error_message() -> None:
    [payload] = channel().render(ADDRESS, [Reply("core/staff_human_request", {})])  # missing context
    assert interactive_type(payload) == "list"
    error_text = RENDERER.render_text("core/error", {}, "whatsapp")
    assert payload["interactive"]["body"]["text"] == error_text


def test_phone_question_explains_contact_cards_on_whatsapp() -> None:
    whatsapp = RENDERER.render_text("registration/ask_phone", {}, "whatsapp")
    assert "Kontak" in whatsapp and "Telegram" not in whatsapp
    [payload] = channel().render(ADDRESS, [Reply("registration/ask_phone", request_contact=True)])
    assert payload["type"] == "text"


def test_empty_text_sends_nothing() -> None:
    assert message_payloads(ADDRESS, RenderedMessage("  "), list_button="x") == []


def test_every_label_in_messages_is_a_whole_reply_button_title() -> None:
    """Each labels.toml entry (and each FAQ title behind label.faq.entry) fits a reply button uncut."""
    # A label with a value in it (a lead's reference) is tried with the longest such value.
    sample = {"reference": "BLT-2026-000123", "id": 12345}
    labels = [RENDERER.render_label(key, sample, "whatsapp") for key in LABEL_KEYS]
    labels += [entry.title for entry in build_faq_service().knowledge.entries]
    for label in labels:
        payload = message_payloads(ADDRESS, RenderedMessage("Pilih", (RenderedButton("x", label),)), list_button="L")
        assert_valid(payload)
        assert payload[0]["interactive"]["action"]["buttons"][0]["reply"]["title"] == label, "cut to fit"
