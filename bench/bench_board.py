"""Supervisors' staff board: first paint of a day with 20 clerks × 30 bookings (target ≤ 150 ms).

Run: .venv/bin/python bench/bench_board.py   (offscreen Qt; no server needed)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402

from clerk_desktop.models.board import BoardStore  # noqa: E402
from clerk_desktop.models.booking import ATHENS  # noqa: E402
from clerk_desktop.models.booking_store import BookingStore  # noqa: E402
from clerk_desktop.views.staff_board import StaffBoardView  # noqa: E402

DAY = datetime(2026, 12, 7, 8, tzinfo=ATHENS)


def rows() -> list[dict[str, object]]:
    result = []
    for clerk in range(20):
        for n in range(30):
            start = DAY + timedelta(minutes=15 * n)
            result.append(
                {
                    "reference": f"B{clerk:02d}{n:03d}",
                    "status": "confirmed",
                    "mode": "teleconference" if (clerk + n) % 3 == 0 else "in_person",
                    "start": start.isoformat(),
                    "end": (start + timedelta(minutes=15)).isoformat(),
                    "service": {
                        "id": 1,
                        "name_el": "Αίτηση για νέα παροχή",
                        "name_en": "New supply",
                        "group": {"slug": "revenues", "name_el": "Έσοδα", "name_en": "Revenues"},
                    },
                    "citizen": {
                        "name": f"Πολίτης {clerk}-{n}",
                        "email": "c@example.org",
                        "phone": "+306900000000",
                    },
                    "documents": [],
                    "version": 1,
                    "staff": {"id": clerk + 1, "name": f"Clerk {clerk}"},
                }
            )
    return result


def main() -> None:
    app = QApplication(sys.argv[:1])
    bookings, board = BookingStore(), BoardStore()
    board.set_clerks([{"id": c + 1, "name": f"Υπάλληλος {c + 1:02d}", "role": "clerk"} for c in range(20)])
    view = StaffBoardView(bookings, board)
    view.set_day(DAY.date())
    scroll = QScrollArea()
    scroll.setWidget(view)
    scroll.setWidgetResizable(True)
    scroll.resize(1600, 900)
    scroll.show()
    app.processEvents()
    data = rows()
    times = []
    for _ in range(20):
        started = time.perf_counter()
        bookings.replace_all(data)  # relayout + paint of the whole day
        view.repaint()
        times.append((time.perf_counter() - started) * 1000)
    assert len(view.blocks()) == 600
    print(
        f"staff board, 20 clerks × 30 bookings: relayout + paint p50 {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms (target ≤ 150 ms)"
    )


if __name__ == "__main__":
    main()
