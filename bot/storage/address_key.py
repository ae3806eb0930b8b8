"""The key behind opt-out markers: HMAC-SHA256 of a channel address.

After a person erases their data we may keep only "never write to this
address", as a keyed hash. The key lives in a file beside the database (0600),
not in it, so a copy of the database alone cannot be matched against a list of
phone numbers. Keep the key file with the database in backups: without it old
markers no longer match anyone.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_BYTES = 32


def key_path_for(db_path: str | Path) -> Path:
    return Path(f"{db_path}.key")


def load_or_create_key(path: Path) -> bytes:
    """Read the key, creating it atomically on first use (safe if two processes race)."""
    with contextlib.suppress(FileNotFoundError):
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(KEY_BYTES) + "\n")
        # link() fails if another process won the race; then its key is the key.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    key = bytes.fromhex(text)
    if len(key) < 16:
        raise ValueError(f"address key in {path} is too short")
    return key


class AddressHasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, channel: str, address: str) -> str:
        message = f"{channel}:{address}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    @classmethod
    def ephemeral(cls) -> AddressHasher:
        """For throw-away databases (`ask`, `:memory:`): a key nobody keeps."""
        return cls(secrets.token_bytes(KEY_BYTES))
