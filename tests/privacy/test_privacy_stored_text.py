"""The inbound log and the unanswered-question log store numbers masked, however they were written."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.conftest import Harness

WRITTEN = [
    "+62 812-3456-7890",
    "0812.3456.7890",
    "(0812) 3456 7890",
    "62 812 3456 7890",
    "０８１２３４５６７８９０",
    "0812\u00a03456\u20097890",
    "3572 0157 0885 0004",
    "3572.0157.0885.0004",
    "35.72.01.570885.0004",
]


def digits(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\D", "", "".join(str(d) if (d := unicodedata.decimal(c, None)) is not None else c for c in folded))


@pytest.mark.parametrize("number", WRITTEN)
async def test_numbers_in_questions_are_masked_in_both_logs(harness: Harness, number: str) -> None:
    await harness.send(f"tolong cek nomor {number} kenapa belum aktif")
    inbound = await harness.store.db.fetchall("SELECT body FROM inbound_messages")
    unanswered = await harness.store.db.fetchall("SELECT text FROM unanswered")
    stored = [str(r["body"]) for r in inbound] + [str(r["text"]) for r in unanswered]
    assert len(stored) == 2
    for text in stored:
        assert "*****" in text, text
        assert "3456" not in digits(text) and "01570885" not in digits(text), text


async def test_a_shared_contact_is_masked_in_the_inbound_log(harness: Harness) -> None:
    await harness.app.engine.handle(harness.inbound(shared_phone="+6281234567890"))
    row = await harness.store.db.fetchone("SELECT kind, body FROM inbound_messages")
    assert row is not None and row["kind"] == "contact" and row["body"] == "+6281*****90"
