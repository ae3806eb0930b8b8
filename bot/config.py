"""Configuration: environment first, then a `.env` file, then defaults.

Secrets are wrapped in `Secret`, whose repr and str never show the value, so a
settings object can be logged safely; each one also registers its value with the
log redactor, so it is masked wherever else it might appear in a log line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.log_redaction import register_secret

DEFAULT_DB_PATH = Path("data") / "bpjstk.sqlite3"
# Masked in every log line as soon as settings are loaded, whether or not a setting reads them yet.
SECRET_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
)
# The Graph API version is part of the URL; move it forward when Meta retires this one.
DEFAULT_WHATSAPP_API_BASE_URL = "https://graph.facebook.com/v26.0"
CHANNELS = ("telegram", "whatsapp")


class ConfigError(ValueError):
    """Configuration is missing or invalid; the message names the variable."""


class Secret:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        register_secret(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; '#' comments and optional quotes. Missing file: empty."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


@dataclass(frozen=True)
class Settings:
    db_path: Path = DEFAULT_DB_PATH
    telegram_token: Secret = field(default_factory=lambda: Secret(""))
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: Secret = field(default_factory=lambda: Secret(""))
    telegram_staff_chat_id: str = ""
    staff_ids: frozenset[str] = frozenset()  # "telegram:123456", ...
    listen_host: str = "127.0.0.1"
    listen_port: int = 8080
    outbox_rate_per_second: float = 25.0
    quiet_hours: str = "21-07"  # no outreach between these hours, Asia/Jakarta
    # Days the inbound log keeps message texts (the rows stay, without text, for de-duplication
    # and statistics), and days unanswered questions are kept for `faq unanswered`.
    inbound_retention_days: int = 30
    unanswered_retention_days: int = 90
    outbox_retention_days: int = 7
    whatsapp_access_token: Secret = field(default_factory=lambda: Secret(""))
    whatsapp_phone_number_id: str = ""
    whatsapp_app_secret: Secret = field(default_factory=lambda: Secret(""))
    whatsapp_verify_token: Secret = field(default_factory=lambda: Secret(""))
    whatsapp_api_base_url: str = DEFAULT_WHATSAPP_API_BASE_URL
    whatsapp_rate_per_second: float = 80.0  # Cloud API throughput of one business number
    # Telegram pacing per chat once a short burst is spent (1/s private, 20/min groups).
    telegram_chat_interval: float = 1.0
    telegram_group_interval: float = 3.0
    chat_burst: int = 3  # messages one chat may get at once (a 3-bubble reply arrives together)
    tick_seconds: float = 30.0  # how often the scheduler turns due reminders and broadcasts into messages
    sender_poll_seconds: float = 1.0  # messages queued by another process are seen this soon
    send_attempts: int = 8  # tries before a message is marked failed
    retry_base_seconds: float = 1.0  # first wait after a network error, doubling each try
    bpu_reminder_day: int = 10  # day of the month for the BPU contribution reminder (due by the 15th)
    office_hours: str = "08-16"  # when staff answer a request for a human, Monday to Friday (WIB)
    whatsapp_pair_interval: float = 6.0  # seconds between outreach messages to one person
    whatsapp_pair_burst: int = 3  # messages one person may receive back to back before pacing starts

    @property
    def enabled_channels(self) -> tuple[str, ...]:
        """The channels `run` serves: Telegram with a bot token, WhatsApp with an access token."""
        enabled = {"telegram": bool(self.telegram_token), "whatsapp": bool(self.whatsapp_access_token)}
        return tuple(name for name in CHANNELS if enabled[name])

    def require_channels(self) -> tuple[str, ...]:
        """The enabled channels, each fully configured; ConfigError naming what is missing."""
        enabled = self.enabled_channels
        if not enabled:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN dan WHATSAPP_ACCESS_TOKEN belum diisi: isi salah satu (atau keduanya) "
                "di environment atau file .env untuk `run`."
            )
        if "telegram" in enabled:
            self.require_telegram()
        if "whatsapp" in enabled:
            self.require_whatsapp()
        return enabled

    def require_whatsapp(self) -> None:
        missing = [
            name
            for name, value in (
                ("WHATSAPP_ACCESS_TOKEN", bool(self.whatsapp_access_token)),
                ("WHATSAPP_PHONE_NUMBER_ID", bool(self.whatsapp_phone_number_id)),
                ("WHATSAPP_APP_SECRET", bool(self.whatsapp_app_secret)),
                ("WHATSAPP_VERIFY_TOKEN", bool(self.whatsapp_verify_token)),
            )
            if not value
        ]
        if missing:
            raise ConfigError(f"{', '.join(missing)} belum diisi: semuanya wajib untuk WhatsApp (docs/whatsapp.md).")

    def staff_addresses(self, channel: str) -> tuple[str, ...]:
        """Addresses of staff on one channel, from BPJSTK_STAFF_IDS ("whatsapp:6281..." -> "6281...")."""
        prefix = channel + ":"
        return tuple(sorted(s.removeprefix(prefix) for s in self.staff_ids if s.startswith(prefix)))

    def require_telegram(self) -> None:
        if not self.telegram_token:
            raise ConfigError("TELEGRAM_BOT_TOKEN belum diisi: isi di environment atau file .env untuk `run`.")
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ConfigError("TELEGRAM_WEBHOOK_SECRET wajib diisi bila TELEGRAM_WEBHOOK_URL dipakai.")


def _number(values: Mapping[str, str], name: str, default: float, parse: type[int] | type[float]) -> float:
    raw = values.get(name)
    if raw is None or raw == "":
        return default
    try:
        return parse(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} harus berupa angka, bukan {raw!r}") from exc


def _days(values: Mapping[str, str], name: str, default: int) -> int:
    days = int(_number(values, name, default, int))
    if days < 1:
        raise ConfigError(f"{name} harus 1 hari atau lebih, bukan {days}")
    return days


def _positive(values: Mapping[str, str], name: str, default: float, parse: type[int] | type[float]) -> float:
    number = _number(values, name, default, parse)
    if number <= 0:
        raise ConfigError(f"{name} harus lebih dari 0, bukan {values.get(name)!r}")
    return number


def _not_negative(values: Mapping[str, str], name: str, default: float) -> float:
    number = _number(values, name, default, float)
    if number < 0:
        raise ConfigError(f"{name} tidak boleh negatif, bukan {values.get(name)!r}")
    return number


def _staff_id(raw: str) -> str:
    """'whatsapp:+62 812-3456-7890' -> 'whatsapp:6281234567890'; other channels as written."""
    channel, sep, address = raw.partition(":")
    if channel != "whatsapp" or not sep:
        return raw
    digits = "".join(ch for ch in address if ch not in " +-")
    if not digits.isdigit() or digits.startswith("0"):
        raise ConfigError(
            f"BPJSTK_STAFF_IDS: {raw!r} bukan nomor WhatsApp internasional; tulis seperti whatsapp:6281234567890"
        )
    return f"whatsapp:{digits}"


def load_settings(env: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")) -> Settings:
    values: dict[str, str] = read_dotenv(dotenv) if dotenv is not None else {}
    values.update(os.environ if env is None else env)  # the environment wins over .env
    for name in SECRET_VARIABLES:
        register_secret(values.get(name, ""))
    staff = frozenset(_staff_id(s.strip()) for s in values.get("BPJSTK_STAFF_IDS", "").split(",") if s.strip())
    return Settings(
        db_path=Path(values.get("BPJSTK_DB_PATH") or DEFAULT_DB_PATH),
        telegram_token=Secret(values.get("TELEGRAM_BOT_TOKEN", "")),
        telegram_api_base_url=values.get("TELEGRAM_API_BASE_URL") or "https://api.telegram.org/bot",
        telegram_webhook_url=values.get("TELEGRAM_WEBHOOK_URL", ""),
        telegram_webhook_secret=Secret(values.get("TELEGRAM_WEBHOOK_SECRET", "")),
        telegram_staff_chat_id=values.get("TELEGRAM_STAFF_CHAT_ID", ""),
        staff_ids=staff,
        listen_host=values.get("BPJSTK_LISTEN_HOST") or "127.0.0.1",
        listen_port=int(_number(values, "BPJSTK_LISTEN_PORT", 8080, int)),
        outbox_rate_per_second=_positive(values, "BPJSTK_OUTBOX_RATE", 25.0, float),
        quiet_hours=values.get("BPJSTK_QUIET_HOURS") or "21-07",
        inbound_retention_days=_days(values, "BPJSTK_INBOUND_RETENTION_DAYS", 30),
        unanswered_retention_days=_days(values, "BPJSTK_UNANSWERED_RETENTION_DAYS", 90),
        outbox_retention_days=_days(values, "BPJSTK_OUTBOX_RETENTION_DAYS", 7),
        whatsapp_access_token=Secret(values.get("WHATSAPP_ACCESS_TOKEN", "")),
        whatsapp_phone_number_id=values.get("WHATSAPP_PHONE_NUMBER_ID", "").strip(),
        whatsapp_app_secret=Secret(values.get("WHATSAPP_APP_SECRET", "")),
        whatsapp_verify_token=Secret(values.get("WHATSAPP_VERIFY_TOKEN", "")),
        whatsapp_api_base_url=(values.get("WHATSAPP_API_BASE_URL") or DEFAULT_WHATSAPP_API_BASE_URL).rstrip("/"),
        whatsapp_rate_per_second=_positive(values, "WHATSAPP_OUTBOX_RATE", 80.0, float),
        whatsapp_pair_interval=_not_negative(values, "WHATSAPP_PAIR_INTERVAL", 6.0),
        whatsapp_pair_burst=int(_positive(values, "WHATSAPP_PAIR_BURST", 3, int)),
        telegram_chat_interval=_not_negative(values, "BPJSTK_TELEGRAM_CHAT_INTERVAL", 1.0),
        telegram_group_interval=_not_negative(values, "BPJSTK_TELEGRAM_GROUP_INTERVAL", 3.0),
        chat_burst=int(_positive(values, "BPJSTK_CHAT_BURST", 3, int)),
        tick_seconds=_positive(values, "BPJSTK_TICK_SECONDS", 30.0, float),
        sender_poll_seconds=_positive(values, "BPJSTK_SENDER_POLL_SECONDS", 1.0, float),
        send_attempts=int(_positive(values, "BPJSTK_SEND_ATTEMPTS", 8, int)),
        retry_base_seconds=_positive(values, "BPJSTK_RETRY_BASE_SECONDS", 1.0, float),
        bpu_reminder_day=_reminder_day(values),
        office_hours=values.get("BPJSTK_OFFICE_HOURS") or "08-16",
    )


def _reminder_day(values: Mapping[str, str]) -> int:
    day = int(_number(values, "BPJSTK_BPU_REMINDER_DAY", 10, int))
    if not 1 <= day <= 14:
        raise ConfigError(f"BPJSTK_BPU_REMINDER_DAY harus 1 sampai 14 (iuran BPU jatuh tempo tanggal 15), bukan {day}")
    return day
