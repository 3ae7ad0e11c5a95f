"""Covering an absence: 200 bookings over 20 colleagues, target ≤ 200 ms for the plan.

(a) the pure domain call ``plan_cover``: 200 bookings of the absent clerk (on the 30-minute grid over
    four weeks; a quarter by teleconference; three services) and 20 colleagues, each about half
    booked, half of them qualified for teleconference, some not for every service;
(b) ``cover.preview_cover`` with its database reads (SQLite; also PostgreSQL with ``--pg``): the
    same shape stored in a fresh database (bookings inserted directly, as in ``common.bulk_bookings``);
(c) ``cover.apply_cover`` of that plan once: one transaction re-checking and moving every booking.

Prints p50/p95/p99 in milliseconds. It measures; it asserts nothing.
Run: ``.venv/bin/python bench/bench_cover_plan.py [--pg] [--reps 200] [--skip-db]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    SERVICE_SLUG,
    WEEKDAYS_8_TO_14,
    create_clerks,
    foreign_load_warning,
    fresh_database,
    latency_line,
    load_larissa,
    machine_line,
    make_runtime,
    percentile,
)
from sqlalchemy import insert  # noqa: E402

from service_api.booking import cover  # noqa: E402
from service_api.booking.journal import Actor  # noqa: E402
from service_api.domain.availability import Busy, ServiceRules, StaffCalendar, WorkingPeriod  # noqa: E402
from service_api.domain.reallocation import BookingToMove, CoverCandidate, plan_cover, spread  # noqa: E402
from service_api.domain.timeutil import ATHENS, local_to_utc  # noqa: E402
from service_api.models import Booking  # noqa: E402

# Tuesday 1 December 2026, 08:00 in Athens.
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
TARGET_MS = 200.0
DAYS = 28
MOVES = 200
COLLEAGUES = 20


def grid_starts(first_day: date, days: int) -> list[datetime]:
    """UTC starts of the 30-minute grid inside Mon–Fri 08:00–14:00 Athens time."""
    starts: list[datetime] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() < 5:
            opening = local_to_utc(day, WEEKDAYS_8_TO_14[0][1], ATHENS)
            starts.extend(opening + timedelta(minutes=30 * n) for n in range(12))
    return starts


def timed(fn: Callable[[], object], reps: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def domain_case(seed: int = 7) -> tuple[list[BookingToMove], list[CoverCandidate], dict[int, ServiceRules]]:
    rng = random.Random(seed)
    first = NOW.astimezone(ATHENS).date()
    grid = grid_starts(first, DAYS)
    plan = [WorkingPeriod(d, s, e) for d, s, e in WEEKDAYS_8_TO_14]
    rules = {sid: ServiceRules(duration_minutes=15, slot_interval_minutes=30) for sid in (1, 2, 3)}
    moves = [
        BookingToMove(
            f"MOVE{n:04d}",
            rng.choice((1, 1, 2, 3)),
            "teleconference" if rng.random() < 0.25 else "in_person",
            start,
            start + timedelta(minutes=15),
            version=1,
            from_staff_id=0,
        )
        for n, start in enumerate(sorted(rng.sample(grid, MOVES)))
    ]
    candidates = []
    for staff_id in range(1, COLLEAGUES + 1):
        busy = [Busy(s, s + timedelta(minutes=15)) for s in grid if rng.random() < 0.5]
        services = [1, 2, 3] if staff_id % 3 else [1, 2]
        modes = ("in_person", "teleconference") if staff_id % 2 else ("in_person",)
        candidates.append(
            CoverCandidate(
                StaffCalendar(staff_id, plan, (), busy),
                frozenset((s, m) for s in services for m in modes),
                load=len(busy),
            )
        )
    return moves, candidates, rules


def run_domain(args: argparse.Namespace) -> None:
    moves, candidates, rules = domain_case()
    result = plan_cover(moves, candidates, zone=ATHENS, rules=rules)
    counts = spread(result)
    print(
        f"\n[domain] {len(moves)} bookings, {len(candidates)} colleagues with "
        f"{sum(len(c.calendar.busy) for c in candidates)} busy intervals: {len(result.assignments)} placed "
        f"(per colleague {min(counts.values())}..{max(counts.values())}), {len(result.unplaced)} unplaced; "
        f"loads {min(c.load for c in candidates)}..{max(c.load for c in candidates)} before, "
        f"{min(result.loads.values())}..{max(result.loads.values())} after"
    )
    samples = timed(lambda: plan_cover(moves, candidates, zone=ATHENS, rules=rules), args.reps, args.warmup)
    print(f"[domain] (a) plan_cover             {latency_line(samples)}")
    verdict = "met" if percentile(samples, 95) * 1000 <= TARGET_MS else "NOT met"
    print(f"[domain] target ≤ {TARGET_MS:.0f} ms (p95 of the plan): {verdict}")


def run_backend(backend: str, args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix=f"dimos-bench-cover-{backend}-"))
    try:
        url = fresh_database(backend, workdir)
        rt = make_runtime(url, workdir, now=NOW)
        municipality_id, services = load_larissa(rt)
        service_id = services[SERVICE_SLUG]
        (absent,) = create_clerks(rt, municipality_id, service_id, 1, prefix="absent")
        colleagues = create_clerks(rt, municipality_id, service_id, COLLEAGUES)
        rng = random.Random(11)
        grid = grid_starts(NOW.astimezone(ATHENS).date(), DAYS)
        now = datetime.now(UTC)
        fixed = {"municipality_id": municipality_id, "service_id": service_id, "status": "confirmed"}
        fixed |= {"citizen_extra": {}, "created_at": now, "updated_at": now}
        rows = [
            fixed
            | {"reference": f"MOVE{n:06d}", "staff_id": absent, "start_at": start, "citizen_key": f"m{n}"}
            | {
                "end_at": start + timedelta(minutes=15),
                "mode": "teleconference" if n % 4 == 0 else "in_person",
            }
            for n, start in enumerate(sorted(rng.sample(grid, MOVES)))
        ]
        n = len(rows)
        for sid in colleagues:
            for start in grid:
                if rng.random() < 0.5:
                    rows.append(
                        fixed
                        | {
                            "reference": f"BUSY{n:06d}",
                            "staff_id": sid,
                            "start_at": start,
                            "citizen_key": f"b{n}",
                        }
                        | {"end_at": start + timedelta(minutes=15), "mode": "in_person"}
                    )
                    n += 1
        with rt.store.write() as session:
            for chunk in range(0, len(rows), 2000):
                session.execute(insert(Booking), rows[chunk : chunk + 2000])
        print(
            f"\n[{backend}] set-up: 1 absent clerk with {MOVES} bookings, {COLLEAGUES} colleagues, {n} rows"
        )
        boss = Actor("staff", None, "admin")
        start, end = grid[0] - timedelta(hours=1), grid[-1] + timedelta(hours=1)

        def preview() -> object:
            return cover.preview_cover(rt.bookings, boss, staff_id=absent, start=start, end=end)

        plan = cover.preview_cover(rt.bookings, boss, staff_id=absent, start=start, end=end)
        counts = spread(plan)
        print(
            f"[{backend}] plan: {len(plan.assignments)} placed (per colleague "
            f"{min(counts.values(), default=0)}..{max(counts.values(), default=0)}), "
            f"{len(plan.unplaced)} unplaced"
        )
        samples = timed(preview, args.reps // 4 or 1, 2)
        print(f"[{backend}] (b) preview_cover          {latency_line(samples)}")
        started = time.perf_counter()
        moved = cover.apply_cover(
            rt.bookings,
            boss,
            staff_id=absent,
            start=start,
            end=end,
            assignments=[(a.reference, a.to_staff_id) for a in plan.assignments],
            expected={a.reference: a.version for a in plan.assignments},
        )
        print(
            f"[{backend}] (c) apply_cover, one run     {(time.perf_counter() - started) * 1000:8.1f} ms "
            f"for {len(moved)} bookings in one transaction"
        )
        rt.waiter.close()
        rt.store.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", action="store_true", help="also run (b) and (c) on PostgreSQL")
    parser.add_argument("--skip-db", action="store_true", help="only the pure domain call")
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    print(machine_line(with_postgres=args.pg))
    print(foreign_load_warning() or "machine idle before the run")
    run_domain(args)
    if not args.skip_db:
        for backend in ["sqlite", "pg"] if args.pg else ["sqlite"]:
            run_backend(backend, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
