"""WhatsApp webhook bodies -> Inbound and status reports, for every message type Meta sends."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.channels.base import Failure, SendOutcome
from bot.channels.whatsapp.events import message_ids, parse_event
from bot.core.models import Inbound
from bot.core.outreach.delivery import DeliveryStatus
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
SITI = events.Person("6281234567890", name="Siti")
BUSINESS = events.Business()


def one(content: events.Json, person: events.Person = SITI) -> Inbound:
    api = CloudApi(clock=lambda: NOW.timestamp())
    parsed = parse_event(api.inbound_body(person, content), NOW, BUSINESS.phone_number_id)
    [received] = parsed.messages
    assert received.reply_to == received.inbound.address
    return received.inbound


def nothing(content: events.Json) -> None:
    api = CloudApi(clock=lambda: NOW.timestamp())
    assert parse_event(api.inbound_body(SITI, content), NOW).messages == ()


def test_text() -> None:
    inbound = one(events.text("berapa iuran BPU?"))
    assert inbound.channel == "whatsapp"
    assert inbound.address == "6281234567890"
    assert inbound.text == "berapa iuran BPU?"
    assert inbound.button is None and inbound.unsupported is None
    assert inbound.display_name == "Siti"
    assert inbound.external_id is not None and inbound.external_id.startswith("wamid.")
    assert inbound.received_at == NOW


def test_each_message_is_marked_read() -> None:
    api = CloudApi()
    parsed = parse_event(api.inbound_body(SITI, events.text("halo")), NOW)
    [received] = parsed.messages
    assert received.acknowledgements == (
        {"messaging_product": "whatsapp", "status": "read", "message_id": received.inbound.external_id},
    )


def test_reply_button_press_is_our_button_id() -> None:
    inbound = one(events.button_reply("menu:iuran", "Hitung iuran", "wamid.OUT1"))
    assert inbound.button == "menu:iuran"
    assert inbound.text is None


def test_list_row_press_is_our_button_id() -> None:
    assert one(events.list_reply("reg:area:tulungagung", "Tulungagung")).button == "reg:area:tulungagung"


def test_template_quick_reply_is_its_payload_or_else_its_text() -> None:
    assert one(events.template_button("kw:berhenti", "Berhenti")).button == "kw:berhenti"
    inbound = one({"type": "button", "button": {"text": "Berhenti"}})
    assert inbound.button is None and inbound.text == "Berhenti"


def test_own_contact_card_is_a_shared_phone() -> None:
    inbound = one(events.contact_card("Siti", "+62 812-3456-7890", "6281234567890"))
    assert inbound.shared_phone == "+62 812-3456-7890"
    assert inbound.text is None


def test_own_card_recognised_by_its_digits_when_wa_id_is_missing() -> None:
    assert one(events.contact_card("Siti", "+62 812-3456-7890", None)).shared_phone == "+62 812-3456-7890"


def test_someone_elses_card_is_read_as_a_typed_number() -> None:
    inbound = one(events.contact_card("Budi", "+62 857-1111-2222", "6285711112222"))
    assert inbound.shared_phone is None
    assert inbound.text == "+62 857-1111-2222"


def test_a_card_without_numbers_is_unsupported() -> None:
    content = {"type": "contacts", "contacts": [{"name": {"formatted_name": "Budi"}}]}
    assert one(content).unsupported == "contacts"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("image", "image"),
        ("video", "video"),
        ("document", "document"),
        ("voice", "voice"),
        ("audio", "audio"),
        ("sticker", "sticker"),
        ("location", "location"),
        ("unsupported", "unsupported"),
    ],
)
def test_media_is_unsupported_with_its_kind(kind: str, expected: str) -> None:
    inbound = one(events.media(kind))
    assert inbound.unsupported == expected
    assert inbound.text is None and inbound.button is None


@pytest.mark.parametrize("kind", ["image", "video", "document"])
def test_a_caption_is_read_as_text(kind: str) -> None:
    inbound = one(events.media(kind, caption="daftar"))
    assert inbound.text == "daftar"
    assert inbound.unsupported is None


def test_an_unknown_message_type_is_unsupported() -> None:
    assert one({"type": "order", "order": {"catalog_id": "1"}}).unsupported == "order"


def test_flow_replies_are_unsupported() -> None:
    content = {"type": "interactive", "interactive": {"type": "nfm_reply", "nfm_reply": {"response_json": "{}"}}}
    assert one(content).unsupported == "interactive:nfm_reply"


@pytest.mark.parametrize(
    "content",
    [
        events.media("reaction"),
        {"type": "system", "system": {"body": "User changed number", "type": "user_changed_number"}},
        {"type": "request_welcome"},
        {**events.text("halo semua"), "group_id": "120363000000000000"},
    ],
)
def test_reactions_system_notices_welcome_requests_and_groups_are_not_answered(content: events.Json) -> None:
    nothing(content)


def test_wa_id_with_a_business_scoped_user_id_keeps_both() -> None:
    inbound = one(events.text("halo"), events.Person("6281234567890", bsuid="ID.1502576394655843"))
    assert inbound.address == "6281234567890"
    assert inbound.aliases == ("ID.1502576394655843",)


def test_a_user_without_a_phone_number_is_addressed_by_the_business_scoped_user_id() -> None:
    inbound = one(events.text("halo"), events.Person(None, bsuid="ID.1502576394655843", name="bob"))
    assert inbound.address == "ID.1502576394655843"
    assert inbound.aliases == ()
    assert inbound.display_name == "bob"


def test_sender_found_in_contacts_when_the_message_lacks_from() -> None:
    raw = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "contacts": [{"profile": {"name": "Siti"}, "user_id": "ID.77"}],
                            "messages": [{"id": "wamid.A", "timestamp": "1", "type": "text", "text": {"body": "x"}}],
                        },
                    }
                ]
            }
        ],
    }
    [received] = parse_event(json.dumps(raw).encode(), NOW).messages
    assert received.inbound.address == "ID.77"


def test_a_message_without_sender_or_id_is_skipped() -> None:
    value = {"messages": [{"type": "text", "text": {"body": "x"}, "timestamp": "1"}]}
    raw = json.dumps(events.envelope(BUSINESS, value)).encode()
    assert parse_event(raw, NOW).messages == ()


def test_a_redelivery_carries_the_same_external_id() -> None:
    api = CloudApi()
    raw = api.inbound_body(SITI, events.text("halo"))
    first = parse_event(raw, NOW).messages[0].inbound
    again = parse_event(raw, NOW).messages[0].inbound
    assert first.external_id == again.external_id
    assert message_ids(raw) == [first.external_id]


def test_a_bad_timestamp_falls_back_to_now() -> None:
    value = {
        "contacts": [SITI.contact()],
        "messages": [{"from": SITI.wa_id, "id": "wamid.B", "timestamp": "soon", "type": "text", "text": {"body": "x"}}],
    }
    [received] = parse_event(json.dumps(events.envelope(BUSINESS, value)).encode(), NOW).messages
    assert received.inbound.received_at == NOW


def test_events_for_another_phone_number_are_skipped() -> None:
    api = CloudApi(business=events.Business(phone_number_id="999"))
    raw = api.inbound_body(SITI, events.text("halo"))
    assert parse_event(raw, NOW, phone_number_id=BUSINESS.phone_number_id).messages == ()
    assert len(parse_event(raw, NOW, phone_number_id="999").messages) == 1


def test_other_webhook_fields_are_skipped() -> None:
    raw = {
        "object": "whatsapp_business_account",
        "entry": [{"changes": [{"field": "message_template_status_update", "value": {"event": "APPROVED"}}]}],
    }
    parsed = parse_event(json.dumps(raw).encode(), NOW)
    assert parsed.messages == () and parsed.statuses == ()


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"object": "page", "entry": []}', b"\xff\xfe"])
def test_anything_but_a_whatsapp_event_is_a_value_error(raw: bytes) -> None:
    with pytest.raises(ValueError):
        parse_event(raw, NOW)


def test_account_level_errors_are_logged_not_returned(caplog: pytest.LogCaptureFixture) -> None:
    value = {"errors": [{"code": 131000, "title": "Something went wrong"}]}
    parsed = parse_event(json.dumps(events.envelope(BUSINESS, value)).encode(), NOW)
    assert parsed.messages == () and parsed.statuses == ()
    assert "131000" in caplog.text


@pytest.mark.parametrize("state", ["sent", "delivered", "read"])
def test_status_reports(state: str) -> None:
    raw = json.dumps(events.status(BUSINESS, "wamid.OUT1", state, 1_790_000_000, wa_id="6281234567890")).encode()
    [update] = parse_event(raw, NOW).statuses
    assert update.provider_message_id == "wamid.OUT1"
    assert update.status == DeliveryStatus(state)
    assert update.recipient == "6281234567890"
    assert update.at == datetime.fromtimestamp(1_790_000_000, UTC)
    assert update.failure is None


def test_a_failed_status_is_classified() -> None:
    error = {"code": 131047, "title": "Re-engagement message", "error_data": {"details": "more than 24 hours"}}
    raw = json.dumps(events.status(BUSINESS, "wamid.OUT2", "failed", 1, wa_id="6281", errors=[error])).encode()
    [update] = parse_event(raw, NOW).statuses
    assert update.status is DeliveryStatus.FAILED
    assert update.failure is not None
    assert update.failure.outcome is SendOutcome.WINDOW_CLOSED
    assert update.failure.failure is Failure.WINDOW_CLOSED
    assert update.failure.error_code == "131047"


def test_a_failed_status_without_errors_is_an_unknown_failure() -> None:
    raw = json.dumps(events.status(BUSINESS, "wamid.OUT3", "failed", 1, wa_id="6281")).encode()
    [update] = parse_event(raw, NOW).statuses
    assert update.failure is not None and update.failure.failure is Failure.UNKNOWN


def test_statuses_to_a_business_scoped_user_id_name_it() -> None:
    raw = json.dumps(events.status(BUSINESS, "wamid.OUT4", "read", 1, wa_id=None, bsuid="ID.9")).encode()
    assert parse_event(raw, NOW).statuses[0].recipient == "ID.9"


def test_untracked_statuses_are_skipped() -> None:
    raw = json.dumps(events.status(BUSINESS, "wamid.OUT5", "played", 1, wa_id="6281")).encode()
    assert parse_event(raw, NOW).statuses == ()
