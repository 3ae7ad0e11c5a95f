"""Shared set-up for the benchmarks: fresh databases, the catalogue, clerks, bulk bookings, a served process.

Nothing here measures anything; the ``bench_*.py`` scripts do. Test data may bypass the booking
service (``bulk_bookings`` inserts rows directly) because only the measured paths must be real.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import random
import socket
import sqlite3
import subprocess
import sys
import time as clock
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

from service_api import migrate
from service_api.auth.citizen_tokens import CitizenIdentity, issue_token
from service_api.booking import staffing
from service_api.catalogue import DEFAULT_CATALOGUE, install_catalogue, read_catalogue
from service_api.config import Config
from service_api.db import Store, normalise_url
from service_api.domain.timeutil import ATHENS, local_to_utc
from service_api.models import Booking, Municipality, Service
from service_api.runtime import Runtime

BENCH_PG_URL = os.environ.get("DIMOS_BENCH_PG_URL", "postgresql://dimos:dimos@127.0.0.1:5432/dimos_bench")
SECRET = "bench-secret-key-" + "x" * 32
SERVICE_SLUG = "transfer-of-registration"  # 15 minutes on a 30-minute grid, no buffers, lead time 2 h
WEEKDAYS_8_TO_14 = [(d, time(8), time(14)) for d in range(5)]
BIN = Path(sys.executable).parent


def fresh_database(backend: str, workdir: Path) -> str:
    """An empty database at the latest schema: a new SQLite file, or the bench PostgreSQL DB wiped."""
    if backend == "sqlite":
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    elif backend == "pg":
        url = BENCH_PG_URL
        engine = create_engine(normalise_url(url))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        raise ValueError(f"unknown backend {backend!r}")
    migrate.upgrade(url)
    return url


def make_runtime(url: str, workdir: Path, now: datetime | None = None) -> Runtime:
    config = Config(database_url=url, secret_key=SECRET, outbox_dir=workdir / "mail", testing=True)
    rt = Runtime.build(config)
    if now is not None:
        rt.bookings.clock = lambda: now
    return rt


def load_larissa(rt: Runtime) -> tuple[int, dict[str, int]]:
    """Load the default catalogue; return Larissa's id and its services by slug."""
    spec = read_catalogue(DEFAULT_CATALOGUE)
    install_catalogue(rt.bookings, spec=spec)
    with rt.store.read() as session:
        larissa = session.scalar(select(Municipality).where(Municipality.slug == "larissa"))
        assert larissa is not None
        rows = session.scalars(select(Service).where(Service.municipality_id == larissa.id))
        return larissa.id, {s.slug: s.id for s in rows}


def create_clerks(
    rt: Runtime, municipality_id: int, service_id: int, count: int, prefix: str = "clerk"
) -> list[int]:
    """``count`` clerks qualified (both modes) for one service, Mon–Fri 08:00–14:00."""
    return [
        staffing.create_staff(
            rt.bookings,
            username=f"{prefix}{n:03d}",
            display_name=f"Bench {prefix} {n}",
            role="clerk",
            password="bench-password",
            municipality_id=municipality_id,
            services=[(service_id, True, True)],
            plan=WEEKDAYS_8_TO_14,
        )
        for n in range(count)
    ]


def citizen_tokens(store: Store, emails: Iterable[str], threads: int = 8) -> dict[str, str]:
    """One citizen bearer token (``cit_…``) per distinct e-mail, issued straight into the database.

    Set-up only, before anything is timed: the tokens are what POST /api/v1/citizen/token would hand
    out after the e-mailed code, but that round trip is not what the benchmarks measure. They last
    12 hours from now (the real clock, as the served process uses).
    """
    distinct = list(dict.fromkeys(emails))
    now = datetime.now(UTC)

    def one(email: str) -> str:
        return issue_token(store, CitizenIdentity(via="email", email=email), now=now)[0]

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return dict(zip(distinct, pool.map(one, distinct), strict=True))


def working_quarters(first_day: date, days: int) -> list[datetime]:
    """UTC starts of every quarter hour inside Mon–Fri 08:00–14:00 Athens time over ``days`` days."""
    starts: list[datetime] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        opening = local_to_utc(day, time(8), ATHENS)
        starts.extend(opening + timedelta(minutes=15 * q) for q in range(24))
    return starts


def bulk_bookings(
    rt: Runtime,
    municipality_id: int,
    service_id: int,
    staff_ids: list[int],
    count: int,
    first_day: date,
    days: int,
    seed: int = 1,
) -> int:
    """Insert ``count`` confirmed 15-minute bookings at random free quarter hours, in one transaction.

    Each (clerk, quarter) pair is used once, so no clerk's bookings overlap (the PostgreSQL
    exclusion constraint would refuse it). Returns how many rows went in.
    """
    pairs = [(sid, start) for sid in staff_ids for start in working_quarters(first_day, days)]
    if count > len(pairs):
        raise ValueError(f"only {len(pairs)} free quarter hours for {count} bookings")
    chosen = random.Random(seed).sample(pairs, count)
    now = datetime.now(UTC)
    fixed = {"municipality_id": municipality_id, "service_id": service_id, "mode": "in_person"}
    fixed |= {"status": "confirmed", "citizen_extra": {}, "created_at": now, "updated_at": now}
    rows = [
        fixed
        | {"reference": f"BENCH{n:08d}", "staff_id": sid, "start_at": start, "citizen_key": f"seed{n}"}
        | {
            "end_at": start + timedelta(minutes=15),
            "citizen_name": f"Citizen {n}",
            "citizen_email": f"s{n}@x.example",
        }
        for n, (sid, start) in enumerate(chosen)
    ]
    with rt.store.write() as session:
        for chunk in range(0, len(rows), 2000):
            session.execute(insert(Booking), rows[chunk : chunk + 2000])
    return len(rows)


def percentile(values: list[float], pct: float) -> float:
    """Linear-interpolated percentile (``pct`` in 0–100) of unsorted values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_line(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"p50 {percentile(ms, 50):8.2f} ms   p95 {percentile(ms, 95):8.2f} ms   "
        f"p99 {percentile(ms, 99):8.2f} ms   (n={len(ms)})"
    )


def machine_line(with_postgres: bool = True) -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    pg = "not used"
    if with_postgres:
        try:
            engine = create_engine(normalise_url(BENCH_PG_URL))
            with engine.connect() as conn:
                pg = str(conn.execute(text("SHOW server_version")).scalar())
            engine.dispose()
        except Exception as exc:  # the machine line should still print without PostgreSQL
            pg = f"unavailable ({type(exc).__name__})"
    return (
        f"machine: {models[0] if models else platform.processor()}, {multiprocessing.cpu_count()} cores; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; PostgreSQL {pg}"
    )


def start_server(url: str, workdir: Path, workers: int | None) -> tuple[subprocess.Popen[bytes], str]:
    """``service-api serve --no-jobs`` on a free port; the process and base URL once /healthz answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = dict(os.environ, DIMOS_ENV="development", DIMOS_DATABASE_URL=url, DIMOS_SECRET_KEY=SECRET)
    # Load from one address would trip the per-client rate limits that protect the real service.
    env.update(DIMOS_OUTBOX_DIR=str(workdir / "mail"), DIMOS_LOG_LEVEL="WARNING", DIMOS_RATELIMIT_ENABLED="0")
    env.update(DIMOS_ACCESS_LOG="0")  # as in production: no per-request log line from gunicorn
    command = [str(BIN / "service-api"), "serve", "--no-jobs", "--host", "127.0.0.1", "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    log = (workdir / f"server-{port}.log").open("wb")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = clock.monotonic() + 60
    while clock.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return proc, base
        except OSError:
            clock.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"server did not answer /healthz (exit code {proc.returncode}); see {log.name}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _cpu_seconds(pid: int | str) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its live children, from /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    return _cpu_seconds(pid) + sum(_cpu_seconds(child) for child in children)


def postgres_cpu(database: str) -> float:
    """CPU seconds of the live PostgreSQL backends connected to ``database`` (from their process titles)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and f" {database} " in title:
            total += _cpu_seconds(entry.name)
    return total


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values) - values[3] - values[4], sum(values)


def foreign_load_warning(seconds: float = 1.0) -> str:
    """Say so when the machine is already busy: other processes would skew every figure."""
    busy0, total0 = machine_jiffies()
    clock.sleep(seconds)
    busy1, total1 = machine_jiffies()
    share = (busy1 - busy0) / max(total1 - total0, 1)
    return (
        f"WARNING: machine already {share:.0%} busy before the run (other processes)" if share > 0.15 else ""
    )
