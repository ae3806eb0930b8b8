"""Validators for NIK, phone, names and numbers, with Hypothesis properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.validation.nik import PROVINCE_CODES, NikProblem, validate_nik
from bot.core.validation.numbers import NumberProblem, parse_employee_count
from bot.core.validation.phone import PhoneProblem, validate_phone
from bot.core.validation.text import TextProblem, validate_free_text, validate_name

# --- NIK ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "female"),
    [
        ("3505120208900001", False),
        ("3505124208900001", True),  # day 02 + 40
        ("3572 0171 0100 0123", True),  # 31 January 2000, woman
        ("3505.1229.0296.0001", False),  # 29 February 1996
        ("9601010101010001", False),  # Papua Barat Daya
        ("NIK saya 3505121708900001", False),
        ("no. KTP: 3505-1217-0890-0001", False),
    ],
)
def test_valid_niks(raw: str, female: bool) -> None:
    result = validate_nik(raw)
    assert result.ok, result
    assert result.nik is not None and len(result.nik) == 16
    assert result.female is female


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", NikProblem.EMPTY),
        ("   ", NikProblem.EMPTY),
        ("35051202089000O1", NikProblem.NOT_DIGITS),
        ("350512020890001", NikProblem.TOO_SHORT),
        ("35051202089000011", NikProblem.TOO_LONG),
        ("0000000000000000", NikProblem.ALL_ZEROS),
        ("9905120208900001", NikProblem.PROVINCE),
        ("2005120208900001", NikProblem.PROVINCE),
        ("3500120208900001", NikProblem.REGION),
        ("3505003208900001", NikProblem.REGION),
        ("3505123208900001", NikProblem.BIRTH_DATE),  # day 32
        ("3505120013900001", NikProblem.BIRTH_DATE),  # month 13
        ("3505127201900001", NikProblem.BIRTH_DATE),  # day 72 (woman 32)
        ("3505120000900001", NikProblem.BIRTH_DATE),  # day 00
        ("3505123002900001", NikProblem.BIRTH_DATE),  # 30 February
        ("3505120208900000", NikProblem.SERIAL),
        ("٣٥٠٥١٢٠٢٠٨٩٠٠٠٠١", NikProblem.NOT_DIGITS),  # Arabic-Indic digits
    ],
)
def test_invalid_niks_say_which_part(raw: str, problem: NikProblem) -> None:
    result = validate_nik(raw)
    assert result.problem is problem
    assert result.nik is None


@st.composite
def valid_niks(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    regency = draw(st.integers(1, 99))
    district = draw(st.integers(1, 99))
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)))
    female = draw(st.booleans())
    serial = draw(st.integers(1, 9999))
    day = born.day + (40 if female else 0)
    return f"{province:02d}{regency:02d}{district:02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


@given(st.text(max_size=40))
def test_nik_validator_never_raises(raw: str) -> None:
    result = validate_nik(raw)
    assert result.ok == (result.nik is not None)


@given(valid_niks())
def test_generated_valid_niks_are_accepted(nik: str) -> None:
    result = validate_nik(nik)
    assert result.ok and result.nik == nik
    assert result.female == (int(nik[6:8]) > 40)


@given(valid_niks(), st.integers(0, 99).filter(lambda p: p not in PROVINCE_CODES))
def test_bad_province_is_rejected(nik: str, province: int) -> None:
    assert validate_nik(f"{province:02d}{nik[2:]}").problem is NikProblem.PROVINCE


@given(valid_niks(), st.sampled_from([0, *range(32, 41), *range(72, 100)]))
def test_impossible_birth_day_is_rejected(nik: str, day: int) -> None:
    assert validate_nik(nik[:6] + f"{day:02d}" + nik[8:]).problem is NikProblem.BIRTH_DATE


@given(valid_niks(), st.sampled_from([0, *range(13, 100)]))
def test_impossible_birth_month_is_rejected(nik: str, month: int) -> None:
    assert validate_nik(nik[:8] + f"{month:02d}" + nik[10:]).problem is NikProblem.BIRTH_DATE


@given(valid_niks())
def test_zero_serial_is_rejected(nik: str) -> None:
    assert validate_nik(nik[:12] + "0000").problem is NikProblem.SERIAL


@given(valid_niks(), st.integers(0, 15))
def test_dropped_or_added_digit_is_rejected(nik: str, position: int) -> None:
    assert validate_nik(nik[:position] + nik[position + 1 :]).problem is NikProblem.TOO_SHORT
    assert validate_nik(nik[:position] + "1" + nik[position:]).problem is NikProblem.TOO_LONG


def test_every_calendar_day_is_a_valid_birth_date() -> None:
    day = date(1999, 1, 1)
    while day.year < 2001:
        for offset in (0, 40):
            nik = f"350512{day.day + offset:02d}{day.month:02d}{day.year % 100:02d}0001"
            assert validate_nik(nik).ok, nik
        day += timedelta(days=1)


# --- phone -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "0812.3456.7890",
        "+6281234567890",
        "+62 812-3456-7890",
        "6281234567890",
        "(0812) 3456 7890",
        "HP saya 0812 3456 7890",
        "no. WA: +62 812-3456-7890",
    ],
)
def test_indonesian_mobiles_are_normalised_to_e164(raw: str) -> None:
    assert validate_phone(raw).e164 == "+6281234567890"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", PhoneProblem.EMPTY),
        ("tidak punya", PhoneProblem.NOT_A_NUMBER),
        ("nomor saya", PhoneProblem.EMPTY),
        ("0812-abc-7890", PhoneProblem.NOT_A_NUMBER),
        ("+1 415 555 2671", PhoneProblem.NOT_INDONESIAN),
        ("+60 12-345 6789", PhoneProblem.NOT_INDONESIAN),
        ("0342 801234", PhoneProblem.NOT_MOBILE),  # Blitar landline
        ("0812", PhoneProblem.INVALID),
        ("0812345678901234", PhoneProblem.INVALID),
    ],
)
def test_bad_phones_give_a_reason(raw: str, problem: PhoneProblem) -> None:
    result = validate_phone(raw)
    assert result.problem is problem
    assert result.e164 is None


@given(st.text(max_size=50))
def test_phone_validator_never_raises(raw: str) -> None:
    result = validate_phone(raw)
    assert result.ok == (result.e164 is not None)


@given(
    st.sampled_from(["811", "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "895", "896"]),
    st.integers(1_000_000, 99_999_999),
    st.sampled_from(["0{p}{r}", "+62{p}{r}", "62{p}{r}", "+62 {p}-{r}", "0{p} {r}"]),
)
def test_generated_mobiles_are_accepted(prefix: str, rest: int, shape: str) -> None:
    raw = shape.format(p=prefix, r=rest)
    result = validate_phone(raw)
    assert result.ok, (raw, result)
    assert result.e164 == f"+62{prefix}{rest}"


@given(st.from_regex(r"\A\+62 ?8[1-9]\d{7,9}\Z"), st.sampled_from(["x", "#", "*"]))
def test_mutated_phones_are_rejected(raw: str, junk: str) -> None:
    assert validate_phone(raw + junk).problem is PhoneProblem.NOT_A_NUMBER


# --- names and free text --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Siti Aminah", "Siti Aminah"),
        ("  m.   yusuf  ", "m. yusuf"),
        ("Nur\u2019aini", "Nur'aini"),
        ("Sugeng", "Sugeng"),
    ],
)
def test_names(raw: str, expected: str) -> None:
    assert validate_name(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", TextProblem.EMPTY),
        ("A", TextProblem.TOO_SHORT),
        ("Budi 123", TextProblem.BAD_CHARACTERS),
        ("Budi_S", TextProblem.BAD_CHARACTERS),
        ("=HYPERLINK()", TextProblem.BAD_CHARACTERS),
        ("a" * 81, TextProblem.TOO_LONG),
    ],
)
def test_bad_names(raw: str, problem: TextProblem) -> None:
    assert validate_name(raw).problem is problem


@given(st.text(max_size=120))
def test_text_validators_never_raise(raw: str) -> None:
    assert validate_name(raw).ok == (validate_name(raw).value is not None)
    assert validate_free_text(raw).ok == (validate_free_text(raw).value is not None)


def test_free_text() -> None:
    assert validate_free_text("Warung Bu Sri 2").value == "Warung Bu Sri 2"
    assert validate_free_text("x").problem is TextProblem.TOO_SHORT
    assert validate_free_text("1234").problem is TextProblem.NO_LETTERS


# --- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "count"), [("0", 0), ("5", 5), ("12 orang", 12), ("tidak ada", 0), ("3 karyawan", 3)])
def test_employee_counts(raw: str, count: int) -> None:
    assert parse_employee_count(raw).value == count


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("", NumberProblem.EMPTY), ("banyak", NumberProblem.NOT_A_NUMBER), ("-3", NumberProblem.NOT_A_NUMBER)],
)
def test_bad_employee_counts(raw: str, problem: NumberProblem) -> None:
    assert parse_employee_count(raw).problem is problem


@given(st.text(max_size=60))
def test_number_parsers_never_raise(raw: str) -> None:
    parse_employee_count(raw)
