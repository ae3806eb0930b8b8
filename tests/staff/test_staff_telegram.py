"""Telegram payloads for replies with a file: sendPhoto / sendDocument, stored as JSON (the file
in base64) and performed by the channel's client with a real PTB `Bot` over a recording
`BaseRequest` (no network), so the upload is a real multipart."""

from __future__ import annotations

import base64
import json
from typing import Any

from telegram import Bot
from telegram.request import RequestData

from bot.channels.telegram.client import TelegramClient
from bot.channels.telegram.outbound import CAPTION_LIMIT, attachment_payloads
from bot.core.models import Attachment
from bot.render.templates import RenderedButton, RenderedMessage
from tests.tgemu.fake_request import FakeRequest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class RecordingRequest(FakeRequest):
    """Records each Bot API call and answers it with a plausible message (no emulator needed)."""

    def __init__(self) -> None:  # no BotApi: this fake answers by itself
        self.calls: list[tuple[str, RequestData | None]] = []

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *_: Any, **__: Any
    ) -> tuple[int, bytes]:
        api = url.rsplit("/", 1)[-1]
        self.calls.append((api, request_data))
        if api == "getMe":
            result: dict[str, Any] = {"id": 1, "is_bot": True, "first_name": "Bot", "username": "bpjstk_bot"}
        else:
            result = {"message_id": len(self.calls), "date": 0, "chat": {"id": 5, "type": "private"}}
        return 200, json.dumps({"ok": True, "result": result}).encode()


def _message(text: str, attachment: Attachment, buttons: tuple[RenderedButton, ...] = ()) -> RenderedMessage:
    return RenderedMessage(text=text, buttons=buttons, attachment=attachment)


def test_a_short_text_is_the_pictures_caption_with_its_buttons() -> None:
    chart = Attachment("image", "stats.png", PNG, "image/png")
    (call,) = attachment_payloads(5, _message("<b>Angka</b>", chart, (RenderedButton("st:menu", "Menu petugas"),)))
    assert call["method"] == "sendPhoto" and json.loads(json.dumps(call)) == call  # storable as JSON
    assert call["file"]["field"] == "photo" and call["file"]["filename"] == "stats.png"
    assert base64.b64decode(call["file"]["base64"]) == PNG
    assert call["params"]["caption"] == "<b>Angka</b>" and call["params"]["parse_mode"] == "HTML"
    assert call["params"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "st:menu"


def test_a_long_text_goes_first_and_the_document_follows() -> None:
    export = Attachment("document", "leads.xlsx", b"PK...", "application/octet-stream")
    calls = attachment_payloads(5, _message("x" * (CAPTION_LIMIT + 1), export))
    assert [c["method"] for c in calls] == ["sendMessage", "sendDocument"]
    assert "caption" not in calls[-1]["params"] and base64.b64decode(calls[-1]["file"]["base64"]) == b"PK..."


async def test_ptb_uploads_the_file_as_multipart() -> None:
    request = RecordingRequest()
    bot = Bot("123:TEST", request=request, get_updates_request=RecordingRequest())
    async with bot:
        client = TelegramClient(bot)
        for attachment in (
            Attachment("image", "stats.png", PNG, "image/png"),
            Attachment("document", "leads.csv", b"\xef\xbb\xbfreference\n", "text/csv"),
        ):
            for call in attachment_payloads(5, _message("Terlampir", attachment)):
                assert (await client.send(call)).ok
    uploads = [(api, data) for api, data in request.calls if api in ("sendPhoto", "sendDocument")]
    assert [api for api, _ in uploads] == ["sendPhoto", "sendDocument"]
    photo = uploads[0][1]
    assert photo is not None and photo.contains_files
    name, content, _mime = photo.multipart_data["photo"]
    assert (name, content) == ("stats.png", PNG)
    assert photo.parameters["caption"] == "Terlampir"
    document = uploads[1][1]
    assert document is not None and document.multipart_data["document"][0] == "leads.csv"
