"""Greek text on any PC: our own DejaVu Sans when the system's default font has no Greek letters.

Windows and most Linux desktops have Greek fonts; a minimal office image or a bare bundle may not,
and Qt then draws boxes. The fonts travel in ``resources/fonts`` (and in the PyInstaller bundle).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

FAMILY = "DejaVu Sans"


def fonts_folder() -> Path:
    """``resources/fonts`` of the source tree, or of the bundle PyInstaller unpacked."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[1]
    return root / "resources" / "fonts"


def ensure_greek(app: QGuiApplication) -> str:
    """Keep the default font if it writes Greek; otherwise load ours and use it. Returns the family."""
    default = app.font().family()
    if default in QFontDatabase.families(QFontDatabase.WritingSystem.Greek):
        return default
    for path in sorted(fonts_folder().glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))
    if FAMILY in QFontDatabase.families(QFontDatabase.WritingSystem.Greek):
        font = QFont(app.font())
        font.setFamily(FAMILY)
        app.setFont(font)
        return FAMILY
    return default
