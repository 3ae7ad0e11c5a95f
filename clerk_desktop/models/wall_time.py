"""Athens wall-clock times as the clerk reads them; the hour lived twice when summer time ends told apart."""

from __future__ import annotations

from datetime import datetime

from clerk_desktop.models.booking import ATHENS


def is_repeated(moment: datetime) -> bool:
    """Whether this Athens wall time happens twice that night (03:00–03:59 when summer time ends)."""
    local = moment.astimezone(ATHENS)
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def wall_clock(moment: datetime) -> str:
    """``09:00``, or ``03:00 (UTC+02:00)`` in the repeated hour, so its two 03:00s read differently."""
    local = moment.astimezone(ATHENS)
    if not is_repeated(moment):
        return f"{local:%H:%M}"
    offset = local.strftime("%z")
    return f"{local:%H:%M} (UTC{offset[:3]}:{offset[3:]})"
