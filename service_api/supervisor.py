"""Keeping ``service-api serve``'s children honest: the job runner is restarted when it dies, and every
child dies with the process that started it.

The job runner runs as a child of the gunicorn master (never as a thread there: see ``server.py``).
``JobsSupervisor`` watches it from a thread of the master and starts it again, with a logged reason,
within a second or two of its death. A child must never outlive its parent: an orphaned runner is a
second runner after the restart, and orphaned workers hold the port. On Linux the kernel sends the
signal of ``PR_SET_PDEATHSIG`` when the parent dies; elsewhere (and for the race before the call) the
child checks its parent itself.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

log = logging.getLogger(__name__)

# The environment variable naming the process a supervised child must not outlive.
PARENT_ENV = "DIMOS_SUPERVISOR_PID"
PR_SET_PDEATHSIG = 1
# A runner that dies sooner than this after starting waits longer before the next start (a crash loop
# must not spin); one that ran longer is restarted after FIRST_DELAY.
STEADY_AFTER = 10.0
FIRST_DELAY = 0.5
MAX_DELAY = 30.0


def die_with_parent(parent_pid: int, sig: signal.Signals = signal.SIGTERM) -> None:
    """Have the kernel send ``sig`` to this process when its parent dies; exit now if it has already."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
                log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %s", ctypes.get_errno())
        except (OSError, AttributeError):
            log.warning("prctl is not available; watching the parent instead")
    if os.getppid() != parent_pid:
        # The parent died before the kernel was told to watch it.
        os._exit(1)


def watch_parent(parent_pid: int, every: float = 1.0) -> threading.Thread:
    """A daemon thread that ends this process when it is handed to another parent (where no
    ``PR_SET_PDEATHSIG`` exists, or it was refused)."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(every)
        log.warning("parent process %s is gone; stopping", parent_pid)
        os._exit(1)

    thread = threading.Thread(target=watch, name="watch-parent", daemon=True)
    thread.start()
    return thread


def supervise_self() -> None:
    """In a child started by :class:`JobsSupervisor`: die with the parent it names."""
    parent = os.environ.get(PARENT_ENV)
    if parent and parent.isdigit():
        die_with_parent(int(parent))
        watch_parent(int(parent))


class JobsSupervisor:
    """Runs ``command`` as a child and starts it again whenever it exits, until :meth:`stop`."""

    def __init__(self, command: Sequence[str], *, poll_every: float = 0.25) -> None:
        self.command = list(command)
        self.poll_every = poll_every
        self.restarts = 0
        self.child: subprocess.Popen[bytes] | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="jobs-supervisor", daemon=True)

    def start(self) -> JobsSupervisor:
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        env = {**os.environ, PARENT_ENV: str(os.getpid())}
        with self._lock:
            if self._stop.is_set():
                return
            self.child = subprocess.Popen(self.command, env=env)
            log.info("job runner started (pid %s)", self.child.pid)

    def _run(self) -> None:
        delay = FIRST_DELAY
        started = time.monotonic()
        while not self._stop.wait(self.poll_every):
            child = self.child
            if child is None or child.poll() is None:
                continue
            lived = time.monotonic() - started
            delay = FIRST_DELAY if lived >= STEADY_AFTER else min(MAX_DELAY, delay * 2)
            # gunicorn's master reaps every child, so the exit status may be lost (shown as 0).
            log.warning(
                "job runner (pid %s) exited with status %s after %.0f s; starting it again in %.1f s",
                child.pid,
                child.returncode,
                lived,
                delay,
            )
            if self._stop.wait(delay):
                return
            self.restarts += 1
            started = time.monotonic()
            self._spawn()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop restarting and end the child (politely, then not)."""
        with self._lock:
            self._stop.set()
            child = self.child
        if child is None or child.poll() is not None:
            return
        child.terminate()
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=timeout)
