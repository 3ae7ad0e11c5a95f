"""Accessibility needs on the desk (issue 18): banner, tile and agenda marks, forms, figures."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from clerk_desktop.models.agenda_model import AgendaModel
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.models.needs_served import NeedsServedModel, parse_served
from clerk_desktop.models.selection import Selection
from clerk_desktop.models.staff_accounts import StaffAccount
from clerk_desktop.models.stats_model import StatsData, StatsTableModel
from clerk_desktop.views.booking_panel import BookingPanel
from clerk_desktop.views.stats_view import StatsView
from clerk_desktop.views.week_view import WeekView, tile_text

MONDAY = date(2026, 11, 30)
WEEK = datetime(2026, 11, 30, tzinfo=ATHENS)
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "desktop"


def _row(reference: str, hour: int, needs: dict[str, Any] | None = None, minutes: int = 30) -> dict[str, Any]:
    start = datetime.combine(MONDAY + timedelta(days=1), time(hour), tzinfo=ATHENS)
    return {
        "reference": reference,
        "status": "confirmed",
        "mode": "in_person",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=minutes)).isoformat(),
        "version": 1,
        "service": {"id": 1, "name_el": "Σύμφωνο συμβίωσης", "name_en": "Cohabitation agreement"},
        "citizen": {"name": f"Πολίτης {reference}", "email": "c@example.org", "phone": "+302410000000"},
        "needs": needs or {"codes": [], "language": ""},
    }


ARABIC = {"codes": ["interpreter", "extra_time"], "language": "Αραβικά"}


def _store(*rows: dict[str, Any]) -> BookingStore:
    store = BookingStore()
    store.replace_range(WEEK, WEEK + timedelta(days=7), [Booking.from_json(r) for r in rows])
    return store


def _shot(widget: Any, name: str) -> None:
    if os.environ.get("DIMOS_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def test_the_panel_shows_the_needs_first_as_plain_text_and_hides_the_banner_without(qtbot: QtBot) -> None:
    store = _store(
        _row("NEED", 9, ARABIC, minutes=45),
        _row("PLAIN", 10),
        _row("ODD", 11, {"codes": ["interpreter"], "language": "<b>Farsi</b>"}),
    )
    selection = Selection(store)
    panel = BookingPanel(ChecklistModel(), store, selection)
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.show()
    selection.select("NEED")
    banner = panel.needs_banner
    assert banner.isVisible()
    assert banner.text() == "♿ Διευκολύνσεις: Διερμηνέας: Αραβικά, Περισσότερος χρόνος"
    assert banner.geometry().top() < panel.title.geometry().top()  # above everything else
    _shot(panel, "needs-panel-el")
    selection.select("PLAIN")
    assert not banner.isVisible()
    selection.select("ODD")
    assert banner.textFormat().name == "PlainText" and "<b>Farsi</b>" in banner.text()


def test_tiles_and_agenda_rows_carry_the_mark_and_say_the_needs(qtbot: QtBot, qtmodeltester: Any) -> None:
    store = _store(_row("NEED", 9, ARABIC), _row("PLAIN", 10))
    need, plain = store.get("NEED"), store.get("PLAIN")
    assert need is not None and plain is not None
    assert tile_text(need, "el").endswith("Με διευκολύνσεις: Διερμηνέας: Αραβικά, Περισσότερος χρόνος")
    assert "διευκολύνσεις" not in tile_text(plain, "el")
    week = WeekView(store, Selection(store))
    qtbot.addWidget(week)
    week.set_week(MONDAY)
    week.resize(900, 700)
    week.relayout()
    _shot(week, "needs-week-el")
    agenda = AgendaModel(store)
    agenda.set_day(MONDAY + timedelta(days=1))
    qtmodeltester.check(agenda)
    tips = [str(agenda.index(r).data(3)) for r in range(agenda.rowCount())]  # ToolTipRole
    assert "Αραβικά" in tips[0] and "Με διευκολύνσεις" in tips[0] and "διευκολύνσεις" not in tips[1]


def test_a_clerks_support_is_read_and_sent_back_only_when_changed() -> None:
    account = StaffAccount.from_json(
        {
            "id": 7,
            "username": "eleni",
            "display_name": "Ελένη",
            "role": "clerk",
            "municipality": "larissa",
            "supports": {"sign_language": True, "languages": ["English", "Αραβικά"]},
        }
    )
    values = account.form_values()
    assert values.sign_language and values.languages == "English, Αραβικά"
    assert values.body(account.form_values()) == {}
    values.languages = "English"
    assert values.body(account.form_values()) == {
        "supports": {"sign_language": True, "languages": ["English"]}
    }


def test_needs_served_are_parsed_tested_and_shown_beside_the_figures(
    qtbot: QtBot, qtmodeltester: Any
) -> None:
    served = {"wheelchair": 3, "sign_language": 0, "interpreter": 1, "extra_time": 2, "assistant": 0}
    assert parse_served(served)[0] == ("wheelchair", 3) and parse_served(None) == ()
    model = NeedsServedModel()
    model.set_counts(parse_served(served))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "Αναπηρικό αμαξίδιο" and model.index(0, 1).data() == "3"
    view = StatsView(StatsTableModel(), today=date(2026, 12, 3))
    qtbot.addWidget(view)
    data = {
        "from": "2026-12-01",
        "to": "2026-12-06",
        "period": "week",
        "municipality_id": 1,
        "periods": [{"period": "2026-W49", "from": "2026-12-01", "to": "2026-12-06", "totals": {}}],
        "needs_served": served,
    }
    view.set_stats(StatsData.from_json(data))
    shown = view.needs_served.model
    assert shown.rowCount() == 5 and shown.total() == 6
    view.resize(1000, 760)
    view.show()
    assert view.needs_served.isVisible()
    _shot(view.needs_served, "needs-stats-el")
