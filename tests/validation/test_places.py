"""The branch's areas, kecamatan and NIK region codes (bot.core.validation.places)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.flows.kit.words import normalise
from bot.core.validation.places import KECAMATAN, OTHER_AREA, area_of_nik, kecamatan_in

EVERY = [(area, name) for area, names in KECAMATAN.items() for name in names]


def test_the_four_areas_and_their_kecamatan_counts() -> None:
    # Kota Blitar 3, Kabupaten Blitar 22, Tulungagung 19, Trenggalek 14 (Kemendagri region list)
    assert {area: len(names) for area, names in KECAMATAN.items()} == {
        "kota_blitar": 3,
        "kab_blitar": 22,
        "tulungagung": 19,
        "trenggalek": 14,
    }


@pytest.mark.parametrize(("area", "name"), EVERY)
def test_every_kecamatan_is_found_as_people_type_it(area: str, name: str) -> None:
    for typed in (name, name.upper(), f"Kec. {name}", f"Desa Sumber, Kecamatan {name}"):
        assert area in {k.area for k in kecamatan_in(normalise(typed))}, typed


@pytest.mark.parametrize(("typed", "name"), [("sanan wetan", "Sananwetan"), ("kepanjen kidul", "Kepanjenkidul")])
def test_names_written_in_two_words(typed: str, name: str) -> None:
    assert [k.name for k in kecamatan_in(typed)] == [name]


def test_gandusari_is_in_two_areas_and_kediri_in_none() -> None:
    assert {k.area for k in kecamatan_in("gandusari")} == {"kab_blitar", "trenggalek"}
    assert kecamatan_in("kediri") == []


@pytest.mark.parametrize(
    ("nik", "area"),
    [
        ("3503121708900001", "trenggalek"),
        ("3504121708900001", "tulungagung"),
        ("3505121708900001", "kab_blitar"),
        ("3572015708850004", "kota_blitar"),
        ("3506121708900001", OTHER_AREA),
        ("not a nik", None),
        (None, None),
    ],
)
def test_the_area_a_nik_was_issued_in(nik: str | None, area: str | None) -> None:
    assert area_of_nik(nik) == area


@given(st.text(max_size=80))
def test_any_text_is_searched_without_an_exception(text: str) -> None:
    for found in kecamatan_in(normalise(text)):
        assert found.name in KECAMATAN[found.area]
    area_of_nik(text)
