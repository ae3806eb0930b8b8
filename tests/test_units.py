"""Small pure pieces: text cleaning, privacy masks, formats, configuration."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.config import ConfigError, Secret, load_settings
from bot.core.privacy import mask_nik, mask_personal_text, mask_phone
from bot.core.text import MAX_PROCESSED_CHARS, clean, command_of, phrase_of
from bot.render.markup import to_plain, to_telegram_html, to_whatsapp
from bot.rules.formatting import long_date, percent, rupiah, rupiah_juta
from bot.rules.money import Money, parse_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/daftar", ("daftar", "")),
        ("/Daftar@BpjsBlitarBot", ("daftar", "")),
        ("/start daftar_pasar-legi", ("start", "daftar_pasar-legi")),
        ("BATAL!", ("batal", "")),
        ("  menu  ", ("menu", "")),
        ("apa itu jht?", ("apa", "itu jht")),
        ("???", None),
        ("", None),
    ],
)
def test_command_of(text: str, expected: tuple[str, str] | None) -> None:
    assert command_of(text) == expected


def test_phrase_is_the_whole_message_folded() -> None:
    assert phrase_of("  Hitung   IURAN! ") == "hitung iuran"
    assert phrase_of("stop kerja") == "stop kerja"


@given(st.text())
def test_clean_never_raises_and_bounds_length(text: str) -> None:
    cleaned = clean(text)
    assert len(cleaned) <= MAX_PROCESSED_CHARS
    assert "\x00" not in cleaned and "\u200b" not in cleaned


def test_masks() -> None:
    assert mask_nik("3505123456780001") == "3505********0001"
    assert mask_phone("+6281234567890") == "+62812*****890"
    masked = mask_personal_text("nik saya 3505 1234 5678 0001, hp 0812-3456-7890")
    assert "3505********0001" in masked
    assert "5678" not in masked and "3456" not in masked


@given(st.from_regex(r"\A\d{16}\Z"))
def test_any_nik_in_text_is_masked(nik: str) -> None:
    assert nik not in mask_personal_text(f"NIK: {nik} ya")


def test_formats() -> None:
    assert rupiah(11086300) == "Rp11.086.300"
    assert rupiah(0) == "Rp0"
    assert percent(Decimal("0.24")) == "0,24%"
    assert percent(Decimal("2.00")) == "2%"
    assert percent("5.7") == "5,7%"
    assert long_date(date(2026, 3, 1)) == "1 Maret 2026"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (42_000_000, "Rp42 juta"),
        (1_500_000, "Rp1,5 juta"),
        (174_000_000, "Rp174 juta"),
        (1_250_000_000, "Rp1.250 juta"),
        (11_086_300, "Rp11.086.300"),  # not whole tenths of a million: exact
        (1_050_000, "Rp1.050.000"),
        (500_000, "Rp500.000"),  # under a million: thousands as usual
    ],
)
def test_benefit_amounts_in_millions(amount: int, text: str) -> None:
    assert rupiah_juta(amount) == text


@given(st.integers(min_value=1, max_value=10**4))
def test_millions_form_reads_back_to_the_same_amount(tenths: int) -> None:
    # "Rp2,5 juta" must mean what the exact form means, for anyone parsing it back.
    amount = tenths * 100_000
    read_back = parse_money(rupiah_juta(amount), maximum=10**10)
    assert isinstance(read_back, Money)
    assert read_back == parse_money(rupiah(amount), maximum=10**10)


def test_markup_per_channel() -> None:
    assert to_plain("*Menu* utama") == "Menu utama"
    assert to_telegram_html("*Menu* <x> & y") == "<b>Menu</b> &lt;x&gt; &amp; y"
    assert to_whatsapp("*Menu*") == "*Menu*"


def test_settings_environment_beats_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nTELEGRAM_BOT_TOKEN='from-file'\nBPJSTK_DB_PATH=/tmp/file.sqlite3\n")
    settings = load_settings({"BPJSTK_DB_PATH": "/tmp/env.sqlite3"}, dotenv)
    assert str(settings.db_path) == "/tmp/env.sqlite3"
    assert settings.telegram_token.reveal() == "from-file"
    assert "from-file" not in repr(settings)


def test_missing_token_error_names_the_variable(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / "missing.env")
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        settings.require_telegram()
    with pytest.raises(ConfigError, match="BPJSTK_LISTEN_PORT"):
        load_settings({"BPJSTK_LISTEN_PORT": "delapan"}, None)


def test_secret_never_prints() -> None:
    secret = Secret("123:ABC")
    assert "ABC" not in repr(secret) and "ABC" not in str(secret) and "ABC" not in f"{secret}"


def test_dated_clock_moves_the_day_and_keeps_running() -> None:
    from datetime import date, datetime, timedelta

    from bot.core.clock import WIB, DatedClock, FixedClock, today_wib

    base = FixedClock(datetime(2026, 12, 1, 23, 30, tzinfo=WIB))
    clock = DatedClock(date(2027, 4, 1), base)
    assert today_wib(clock) == date(2027, 4, 1)
    assert clock.now().hour == 23
    base.advance(timedelta(minutes=40))  # past midnight: the moved day follows
    assert today_wib(clock) == date(2027, 4, 2)
