"""The database's files on disk: readable by the bot's own user only, whatever the umask.

- Directories we create for the database are 0700 (each missing one, not only the last).
- An existing parent directory is tightened to 0700 only when it is evidently ours:
  not the working directory, owned by us, and holding nothing but this database's
  files (the `data/` that earlier versions created 0755). Any other directory —
  a home, /tmp, a shared folder — is left as it is; the files in it are 0600.
- The database file is created 0600 before SQLite opens it, and an existing one
  (or a leftover -wal, -shm or -journal) is tightened to 0600. SQLite creates
  -wal, -shm and -journal with the database file's permissions, so they are 0600 too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def _make_dirs(directory: Path) -> None:
    missing: list[Path] = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=DIR_MODE)
        except FileExistsError:  # created meanwhile by someone else: not ours to chmod
            continue
        os.chmod(path, DIR_MODE)  # mkdir's mode is reduced by the umask; a umask of 077 or more could block us


def _is_ours(directory: Path, database: Path) -> bool:
    """Only this database's files inside, owned by us, and not where we were started."""
    try:
        if directory.resolve() == Path.cwd().resolve():
            return False
        if directory.stat().st_uid != os.getuid():
            return False
        allowed = {database.name, *(database.name + suffix for suffix in COMPANION_SUFFIXES)}
        return all(entry.name in allowed for entry in directory.iterdir())
    except OSError:
        return False


def _tighten(path: Path, mode: int) -> None:
    info = path.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != mode:
        os.chmod(path, mode)


def prepare_database_files(path: str | Path) -> None:
    """Call before SQLite opens `path` (not for ":memory:")."""
    database = Path(path)
    directory = database.parent
    if not directory.exists():
        _make_dirs(directory)
    elif _is_ours(directory, database):
        _tighten(directory, DIR_MODE)
    try:
        fd = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        _tighten(database, FILE_MODE)
    else:
        try:
            os.fchmod(fd, FILE_MODE)
        finally:
            os.close(fd)
    for suffix in COMPANION_SUFFIXES:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            _tighten(companion, FILE_MODE)
