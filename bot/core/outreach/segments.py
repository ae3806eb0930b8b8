"""Who a broadcast goes to: `area=tulungagung,peran=mandiri,sumber=posterpasar,status=baru`.

Area, role and status are those of the person's registration (lead); the source
is the campaign they came from (a deep-link poster) or their lead's. Everyone
must also have said yes to reminders and information, not said BERHENTI, and be
reachable: that is the audience rule, not part of the segment.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from bot.core.staff.statuses import parse_status, status_words
from bot.core.staff.words import AREAS, ROLES, word_key

_FIELDS = {"area": "area", "wilayah": "area", "peran": "role", "sumber": "source", "status": "status"}


class SegmentError(ValueError):
    """A segment that cannot be read; the message says what is expected (Indonesian, for staff)."""


@dataclass(frozen=True, slots=True)
class Segment:
    area: str | None = None  # kota_blitar, kab_blitar, tulungagung, trenggalek, other
    role: str | None = None  # employee, owner, self_employed
    source: str | None = None  # campaign code
    status: str | None = None  # lead status: new, contacted, registered, declined, unreachable

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v is not None}, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> Segment:
        data = json.loads(raw or "{}")
        return cls(**{k: data.get(k) for k in ("area", "role", "source", "status")})

    @property
    def everyone(self) -> bool:
        return self == Segment()


def parse_segment(text: str) -> Segment:
    """'area=tulungagung,peran=mandiri' -> Segment; '' or 'semua' -> everyone."""
    values: dict[str, str] = {}
    cleaned = (text or "").strip()
    if cleaned.lower() in ("", "semua", "all"):
        return Segment()
    for part in cleaned.split(","):
        name, sep, value = part.partition("=")
        field = _FIELDS.get(name.strip().lower())
        if not sep or field is None or not value.strip():
            raise SegmentError(
                f"segmen tidak dikenal {part.strip()!r}; tulis seperti area=tulungagung,peran=mandiri "
                "(kunci: area, peran, sumber, status)"
            )
        values[field] = _value(field, value.strip())
    return Segment(**values)


def _value(field: str, raw: str) -> str:
    if field == "area":
        code = AREAS.get(word_key(raw))
        if code is None:
            raise SegmentError(
                f"wilayah tidak dikenal {raw!r}; pilih: kota-blitar, kab-blitar, tulungagung, trenggalek"
            )
        return code
    if field == "role":
        code = ROLES.get(word_key(raw))
        if code is None:
            raise SegmentError(f"peran tidak dikenal {raw!r}; pilih: pekerja, pemilik, mandiri")
        return code
    if field == "status":
        status = parse_status(raw)
        if status is None:
            raise SegmentError(f"status tidak dikenal {raw!r}; pilih: {', '.join(status_words())}")
        return status
    return raw
