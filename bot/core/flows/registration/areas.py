"""Where a person says they live or work: one of the branch's areas, a kecamatan, or elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.validation.places import kecamatan_in

AMBIGUOUS = "ambiguous"
BLITAR = ("kota_blitar", "kab_blitar")


@dataclass(frozen=True, slots=True)
class Place:
    area: str | None  # one of the branch's areas, when the answer settles it
    kecamatan: str | None = None
    candidates: tuple[str, ...] = ()  # the areas an unsettled answer could mean ("Blitar", "Gandusari")


def area_in_text(said: str) -> str | None:
    """One of the branch's areas in a normalised answer; AMBIGUOUS for a bare "Blitar"; or None."""
    words = set(said.replace(".", " ").split())
    if "tulungagung" in words or "tulung agung" in said:
        return "tulungagung"
    if "trenggalek" in words:
        return "trenggalek"
    if "blitar" in words:
        if "kota" in words:
            return "kota_blitar"
        if words & {"kab", "kabupaten"}:
            return "kab_blitar"
        return AMBIGUOUS
    return None


def place_in_text(said: str, nik_area: str | None = None) -> Place:
    """The area and kecamatan a typed answer names; the NIK's area settles a name two areas share."""
    named = area_in_text(said)
    found = kecamatan_in(said)
    if named not in (None, AMBIGUOUS):
        return Place(named, next((k.name for k in found if k.area == named), None))
    if named == AMBIGUOUS:
        found = [k for k in found if k.area in BLITAR]
    candidates = tuple(dict.fromkeys(k.area for k in found)) or (BLITAR if named == AMBIGUOUS else ())
    kecamatan = found[0].name if found else None
    if len(candidates) == 1:
        return Place(candidates[0], kecamatan)
    if nik_area in candidates:
        return Place(nik_area, kecamatan)
    return Place(None, kecamatan, candidates)
