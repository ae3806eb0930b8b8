"""`X-Hub-Signature-256`: HMAC-SHA256 of the raw request body with the app secret.

Meta signs every webhook POST with the app secret ("sha256=" + hex digest).
The check runs on the exact bytes received (never on re-encoded JSON) and
compares in constant time.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Hub-Signature-256"
PREFIX = "sha256="


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta sends for `body` (tests and the Cloud API fake sign with it)."""
    return PREFIX + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, header: str | None, app_secret: str) -> bool:
    """True only for a present, well-formed header that matches; an empty secret matches nothing."""
    if not header or not app_secret:
        return False
    given = header.strip().lower().encode("ascii", errors="replace")
    return hmac.compare_digest(given, sign(body, app_secret).encode("ascii"))
