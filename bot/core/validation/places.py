"""The branch's areas, their sub-districts (kecamatan), and the region code a NIK starts with.

Kantor Cabang Blitar serves Kota Blitar, Kabupaten Blitar, Tulungagung and Trenggalek
(fact sheet §12). The kecamatan follow the Kemendagri region list (Kepmendagri
100.1.1-6117/2022); they were written out for this module and checked against public
lists, not against the decree itself: a staff member should confirm them once.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.validation.nik import validate_nik

OTHER_AREA = "other"
# The first four NIK digits: province and regency/city (Kemendagri codes).
AREA_OF_REGION_CODE = {
    "3503": "trenggalek",
    "3504": "tulungagung",
    "3505": "kab_blitar",
    "3572": "kota_blitar",
}
KECAMATAN: dict[str, tuple[str, ...]] = {
    "kota_blitar": ("Kepanjenkidul", "Sananwetan", "Sukorejo"),
    "kab_blitar": (
        "Bakung", "Binangun", "Doko", "Gandusari", "Garum", "Kademangan", "Kanigoro", "Kesamben",
        "Nglegok", "Panggungrejo", "Ponggok", "Sanankulon", "Selopuro", "Selorejo", "Srengat",
        "Sutojayan", "Talun", "Udanawu", "Wates", "Wlingi", "Wonodadi", "Wonotirto",
    ),
    "tulungagung": (
        "Bandung", "Besuki", "Boyolangu", "Campurdarat", "Gondang", "Kalidawir", "Karangrejo", "Kauman",
        "Kedungwaru", "Ngantru", "Ngunut", "Pagerwojo", "Pakel", "Pucanglaban", "Rejotangan", "Sendang",
        "Sumbergempol", "Tanggunggunung", "Tulungagung",
    ),
    "trenggalek": (
        "Bendungan", "Dongko", "Durenan", "Gandusari", "Kampak", "Karangan", "Munjungan", "Panggul",
        "Pogalan", "Pule", "Suruh", "Trenggalek", "Tugu", "Watulimo",
    ),
}  # fmt: skip
_PREFIXES = frozenset({"kec", "kec.", "kecamatan", "kel", "kel.", "kelurahan", "desa", "ds", "ds."})
_LONGEST_NAME_WORDS = 3  # "Kepanjen Kidul", "Tanggung Gunung": names typed in up to three words


@dataclass(frozen=True, slots=True)
class Kecamatan:
    name: str  # as the region list writes it
    area: str


def area_of_nik(nik: object) -> str | None:
    """The branch area a valid NIK was issued in, OTHER_AREA for elsewhere, None without one."""
    result = validate_nik(str(nik or ""))
    if result.nik is None:
        return None
    return AREA_OF_REGION_CODE.get(result.nik[:4], OTHER_AREA)


def _key(name: str) -> str:
    return name.lower().replace(" ", "").replace("-", "")


_BY_KEY: dict[str, list[Kecamatan]] = {}
for _area, _names in KECAMATAN.items():
    for _name in _names:
        _BY_KEY.setdefault(_key(_name), []).append(Kecamatan(_name, _area))


def kecamatan_in(said: str) -> list[Kecamatan]:
    """The branch's kecamatan a normalised answer names ("ngunut", "kec sanan wetan"), longest first.

    Two entries for one name (Gandusari is in Kabupaten Blitar and in Trenggalek) mean the
    answer alone does not say which.
    """
    words = [word for word in said.replace(",", " ").split() if word not in _PREFIXES]
    for size in range(_LONGEST_NAME_WORDS, 0, -1):
        for start in range(len(words) - size + 1):
            found = _BY_KEY.get("".join(words[start : start + size]))
            if found:
                return list(found)
    return []
