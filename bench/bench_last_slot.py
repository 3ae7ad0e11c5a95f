"""100 concurrent requests for the same last slot, 50 rounds, both databases: exactly one 201 each round.

For each backend a fresh database gets the Larissa catalogue and exactly one clerk qualified for one
service, so every free start time of that service is a "last slot" (capacity 1). A served process
(``service-api serve --no-jobs``: 1 gunicorn worker on SQLite, ``--pg-workers`` on PostgreSQL) then
takes, each round, a new free start time and ``--concurrency`` POST /api/v1/bookings for it, released
together by a ``threading.Barrier``, each with its own citizen e-mail and keep-alive connection.
Each of those e-mails (one per request and round) gets its own citizen bearer token (``cit_…``),
issued straight into the database with ``issue_token`` during the preparation, before the first
round: the e-mailed code round trip (POST /api/v1/citizen/code, /citizen/token) is not what is
measured; each POST sends ``Authorization: Bearer cit_…``.
Counts the statuses per round (expected: one 201, the rest 409), prints the rounds that differ,
any 5xx, and afterwards checks the database for two active bookings of one clerk at one start.
``--clerks N`` (default 1) qualifies N clerks instead: then each start has capacity N and each round
should give exactly min(N, concurrency) 201s (no false refusals while a clerk is still free).

Run: ``.venv/bin/python bench/bench_last_slot.py [--rounds 50] [--backend sqlite|pg|both]``.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
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
    machine_line,
    make_runtime,
    start_server,
    stop_server,
)
from sqlalchemy import func, select  # noqa: E402

from service_api.booking.calendars import ACTIVE  # noqa: E402
from service_api.domain.timeutil import ATHENS, utcnow  # noqa: E402
from service_api.models import Booking  # noqa: E402


def racer_email(r: int, i: int) -> str:
    """The citizen of request ``i`` in round ``r``."""
    return f"r{r}c{i}@bench.example"


def fire(
    session: requests.Session,
    base: str,
    barrier: threading.Barrier,
    body: dict[str, object],
    token: str,
) -> tuple[int, str, float]:
    """Warm the connection, wait for everyone, post once: (status, error code, seconds); -1: no answer."""
    with contextlib.suppress(requests.RequestException):
        session.get(base + "/healthz", timeout=30)
    barrier.wait()
    started = time.perf_counter()
    try:
        response = session.post(
            base + "/api/v1/bookings", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=120
        )
    except requests.RequestException as exc:
        return -1, type(exc).__name__, time.perf_counter() - started
    elapsed = time.perf_counter() - started
    try:
        code = "" if response.status_code == 201 else str(response.json().get("error"))
    except ValueError:
        code = "non-JSON answer"
    return response.status_code, code, elapsed


def run_backend(backend: str, args: argparse.Namespace) -> tuple[int, int, int]:
    """Returns (rounds with exactly the expected number of 201s, rounds run, 5xx responses)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"dimos-bench-last-{backend}-"))
    try:
        url = fresh_database(backend, workdir)
        rt = make_runtime(url, workdir)
        municipality_id, services = load_larissa(rt)
        service_id = services[SERVICE_SLUG]
        clerks = create_clerks(rt, municipality_id, service_id, args.clerks, prefix="lastslot")
        expected = min(args.clerks, args.concurrency)
        workers = 1 if backend == "sqlite" else args.pg_workers
        proc, base = start_server(url, workdir, workers)
        try:
            today = utcnow().astimezone(ATHENS).date()
            params = {
                "mode": "in_person",
                "from": today.isoformat(),
                "to": (today + timedelta(days=61)).isoformat(),
            }
            slots = requests.get(
                f"{base}/api/v1/services/{service_id}/availability", params=params, timeout=60
            )
            starts = [s["start"] for s in slots.json()["slots"] if s["capacity"] == args.clerks]
            rounds = min(args.rounds, len(starts))
            tokens = citizen_tokens(
                rt.store, (racer_email(r, i) for r in range(rounds) for i in range(args.concurrency))
            )
            print(
                f"\n[{backend}] {args.clerks} clerk(s) on '{SERVICE_SLUG}', {len(starts)} free starts; "
                f"gunicorn workers={workers or 'per core'} (gthread, 16 threads); "
                f"{args.concurrency} requests per round, {rounds} rounds; "
                f"{len(tokens)} citizen tokens issued (set-up, not timed)"
            )
            print(f"[{backend}] {foreign_load_warning() or 'machine idle before the run'}")
            sessions = [requests.Session() for _ in range(args.concurrency)]
            totals: Counter[str] = Counter()
            good, fivexx = 0, 0
            latencies: list[float] = []
            round_times: list[float] = []
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                for r in range(rounds):
                    barrier = threading.Barrier(args.concurrency)
                    started = time.perf_counter()
                    futures = [
                        pool.submit(
                            fire,
                            sessions[i],
                            base,
                            barrier,
                            {
                                "service_id": service_id,
                                "mode": "in_person",
                                "start": starts[r],
                                "citizen": {
                                    "name": f"Racer {i}",
                                    "email": racer_email(r, i),
                                    "phone": "+302410123456",
                                },
                            },
                            tokens[racer_email(r, i)],
                        )
                        for i in range(args.concurrency)
                    ]
                    results = [f.result() for f in futures]
                    round_times.append(time.perf_counter() - started)
                    statuses = Counter(status for status, _, _ in results)
                    latencies.extend(seconds for _, _, seconds in results)
                    totals.update(f"{status} {code}".strip() for status, code, _ in results)
                    fivexx += sum(n for status, n in statuses.items() if status >= 500)
                    if statuses[201] == expected:
                        good += 1
                    else:
                        print(f"[{backend}] round {r + 1} ({starts[r]}): {dict(sorted(statuses.items()))}")
            for session in sessions:
                session.close()
        finally:
            stop_server(proc)
        with rt.store.read() as session:
            doubles = session.execute(
                select(Booking.start_at, func.count())
                .where(Booking.staff_id.in_(clerks), Booking.status.in_(ACTIVE))
                .group_by(Booking.staff_id, Booking.start_at)
                .having(func.count() > 1)
            ).all()
            stored = session.scalar(
                select(func.count()).select_from(Booking).where(Booking.staff_id.in_(clerks))
            )
        rt.waiter.close()
        rt.store.dispose()
        print(f"[{backend}] statuses over all rounds: {dict(sorted(totals.items()))} (status and error code)")
        print(f"[{backend}] request latency {latency_line(latencies)}")
        print(f"[{backend}] round duration  {latency_line(round_times)}")
        print(
            f"[{backend}] bookings stored: {stored}; "
            f"(clerk, start) pairs with two or more active bookings: {len(doubles)}"
        )
        print(f"[{backend}] rounds with exactly {expected} × 201: {good}/{rounds}; 5xx responses: {fivexx}")
        return good, rounds, fivexx
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--clerks", type=int, default=1, help="clerks qualified: the capacity of each start")
    parser.add_argument("--backend", choices=["sqlite", "pg", "both"], default="both")
    parser.add_argument(
        "--pg-workers", type=int, default=None, help="gunicorn workers on PostgreSQL (one per core)"
    )
    args = parser.parse_args()
    backends = ["sqlite", "pg"] if args.backend == "both" else [args.backend]
    print(__doc__.splitlines()[0])
    print(machine_line(with_postgres="pg" in backends))
    summary = [(backend, *run_backend(backend, args)) for backend in backends]
    print()
    for backend, good, rounds, fivexx in summary:
        expected = min(args.clerks, args.concurrency)
        print(f"summary [{backend}]: rounds with exactly {expected} × 201: {good}/{rounds}; 5xx: {fivexx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
