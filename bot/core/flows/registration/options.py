"""Steps, button options and the words people type for them.

Button ids are "reg:<step>:<value>" (short, at most 64 bytes), so a button from
an earlier message is recognised as stale instead of being misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.models import Choice

PREFIX = "reg:"
BTN_BACK = "reg:back"
BACK_WORDS = frozenset({"kembali", "balik", "back", "mundur", "sebelumnya"})

ROLES = ("employee", "owner", "self_employed")
AREAS_IN_BRANCH = ("kota_blitar", "kab_blitar", "tulungagung", "trenggalek")
OTHER_AREA = "other"


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label_key: str
    words: frozenset[str] = frozenset()


def _words(*items: str) -> frozenset[str]:
    return frozenset(items)


CONSENT = (
    Option(
        "yes",
        "label.registration.consent_yes",
        _words("ya", "iya", "y", "yes", "setuju", "ok", "oke", "boleh", "ya saya setuju", "saya setuju", "ya setuju"),
    ),
    Option(
        "no",
        "label.registration.consent_no",
        _words("tidak", "tdk", "no", "n", "gak", "ga", "nggak", "tidak setuju", "tolak", "jangan"),
    ),
)
ROLE = (
    Option(
        "employee",
        "label.registration.role_employee",
        _words(
            "pekerja",
            "karyawan",
            "pekerja karyawan",
            "buruh",
            "pegawai",
            "penerima upah",
            "pekerja penerima upah",
            "pu",
        ),
    ),
    Option(
        "owner",
        "label.registration.role_owner",
        _words("pemilik usaha", "pemilik", "pengusaha", "usaha", "majikan", "bos", "juragan"),
    ),
    Option(
        "self_employed",
        "label.registration.role_self_employed",
        _words("mandiri", "pekerja mandiri", "informal", "bpu", "wiraswasta", "freelance", "serabutan"),
    ),
)
AREA = (
    Option("kota_blitar", "label.registration.area_kota_blitar", _words("kota blitar", "kota")),
    Option(
        "kab_blitar",
        "label.registration.area_kab_blitar",
        _words("kabupaten blitar", "kab blitar", "kab. blitar", "kab.blitar", "kabupaten"),
    ),
    Option("tulungagung", "label.registration.area_tulungagung", _words("tulungagung", "tulung agung", "ta")),
    Option("trenggalek", "label.registration.area_trenggalek", _words("trenggalek", "trenggalik")),
    Option("other", "label.registration.area_other", _words("lainnya", "lain", "lain lain", "daerah lain")),
)
SECTOR = (
    Option(
        "perdagangan",
        "label.registration.sector_trade",
        _words("dagang", "perdagangan", "toko", "warung", "perdagangan toko"),
    ),
    Option(
        "kuliner",
        "label.registration.sector_food",
        _words("kuliner", "makanan", "minuman", "makanan minuman", "makanan & minuman"),
    ),
    Option(
        "pertanian",
        "label.registration.sector_farm",
        _words("pertanian", "tani", "peternakan", "perikanan", "pertanian perikanan"),
    ),
    Option("jasa", "label.registration.sector_service", _words("jasa", "layanan")),
    Option("transportasi", "label.registration.sector_transport", _words("transportasi", "angkutan")),
    Option(
        "industri",
        "label.registration.sector_industry",
        _words("industri", "kerajinan", "produksi", "pabrik", "industri kerajinan"),
    ),
    Option("lainnya", "label.registration.sector_other", _words("lainnya", "lain")),
)
_YES = _words("ya", "iya", "sudah", "sdh", "udah", "yes", "y", "semua")
_NO = _words("belum", "blm", "tidak", "tdk", "no", "n", "gak", "ga", "nggak", "enggak", "belum semua")
_UNKNOWN = _words("tidak tahu", "tdk tahu", "gak tahu", "ga tau", "gatau", "nggak tahu", "kurang tahu", "entah")
EMPLOYEES_REGISTERED = (
    Option("yes", "label.registration.registered_yes", _YES),
    Option("no", "label.registration.registered_no", _NO),
    Option("unknown", "label.registration.registered_unknown", _UNKNOWN),
)
EMPLOYER_REGISTERED = (
    Option("yes", "label.registration.registered_yes", _YES),
    Option("no", "label.registration.registered_no", _NO),
    Option("unknown", "label.registration.registered_unknown", _UNKNOWN),
)
PROGRAMS = (
    Option(
        "jkk_jkm",
        "label.registration.programs_two",
        _words("jkk jkm", "jkk+jkm", "jkk + jkm", "2 program", "dua program"),
    ),
    Option(
        "jkk_jkm_jht",
        "label.registration.programs_three",
        _words("jkk jkm jht", "jkk+jkm+jht", "jkk + jkm + jht", "3 program", "tiga program", "dengan jht", "plus jht"),
    ),
)
CONTACT_TIME = (
    Option("pagi", "label.registration.time_morning", _words("pagi")),
    Option("siang", "label.registration.time_noon", _words("siang")),
    Option("sore", "label.registration.time_afternoon", _words("sore")),
    Option(
        "any",
        "label.registration.time_any",
        _words("kapan saja", "kapan aja", "kapanpun", "bebas", "terserah", "kapan"),
    ),
)
SUMMARY = (
    Option(
        "confirm",
        "label.registration.confirm",
        _words("ya", "benar", "betul", "kirim", "kirim data", "ok", "oke", "sudah benar"),
    ),
    Option("role", "label.registration.edit_role", _words("ubah peran", "peran", "status")),
    Option("name", "label.registration.edit_name", _words("ubah nama", "nama")),
    Option("nik", "label.registration.edit_nik", _words("ubah nik", "nik")),
    Option(
        "phone",
        "label.registration.edit_phone",
        _words("ubah nomor", "ubah nomor hp", "ubah hp", "nomor", "hp", "telepon", "wa"),
    ),
    Option("area", "label.registration.edit_area", _words("ubah wilayah", "wilayah", "alamat", "daerah")),
    Option("details", "label.registration.edit_details", _words("ubah detail", "detail", "usaha", "pekerjaan")),
    Option("contact_time", "label.registration.edit_time", _words("ubah waktu", "ubah waktu hubungi", "waktu", "jam")),
)

OPTIONS: dict[str, tuple[Option, ...]] = {
    "consent": CONSENT,
    "role": ROLE,
    "area": AREA,
    "sector": SECTOR,
    "employees_registered": EMPLOYEES_REGISTERED,
    "employer_registered": EMPLOYER_REGISTERED,
    "programs": PROGRAMS,
    "contact_time": CONTACT_TIME,
    "summary": SUMMARY,
}

_PUNCT = re.compile(r"[^\w\s+.]")


def normalise(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower()).split()).strip(" .")


def button_id(step: str, value: str) -> str:
    return f"{PREFIX}{step}:{value}"


def choices_for(step: str, *, back: bool = True) -> tuple[Choice, ...]:
    found = tuple(Choice(button_id(step, o.value), o.label_key) for o in OPTIONS.get(step, ()))
    if back:
        found += (Choice(BTN_BACK, "label.registration.back"),)
    return found


def pick(step: str, button: str | None, text: str) -> str | None:
    """The option value a button press or typed answer means at `step`, if any."""
    options = OPTIONS.get(step, ())
    if button is not None:
        for option in options:
            if button == button_id(step, option.value):
                return option.value
        return None
    said = normalise(text)
    if said.isdigit() and 1 <= int(said) <= len(options):
        return options[int(said) - 1].value
    for option in options:
        if said in option.words or said == option.value:
            return option.value
    return None


AMBIGUOUS = "ambiguous"


def area_in_text(said: str) -> str | None:
    """One of the branch's areas named inside a longer answer ("Kec. Sanankulon, Kab Blitar").

    Returns the area, AMBIGUOUS for a bare "Blitar" (city or regency?), or None.
    """
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
