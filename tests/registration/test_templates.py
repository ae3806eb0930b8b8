"""Every registration template renders with real context on every channel (reached by transcripts).

Key existence, orphan templates, labels and the core import rule are checked for all areas
in tests/test_templates.py and tests/test_import_rules.py."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from bot.core.models import Reply
from bot.paths import messages_dir
from tests.conftest import Harness
from tests.registration.helpers import NIK

ROOT = Path(__file__).resolve().parents[2]
AREA_DIR = messages_dir() / "id" / "registration"
CODE = [
    *sorted((ROOT / "bot" / "core" / "flows" / "registration").glob("*.py")),
    *sorted((ROOT / "bot" / "storage").glob("leads.py")),
]
CHANNELS = ("console", "telegram", "whatsapp")


def _literals(prefix: str) -> set[str]:
    found: set[str] = set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(prefix):
                found.add(node.value)
    return found


def _template_keys() -> set[str]:
    keys = set()
    for path in AREA_DIR.glob("*.j2"):
        name = path.name.removesuffix(".j2")
        if "." in name:  # a per-channel override: its base template must exist
            assert (AREA_DIR / f"{name.split('.')[0]}.j2").exists(), path.name
            continue
        keys.add(f"registration/{name}")
    return keys


def test_button_ids_fit_telegram_callback_data() -> None:
    for literal in _literals("reg:"):
        assert len(literal.encode()) <= 64


class Recorder:
    def __init__(self, harness: Harness) -> None:
        self.harness = harness
        self.replies: list[Reply] = []

    async def send(self, text: str, user: str = "u1") -> list[Reply]:
        replies = await self.harness.send(text, user=user)
        self.replies.extend(replies)
        return replies

    async def press(self, button: str, user: str = "u1") -> list[Reply]:
        replies = await self.harness.press(button, user=user)
        self.replies.extend(replies)
        return replies


async def _contact_details(r: Recorder, role: str, user: str, area: str | None = "kota_blitar") -> None:
    await r.send("daftar", user)
    await r.send("mungkin", user)
    await r.send("kembali", user)
    await r.press("reg:consent:yes", user)
    await r.send("astronot", user)
    await r.press(f"reg:role:{role}", user)
    for bad in ("A", "Budi 1", "x" * 90):
        await r.send(bad, user)
    await r.send("Budi", user)
    for bad in ("123", "3505121708900001999", "abc", "0000000000000000", "9905121708900001", "3500121708900001"):
        await r.send(bad, user)
    for bad in ("3505123308900001", "3505121708900000"):
        await r.send(bad, user)
    await r.send(NIK if user == "u1" else f"35051217089{user[-1]}0001".ljust(16, "1")[:16], user)
    for bad in ("nomor", "+1 415 555 2671", "0342 801234", "0812"):
        await r.send(bad, user)
    await r.send("081234567890", user)
    await r.send("12", user)
    await r.press("reg:role:owner", user)  # stale
    if area is not None:
        await r.press(f"reg:area:{area}", user)


async def test_every_template_renders_on_every_channel(harness: Harness) -> None:
    r = Recorder(harness)
    await r.send("daftar", "declines")
    await r.send("tidak", "declines")

    await _contact_details(r, "owner", "u1", area=None)  # NIK from Kota Blitar
    await r.send("gandusari")  # a kecamatan in Kabupaten Blitar and in Trenggalek
    await r.press("reg:area:list")
    await r.send("Ngunut")  # Tulungagung: asked about, as the NIK is from Kota Blitar
    await r.send("bukan")
    await r.send("kota blitar")
    await r.send("x")
    await r.send("Toko Makmur")
    await r.send("!!")
    await r.press("reg:sector:perdagangan")
    await r.send("banyak")
    await r.send("99999999")
    await r.send("4")
    await r.send("hmm")
    await r.press("reg:employees_registered:no")
    await r.send("hmm")
    await r.press("reg:owner_cover:want")
    await r.send("astronot")
    await r.press("reg:contact_time:pagi")
    await r.send("apa")
    await r.send("lanjut")
    await r.press("reg:summary:confirm")

    await _contact_details(r, "employee", "u2", area="other")
    await r.send("12", "u2")
    await r.send("Kediri", "u2")  # the NIK is from Kabupaten Blitar: asked about
    await r.send("ya", "u2")
    await r.send("CV Maju", "u2")
    await r.press("reg:employer_registered:no", "u2")
    await r.press("reg:contact_time:any", "u2")
    await r.press("reg:summary:confirm", "u2")

    await _contact_details(r, "self_employed", "u3", area="other")
    await r.send("Kec. Sanankulon", "u3")  # after "Lainnya", yet inside the branch
    await r.send("ya", "u3")
    await r.send("penjahit", "u3")
    for bad in ("lumayan", "0", "5 miliar"):
        await r.send(bad, "u3")
    await r.send("2 juta", "u3")
    await r.send("semua", "u3")
    await r.press("reg:programs:jkk_jkm", "u3")
    await r.press("reg:contact_time:sore", "u3")
    await r.press("reg:summary:confirm", "u3")

    await r.send("/datasaya", "u1")
    await r.send("/hapusdata", "u1")
    await r.send("hmm", "u1")
    await r.press("reg:erase:no", "u1")
    await r.send("/hapusdata", "u1")
    await r.press("reg:erase:yes", "u1")

    registration = [reply for reply in r.replies if reply.key.startswith("registration/")]
    rows = await harness.store.db.fetchall("SELECT kind, payload FROM staff_notifications")
    registration += [Reply(str(row["kind"]), json.loads(row["payload"])) for row in rows]
    assert {reply.key for reply in registration} == _template_keys()
    for reply in registration:
        for channel in CHANNELS:
            message = harness.app.renderer.render(reply, channel)
            assert message.text.strip(), reply.key
            unmasked = message.text.replace("*" * 8, "").replace("*" * 5, "")  # masked NIK and phone
            assert "*" not in unmasked or channel == "whatsapp", (reply.key, channel)  # bold was converted
            assert NIK not in message.text, reply.key
            for button in message.buttons:
                assert 0 < len(button.label) <= 20, button
