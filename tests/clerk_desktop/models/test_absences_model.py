"""Absences as the desktop holds them: form bodies, lists, the team calendar, the board's shading."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import Qt

from clerk_desktop.models.absences import (
    Absence,
    AbsenceFormValues,
    AbsenceKind,
    AbsenceListModel,
    AbsenceStatus,
)
from clerk_desktop.models.board import BoardStore
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.team_calendar import TeamCalendar


def row(absence_id: int, start: str, end: str, **extra: Any) -> dict[str, Any]:
    return {"id": absence_id, "staff_id": 7, "start": start, "end": end, **extra}


def test_whole_days_are_sent_as_athens_midnights_and_hours_as_one_day() -> None:
    days = AbsenceFormValues(
        7, AbsenceKind.SICKNESS, True, date(2026, 12, 2), date(2026, 12, 4), reason=" flu "
    )
    assert days.body() == {
        "start": "2026-12-02T00:00:00+02:00",
        "end": "2026-12-05T00:00:00+02:00",
        "kind": "sickness",
        "reason": "flu",
    }
    hours = AbsenceFormValues(7, whole_days=False, first=date(2026, 12, 2), start=time(9), end=time(11, 30))
    assert hours.span() == (
        datetime(2026, 12, 2, 9, tzinfo=ATHENS),
        datetime(2026, 12, 2, 11, 30, tzinfo=ATHENS),
    )
    assert "end" in AbsenceFormValues(7, first=date(2026, 12, 4), last=date(2026, 12, 2)).problems()
    assert "end" in AbsenceFormValues(7, whole_days=False, start=time(11), end=time(9)).problems()


def test_an_absence_round_trips_through_the_form_and_only_changes_are_sent() -> None:
    stored = Absence.from_json(row(1, "2026-12-01T22:00:00+00:00", "2026-12-03T22:00:00+00:00", kind="leave"))
    assert stored.whole_days and (stored.first_day, stored.last_day) == (date(2026, 12, 2), date(2026, 12, 3))
    assert stored.span_text() == "02/12/2026–03/12/2026"
    values = AbsenceFormValues.of(stored)
    assert values.changes(AbsenceFormValues.of(stored)) == {}
    values.kind = AbsenceKind.TRAINING
    assert values.changes(AbsenceFormValues.of(stored)) == {"kind": "training"}
    some_hours = Absence.from_json(row(2, "2026-12-02T07:00:00+00:00", "2026-12-02T09:00:00+00:00"))
    assert not some_hours.whole_days and some_hours.span_text() == "02/12/2026 09:00–11:00"
    assert (some_hours.kind, some_hours.status) == (
        AbsenceKind.OTHER,
        AbsenceStatus.APPROVED,
    )  # older servers


def test_the_request_list_is_a_well_behaved_table(qtmodeltester: Any) -> None:
    model = AbsenceListModel(with_clerk=True)
    model.set_rows(
        [
            Absence.from_json(
                row(
                    3,
                    "2026-12-09T07:00:00+00:00",
                    "2026-12-09T09:00:00+00:00",
                    status="requested",
                    reason="<b>x</b>",
                )
            ),
            Absence.from_json(
                row(4, "2026-12-01T22:00:00+00:00", "2026-12-02T22:00:00+00:00", status="requested")
            ),
        ],
        {7: "Μαρία"},
    )
    qtmodeltester.check(model)
    assert [model.absence(r).id for r in range(2)] == [4, 3]  # in time order
    assert model.index(0, 0).data() == "Μαρία" and model.index(1, 3).data() == "Σε αναμονή"
    assert model.index(1, 4).data(Qt.ItemDataRole.ToolTipRole) == "<qt>&lt;b&gt;x&lt;/b&gt;</qt>"
    own = AbsenceListModel(with_clerk=False)
    own.set_rows(model.rows)
    qtmodeltester.check(own)
    assert own.columnCount() == 4 and own.index(0, 0).data() == "02/12/2026"


def test_the_team_calendar_leaves_refused_requests_out_and_greys_weekends_and_closures() -> None:
    calendar = TeamCalendar(date(2026, 12, 2))
    assert calendar.first == date(2026, 11, 30) and calendar.last == date(2026, 12, 27)
    calendar.load(
        {
            "staff": [{"id": 7, "display_name": "Μαρία"}],
            "absences": [
                row(1, "2026-12-01T22:00:00+00:00", "2026-12-02T22:00:00+00:00", status="requested"),
                row(2, "2026-12-01T22:00:00+00:00", "2026-12-02T22:00:00+00:00", status="rejected"),
            ],
            "closed_days": ["2026-12-08"],
        }
    )
    assert [a.id for a in calendar.on(7, date(2026, 12, 2))] == [1]
    assert [a.id for a in calendar.pending()] == [1]
    assert calendar.is_off(date(2026, 12, 5)) and calendar.is_off(date(2026, 12, 8))
    assert not calendar.is_off(date(2026, 12, 9))
    calendar.select(1)
    calendar.load({"staff": [], "absences": []})
    assert calendar.selected_id is None  # the selected absence went away


def test_the_staff_board_shades_approved_absences_only() -> None:
    board = BoardStore()
    board.set_absences(
        7,
        [
            row(1, "2026-12-02T07:00:00+00:00", "2026-12-02T09:00:00+00:00", status="requested"),
            row(2, "2026-12-03T07:00:00+00:00", "2026-12-03T09:00:00+00:00", status="approved"),
            row(3, "2026-12-04T07:00:00+00:00", "2026-12-04T09:00:00+00:00"),  # from before statuses
        ],
    )
    assert [start.day for start, _end, _reason in board.absences[7]] == [3, 4]
