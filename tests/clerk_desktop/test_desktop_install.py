"""What a clerk's PC installs: the desktop runs without any of the server's packages (issue 16)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER_ONLY = ["flask", "werkzeug", "gunicorn", "psycopg", "alembic", "sqlalchemy", "pydantic", "service_api"]

# Run in a fresh interpreter: the server's packages are made unimportable, then every desktop module
# is imported and the command line answers --help, as on a PC that installed only `[desktop]`.
PROBE = """
import importlib, importlib.abc, pkgutil, sys
BLOCKED = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"server package {name} imported by the desktop")
        return None
sys.meta_path.insert(0, Block())
import clerk_desktop
for module in pkgutil.walk_packages(clerk_desktop.__path__, "clerk_desktop."):
    if not module.name.endswith("__main__"):  # that one starts the app
        importlib.import_module(module.name)
from clerk_desktop.app import main
sys.argv = ["clerk-desktop", "--help"]
try:
    main()
except SystemExit as end:
    sys.exit(end.code)
"""


def test_every_desktop_module_imports_without_the_servers_packages() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(SERVER_ONLY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "--server" in done.stdout


def test_the_desktop_extra_names_no_server_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    desktop = [*project["dependencies"], *project["optional-dependencies"]["desktop"]]
    names = {
        spec.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()
        for spec in desktop
    }
    assert names.isdisjoint({"flask", "gunicorn", "psycopg", "alembic", "sqlalchemy", "flask-limiter"}), names
    assert {"pyside6", "keyring", "cryptography", "requests"} <= names
