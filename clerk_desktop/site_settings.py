"""Settings IT pushes to every clerk PC: the server's address and the language, without touching users.

Read, first found wins per key: the file named by ``DIMOS_DESKTOP_CONFIG``; on Windows the policy key
``HKLM\\Software\\Policies\\Dimos\\ClerkDesktop`` (Group Policy) then
``%ProgramData%\\Dimos\\clerk-desktop.ini``; elsewhere ``/etc/dimos/clerk-desktop.ini``. An INI
holds ``server=``, ``language=`` and ``enforce=``. A value fills in what the clerk has not chosen;
with ``enforce=true`` it replaces the clerk's own at every start (so a moved server reaches every desk).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QSettings

KEYS = ("server", "language")
POLICY_KEY = "HKEY_LOCAL_MACHINE\\Software\\Policies\\Dimos\\ClerkDesktop"


def sources(environ: Mapping[str, str]) -> list[QSettings]:
    """Where IT's settings may be, most specific first."""
    found: list[QSettings] = []
    named = environ.get("DIMOS_DESKTOP_CONFIG")
    if named:
        found.append(QSettings(named, QSettings.Format.IniFormat))
    if sys.platform == "win32":
        found.append(QSettings(POLICY_KEY, QSettings.Format.NativeFormat))
        program_data = environ.get("ProgramData", "C:\\ProgramData")
        found.append(
            QSettings(str(Path(program_data) / "Dimos" / "clerk-desktop.ini"), QSettings.Format.IniFormat)
        )
    else:
        found.append(QSettings("/etc/dimos/clerk-desktop.ini", QSettings.Format.IniFormat))
    return found


def _flag(value: object) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def apply(settings: QSettings, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Copy IT's values into the clerk's ``settings`` as described above; returns what was applied."""
    pushed: dict[str, str] = {}
    enforce = False
    for source in sources(os.environ if environ is None else environ):
        for key in KEYS:
            value = source.value(key)
            if key not in pushed and value not in (None, ""):
                pushed[key] = str(value).strip()
        enforce = enforce or _flag(source.value("enforce", "false"))
    if pushed.get("language") not in (None, "el", "en"):
        pushed.pop("language")  # a typo in a pushed file must not break every desk
    applied: dict[str, str] = {}
    for key, value in pushed.items():
        if enforce or settings.value(key) in (None, ""):
            settings.setValue(key, value)
            applied[key] = value
    return applied
