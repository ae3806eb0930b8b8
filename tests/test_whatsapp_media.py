"""WhatsApp replies with a file: the stored payloads (JSON, the file in base64), and the client
uploading then sending them to the Cloud API fake, with every way an upload can fail."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.channels.base import Failure, Payload, SendOutcome
from bot.channels.whatsapp.client import WhatsAppClient
from bot.channels.whatsapp.media import CAPTION_LIMIT, UPLOAD_KEY, attachment_payloads, take_upload
from bot.config import Secret
from bot.core.models import Attachment
from bot.render.templates import RenderedButton, RenderedMessage
from tests.wafake import events
from tests.wafake.cloudapi import CloudApi
from tests.wafake.server import API_VERSION, build_app
from tests.wafake.validate import ApiError, check_message

SITI = events.Person("6281234567890")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SHEET = b"PK\x03\x04 NIK 3572011708850001"  # stands in for an export: personal data inside
EXPORT = Attachment("document", "bpjstk-leads-2026-11-23.xlsx", SHEET, XLSX)
CHART = Attachment("image", "bpjstk-stats-2026-11-23.png", PNG, "image/png")


def payloads(text: str, attachment: Attachment, buttons: tuple[RenderedButton, ...] = ()) -> list[Payload]:
    message = RenderedMessage(text=text, buttons=buttons, attachment=attachment)
    return attachment_payloads(SITI.address, message, list_button="Lihat pilihan")


def as_sent(payload: Payload) -> Payload:
    """The payload as the Cloud API receives it (an uploaded id in place of the file)."""
    message, upload = take_upload(payload)
    if upload is None:
        return message
    return {**message, message["type"]: {"id": "1", **message[message["type"]]}}


def test_a_short_text_is_the_documents_caption() -> None:
    (payload,) = payloads("📄 2 pendaftar, format Excel.", EXPORT)
    assert json.loads(json.dumps(payload)) == payload  # storable in an outbox row
    assert payload["type"] == "document" and payload["to"] == SITI.address
    assert payload["document"] == {"filename": EXPORT.filename, "caption": "📄 2 pendaftar, format Excel."}
    upload = payload[UPLOAD_KEY]
    assert upload["media_type"] == XLSX and base64.b64decode(upload["base64"]) == SHEET
    assert check_message(as_sent(payload)) is None


def test_a_chart_is_an_image_without_a_filename() -> None:
    (payload,) = payloads("*Angka*", CHART)
    assert payload["type"] == "image" and payload["image"] == {"caption": "*Angka*"}
    assert payload[UPLOAD_KEY]["media_type"] == "image/png"


def test_a_csv_is_uploaded_as_plain_text_under_its_own_name() -> None:
    csv = Attachment("document", "bpjstk-leads.csv", "\ufeffreference\n".encode(), "text/csv")
    (payload,) = payloads("CSV", csv)
    assert payload[UPLOAD_KEY]["media_type"] == "text/plain"  # Meta's document types have no text/csv
    assert payload["document"]["filename"] == "bpjstk-leads.csv"


def test_a_caption_of_exactly_the_limit_stays_one_message() -> None:
    (payload,) = payloads("x" * CAPTION_LIMIT, CHART)
    assert payload["image"]["caption"] == "x" * CAPTION_LIMIT


def test_a_long_text_goes_first_and_the_file_follows_without_a_caption() -> None:
    text = "\n".join(f"baris {n} " + "x" * 60 for n in range(80))  # about 5,500 characters
    sent = payloads(text, EXPORT)
    assert [p["type"] for p in sent] == ["text", "text", "document"]
    assert "caption" not in sent[-1]["document"] and sent[-1]["document"]["filename"] == EXPORT.filename
    assert "\n".join(p["text"]["body"] for p in sent[:-1]) == text
    assert all(check_message(as_sent(p)) is None for p in sent)


def test_buttons_come_after_the_file_with_the_text() -> None:
    sent = payloads("Terlampir.", CHART, (RenderedButton("st:menu", "Menu petugas"),))
    assert [p["type"] for p in sent] == ["image", "interactive"]
    assert "caption" not in sent[0]["image"]
    assert sent[1]["interactive"]["body"]["text"] == "Terlampir."
    assert all(check_message(as_sent(p)) is None for p in sent)


# --- the client against the fake ---------------------------------------------------------------


@pytest.fixture
def api() -> CloudApi:
    api = CloudApi()
    api.inbound_body(SITI, events.text("/ekspor"))  # she just wrote: her window is open
    return api


def client_for(api: CloudApi, token: str | None = None) -> WhatsAppClient:
    return WhatsAppClient(
        base_url=f"http://graph.test/{API_VERSION}",
        phone_number_id=api.business.phone_number_id,
        access_token=Secret(token or api.access_token),
        http=httpx.AsyncClient(transport=httpx.ASGITransport(app=build_app(api))),
    )


@pytest.fixture
async def client(api: CloudApi) -> AsyncIterator[WhatsAppClient]:
    wa = client_for(api)
    yield wa
    await wa._http.aclose()


async def test_the_client_uploads_then_sends_the_document(api: CloudApi, client: WhatsAppClient) -> None:
    (payload,) = payloads("📄 Terlampir", EXPORT)
    result = await client.send(payload)
    assert result.ok and result.provider_message_id == api.sent[-1].wamid
    [document] = api.inbox(SITI.address)
    assert document.kind == "document" and document.filename == EXPORT.filename and document.caption == "📄 Terlampir"
    assert document.media is not None and document.media.content == SHEET and document.media.media_type == XLSX
    assert UPLOAD_KEY not in document.payload  # the file travelled as an upload, never in the message


async def test_each_send_uploads_afresh(api: CloudApi, client: WhatsAppClient) -> None:
    (payload,) = payloads("grafik", CHART)
    assert (await client.send(payload)).ok and (await client.send(payload)).ok
    first, second = api.inbox(SITI.address)
    assert first.media is not None and second.media is not None and first.media.id != second.media.id


@pytest.mark.parametrize(
    ("fault", "failure", "code"),
    [
        (ApiError(131053, "Media upload error", "Unable to upload the media"), Failure.INVALID_PAYLOAD, "131053"),
        (ApiError(100, "Invalid parameter", "File Too Large"), Failure.INVALID_PAYLOAD, "100"),
        (ApiError(130429, "Rate limit hit", "throughput"), Failure.CHANNEL_RATE_LIMIT, "130429"),
        (ApiError(131000, "Something went wrong", "try again", http_status=500), Failure.TRANSIENT, "131000"),
    ],
)
async def test_an_upload_error_is_classified_with_the_error_table_and_nothing_is_sent(
    api: CloudApi, client: WhatsAppClient, fault: ApiError, failure: Failure, code: str
) -> None:
    api.fail_next_upload(fault)
    result = await client.send(payloads("📄", EXPORT)[0])
    assert result.failure is failure and result.error_code == code
    assert result.detail.startswith("media upload: ")
    assert api.sent == []


async def test_a_server_error_on_upload_is_retried_later(api: CloudApi, client: WhatsAppClient) -> None:
    api.server_errors = 1
    result = await client.send(payloads("📄", EXPORT)[0])
    assert result.outcome is SendOutcome.RETRY_AFTER and result.failure is Failure.TRANSIENT
    assert api.sent == [] and api.media == {}


async def test_a_wrong_token_fails_the_upload_as_configuration(api: CloudApi) -> None:
    wrong = client_for(api, token="EAAG-wrong")
    result = await wrong.send(payloads("📄", EXPORT)[0])
    assert result.failure is Failure.CONFIGURATION and result.error_code == "190"
    await wrong._http.aclose()


async def test_files_whatsapp_would_refuse_never_leave(api: CloudApi, client: WhatsAppClient) -> None:
    huge = Attachment("image", "big.png", PNG + b"\x00" * 5_000_000, "image/png")
    zipped = Attachment("document", "a.zip", b"PK", "application/zip")
    for attachment in (huge, zipped):
        result = await client.send(payloads("x", attachment)[0])
        assert result.failure is Failure.INVALID_PAYLOAD and "media upload" in result.detail
    assert api.media == {} and api.uploads_refused == [] and api.sent == []


async def test_no_log_line_holds_the_file(
    api: CloudApi, client: WhatsAppClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    (payload,) = payloads("📄", EXPORT)
    api.fail_next_upload(ApiError(131053, "Media upload error", "Unable to upload the media"))
    assert not (await client.send(payload)).ok
    api.window_errors, api.users[SITI.address].last_wrote = "sync", 0.0  # the message itself refused too
    assert not (await client.send(payload)).ok
    assert "whatsapp document" in caplog.text
    for secret in (payload[UPLOAD_KEY]["base64"], "3572011708850001", SITI.address):
        assert secret not in caplog.text
    assert "3572011708850001" not in repr(take_upload(payload)[1])
