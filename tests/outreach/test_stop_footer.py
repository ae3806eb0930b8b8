"""Every outreach message says how to stop, on every channel, and in every WhatsApp template for the public."""

from __future__ import annotations

from datetime import date

import pytest

from bot.channels.whatsapp.templates import load_templates
from bot.outreach import catalog
from bot.outreach.compose import OutreachMessage
from bot.paths import messages_dir
from bot.render.templates import Renderer
from bot.rules.parameters import default_parameters

PARAMS = default_parameters()
TODAY = date(2026, 12, 1)
MESSAGES: dict[str, OutreachMessage] = {
    "bpu_monthly": catalog.bpu_monthly(PARAMS, TODAY),
    "registration_follow_up": catalog.registration_follow_up(),
    "discount_ending": catalog.discount_ending(PARAMS, catalog.discount_campaigns(PARAMS)[0], TODAY),
    "personal_daftar": catalog.personal_reminder("daftar"),
    "personal_bayar": catalog.personal_reminder("bayar"),
    "broadcast": catalog.broadcast_text("Kantor tutup Jumat."),
}


@pytest.mark.parametrize("name", sorted(MESSAGES))
@pytest.mark.parametrize("channel", ["console", "telegram", "whatsapp"])
def test_outreach_ends_with_how_to_stop(name: str, channel: str) -> None:
    message = MESSAGES[name]
    rendered = Renderer(messages_dir()).render(message.reply, channel)
    assert "BERHENTI" in rendered.text.strip().splitlines()[-1]
    if message.template is not None:
        template = load_templates()[message.template]
        assert template.audience == "public" and "BERHENTI" in (template.footer or "")
