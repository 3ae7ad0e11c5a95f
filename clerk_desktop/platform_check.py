"""Before Qt starts: say which system packages a Linux desktop lacks, instead of Qt's abort.

Qt's xcb platform plugin aborts the process ("Could not load the Qt platform plugin xcb") when one of
its libraries is missing, and names none of them. We look for them first and print the command that
installs them (Debian and Ubuntu package names; the README lists them too).
"""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Callable, Mapping

# The libraries Qt 6's xcb plugin cannot start without that minimal desktops often lack, with their
# Debian packages. Only these: a check that named an optional library would refuse a working machine.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Qt picks xcb on Linux unless told otherwise (offscreen, wayland) or only Wayland is there."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.startswith("xcb")
    return bool(env.get("DISPLAY")) or not env.get("WAYLAND_DISPLAY")


def missing_packages(
    env: Mapping[str, str],
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
    platform: str = sys.platform,
) -> list[str]:
    """Debian packages to install for the xcb plugin to load; empty when nothing is missing."""
    if not uses_xcb(env, platform):
        return []
    return [package for library, package in XCB_LIBRARIES.items() if find_library(library) is None]


def advice(env: Mapping[str, str], packages: list[str]) -> str | None:
    """The message to print before giving up, or None when Qt may start."""
    if packages:
        return (
            "The clerk desktop needs these system libraries for its window (Qt's xcb plugin):\n"
            f"    sudo apt-get install {' '.join(packages)}\n"
            "(Debian/Ubuntu package names.) Or run without a window: QT_QPA_PLATFORM=offscreen."
        )
    if uses_xcb(env) and not env.get("DISPLAY"):
        return "No display: set DISPLAY (an X server), or QT_QPA_PLATFORM=offscreen to run without a window."
    return None
