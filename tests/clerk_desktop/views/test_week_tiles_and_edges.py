"""Issue 15, defect 6: the week view's lanes, status badges, fixed day header and out-of-sight markers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.selection import Selection
from clerk_desktop.views.week_view import WeekPane, WeekView, tile_text

MONDAY = date(2026, 11, 30)
WEEK = datetime(2026, 11, 30, tzinfo=ATHENS)


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute), tzinfo=ATHENS)


def _row(reference: str, start: datetime, status: str = "confirmed", minutes: int = 30) -> dict[str, Any]:
    return {
        "reference": reference,
        "status": status,
        "mode": "in_person",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=minutes)).isoformat(),
        "version": 1,
        "service": {"id": 1, "name_el": "Σύμφωνο συμβίωσης", "name_en": "Cohabitation agreement"},
        "citizen": {"name": f"Πολίτης {reference}", "email": "c@example.org", "phone": "+302410000000"},
    }


def _store(*rows: dict[str, Any]) -> BookingStore:
    store = BookingStore()
    store.replace_range(WEEK, WEEK + timedelta(days=7), [Booking.from_json(r) for r in rows])
    return store


def _view(qtbot: QtBot, store: BookingStore) -> WeekView:
    view = WeekView(store, Selection(store))
    qtbot.addWidget(view)
    view.set_week(MONDAY)
    view.resize(1000, view.sizeHint().height())
    view.relayout()
    return view


def test_one_cancelled_overlap_narrows_only_the_tiles_it_overlaps(qtbot: QtBot) -> None:
    store = _store(
        _row("KEPT", _at(1, 9)),
        _row("GONE", _at(1, 9), status="cancelled"),
        _row("LATER", _at(1, 11)),
        _row("CHAIN", _at(1, 9, 15)),  # overlaps GONE's lane-mate KEPT: same cluster, its own lane
        _row("ALONE", _at(2, 9)),
    )
    view = _view(qtbot, store)
    rects = {b.booking.reference: b.rect for b in view.blocks()}
    full = rects["ALONE"].width()
    assert rects["LATER"].width() == full  # same day as the overlap, but not part of it
    assert rects["KEPT"].width() < full / 2
    assert not rects["KEPT"].intersects(rects["GONE"])
    assert not rects["CHAIN"].intersects(rects["KEPT"]) and not rects["CHAIN"].intersects(rects["GONE"])


def test_a_tile_tells_its_status_by_a_badge_and_in_words(qtbot: QtBot) -> None:
    store = _store(
        _row("IN", _at(0, 9), status="checked_in"),
        _row("DONE", _at(0, 10), status="completed"),
        _row("AWAY", _at(0, 11), status="no_show"),
        _row("PLAIN", _at(0, 12)),
    )
    view = _view(qtbot, store)
    badges = {b.booking.reference: b.badge for b in view.blocks()}
    assert badges == {"IN": "✔", "DONE": "●", "AWAY": "✖", "PLAIN": ""}
    done = store.get("DONE")
    assert done is not None
    assert tr("status.completed") in tile_text(done, "el")
    view.selection.select("IN")
    assert tr("status.checked_in") in view.accessibleDescription()
    assert "Πολίτης IN" in view.accessibleDescription()


def test_the_day_header_stays_put_when_the_week_scrolls(qtbot: QtBot) -> None:
    store = _store(_row("EARLY", _at(3, 8)), _row("EVENING", _at(3, 17), minutes=120))
    week = WeekView(store, Selection(store))
    pane = WeekPane(week)
    qtbot.addWidget(pane)
    week.set_week(MONDAY)
    pane.resize(900, 400)
    pane.show()
    qtbot.waitExposed(pane)
    header_at = pane.header.mapTo(pane, pane.header.rect().topLeft())
    bar = pane.area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert pane.header.isVisible()
    assert pane.header.mapTo(pane, pane.header.rect().topLeft()) == header_at
    assert not week.paints_header  # drawn once, above the scroll area


def test_evening_bookings_below_the_fold_get_a_marker_that_scrolls_to_them(qtbot: QtBot) -> None:
    store = _store(_row("MORNING", _at(3, 8)), _row("EVENING", _at(3, 17), minutes=120))
    week = WeekView(store, Selection(store))
    pane = WeekPane(week)
    qtbot.addWidget(pane)
    week.set_week(MONDAY)
    pane.resize(900, 500)
    pane.show()
    qtbot.waitExposed(pane)
    pane.area.verticalScrollBar().setValue(0)
    pane.refresh_markers()
    texts = [m.accessibleName() for m in pane.markers]
    assert texts == ["▼ 1 ακόμη 17:00–19:00"]
    pane.markers[0].click()
    evening = next(b for b in week.blocks() if b.booking.reference == "EVENING")
    top, bottom = pane.visible_span()
    assert top <= evening.rect.top() < bottom
    assert [m.accessibleName() for m in pane.markers] == ["▲ 1 ακόμη 08:00–08:30"]
