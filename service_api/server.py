"""Running under gunicorn: threaded workers (long-polls hold a thread), jobs in a process of their own."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from service_api.access_log_paths import MaskedPathLogger
from service_api.config import Config
from service_api.supervisor import JobsSupervisor, die_with_parent


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


def _die_with_master(arbiter: Any, worker: Any) -> None:
    """A worker whose master was killed would hold the port (and a new server off it) while it lingers
    over its connections: the kernel kills it with the master. The master itself waits for its workers
    on every orderly stop, so only a crashed master triggers this."""
    die_with_parent(worker.ppid, signal.SIGKILL)


def _forget_worker(arbiter: Any, worker: Any) -> None:
    """A worker exited: its live gauges (long-polls waiting, connections in use) leave the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def json_logging() -> dict[str, Any]:
    """gunicorn's own lines as JSON too (DIMOS_LOG_FORMAT=json), so the whole log parses line by line.

    gunicorn's access log goes quiet: its lines hold raw paths (booking references); the service's
    own per-request lines (request_log) name the URL rule instead.
    """
    stream = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "service_api.request_log.JsonFormatter"}},
        "handlers": {"console": stream, "error_console": stream},
        "root": {"level": os.environ.get("DIMOS_LOG_LEVEL", "INFO"), "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


def metrics_dir() -> tuple[Path, bool]:
    """Where the workers' metrics meet (prometheus_client's multiprocess mode), emptied for this start.

    ``PROMETHEUS_MULTIPROC_DIR`` when set, else a fresh temporary directory (True: ours to remove).
    Set before any worker imports prometheus_client: it picks its storage when first imported.
    """
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        path = Path(given)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):  # a previous run's counts (and its dead workers) start over
            stale.unlink()
        return path, False
    path = Path(tempfile.mkdtemp(prefix="dimos-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    return path, True


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
        # The path without its query: a query may hold a citizen's e-mail or AFM (the dpo's routes)
        # or a manage token, and no log line carries either; a secret in the path is hidden too.
        "access_log_format": '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"',
        "logger_class": MaskedPathLogger,
        # Which X-Forwarded-* to believe is DIMOS_TRUSTED_PROXIES' alone (ProxyFix in app.py): gunicorn
        # would otherwise take X-Forwarded-Proto from any local process, even with no proxy configured.
        "forwarded_allow_ips": "",
        "post_fork": _die_with_master,
        "post_worker_init": _warm_worker,
        "child_exit": _forget_worker,
    }
    if config.log_format == "json":
        options["logconfig_dict"] = json_logging()
    metrics_path, own_metrics_dir = metrics_dir()
    supervisor = None
    if jobs:
        # A separate process, never a thread in the master: gunicorn forks workers from the master, and a
        # fork while another thread is inside SQLite leaves the child stuck on SQLite's inherited mutex.
        # (The supervisor's thread only starts and waits for that process; it never opens the database.)
        supervisor = JobsSupervisor([sys.executable, "-m", "service_api.cli", "run-jobs"]).start()
    try:
        _Gunicorn(options, config).run()
    finally:
        if supervisor is not None:
            supervisor.stop()
        if own_metrics_dir:
            shutil.rmtree(metrics_path, ignore_errors=True)
