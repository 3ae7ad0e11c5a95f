"""The week calendar on the night summer time ends: the two 03:00 appointments share the 03:00 row, so they
stand side by side, and their labels say which 03:00 each is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from clerk_desktop.models.agenda_model import AgendaModel
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.selection import Selection
from clerk_desktop.views.week_view import WeekView

FIRST_THREE = datetime(2027, 10, 31, 0, 0, tzinfo=UTC)  # 03:00 EEST
SECOND_THREE = datetime(2027, 10, 31, 1, 0, tzinfo=UTC)  # 03:00 EET, an hour later
WEEK = datetime(2027, 10, 25, tzinfo=ATHENS)


def _row(reference: str, start: datetime) -> dict[str, Any]:
    return {
        "reference": reference,
        "status": "confirmed",
        "mode": "in_person",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=15)).isoformat(),
        "version": 1,
        "service": {"id": 1, "name_el": "Σύμφωνο συμβίωσης", "name_en": "Cohabitation agreement"},
        "citizen": {"name": f"Citizen {reference}", "email": "c@example.org", "phone": "+302410000000"},
    }


def _store() -> BookingStore:
    store = BookingStore()
    rows = [_row("FIRST", FIRST_THREE), _row("SECOND", SECOND_THREE)]
    store.replace_range(WEEK, WEEK + timedelta(days=7), [Booking.from_json(r) for r in rows])
    return store


def test_the_two_three_oclocks_stand_side_by_side_not_on_top_of_each_other(qtbot: QtBot) -> None:
    store = _store()
    view = WeekView(store, Selection(store))
    qtbot.addWidget(view)
    view.set_week(date(2027, 10, 25))
    view.resize(1200, 1400)
    view.relayout()
    blocks = {b.booking.reference: b.rect for b in view.blocks()}
    first, second = blocks["FIRST"], blocks["SECOND"]
    assert first.top() == second.top()  # the same wall-clock row
    assert not first.intersects(second)  # but not drawn over each other


def test_the_agenda_says_which_three_oclock(qtbot: QtBot) -> None:
    store = _store()
    model = AgendaModel(store)
    model.set_day(date(2027, 10, 31))
    rows = [str(model.data(model.index(row, 0))) for row in range(model.rowCount())]
    assert rows[0].startswith("03:00 (UTC+03:00)  Citizen FIRST")
    assert rows[1].startswith("03:00 (UTC+02:00)  Citizen SECOND")
