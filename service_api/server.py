"""Running under gunicorn: threaded workers (long-polls hold a thread), jobs in a process of their own."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from service_api.config import Config


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any], config: Config) -> None:
        self.options = options
        self.dimos_config = config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from service_api.app import create_app

        return create_app(self.dimos_config)


def _warm_worker(worker: Any) -> None:
    """Each worker has its own availability cache: fill it before the worker accepts requests."""
    worker.wsgi.extensions["dimos"].prepare_to_serve()


def serve_gunicorn(config: Config, host: str, port: int, workers: int | None, jobs: bool) -> None:
    if workers is None:
        # SQLite has one writer; several processes would only queue on its lock. On PostgreSQL one
        # process per core: each has 16 threads for waiting on I/O, and more processes than cores
        # only fight over them (measured: 2 workers 248/s, 4 workers 206/s on two cores).
        workers = 1 if config.is_sqlite else max(2, multiprocessing.cpu_count())
    access_log = config.env == "development" if config.access_log is None else config.access_log
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": 16,
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": "-" if access_log else None,
        "post_worker_init": _warm_worker,
    }
    runner = None
    if jobs:
        # A separate process, never a thread in the master: gunicorn forks workers from the master, and a
        # fork while another thread is inside SQLite leaves the child stuck on SQLite's inherited mutex.
        runner = subprocess.Popen([sys.executable, "-m", "service_api.cli", "run-jobs"])
    try:
        _Gunicorn(options, config).run()
    finally:
        if runner is not None:
            runner.terminate()
            runner.wait(timeout=10)
