"""The Cloud API fake's media side over HTTP: multipart uploads checked as Meta checks them,
and image/document messages that must refer to an uploaded file of a fitting type."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.wafake import events
from tests.wafake.cloudapi import CloudApi
from tests.wafake.media import MB
from tests.wafake.server import API_VERSION, build_app
from tests.wafake.validate import ApiError

SITI = events.Person("6281234567890")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def api() -> CloudApi:
    api = CloudApi()
    api.inbound_body(SITI, events.text("halo"))  # her window is open
    return api


@pytest.fixture
async def graph(api: CloudApi) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app(api))
    base = f"http://graph.test/{API_VERSION}/{api.business.phone_number_id}"
    async with httpx.AsyncClient(
        transport=transport, base_url=base, headers={"Authorization": f"Bearer {api.access_token}"}
    ) as client:
        yield client


async def upload(
    graph: httpx.AsyncClient,
    content: bytes,
    media_type: str,
    *,
    filename: str = "f.bin",
    declared: str | None = None,
    product: str | None = "whatsapp",
) -> httpx.Response:
    data = {"type": declared or media_type}
    if product is not None:
        data["messaging_product"] = product
    return await graph.post("/media", data=data, files={"file": (filename, content, media_type)})


def message(kind: str, media: dict[str, object]) -> dict[str, object]:
    return {"messaging_product": "whatsapp", "to": SITI.address, "type": kind, kind: media}


async def test_an_upload_gets_an_id_and_a_document_refers_to_it(api: CloudApi, graph: httpx.AsyncClient) -> None:
    answer = await upload(graph, b"PK\x03\x04 NIK-3572", XLSX, filename="leads.xlsx")
    assert answer.status_code == 200
    media_id = answer.json()["id"]
    assert isinstance(media_id, str) and media_id.isdigit()
    sent = await graph.post("/messages", json=message("document", {"id": media_id, "filename": "leads.xlsx"}))
    assert sent.status_code == 200 and sent.json()["messages"][0]["id"].startswith("wamid.")
    [got] = api.inbox(SITI.address)
    assert got.kind == "document" and got.filename == "leads.xlsx"
    assert got.media is not None and got.media.content == b"PK\x03\x04 NIK-3572" and got.media.media_type == XLSX
    assert "NIK-3572" not in repr(got.media)  # the fake keeps bytes out of its reprs too


@pytest.mark.parametrize(
    ("content", "media_type", "declared", "product", "details"),
    [
        (b"a,b\n", "text/csv", None, "whatsapp", "Received file of type 'text/csv'"),
        (PNG, "image/png", None, None, "messaging_product is required"),
        (PNG, "image/png", "image/jpeg", "whatsapp", "does not match"),
        (b"\x00" * (5 * MB + 1), "image/png", None, "whatsapp", "File Too Large"),
    ],
)
async def test_uploads_meta_refuses(
    api: CloudApi,
    graph: httpx.AsyncClient,
    content: bytes,
    media_type: str,
    declared: str | None,
    product: str | None,
    details: str,
) -> None:
    answer = await upload(graph, content, media_type, declared=declared, product=product)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == 100 and error["type"] == "OAuthException"
    assert details in error["error_data"]["details"]
    assert api.media == {}


async def test_an_upload_without_a_file_or_with_a_wrong_token(api: CloudApi, graph: httpx.AsyncClient) -> None:
    answer = await graph.post("/media", data={"messaging_product": "whatsapp", "type": "image/png"})
    assert answer.json()["error"]["error_data"]["details"] == "The parameter file is required."
    wrong = await graph.post(
        "/media", files={"file": ("a.png", PNG, "image/png")}, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == 190


async def test_media_messages_are_checked_against_the_uploads(api: CloudApi, graph: httpx.AsyncClient) -> None:
    png_id = (await upload(graph, PNG, "image/png")).json()["id"]
    refused = [
        message("image", {"id": "999"}),  # never uploaded
        message("document", {"id": png_id, "filename": "chart.png"}),  # a picture is not a document
        message("image", {"id": png_id, "caption": "x" * 1025}),
        message("image", {}),
    ]
    codes = []
    for payload in refused:
        answer = await graph.post("/messages", json=payload)
        assert answer.status_code == 400
        codes.append(answer.json()["error"]["code"])
    assert codes == [131009, 131009, 131009, 100]
    ok = await graph.post("/messages", json=message("image", {"id": png_id, "caption": "x" * 1024}))
    assert ok.status_code == 200
    [chart] = api.inbox(SITI.address)
    assert chart.text == "x" * 1024 and chart.media is not None and chart.media.content == PNG


async def test_injected_upload_faults_and_server_errors(api: CloudApi, graph: httpx.AsyncClient) -> None:
    api.fail_next_upload(ApiError(131053, "Media upload error", "Unable to upload the media"))
    api.server_errors = 1
    assert (await upload(graph, PNG, "image/png")).status_code == 500
    failed = await upload(graph, PNG, "image/png")
    assert failed.json()["error"]["code"] == 131053
    assert (await upload(graph, PNG, "image/png")).status_code == 200
    assert len(api.media) == 1
