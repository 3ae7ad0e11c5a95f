"""Files the desktop saves for the user (exports, CSV): whole or not at all.

The export is fetched, then written beside its final name and renamed over it, so a reader
(the officer opening the folder, a test, a sync client) never finds it half written, and a
failure leaves the earlier file as it was.
"""

from __future__ import annotations

import os
import secrets
import stat
import time
from pathlib import Path

# Windows refuses a rename over a file someone holds open (OneDrive, a virus scanner, a viewer that
# just read the previous export): try again for about a second before giving up.
REPLACE_TRIES = 10
REPLACE_PAUSE = 0.1


def save_whole(path: str | Path, data: bytes) -> str:
    """Write ``data`` to ``path`` atomically and return the path as given.

    The new file keeps the mode of the one it replaces (a new one gets what a plain write would: the
    umask applies); a link is followed, so the file it names is the one replaced. Where no file can
    be made beside it (a folder the user may write the file in, not add to), it is written in place.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    temporary = target.with_name(f".{target.name[:40]}.{secrets.token_hex(4)}.part")
    try:
        handle = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o666)
    except PermissionError:
        _write_in_place(target, data)
        return str(path)
    except OSError as exc:  # the folder vanished, the name is too long: say it of the user's file
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        _replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return str(path)


def _write_in_place(target: Path, data: bytes) -> None:
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, str(target)) from None


def _replace(temporary: Path, target: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(temporary, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(REPLACE_PAUSE)
