"""The branch's areas named inside a longer answer ("Kec. Sanankulon, Kab Blitar")."""

from __future__ import annotations

AMBIGUOUS = "ambiguous"


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
