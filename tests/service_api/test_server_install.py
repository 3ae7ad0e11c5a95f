"""What the server installs (`[server]`): the service runs without the desktop's Qt and keyring (issue 16)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_ONLY = ["PySide6", "shiboken6", "keyring", "clerk_desktop"]

PROBE = """
import importlib, importlib.abc, pkgutil, sys
BLOCKED = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"desktop package {name} imported by the service")
        return None
sys.meta_path.insert(0, Block())
import service_api
for module in pkgutil.walk_packages(service_api.__path__, "service_api."):
    if ".migrations." not in module.name:  # Alembic runs env.py and the versions itself
        importlib.import_module(module.name)
from service_api.cli import main
sys.argv = ["service-api", "--help"]
try:
    main()
except SystemExit as end:
    sys.exit(end.code)
"""


def test_every_service_module_imports_without_the_desktops_packages() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(DESKTOP_ONLY)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "serve" in done.stdout
