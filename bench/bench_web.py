"""Citizen form: server-side render time of each step's page (target p50 ≤ 20 ms) and page weight
without cache (target ≤ 100 KB: HTML + CSS + JS, as sent, gzip when the browser asks).

Run: .venv/bin/python bench/bench_web.py   (SQLite, the Larissa catalogue, 5 clerks, 2,000 bookings)
"""

from __future__ import annotations

import gzip
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import (
    SERVICE_SLUG,
    bulk_bookings,
    create_clerks,
    fresh_database,
    latency_line,
    load_larissa,
    machine_line,
    make_runtime,
)

from service_api.app import create_app

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
REPS = 200


def main() -> None:
    print(machine_line(with_postgres=False))
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        url = fresh_database("sqlite", workdir)
        rt = make_runtime(url, workdir, now=NOW)
        rt.config.ratelimit_enabled = False
        municipality_id, services = load_larissa(rt)
        service_id = services[SERVICE_SLUG]
        clerks = create_clerks(rt, municipality_id, service_id, 5)
        bulk_bookings(rt, municipality_id, service_id, clerks, 2000, NOW.date(), 60)
        app = create_app(rt=rt)
        client = app.test_client()
        with client.session_transaction() as session:
            session["citizen"] = {"via": "email", "email": "bench@example.org", "name": ""}
        anonymous = app.test_client()
        pages = {
            "0 sign-in": "/?m=larissa",
            "1 municipality": "/book?m=larissa",
            "2 group": "/book/larissa",
            "3 service": "/book/larissa/g/registry",
            "4 mode": f"/book/larissa/s/{service_id}",
            "5 calendar + times": f"/book/larissa/s/{service_id}/in_person?month=2026-12&day=2026-12-03",
            "info: documents": f"/services/{service_id}",
            "my appointments": "/my-bookings",
        }
        assets = ["/static/form.css", "/static/tz.js", "/static/focus.js"]
        asset_bytes = sum(len(client.get(a).data) for a in assets)
        asset_gzip = sum(len(gzip.compress(client.get(a).data)) for a in assets)
        print(f"{'page':<22} {'server time (ms)':<44} {'HTML':>8} {'gzip':>7} {'page total':>11}")
        for name, path in pages.items():
            times = []
            who = anonymous if name.startswith("0") else client
            for _ in range(REPS):
                started = time.perf_counter()
                response = who.get(path)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
            html = response.data
            total = len(html) + asset_bytes
            print(
                f"{name:<22} {latency_line(times):<44} {len(html) / 1024:>6.1f}KB "
                f"{len(gzip.compress(html)) / 1024:>5.1f}KB {total / 1024:>8.1f} KB"
            )
        print(
            f"assets (CSS + JS, once): {asset_bytes / 1024:.1f} KB, {asset_gzip / 1024:.1f} KB gzipped; "
            "no fonts, images or frameworks"
        )
        print("targets: p50 ≤ 20 ms per step; page ≤ 100 KB without cache")


if __name__ == "__main__":
    main()
