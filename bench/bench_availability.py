"""Availability for one service, 60 days, 20 clerks, 10,000 existing bookings: target p50 ≤ 10 ms server-side.

Builds a fresh database (SQLite; also PostgreSQL with ``--pg``), loads the Larissa catalogue,
creates 20 clerks qualified for one service (Mon–Fri 08:00–14:00) and 10,000 confirmed bookings
scattered over the 60 days, freezes the service's clock, then times after a warm-up:

  (a) the pure domain call ``free_slots`` on pre-loaded calendars,
  (b) ``AvailabilityCache.slots`` with its database reads (one read session per call),
  (c) the whole HTTP handler through Flask's test client:
      ``GET /api/v1/services/<id>/availability?mode=in_person&from=..&to=..`` (60 days; the API
      allows at most 62 and reads one extra day either side),
  (d) the same with ``Accept-Encoding`` as browsers send it,
  (e) a request with nothing cached (every clerk's 60 days computed): on a server this happens on a
      request only after a catalogue change, since each process computes every answer before it
      takes requests and later days, staff changes and the safety net are caught up incrementally,
  (f) the first request after a booking was committed (each repetition books one more slot through
      the booking service, untimed, then times the request: the cache recomputes that clerk-day).

Prints p50/p95/p99 in milliseconds. It measures; it asserts nothing. ``--profile`` adds a cProfile
of (c), or with ``--profile-cold`` of (e).
Run: ``.venv/bin/python bench/bench_availability.py [--pg] [--reps 200]``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    SERVICE_SLUG,
    bulk_bookings,
    create_clerks,
    foreign_load_warning,
    fresh_database,
    latency_line,
    load_larissa,
    machine_line,
    make_runtime,
    percentile,
)

from service_api.app import create_app  # noqa: E402
from service_api.booking import calendars, catalogue_reads  # noqa: E402
from service_api.booking.journal import Actor  # noqa: E402
from service_api.booking.service import CitizenDetails, NewBooking  # noqa: E402
from service_api.domain.availability import Slot, free_slots  # noqa: E402
from service_api.domain.rules import Mode  # noqa: E402
from service_api.domain.timeutil import ATHENS, local_day_bounds  # noqa: E402
from service_api.models import Municipality  # noqa: E402

# Tuesday 1 December 2026, 08:00 in Athens.
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
TARGET_P50_MS = 10.0


def timed(fn: Callable[[], object], reps: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def run_backend(backend: str, args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix=f"dimos-bench-{backend}-"))
    try:
        url = fresh_database(backend, workdir)
        rt = make_runtime(url, workdir, now=NOW)
        municipality_id, services = load_larissa(rt)
        service_id = services[SERVICE_SLUG]
        staff_ids = create_clerks(rt, municipality_id, service_id, args.clerks)
        first = NOW.astimezone(ATHENS).date()
        last = first + timedelta(days=args.days - 1)
        t0 = time.perf_counter()
        made = bulk_bookings(rt, municipality_id, service_id, staff_ids, args.bookings, first, args.days)
        print(
            f"\n[{backend}] set-up: {args.clerks} clerks, {made} bookings inserted in "
            f"{time.perf_counter() - t0:.1f} s; range {first} .. {last} ({args.days} days), "
            f"now={NOW:%Y-%m-%d %H:%M}Z"
        )

        # (a) the domain alone, on calendars read once.
        with rt.store.read() as session:
            service = catalogue_reads.service_by_id(session, service_id)
            municipality = session.get(Municipality, service.municipality_id)
            assert municipality is not None
            zone = calendars.zone_of(municipality)
            ids = calendars.qualified_staff_ids(session, service, "in_person")
            lo, _ = local_day_bounds(first, zone)
            _, hi = local_day_bounds(last, zone)
            cals = calendars.staff_calendars(session, ids, lo, hi, now=NOW)
            closed = calendars.closed_days(session, municipality.id, first, last)
            rules = calendars.rules_of(service)
        busy = sum(len(c.busy) for c in cals)

        def domain() -> list[Slot]:
            return free_slots(
                rules, cals, first_day=first, last_day=last, now=NOW, zone=zone, closed_days=closed
            )

        slots: list[Slot] = domain()
        print(
            f"[{backend}] {len(ids)} clerks, {busy} busy intervals read, {len(slots)} free slots, "
            f"{sum(s.capacity for s in slots)} free clerk-slots, {len(closed)} closed days"
        )

        # (b) the query with its reads.
        def query() -> object:
            with rt.store.read() as session:
                svc = catalogue_reads.service_by_id(session, service_id)
                return rt.availability.slots(session, svc, "in_person", first, last, now=NOW)

        # (c) the HTTP handler, in a process prepared as a server prepares its workers.
        rt.prepare_to_serve()
        client = create_app(rt=rt).test_client()
        path = f"/api/v1/services/{service_id}/availability?mode=in_person&from={first}&to={last}"
        response = client.get(path)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        body = response.get_json()
        zipped = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
        print(
            f"[{backend}] HTTP answer: {len(body['slots'])} slots, {len(response.get_data())} bytes "
            f"({zipped.headers.get('Content-Encoding')}: {len(zipped.get_data())} bytes)"
        )

        def http() -> object:
            return client.get(path).status_code

        def http_compressed() -> object:  # what a browser sends; the app compresses JSON over 1 KiB
            return client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"}).headers.get(
                "Content-Encoding"
            )

        def http_cold() -> object:
            # Right after any booking the cache is invalid: this is what the first request then costs.
            rt.availability.clear()
            return client.get(path).status_code

        # Free starts spread over the range, one per repetition of (f).
        free_starts = [slot.start for slot in slots][:: max(1, len(slots) // (args.reps + args.warmup + 1))]
        bookings_made = iter(range(10**6))

        def http_after_booking() -> object:
            n = next(bookings_made)
            start = free_starts[n % len(free_starts)]
            citizen = CitizenDetails(
                name=f"Bench {n}", email=f"after{n}@bench.example", phone="+302410123456"
            )
            rt.bookings.create(NewBooking(service_id, Mode.IN_PERSON, start, citizen), Actor.citizen())
            started = time.perf_counter()
            status = client.get(path).status_code
            after_booking.append(time.perf_counter() - started)
            return status

        after_booking: list[float] = []
        results = []
        for label, fn in (
            ("(a) domain free_slots", domain),
            ("(b) AvailabilityCache.slots", query),
            ("(c) HTTP GET availability", http),
            ("(d) same, Accept-Encoding", http_compressed),
            ("(e) HTTP, nothing cached", http_cold),
            ("(f) HTTP, after a booking", http_after_booking),
        ):
            samples = timed(fn, args.reps, args.warmup)
            if fn is http_after_booking:
                samples = after_booking[args.warmup :]  # the request alone, not the booking before it
            results.append((label, samples))
            print(f"[{backend}] {label:<28} {latency_line(samples)}")
        http_p50 = percentile(results[2][1], 50) * 1000
        verdict = "met" if http_p50 <= TARGET_P50_MS else "NOT met"
        after_p50 = percentile(results[5][1], 50) * 1000
        after = "met" if after_p50 <= TARGET_P50_MS else "NOT met"
        cold_p50 = percentile(results[4][1], 50) * 1000
        cold = "met" if cold_p50 <= TARGET_P50_MS else "NOT met"
        print(
            f"[{backend}] target p50 ≤ {TARGET_P50_MS:.0f} ms server-side: nothing changed: {verdict}; "
            f"first request after a booking: {after}; full computation (after a catalogue change): {cold}"
        )

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            profiled = http_cold if args.profile_cold else http
            for _ in range(20):
                profiled()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.profile)
            what = "cold HTTP calls (e)" if args.profile_cold else "HTTP calls (c)"
            print(f"[{backend}] cProfile of 20 {what}, top {args.profile} by own time:")
            print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])
        rt.waiter.close()
        rt.store.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", action="store_true", help="also run on PostgreSQL (the bench database)")
    parser.add_argument("--pg-only", action="store_true", help="run on PostgreSQL only")
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--clerks", type=int, default=20)
    parser.add_argument("--bookings", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the top N of a cProfile")
    parser.add_argument("--profile-cold", action="store_true", help="profile (e) instead of (c)")
    args = parser.parse_args()
    backends = ["pg"] if args.pg_only else (["sqlite", "pg"] if args.pg else ["sqlite"])
    print(__doc__.splitlines()[0])
    print(machine_line(with_postgres="pg" in backends))
    print(foreign_load_warning() or "machine idle before the run")
    for backend in backends:
        run_backend(backend, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
