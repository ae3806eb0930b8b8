"""WhatsApp settings: parsed from the environment, validated, secrets never shown."""

from __future__ import annotations

import pytest

from bot.config import DEFAULT_WHATSAPP_API_BASE_URL, ConfigError, load_settings

FULL = {
    "WHATSAPP_ACCESS_TOKEN": "EAAG-secret-token",
    "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
    "WHATSAPP_APP_SECRET": "app-secret-value",
    "WHATSAPP_VERIFY_TOKEN": "verify-token-value",
}


def test_whatsapp_settings_and_defaults() -> None:
    settings = load_settings(FULL, None)
    assert settings.whatsapp_phone_number_id == "106540352242922"
    assert settings.whatsapp_access_token.reveal() == "EAAG-secret-token"
    assert settings.whatsapp_api_base_url == DEFAULT_WHATSAPP_API_BASE_URL
    assert "/v" in settings.whatsapp_api_base_url, "the Graph API version is in the URL"
    assert settings.whatsapp_rate_per_second == 80
    assert settings.whatsapp_pair_interval == 6
    settings.require_whatsapp()
    assert settings.require_channels() == ("whatsapp",)


def test_secrets_never_show() -> None:
    shown = repr(load_settings(FULL, None))
    for name in ("WHATSAPP_ACCESS_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_VERIFY_TOKEN"):
        assert FULL[name] not in shown


def test_base_url_and_limits_can_be_changed() -> None:
    env = {
        **FULL,
        "WHATSAPP_API_BASE_URL": "http://127.0.0.1:9999/v26.0/",
        "WHATSAPP_OUTBOX_RATE": "20",
        "WHATSAPP_PAIR_INTERVAL": "0",
        "WHATSAPP_PAIR_BURST": "5",
    }
    settings = load_settings(env, None)
    assert settings.whatsapp_api_base_url == "http://127.0.0.1:9999/v26.0"
    assert (settings.whatsapp_rate_per_second, settings.whatsapp_pair_interval, settings.whatsapp_pair_burst) == (
        20,
        0,
        5,
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"WHATSAPP_OUTBOX_RATE": "cepat"}, "WHATSAPP_OUTBOX_RATE"),
        ({"WHATSAPP_OUTBOX_RATE": "0"}, "WHATSAPP_OUTBOX_RATE"),
        ({"WHATSAPP_PAIR_INTERVAL": "-1"}, "WHATSAPP_PAIR_INTERVAL"),
        ({"WHATSAPP_PAIR_BURST": "0"}, "WHATSAPP_PAIR_BURST"),
        ({"BPJSTK_STAFF_IDS": "whatsapp:081234567890"}, "BPJSTK_STAFF_IDS"),
        ({"BPJSTK_STAFF_IDS": "whatsapp:nomor"}, "BPJSTK_STAFF_IDS"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings({**FULL, **env}, None)


@pytest.mark.parametrize("missing", sorted(FULL))
def test_whatsapp_needs_all_four(missing: str) -> None:
    env = {k: v for k, v in FULL.items() if k != missing}
    if missing == "WHATSAPP_ACCESS_TOKEN":
        assert load_settings(env, None).enabled_channels == ()
        return
    with pytest.raises(ConfigError, match=missing):
        load_settings(env, None).require_channels()


def test_channels_enabled_by_their_tokens() -> None:
    assert load_settings({"TELEGRAM_BOT_TOKEN": "1:x"}, None).enabled_channels == ("telegram",)
    both = load_settings({**FULL, "TELEGRAM_BOT_TOKEN": "1:x"}, None)
    assert both.require_channels() == ("telegram", "whatsapp")
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN dan WHATSAPP_ACCESS_TOKEN"):
        load_settings({}, None).require_channels()


def test_staff_on_whatsapp() -> None:
    settings = load_settings(
        {"BPJSTK_STAFF_IDS": "telegram:123, whatsapp:+62 851-0000-0001,whatsapp:6285100000002"}, None
    )
    assert settings.staff_addresses("whatsapp") == ("6285100000001", "6285100000002")
    assert settings.staff_addresses("telegram") == ("123",)
    assert "whatsapp:6285100000001" in settings.staff_ids
