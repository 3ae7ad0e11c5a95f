"""A PostgreSQL cluster of the test's own (initdb in a temp dir), so a fault test may stop and restart it.

Uses the server binaries of the installed PostgreSQL (Debian: /usr/lib/postgresql/<v>/bin). As root the
cluster runs as the ``postgres`` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN_ROOT = Path("/usr/lib/postgresql")


def server_bin() -> Path | None:
    """The newest installed PostgreSQL's bin directory, or None where PostgreSQL is not installed."""
    if not BIN_ROOT.is_dir():
        return None
    versions = sorted(
        (p for p in BIN_ROOT.iterdir() if (p / "bin" / "initdb").exists()), key=lambda p: int(p.name)
    )
    return versions[-1] / "bin" if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivatePostgres:
    """initdb, start, stop, restart; ``url`` reaches its database ``dimos`` as user ``dimos``."""

    def __init__(self) -> None:
        found = server_bin()
        if found is None:
            raise RuntimeError("PostgreSQL server binaries are not installed")
        self.bin = found
        self.dir = Path(tempfile.mkdtemp(prefix="dimos-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", "dimos", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            # fsync off: a test cluster need not survive a power cut, only restarts, which flush.
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\nfsync = off\nfull_page_writes = off\n"
            )
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "dimos", "dimos")

    @property
    def url(self) -> str:
        return f"postgresql://dimos@127.0.0.1:{self.port}/dimos"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def _ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "30", *args)

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self._ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
