"""Booking creation through HTTP (gunicorn, PostgreSQL, 2 cores): ≥ 500 bookings/s, p99 ≤ 100 ms, 64 clients.

Prepares the bench PostgreSQL database (Larissa catalogue, ``--clerks`` clerks on one service),
starts ``service-api serve --no-jobs`` (gunicorn, DIMOS_ENV=development) on a free port, reads the
free slots from the availability endpoint and hands each client a disjoint share of them (a start
time with all of its free capacity goes to one client), so every POST /api/v1/bookings should get
201. Every booking has its own citizen e-mail (a citizen may hold only a few active bookings), and
each e-mail its own citizen bearer token (``cit_…``), issued straight into the database with
``issue_token`` during the preparation, before anything is timed: the e-mailed code round trip
(POST /api/v1/citizen/code, /citizen/token) is not what is measured; each POST sends
``Authorization: Bearer cit_…``. ``--clients`` asyncio clients with one keep-alive connection each
then post for ``--seconds`` (the first ``--warmup`` seconds are not counted). At the end of the
warm-up the script runs ``ANALYZE``, as autovacuum would on a service that has been running (its
naptime, a minute, is longer than the run): without statistics the planner takes the table of
bookings for empty and scans it whole. Prints bookings/s and p50/p95/p99 latency, the CPU
split, then pgbench TPC-B (``-c 64 -j 2``) on the same machine and the ratio bookings/s ÷ pgbench TPS.

The load generator runs on the same cores as the server and PostgreSQL; its CPU share is printed.
Run: ``.venv/bin/python bench/bench_booking_http.py [--seconds 20] [--clients 64] [--workers N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402
from common import (  # noqa: E402
    SERVICE_SLUG,
    citizen_tokens,
    create_clerks,
    foreign_load_warning,
    fresh_database,
    latency_line,
    load_larissa,
    machine_jiffies,
    machine_line,
    make_runtime,
    percentile,
    postgres_cpu,
    process_tree_cpu,
    start_server,
    stop_server,
)
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from service_api.db import normalise_url  # noqa: E402
from service_api.domain.timeutil import ATHENS, utcnow  # noqa: E402
from service_api.models import Booking  # noqa: E402

PGBENCH_DB = os.environ.get("DIMOS_PGBENCH_DB", "dimos_pgbench")


def client_email(k: int, i: int) -> str:
    """The citizen of client ``k``'s ``i``-th booking."""
    return f"c{k}n{i}@bench.example"


class Stats:
    def __init__(self) -> None:
        self.statuses: Counter[int] = Counter()
        self.latencies: list[float] = []
        self.errors = 0
        self.exhausted = 0


async def one_client(
    k: int,
    starts: list[str],
    tokens: list[str],
    host: str,
    port: int,
    service_id: int,
    window: tuple[float, float],
    stats: Stats,
    encoding: str,
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    for i, (start, token) in enumerate(zip(starts, tokens, strict=True)):
        now = time.perf_counter()
        if now >= window[1]:
            break
        body = json.dumps(
            {
                "service_id": service_id,
                "mode": "in_person",
                "start": start,
                "citizen": {
                    "name": f"Bench Client {k}",
                    "email": client_email(k, i),
                    "phone": "+302410123456",
                },
            }
        ).encode()
        head = (
            f"POST /api/v1/bookings HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {token}\r\n"
            f"Accept-Encoding: {encoding}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        try:
            writer.write(head + body)
            await writer.drain()
            raw = await reader.readuntil(b"\r\n\r\n")
            lines = raw.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {
                name.lower(): value.strip() for name, _, value in (h.partition(":") for h in lines[1:] if h)
            }
            await reader.readexactly(int(headers.get("content-length", "0")))
            close = headers.get("connection", "").lower() == "close"
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            stats.errors += 1
            status, close = -1, True
        elapsed = time.perf_counter() - now
        if now >= window[0]:
            stats.statuses[status] += 1
            stats.latencies.append(elapsed)
        if close:
            writer.close()
            reader, writer = await asyncio.open_connection(host, port)
    else:
        stats.exhausted += 1
    writer.close()


def slot_shares(base: str, service_id: int, clients: int) -> tuple[list[list[str]], int]:
    """Free starts from the API; each start, repeated by its capacity, goes to one client."""
    today = utcnow().astimezone(ATHENS).date()
    answer = requests.get(
        f"{base}/api/v1/services/{service_id}/availability",
        params={
            "mode": "in_person",
            "from": today.isoformat(),
            "to": (today + timedelta(days=61)).isoformat(),
        },
        timeout=60,
    )
    answer.raise_for_status()
    slots = answer.json()["slots"]
    shares: list[list[str]] = [[] for _ in range(clients)]
    for n, slot in enumerate(slots):
        shares[n % clients].extend([slot["start"]] * slot["capacity"])
    return shares, sum(s["capacity"] for s in slots)


def analyse(url: str) -> None:
    engine = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()


def run_pgbench(seconds: int, clients: int) -> float | None:
    env = dict(os.environ, PGPASSWORD="dimos")
    conn = ["-h", "127.0.0.1", "-U", "dimos"]
    try:
        subprocess.run(
            ["pgbench", "-i", "-q", "-s", "10", *conn, PGBENCH_DB],
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        done = subprocess.run(
            ["pgbench", "-c", str(clients), "-j", "2", "-T", str(seconds), *conn, PGBENCH_DB],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"pgbench failed: {exc}")
        return None
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", done.stdout)
    lat = re.search(r"latency average = ([0-9.]+) ms", done.stdout)
    print(
        f"pgbench TPC-B -s 10 -c {clients} -j 2 -T {seconds}: "
        f"{match.group(1) if match else '?'} tps, latency average {lat.group(1) if lat else '?'} ms"
    )
    return float(match.group(1)) if match else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (serve's default: one per core)"
    )
    parser.add_argument("--clerks", type=int, default=40)
    parser.add_argument(
        "--accept-encoding", default="gzip, deflate, br", help="as browsers send; 'identity' for none"
    )
    parser.add_argument("--no-pgbench", action="store_true")
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    print(machine_line())
    workdir = Path(tempfile.mkdtemp(prefix="dimos-bench-http-"))
    url = fresh_database("pg", workdir)
    rt = make_runtime(url, workdir)
    municipality_id, services = load_larissa(rt)
    service_id = services[SERVICE_SLUG]
    create_clerks(rt, municipality_id, service_id, args.clerks)
    proc, base = start_server(url, workdir, args.workers)
    try:
        shares, tickets = slot_shares(base, service_id, args.clients)
        issued = time.perf_counter()
        tokens = citizen_tokens(
            rt.store, (client_email(k, i) for k, share in enumerate(shares) for i in range(len(share)))
        )
        issued = time.perf_counter() - issued
        client_tokens = [
            [tokens[client_email(k, i)] for i in range(len(share))] for k, share in enumerate(shares)
        ]
        print(
            f"set-up: {args.clerks} clerks on '{SERVICE_SLUG}', {tickets} free clerk-slots shared by "
            f"{args.clients} clients; gunicorn workers={args.workers or 'per core'} (gthread, 16 threads); "
            f"Accept-Encoding: {args.accept_encoding}; {len(tokens)} citizen tokens issued in "
            f"{issued:.1f} s (set-up, not timed)"
        )
        stats = Stats()
        host, port = "127.0.0.1", int(base.rsplit(":", 1)[1])
        database = make_url(url).database or ""
        print(foreign_load_warning() or "machine idle before the run")
        busy0, total0 = machine_jiffies()
        t0 = time.perf_counter()
        window = (t0 + args.warmup, t0 + args.warmup + args.seconds)

        async def analyse_after_warmup() -> None:
            await asyncio.sleep(max(0.0, window[0] - time.perf_counter()))
            await asyncio.to_thread(analyse, url)

        async def drive() -> None:
            clients = (
                one_client(
                    k,
                    shares[k],
                    client_tokens[k],
                    host,
                    port,
                    service_id,
                    window,
                    stats,
                    args.accept_encoding,
                )
                for k in range(args.clients)
            )
            await asyncio.gather(analyse_after_warmup(), *clients)

        server0, client0, pg0 = process_tree_cpu(proc.pid), time.process_time(), postgres_cpu(database)
        asyncio.run(drive())
        run_wall = time.perf_counter() - t0
        wall = min(t0 + run_wall, window[1]) - window[0]
        busy1, total1 = machine_jiffies()
        server_cpu, client_cpu = process_tree_cpu(proc.pid) - server0, time.process_time() - client0
        pg_cpu = postgres_cpu(database) - pg0
    finally:
        stop_server(proc)
    with rt.store.read() as session:
        stored = session.scalar(
            select(func.count()).select_from(Booking).where(Booking.status == "confirmed")
        )
    rt.store.dispose()
    shutil.rmtree(workdir, ignore_errors=True)
    created = stats.statuses[201]
    rate = created / wall
    machine_busy = (busy1 - busy0) / (total1 - total0)
    other = machine_busy * (os.cpu_count() or 1) * run_wall - server_cpu - client_cpu - pg_cpu
    print(
        f"measured {wall:.1f} s after {args.warmup:.0f} s warm-up, {args.clients} clients: "
        f"statuses {dict(sorted(stats.statuses.items()))}, connection errors {stats.errors}, "
        f"clients that ran out of slots {stats.exhausted}"
    )
    print(f"bookings/s: {rate:.1f}   latency {latency_line(stats.latencies)}")
    print(f"bookings in the database afterwards (warm-up included): {stored}")
    print(
        f"CPU over the {run_wall:.1f} s run: machine {machine_busy:.0%} busy; gunicorn {server_cpu:.1f} s, "
        f"PostgreSQL backends ≥ {pg_cpu:.1f} s, load generator {client_cpu:.1f} s (same cores), "
        f"kernel and other processes ≈ {other:.1f} s; per booking: gunicorn "
        f"{1000 * server_cpu / max(stored or 1, 1):.1f} ms CPU"
    )
    p99 = percentile(stats.latencies, 99) * 1000
    print(
        f"target ≥ 500 bookings/s: {'met' if rate >= 500 else 'NOT met'}; "
        f"target p99 ≤ 100 ms: {'met' if p99 <= 100 else 'NOT met'}"
    )
    if not args.no_pgbench:
        tps = run_pgbench(int(args.seconds), args.clients)
        if tps:
            print(f"ratio bookings/s ÷ pgbench TPS = {rate:.1f} / {tps:.0f} = {rate / tps:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
