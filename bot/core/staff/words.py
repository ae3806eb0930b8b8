"""Staff words for areas and roles, as typed on the CLI or in a segment ("kab-blitar", "mandiri")."""

from __future__ import annotations

AREAS = {
    "kota_blitar": "kota_blitar",
    "kab_blitar": "kab_blitar",
    "kabupaten_blitar": "kab_blitar",
    "tulungagung": "tulungagung",
    "trenggalek": "trenggalek",
    "other": "other",
    "lainnya": "other",
    "luar": "other",
}
ROLES = {
    "pekerja": "employee",
    "karyawan": "employee",
    "employee": "employee",
    "pemilik": "owner",
    "pemilik_usaha": "owner",
    "owner": "owner",
    "mandiri": "self_employed",
    "pekerja_mandiri": "self_employed",
    "self_employed": "self_employed",
}


def word_key(text: str) -> str:
    """'Kab. Blitar' / 'kab-blitar' -> 'kab_blitar'."""
    return "_".join(text.strip().lower().replace("-", " ").replace(".", " ").split())
