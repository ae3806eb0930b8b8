"""Create an export file safely: owner-only, never through a symlink, never a silent overwrite.

Without `force` the file is opened with O_CREAT|O_EXCL|O_NOFOLLOW, so the kernel refuses
anything already at the path (a file, or a symlink even to nowhere) in the same step that
creates it: there is no gap between checking and creating. With `force` the content goes to
a fresh owner-only file beside the target, then is renamed over it; a symlink at the target is
refused, and a rename replaces a link that appears meanwhile rather than writing through it.
A write that fails leaves no partial file behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

PRIVATE_MODE = 0o600
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)

Refusal = Literal["exists", "symlink", "not_a_file"]


class UnsafeTarget(OSError):
    """The export target cannot be written safely; `reason` says why."""

    def __init__(self, path: Path, reason: Refusal) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason: Refusal = reason


def _check_replaceable(target: Path) -> None:
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise UnsafeTarget(target, "symlink")
    if not stat.S_ISREG(mode):
        raise UnsafeTarget(target, "not_a_file")


def _open_new(target: Path) -> int:
    try:
        return os.open(target, _NEW_FILE_FLAGS, PRIVATE_MODE)
    except FileExistsError:
        raise UnsafeTarget(target, "symlink" if target.is_symlink() else "exists") from None
    except OSError as exc:  # ELOOP: O_NOFOLLOW met a symlink (some systems report it so)
        if target.is_symlink():
            raise UnsafeTarget(target, "symlink") from exc
        raise


@contextlib.contextmanager
def private_file(target: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A binary file for writing `target`, readable by its owner only (it may hold full NIKs)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if force:
        _check_replaceable(target)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        written = Path(temporary)
    else:
        descriptor, written = _open_new(target), target
    try:
        with os.fdopen(descriptor, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            _check_replaceable(target)
            os.replace(written, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(written)
        raise
