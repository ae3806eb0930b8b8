"""Is this short message someone asking to talk to a person rather than the bot?

"PETUGAS" alone always is (the engine checks the single words). Beyond that people
write "minta dihubungi petugas", "pengen ngobrol sama orang", "sambungkan ke cs",
"aku njaluk ngomong karo admin", "talk to a human". A sentence counts when it pairs
a way of reaching someone (talk, contact, connect, call) with a person (staff, admin,
CS, a human), or asks to be contacted ("tolong hubungi saya"), and is short and not
a question about something else: "apakah petugas bisa datang ke pasar?" or
"petugas kebersihan" are not requests for a person.
"""

from __future__ import annotations

import re

# Longer messages are stories or questions; a request for a person is a few words.
MAX_WORDS = 9

_PERSON = (
    r"(?:petugas|admin|admn|operator|cs|customer\s+service|customer\s+care|manusia|orang(?:\s+asli)?"
    r"|agen|agent|human|person|staf|staff|pegawai|karyawan\s+bpjs|pihak\s+bpjs|mbak\s+cs|mas\s+cs)"
)
_REACH = (
    r"(?:bicara|berbicara|ngomong|ngomongan|omong|omongan|ngobrol|mengobrol|obrol|chat|chatting|wa|telp|telpon|telepon"
    r"|nelpon|menelepon|hubungi|dihubungi|menghubungi|hubungkan|dihubungkan|sambung|sambungkan|disambungkan"
    r"|nyambung|tersambung|ketemu|bertemu|konsultasi|tanya|nanya|bertanya|talk|speak|contact|connect)"
)
_WITH = r"(?:dengan|dgn|sama|sm|ke|kepada|karo|kalih|marang|to|with|a|an|the|langsung|saja|aja|dong|ya)"
_FILLER = (
    r"(?:kak|ka|mas|mbak|pak|bu|bapak|ibu|min|gan|halo|hallo|permisi|saya|aku|kula|kulo|i|me|tolong|mohon|minta"
    r"|mau|ingin|pengen|pingin|kepengen|pgn|bisa|boleh|njaluk|jaluk|arep|pengin|want|would|like|please|can|could"
    r"|let|need)"
)

# "(minta) (dihubungi/ngomong) (sama) petugas", "petugas (tolong) hubungi saya"
_REACH_PERSON = re.compile(rf"\b{_REACH}(?:\s+(?:saya|aku|kami|me|us))?(?:\s+{_WITH})*\s+{_PERSON}\b")
_PERSON_THEN_REACH = re.compile(rf"\b{_PERSON}\s+(?:{_FILLER}\s+)*{_REACH}\s+(?:saya|aku|kula|kulo|me)\b")
# "minta petugas", "mau admin", "kak, cs aja", "customer service"
_WANT_PERSON = re.compile(rf"^(?:{_FILLER}\s+)*{_PERSON}(?:\s+{_WITH})*$")
# "tolong hubungi saya", "minta ditelpon", "call me"
_CONTACT_ME = re.compile(
    r"^(?:(?:tolong|mohon|minta|mau|ingin|pengen|bisa|njaluk|please)\s+)+"
    r"(?:hubungi|telpon|telepon|telp|ditelpon|ditelepon|dihubungi|di\s+telpon|dihubungi\s+petugas)"
    r"(?:\s+(?:saya|aku|kula|kulo))?(?:\s+(?:ya|dong|aja|saja))*$"
    r"|^(?:please\s+)?call\s+me$"
)
# A question about a topic that merely mentions staff is for the FAQ.
_QUESTION_WORDS = re.compile(
    r"\b(?:apakah|apa|apa\s+itu|berapa|kenapa|mengapa|gimana|bagaimana|kapan|dimana|di\s+mana|siapa|syarat"
    r"|datang|dateng|kunjungi|minta\s+uang|bayar|penipuan|nipu|palsu|iuran|jht|jkk|jkm|jp|jkp|klaim|cair)\b"
)
_CLEAN = re.compile(r"[^\w\s]+")


def asks_for_a_person(text: str) -> bool:
    said = " ".join(_CLEAN.sub(" ", text.lower()).split())
    if not said or len(said.split()) > MAX_WORDS or _QUESTION_WORDS.search(said):
        return False
    return bool(
        _REACH_PERSON.search(said)
        or _PERSON_THEN_REACH.search(said)
        or _WANT_PERSON.match(said)
        or _CONTACT_ME.match(said)
    )
