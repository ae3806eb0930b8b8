"""A request to look up one person's own record ("min tolong cek saldo JHT saya, NIK 3505...").

The bot holds no member's balance, claim or arrears, so such a request is not answered with the
general entry ("saldo bisa dilihat di JMO") as if that were the figure asked: the reply says
plainly that it cannot look, warns against sending a NIK in a chat, and says where the person
can look themselves. A question about how to check ("cara cek saldo JHT?") is not a lookup.
"""

from __future__ import annotations

import re

from bot.faq.amount_reading import amounts_in

# A NIK (16 digits, or its masked form "3505xxxxxxxxxxxx"), or a membership number after its name
# (not "atas nama": "atas nama perusahaan" is how a business speaks).
_IDENTIFIER = re.compile(
    r"\b\d{16}\b|\b\d{4}[x*]{8,12}\b"
    r"|\b(?:nik|kpj|no\.?\s*kpj|nomor\s+kpj|no\.?\s*peserta|nomor\s+peserta)(?:\s*(?:saya|sy|ku|aku))?"
    r"\s*[:.]?\s*[\dx*]{6,}",
    re.IGNORECASE,
)
# The bot asked to check: "tolong cek", "mohon dicek", "cekin dong".
_REQUEST = re.compile(
    r"\b(?:tolong|mohon|bantu|minta|coba|nyuwun)\b\W*(?:\w+\W+){0,2}?"
    r"(?:cek|cekin|cekkan|dicek|dicekkan|dicekin|ngecek|ngecekin|periksa|diperiksa|lihatkan|dilihatkan)\b"
    r"|\b(?:cekin|cekkan|dicekkan|dicekin)\b",
    re.IGNORECASE,
)
# ... about the asker's own record ("saldo saya", "klaimku", "iuran bapak saya").
_OWN = re.compile(r"\b(?:saya|sy|aku|gw|gue|gua|kula|kulo|my)\b|\b\w{3,}ku\b", re.IGNORECASE)
_RECORD = re.compile(
    r"\b(?:saldo|status|klaim|klaimnya|tunggakan|nunggak|iuran|kepesertaan|data|kpj|nomor|akun|pencairan|pengajuan|berkas)",
    re.IGNORECASE,
)
# "saldo JHT saya berapa?", "saldoku skrg brp", "nomor KPJ saya berapa?": the figure of one
# person's account, or its number.
_OWN_BALANCE = re.compile(
    r"\b(?:saldo|nomor|nomer|no)\s*(?:jht|kpj|va|virtual\s+account|peserta|kepesertaan)?\s*(?:nya\s+)?"
    # "nomor virtual account iuran perusahaan saya bulan ini berapa?": whose, a word or two on
    r"(?:(?:iuran|perusahaan|usaha|toko|kantor|bapak|ibu|suami|istri)\s+){0,2}"
    r"(?:saya|sy|aku|ku|gw|gue|kula)\s+(?:\w+\s+){0,3}?(?:berapa|brp|pinten|piro|pira)\b"
    r"|\bsaldo\s*(?:jht)?ku\s+(?:\w+\s+){0,2}?(?:berapa|brp|piro)\b",
    re.IGNORECASE,
)
# "klaim almarhum bapak saya sudah diproses belum?", "perusahaan saya sudah setor iuran oktober
# belum ya?": whether one person's claim or payment has gone through, asked as a yes/no question
# that ends on "belum". Only the record can tell; "sudah bisa belum?" asks what is allowed, and
# whether someone has been registered is left to the FAQ (how to check it in JMO).
_STATUS_QUESTION = re.compile(
    r"\b(?:sudah|sdh|udah|udh|dah|wis|wes|sampun)\b(?P<between>[^.?!\n]*)"
    r"\b(?:belum|blm|durung|dereng)(?:\s+(?:ya|yah|kah|sih|nggih|to|yo|ta|min|kak|pak|bu))*\s*(?:\?|$)",
    re.IGNORECASE,
)
_STATUS_VERB = re.compile(
    r"\b(?:diproses|proses|disetujui|diacc|di\s*acc|cair|dicairkan|dicairin|masuk|ditransfer|transfer|disetor|setor|"
    r"disetorkan|dibayar|dibayarkan|terbayar|diterima|diverifikasi|beres|selesai|mlebu|dicairke)\b",
    re.IGNORECASE,
)
# ... and the other things a person's case is about, beside the records above (_RECORD).
_CASE = re.compile(
    r"\b(?:setoran\w*|dana\w*|uang\w*|punyaku|punya\s+saya|jht\w*|jkm\w*|jkp\w*|jp|santunan\w*|beasiswa\w*)\b",
    re.IGNORECASE,
)
# "pengajuan beasiswa anak saya sudah sampai tahap mana?": how far one person's case has got.
_HOW_FAR = re.compile(
    r"\b(?:sampai|sampe|nyampe|sampun|tekan)\s+(?:tahap\s+|proses\s+)?(?:mana|manakah|ngendi|pundi)\b", re.IGNORECASE
)
# "kenapa klaim JKM ayah saya ditolak?", "klaim saya kok masih diproses terus, kenapa?": why one
# person's case was refused or is stuck. Only the record (and the office) can say.
_WHY = re.compile(
    r"\b(?:kenapa|knp|napa|ngapa|mengapa|kok|kog|why|apa\s+sebabnya|sebabnya\s+apa|alasannya\s+apa)\b", re.IGNORECASE
)
_STUCK = re.compile(
    r"\b(?:ditolak|tertolak|gagal|pending|dipending|ditangguhkan|tertunda|ditunda)\b"
    r"|\b(?:masih|tetap|tetep|kok)\s+(?:\w+\s+)?(?:diproses|proses|menunggu|verifikasi)\b",
    re.IGNORECASE,
)
# "punya almarhum bapak saya diajukan tanggal 10 kok belum masuk rekening?": not through yet, asked
# without "sudah".
_NOT_YET = re.compile(
    r"\b(?:kok|kog|tapi|tp|kenapa|knp)\s+(?:masih\s+)?(?:belum|blm|durung|dereng)\s+(?:juga\s+)?"
    r"(?:diproses|cair|dicairkan|masuk|ditransfer|dibayar|dibayarkan|diterima|mlebu)\b",
    re.IGNORECASE,
)
_SUBMITTED = re.compile(r"\b(?:diajukan|diajukannya|saya\s+ajukan|sudah\s+ajukan|diserahkan)\b", re.IGNORECASE)
# "kenapa saldo jht saya bulan ini lebih kecil?": a balance that shrank is the record's to explain
# (not dues that differ: "iuran saya lebih kecil dari teman" has a rule behind it).
_BALANCE_SHRANK = re.compile(r"\bsaldo\w*\b[^.?!\n]*\b(?:lebih\s+(?:kecil|sedikit)|berkurang|turun|menyusut)\b", re.I)
_SENTENCE_END = re.compile(r"[.?!\n]")
_MAY = re.compile(r"\b(?:bisa|bs|bisakah|boleh|iso|isa|saged|didaftarkan|didaftarin|terdaftar)\b", re.IGNORECASE)
# Asking how or where to check it oneself: a question the FAQ answers.
_METHOD = re.compile(
    r"\b(?:cara|caranya|carane|gimana|gmn|gmna|bagaimana|piye|pripun|kepiye|how|where|dimana|di\s*mana|"
    r"lewat|via|aplikasi|apk|app|website|situs)\b",
    re.IGNORECASE,
)


def asks_for_lookup(text: str) -> bool:
    """Whether `text` asks the bot to check a person's own record rather than how to check it."""
    if _METHOD.search(text):
        return False
    if _IDENTIFIER.search(text):
        return True
    if amounts_in(text):
        return False  # "saldo JHT saya nanti berapa kalau gaji 4 juta?": a figure to work out
    if _OWN_BALANCE.search(text) or _asks_own_status(text):
        return True
    return bool(_REQUEST.search(text) and _OWN.search(text) and _RECORD.search(text))


def _asks_own_status(text: str) -> bool:
    """Whether `text` asks if the asker's (or their family's, or their business's) claim or payment
    has gone through yet, how far it has got, or why it was refused or is stuck."""
    if not _OWN.search(text):
        return False
    if _HOW_FAR.search(text) and _names_a_case(text):
        return True
    if asks_why_own_case(text):
        return True
    if _NOT_YET.search(text) and (_names_a_case(text) or _SUBMITTED.search(text)):
        return True
    for match in _STATUS_QUESTION.finditer(text):
        sentence = _SENTENCE_END.split(text[: match.start()])[-1] + match.group(0)
        between = match.group("between")
        if not _STATUS_VERB.search(between) or _MAY.search(between):
            continue
        # "Berkas klaim saya sudah saya serahkan ... . Sudah diproses belum ya?": a bare question
        # whose case the sentence before names.
        bare = not _has_words_beyond(between)
        if _names_a_case(sentence) or (bare and _names_a_case(text)):
            return True
    return False


def _has_words_beyond(between: str) -> bool:
    """Whether the words between "sudah" and "belum" say more than the status verb itself."""
    return bool(_STATUS_VERB.sub("", between).strip(" ,"))


def asks_why_own_case(text: str) -> bool:
    """Whether `text` asks why the asker's (or their family's) own claim was refused or is stuck."""
    stuck = _STUCK.search(text) or _BALANCE_SHRANK.search(text)
    return bool(_OWN.search(text) and _WHY.search(text) and stuck and _names_a_case(text))


def _names_a_case(text: str) -> bool:
    """Whether `text` names a record or case of a person's (a claim, the dues, a scholarship...)."""
    return _RECORD.search(text) is not None or _CASE.search(text) is not None


def mentions_oneself(text: str) -> bool:
    """Whether `text` speaks of the asker or their own ("saya", "anakku", "kula")."""
    return _OWN.search(text) is not None
