"""`mask_personal_text`: every way people write a phone number or a NIK is masked whole;
ordinary numbers (amounts, years, dates, times) stay as typed."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.privacy import mask_nik, mask_personal_text

# Separators people (and their keyboards) put between digit groups.
SEPARATORS = [" ", "-", ".", " - ", "  ", "\u00a0", "\u2009", "\u202f", "\u2013", "\u200b", "\u3000"]
NEUTRAL_BEFORE = ["", "hp ", "No. WA saya: ", "nomor saya ", "NIK:", "ini ", "Tolong cek "]
DIGITS = st.text("0123456789", min_size=7, max_size=10)
NEUTRAL_AFTER = ["", " ya", ".", ", makasih", " (aktif)", "?", "\nterima kasih"]


def full_width(text: str, draw: st.DrawFn) -> str:
    """Some digits (and the plus sign) typed on a full-width keyboard."""
    return "".join(
        chr(ord(ch) - ord("0") + 0xFF10) if ch.isdigit() and draw(st.booleans()) else ("＋" if ch == "+" else ch)
        for ch in text
    )


def split_groups(digits: str, sizes: list[int]) -> list[str]:
    groups: list[str] = []
    rest = digits
    for size in sizes:
        if len(rest) - size < 3:
            break
        groups.append(rest[:size])
        rest = rest[size:]
    return [*groups, rest]


@st.composite
def phone_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(as written, expected mask) for an Indonesian mobile number."""
    national = "8" + str(draw(st.integers(1, 9))) + draw(DIGITS)
    prefix = draw(st.sampled_from(["0", "62", "+62", "+62 (0)", "0062", "+62-"]))
    groups = split_groups(national, draw(st.lists(st.integers(3, 5), min_size=0, max_size=4)))
    if prefix == "0":
        groups[0] = "0" + groups[0]
        if draw(st.booleans()):
            groups[0] = f"({groups[0]})"
        head = ""
    else:
        head = prefix + draw(st.sampled_from(["", " ", "\u00a0"]))
    written = head + groups[0]
    for group in groups[1:]:
        written += draw(st.sampled_from(SEPARATORS)) + group
    if draw(st.booleans()):
        written = full_width(written, draw)
    expected = ("0" if prefix == "0" else "+62") + national[:2] + "*****" + national[-2:]
    return written, expected


NIK_GROUPINGS = [[16], [4, 4, 4, 4], [6, 6, 4], [2, 2, 2, 6, 4], [4, 6, 6]]


@st.composite
def niks(draw: st.DrawFn) -> tuple[str, str]:
    digits = str(draw(st.integers(1, 9))) + draw(st.text("0123456789", min_size=15, max_size=15))
    sizes = draw(st.sampled_from(NIK_GROUPINGS))
    separator = draw(st.sampled_from(SEPARATORS))
    groups, at = [], 0
    for size in sizes:
        groups.append(digits[at : at + size])
        at += size
    written = separator.join(groups)
    if draw(st.booleans()):
        written = full_width(written, draw)
    return written, mask_nik(digits)


def digits_of(text: str) -> str:
    """The digits a reader sees, whatever script or width they are typed in."""
    return "".join(str(unicodedata.decimal(ch)) for ch in text if unicodedata.decimal(ch, None) is not None)


@given(phone_numbers(), st.sampled_from(NEUTRAL_BEFORE), st.sampled_from(NEUTRAL_AFTER))
def test_a_phone_number_is_masked_whole_in_any_format(phone: tuple[str, str], before: str, after: str) -> None:
    written, expected = phone
    assert mask_personal_text(before + written + after) == before + expected + after


@given(niks(), st.sampled_from(NEUTRAL_BEFORE), st.sampled_from(NEUTRAL_AFTER))
def test_a_nik_is_masked_whole_in_any_grouping(nik: tuple[str, str], before: str, after: str) -> None:
    written, expected = nik
    assert mask_personal_text(before + written + after) == before + expected + after


@given(phone_numbers(), niks(), st.sampled_from(["umur 35 ", "tahun 2026 ", "Rp2.500.000 ", "1 "]))
def test_numbers_next_to_other_numbers_do_not_leak(phone: tuple[str, str], nik: tuple[str, str], lead: str) -> None:
    """Whatever the neighbours, no digit survives beyond theirs and the two hints."""
    (phone_written, phone_mask), (nik_written, nik_mask) = phone, nik
    allowed = len(digits_of(lead)) + len(digits_of(phone_mask)) + len(digits_of(nik_mask))
    for text in (lead + phone_written + " " + nik_written, lead + nik_written + " " + phone_written):
        masked = mask_personal_text(text)
        assert len(digits_of(masked)) <= allowed, (text, masked)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+62 812-3456-7890", "+6281*****90"),
        ("0812.3456.7890", "081*****90"),
        ("(0812) 3456 7890", "081*****90"),
        ("62 812 3456 7890", "+6281*****90"),
        ("０８１２３４５６７８９０", "081*****90"),
        ("hp saya: ＋６２ ８１２－３４５６－７８９０ ya", "hp saya: +6281*****90 ya"),
        ("0812\u00a03456\u20097890", "081*****90"),
        ("+62 (0)812 3456 7890", "+6281*****90"),
        ("+62 812.345.6789", "+6281*****89"),
        ("nik 3505 1234 5678 0001, hp 0812-3456-7890", "nik 3505********0001, hp 081*****90"),
        ("NIK: 3505.1234.5678.0001.", "NIK: 3505********0001."),
        ("35.05.12.230590.0001", "3505********0001"),
        ("0812 3456 7890 3505 1234 5678 0001", "081*****90 3505********0001"),
        ("umur 35 0812 3456 7890", "umur 35 081*****90"),
        ("kantor (0342) 801234", "kantor 034*****34"),
        ("3505 1234 5678 001 (kurang satu)", "*************** (kurang satu)"),
        ("no KPJ 19012345678", "no KPJ ***********"),
    ],
)
def test_examples(text: str, expected: str) -> None:
    assert mask_personal_text(text) == expected


ORDINARY = [
    "penghasilan 2.500.000 sebulan",
    "Rp16.800",
    "iuran Rp 16.800/bulan, diskon Rp8.400",
    "gaji 12.500.000 - 13.500.000",
    "12500000 13500000",
    "2,5 juta",
    "omzet 1000000000",
    "tahun 2025 dan 2026",
    "lahir 17-08-1985",
    "tgl 08-12-2026 jam 10.30",
    "02-03-2026 10.30",
    "buka 08.00-12.00 13.00-16.00",
    "01-01-2024 - 31-12-2024",
    "PP 50/2025 dan PP 44/2015",
    "umur 45 tahun, 3 anak, 12 karyawan",
    "0,24% dari upah",
    "chat 1234567890",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_stay_as_typed(text: str) -> None:
    assert mask_personal_text(text) == text


def rupiah_dots(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@given(
    st.integers(1, 9_999_999_999),
    st.integers(1, 9_999_999_999),
    st.dates(min_value=date(1940, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(1900, 2099),
)
def test_amounts_dates_times_and_years_are_never_masked(
    a: int, b: int, day: date, hour: int, minute: int, year: int
) -> None:
    texts = [
        f"gaji Rp{rupiah_dots(a)} sebulan",
        f"antara {rupiah_dots(a)} - {rupiah_dots(b)}",
        f"{rupiah_dots(a)} {rupiah_dots(b)}",
        f"penghasilan {a}",
        f"tanggal {day:%d-%m-%Y} jam {hour:02d}.{minute:02d}",
        f"tanggal {day:%d.%m.%Y} {hour:02d}.{minute:02d}",
        f"{day:%Y-%m-%d}",
        f"{day:%d/%m/%Y}",
        f"tahun {year}",
        f"sejak {year} sampai {year + 1}",
    ]
    for text in texts:
        assert mask_personal_text(text) == text


@given(st.text(max_size=200))
def test_masking_never_raises_and_is_stable(text: str) -> None:
    once = mask_personal_text(text)
    assert mask_personal_text(once) == once
