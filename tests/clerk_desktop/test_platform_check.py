"""A Linux desktop without Qt's xcb libraries is told which packages to install (issue 15, defect 11)."""

from __future__ import annotations

import os
import subprocess
import sys

from clerk_desktop import platform_check


def test_missing_xcb_libraries_are_named_with_the_install_command() -> None:
    env = {"DISPLAY": ":0"}
    missing = platform_check.missing_packages(
        env, find_library=lambda name: None if name in ("xcb-cursor", "xcb-icccm") else f"lib{name}.so"
    )
    assert missing == ["libxcb-cursor0", "libxcb-icccm4"]
    text = platform_check.advice(env, missing)
    assert text is not None and "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in text


def test_nothing_is_checked_offscreen_or_off_linux() -> None:
    def never(name: str) -> str | None:
        return None

    assert platform_check.missing_packages({"QT_QPA_PLATFORM": "offscreen"}, find_library=never) == []
    assert platform_check.missing_packages({"DISPLAY": ":0"}, find_library=never, platform="win32") == []
    assert platform_check.advice({"QT_QPA_PLATFORM": "offscreen"}, []) is None


def test_no_display_is_said_in_words() -> None:
    text = platform_check.advice({}, [])
    assert text is not None and "DISPLAY" in text


def test_the_app_exits_with_the_advice_instead_of_aborting() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-m", "clerk_desktop.app"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "DISPLAY" in done.stderr or "apt-get install" in done.stderr
