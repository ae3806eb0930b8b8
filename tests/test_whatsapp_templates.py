"""The registry of WhatsApp templates (messages/whatsapp/templates.toml): complete, valid, sendable."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.channels.whatsapp.templates import (
    Parameter,
    QuickReply,
    TemplateRegistryError,
    WhatsAppTemplate,
    load_templates,
    template_message,
    validate,
)
from bot.core import choices as menu
from tests.wafake.cloudapi import CloudApi, Template
from tests.wafake.validate import check_message

TEMPLATES = load_templates()
REQUIRED = {
    "bpu_contribution_reminder",
    "registration_follow_up",
    "discount_ending",
    "personal_reminder",
    "info_broadcast",
    "staff_new_lead",
    "staff_lead_waiting",
    "staff_human_request",
    "staff_attention",
}
BUTTON_IDS = {menu.BTN_OPT_OUT, menu.BTN_REGISTER, menu.BTN_CALCULATOR, menu.BTN_MENU, menu.BTN_RESUME}


def examples(template: WhatsAppTemplate) -> dict[str, str]:
    return {p.name: p.example for p in template.parameters}


def test_docs_show_every_template_exactly_as_registered() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "whatsapp.md").read_text(encoding="utf-8")
    for template in TEMPLATES.values():
        assert f"`{template.name}`" in docs
        assert template.body in docs, f"docs/whatsapp.md shows another text for {template.name}"
        assert template.footer is None or template.footer in docs


def test_the_registry_has_every_template_the_outreach_needs() -> None:
    assert set(TEMPLATES) >= REQUIRED
    assert TEMPLATES["staff_new_lead"].category == "UTILITY"
    assert TEMPLATES["staff_human_request"].category == "UTILITY"
    assert len(TEMPLATES["info_broadcast"].parameters) == 1
    assert TEMPLATES["registration_follow_up"].parameters == ()  # no personal data


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_follows_the_rules(key: str) -> None:
    assert validate(TEMPLATES[key]) == []


@pytest.mark.parametrize("key", sorted(k for k, t in TEMPLATES.items() if t.audience == "public"))
def test_public_templates_end_with_how_to_stop_and_offer_a_stop_button(key: str) -> None:
    template = TEMPLATES[key]
    assert template.footer is not None and "BERHENTI" in template.footer
    assert menu.BTN_OPT_OUT in [b.payload for b in template.buttons]


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_quick_replies_press_real_buttons(key: str) -> None:
    assert {b.payload for b in TEMPLATES[key].buttons} <= BUTTON_IDS


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_each_template_sends_through_the_fake_once_approved(key: str) -> None:
    template = TEMPLATES[key]
    api = CloudApi()
    api.approve(
        Template(template.name, template.language, template.category, len(template.parameters), len(template.buttons))
    )
    payload = template_message("6281234567890", template, examples(template))
    assert check_message(payload) is None
    status, body = api.handle(api.business.phone_number_id, f"Bearer {api.access_token}", payload)
    assert status == 200, body
    assert api.sent[-1].button_ids == [b.payload for b in template.buttons]


def test_the_payload_fills_parameters_in_order_and_keeps_them_formatting_safe() -> None:
    template = TEMPLATES["bpu_contribution_reminder"]
    payload = template_message(
        "6281234567890", template, {"batas": "15 Desember 2026", "jumlah": "Rp16.800", "bulan": "Desember\n2026 *x*"}
    )
    [body] = [c for c in payload["template"]["components"] if c["type"] == "body"]
    assert [p["text"] for p in body["parameters"]] == ["Desember 2026 ∗x∗", "Rp16.800", "15 Desember 2026"]
    assert payload["template"]["language"] == {"code": "id"}
    assert payload["template"]["name"] == template.name


def test_a_business_scoped_user_id_is_addressed_as_recipient() -> None:
    payload = template_message("ID.1502576394655843", TEMPLATES["registration_follow_up"], {})
    assert payload["recipient"] == "ID.1502576394655843" and "to" not in payload


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "expected"),
        ({"isi": "a", "lain": "b"}, "expected"),
        ({"isi": "   "}, "empty"),
        ({"isi": "x" * 1100}, "longer"),
    ],
)
def test_wrong_parameters_fail_before_sending(values: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        template_message("6281234567890", TEMPLATES["info_broadcast"], values)


def _template(**changes: object) -> WhatsAppTemplate:
    base = WhatsAppTemplate(
        key="t",
        name="bpjstk_contoh",
        language="id",
        category="MARKETING",
        audience="public",
        body="Halo Bapak/Ibu, iuran bulan {{1}} sebesar {{2}}. Balas pesan ini.",
        parameters=(Parameter("bulan", "Desember 2026"), Parameter("jumlah", "Rp16.800")),
        footer="Ketik BERHENTI bila tidak ingin menerima pesan lagi.",
        buttons=(QuickReply("Berhenti", menu.BTN_OPT_OUT),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"name": "Bpjstk Contoh"}, "name"),
        ({"language": "indonesian"}, "language"),
        ({"category": "AUTHENTICATION"}, "category"),
        ({"audience": "everyone"}, "audience"),
        ({"body": "{{1}} dan {{2}} bulan ini"}, "start or end"),
        ({"body": "Iuran bulan {{1}} {{2}} ya"}, "side by side"),
        ({"body": "Iuran bulan {{2}} sebesar {{1}} ya"}, "in order"),
        ({"body": "Iuran bulan {{1}} ya"}, "parameter(s) listed"),
        ({"body": "Iuran {{1}} sebesar {{2}}, potongan 50% sampai 2026."}, "typed figure"),
        ({"body": "x" * 1100 + " {{1}} {{2}} x"}, "1024"),
        ({"footer": "Ketik STOP untuk berhenti"}, "BERHENTI"),
        ({"footer": None}, "BERHENTI"),
        ({"footer": "x" * 61 + " BERHENTI"}, "footer"),
        ({"buttons": (QuickReply("Berhenti menerima pesan ini", menu.BTN_OPT_OUT),)}, "1 to 25"),
        (
            {"buttons": (QuickReply("A", "a"), QuickReply("B", "b"), QuickReply("C", "c"), QuickReply("D", "d"))},
            "at most 3",
        ),
        ({"buttons": (QuickReply("Sama", "a"), QuickReply("Sama", "b"))}, "differ"),
        ({"parameters": (Parameter("bulan", "Desember\n2026"), Parameter("jumlah", "Rp16.800"))}, "new line"),
    ],
)
def test_validation_names_each_broken_rule(changes: dict[str, object], problem: str) -> None:
    problems = validate(_template(**changes))
    assert any(problem in p for p in problems), problems


def test_the_call_centre_number_may_be_typed() -> None:
    assert validate(_template(body="Halo {{1}} dan {{2}}, atau telepon 175 ya.")) == []


def test_staff_templates_need_no_stop_word() -> None:
    assert validate(_template(audience="staff", category="UTILITY", footer=None, buttons=())) == []


def test_a_broken_registry_file_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "templates.toml"
    path.write_text(
        '[a]\nname = "Bad Name"\nlanguage = "id"\ncategory = "UTILITY"\naudience = "staff"\nbody = "Halo {{1}}"\n'
        '[b]\nname = "b"\nlanguage = "id"\ncategory = "UTILITY"\naudience = "staff"\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateRegistryError) as raised:
        load_templates(path)
    text = str(raised.value)
    assert "a: name" in text and "a: the body may not" in text and "b: 'body'" in text
