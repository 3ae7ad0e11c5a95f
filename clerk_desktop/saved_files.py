"""Files the desktop saves for the user (exports, CSV): whole or not at all.

The export is fetched, then written beside its final name and renamed over it, so a reader
(the officer opening the folder, a test, a sync client) never finds it half written, and a
failure leaves the earlier file as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def save_whole(path: str | Path, data: bytes) -> str:
    """Write ``data`` to ``path`` atomically and return the path as given."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return str(path)


def _umask() -> int:
    """The process's umask, so the saved file gets the permissions a plain write would give."""
    current = os.umask(0)
    os.umask(current)
    return current
