"""The clerk desktop as IT installs it on office PCs: a PyInstaller folder that starts without Python.

Builds the shipped recipe (``deploy/desktop/clerk-desktop.spec``, about half a minute) and runs the
bundled program's ``--self-test``: main window opened offscreen, version printed, exit code 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clerk_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
PYINSTALLER = Path(sys.executable).with_name("pyinstaller")


@pytest.mark.timeout(600)
@pytest.mark.skipif(sys.platform != "linux", reason="the Windows bundle is built by its own CI workflow")
def test_the_bundle_builds_and_its_self_test_opens_the_main_window(tmp_path: Path) -> None:
    if not PYINSTALLER.exists():
        pytest.skip("pyinstaller is not installed (make install adds it with the dev tools)")
    dist, work = tmp_path / "dist", tmp_path / "build"
    spec = ROOT / "deploy" / "desktop" / "clerk-desktop.spec"
    build = subprocess.run(
        [str(PYINSTALLER), "--noconfirm", "--distpath", str(dist), "--workpath", str(work), str(spec)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    folder = dist / "clerk-desktop"
    internal = folder / "_internal"
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").exists()  # Greek on any PC
    shipped = {p.name.lower() for p in internal.iterdir()}
    assert shipped.isdisjoint({"flask", "gunicorn", "psycopg", "alembic", "sqlalchemy", "service_api"})
    # Started as IT would: no virtualenv, no PYTHONPATH, an empty home.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    started = subprocess.run(
        [str(folder / "clerk-desktop"), "--self-test"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert started.returncode == 0, (started.stdout, started.stderr[-2000:])
    assert f"clerk-desktop {__version__} self-test ok" in started.stdout
    shutil.rmtree(dist, ignore_errors=True)  # 240 MB
    assert not os.path.exists(dist)


def test_the_desktops_version_is_the_projects() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == __version__


def test_the_interface_font_writes_greek(qapp: object) -> None:
    """Without a Greek system font Qt draws boxes; the app then uses the DejaVu Sans it carries."""
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from clerk_desktop import fonts

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert (fonts.fonts_folder() / "DejaVuSans.ttf").exists()
    before = app.font()
    try:
        family = fonts.ensure_greek(app)
        assert family in QFontDatabase.families(QFontDatabase.WritingSystem.Greek)
        assert app.font().family() == family
    finally:
        app.setFont(before)  # the other tests measure text in the font they started with
