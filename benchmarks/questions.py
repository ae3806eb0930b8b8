"""FAQ questions the load benchmarks' simulated people ask (typed as people type them)."""

QUESTIONS = (
    "berapa iuran bpjs ketenagakerjaan untuk pedagang?",
    "apa itu JHT?",
    "kapan jht bisa dicairkan",
    "saya ojol bisa daftar bpjs tk ga",
    "program apa saja yang ada",
    "apa manfaat jkm kalau meninggal",
    "syarat klaim jkk kecelakaan kerja",
    "iuran jkk berapa persen",
    "cara daftar bpjs ketenagakerjaan bukan penerima upah",
    "apakah petani bisa ikut jaminan sosial",
)
