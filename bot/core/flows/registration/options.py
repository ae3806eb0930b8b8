"""The registration's button options and the words people type for them.

Button ids are "reg:<step>:<value>" (the kit builds them), so a button from an
earlier message is recognised as stale instead of being misread.
"""

from __future__ import annotations

from bot.core.flows.kit import Option, words
from bot.core.flows.kit.words import UNKNOWN_WORDS

ROLES = ("employee", "owner", "self_employed")
AREAS_IN_BRANCH = ("kota_blitar", "kab_blitar", "tulungagung", "trenggalek")
OTHER_AREA = "other"
KECAMATAN_LIST = "list"

CONSENT = (
    Option(
        "yes",
        "label.registration.consent_yes",
        words("ya", "iya", "y", "yes", "setuju", "ok", "oke", "boleh", "ya saya setuju", "saya setuju", "ya setuju"),
    ),
    Option(
        "no",
        "label.registration.consent_no",
        words("tidak", "tdk", "no", "n", "gak", "ga", "nggak", "tidak setuju", "tolak", "jangan"),
    ),
)
ROLE = (
    Option(
        "employee",
        "label.registration.role_employee",
        words("pekerja", "karyawan", "pekerja/karyawan", "buruh", "pegawai", "penerima upah", "pu"),
    ),
    Option(
        "owner",
        "label.registration.role_owner",
        words("pemilik usaha", "pemilik", "pengusaha", "usaha", "majikan", "bos", "juragan"),
    ),
    Option(
        "self_employed",
        "label.registration.role_self_employed",
        words("mandiri", "pekerja mandiri", "informal", "bpu", "wiraswasta", "freelance", "serabutan"),
    ),
)
AREA = (
    Option("kota_blitar", "label.registration.area_kota_blitar", words("kota blitar", "kota")),
    Option(
        "kab_blitar",
        "label.registration.area_kab_blitar",
        words("kabupaten blitar", "kab blitar", "kab. blitar", "kab.blitar", "kabupaten"),
    ),
    Option("tulungagung", "label.registration.area_tulungagung", words("tulungagung", "tulung agung", "ta")),
    Option("trenggalek", "label.registration.area_trenggalek", words("trenggalek", "trenggalik")),
    Option(OTHER_AREA, "label.registration.area_other", words("lainnya", "lain", "lain lain", "daerah lain")),
    Option(
        KECAMATAN_LIST,
        "label.registration.area_list",
        words("daftar kecamatan", "kecamatan", "lihat kecamatan", "list kecamatan", "kecamatan apa saja"),
    ),
)
SECTOR = (
    Option(
        "perdagangan",
        "label.registration.sector_trade",
        words("dagang", "perdagangan", "toko", "warung", "perdagangan/toko"),
    ),
    Option(
        "kuliner",
        "label.registration.sector_food",
        words("kuliner", "makanan", "minuman", "makanan minuman", "makanan & minuman"),
    ),
    Option(
        "pertanian",
        "label.registration.sector_farm",
        words("pertanian", "tani", "peternakan", "perikanan", "pertanian/perikanan"),
    ),
    Option("jasa", "label.registration.sector_service", words("jasa", "layanan")),
    Option("transportasi", "label.registration.sector_transport", words("transportasi", "angkutan")),
    Option(
        "industri",
        "label.registration.sector_industry",
        words("industri", "kerajinan", "produksi", "pabrik", "industri/kerajinan"),
    ),
    Option("lainnya", "label.registration.sector_other", words("lainnya", "lain")),
)
REGISTERED = (
    Option("yes", "label.registration.registered_yes", words("ya", "iya", "sudah", "sdh", "udah", "yes", "y", "semua")),
    Option(
        "no",
        "label.registration.registered_no",
        words("belum", "blm", "tidak", "tdk", "no", "n", "gak", "ga", "nggak", "enggak", "belum semua"),
    ),
    Option("unknown", "label.registration.registered_unknown", UNKNOWN_WORDS),
)
OWNER_COVER = (
    Option(
        "want",
        "label.registration.owner_want",
        words("ya", "iya", "mau", "mau ikut", "ya mau", "ya mau ikut", "ikut", "boleh"),
    ),
    Option(
        "already",
        "label.registration.owner_already",
        words("sudah", "udah", "sdh", "sudah terdaftar", "sudah ikut", "sudah punya"),
    ),
    Option(
        "not_now",
        "label.registration.owner_not_now",
        words("tidak", "tdk", "gak", "ga", "nggak", "nanti", "nanti saja", "tidak dulu", "belum perlu", "tidak usah"),
    ),
    Option("unknown", "label.registration.registered_unknown", UNKNOWN_WORDS),
)
PROGRAMS = (
    Option(
        "jkk_jkm",
        "label.registration.programs_two",
        words("jkk jkm", "jkk+jkm", "jkk + jkm", "2 program", "dua program"),
    ),
    Option(
        "jkk_jkm_jht",
        "label.registration.programs_three",
        words("jkk jkm jht", "jkk+jkm+jht", "jkk + jkm + jht", "3 program", "tiga program", "dengan jht", "plus jht"),
    ),
)
CONTACT_TIME = (
    Option("pagi", "label.registration.time_morning", words("pagi")),
    Option("siang", "label.registration.time_noon", words("siang")),
    Option("sore", "label.registration.time_afternoon", words("sore")),
    Option(
        "any",
        "label.registration.time_any",
        words("kapan saja", "kapan aja", "kapanpun", "bebas", "terserah", "kapan"),
    ),
)
SUMMARY = (
    Option(
        "confirm",
        "label.registration.confirm",
        words("ya", "benar", "betul", "kirim", "kirim data", "ok", "oke", "sudah benar"),
    ),
    Option("role", "label.registration.edit_role", words("ubah peran", "peran", "status")),
    Option("name", "label.registration.edit_name", words("ubah nama", "nama")),
    Option("nik", "label.registration.edit_nik", words("ubah nik", "nik")),
    Option(
        "phone",
        "label.registration.edit_phone",
        words("ubah nomor", "ubah nomor hp", "ubah hp", "nomor", "hp", "telepon", "wa"),
    ),
    Option("area", "label.registration.edit_area", words("ubah wilayah", "wilayah", "alamat", "daerah")),
    Option("details", "label.registration.edit_details", words("ubah detail", "detail", "usaha", "pekerjaan")),
    Option(
        "contact_time",
        "label.registration.edit_time",
        words("ubah waktu", "ubah waktu hubungi", "waktu", "jam"),
    ),
)
