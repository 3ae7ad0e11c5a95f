"""The supervisors' team calendar as data: who, which four weeks, their absences, the office's closed days.

The grid view paints from this and listens to ``changed``; the selected absence is part of the model
(``selection_changed``), so the tab's buttons and the grid follow one selection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal

from clerk_desktop.models.absences import Absence, AbsenceStatus

DAYS_SHOWN = 28


@dataclass(frozen=True)
class TeamMember:
    id: int
    name: str


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class TeamCalendar(QObject):
    """Four weeks from a Monday; ``load`` takes the server's team-calendar answer for them."""

    changed = Signal()
    selection_changed = Signal()

    def __init__(self, first: date) -> None:
        super().__init__()
        self.first = monday_of(first)
        self.members: list[TeamMember] = []
        self.absences: list[Absence] = []
        self.closed: set[date] = set()
        self.selected_id: int | None = None

    @property
    def last(self) -> date:
        return self.first + timedelta(days=DAYS_SHOWN - 1)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(DAYS_SHOWN)]

    def move_to(self, day: date) -> None:
        """Show the four weeks from the Monday of ``day``; the rows come with the next ``load``."""
        self.first = monday_of(day)
        self.changed.emit()

    def load(self, body: dict[str, Any]) -> None:
        self.members = [TeamMember(int(m["id"]), str(m["display_name"])) for m in body.get("staff", [])]
        self.absences = [Absence.from_json(row) for row in body.get("absences", [])]
        self.closed = {date.fromisoformat(str(d)) for d in body.get("closed_days", [])}
        if self.absence(self.selected_id) is None:
            self.selected_id = None
            self.selection_changed.emit()
        self.changed.emit()

    def names(self) -> dict[int, str]:
        return {m.id: m.name for m in self.members}

    def absence(self, absence_id: int | None) -> Absence | None:
        return next((a for a in self.absences if a.id == absence_id), None)

    def on(self, staff_id: int, day: date) -> list[Absence]:
        """A clerk's absences touching ``day``, refused requests left out (they are history, not plans)."""
        return [
            a
            for a in self.absences
            if a.staff_id == staff_id and a.touches(day) and a.status != AbsenceStatus.REJECTED
        ]

    def pending(self) -> list[Absence]:
        return [a for a in self.absences if a.status == AbsenceStatus.REQUESTED]

    def is_off(self, day: date) -> bool:
        """A weekend or a day the office is closed (greyed)."""
        return day.weekday() >= 5 or day in self.closed

    def select(self, absence_id: int | None) -> None:
        if absence_id != self.selected_id:
            self.selected_id = absence_id
            self.selection_changed.emit()

    def selected(self) -> Absence | None:
        return self.absence(self.selected_id)
