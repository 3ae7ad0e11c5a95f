"""What the supervisors' staff board shows besides bookings: the clerks and their absences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from clerk_desktop.models.role import Role


@dataclass(frozen=True)
class Clerk:
    id: int
    name: str
    role: str


class BoardStore(QObject):
    """Clerks of the supervisor's municipality and their absences; bookings live in the BookingStore."""

    clerks_changed = Signal()
    absences_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.clerks: list[Clerk] = []
        self.absences: dict[int, list[tuple[datetime, datetime, str]]] = {}

    def set_clerks(self, rows: list[dict[str, Any]]) -> None:
        self.clerks = sorted(
            (
                Clerk(int(r["id"]), str(r["name"]), str(r["role"]))
                for r in rows
                if r.get("role") == Role.CLERK
            ),
            key=lambda c: c.name,
        )
        self.clerks_changed.emit()

    def set_absences(self, staff_id: int, rows: list[dict[str, Any]]) -> None:
        """Approved absences only: a pending or refused request must not shade as time off."""
        self.absences[staff_id] = [
            (datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"]), a.get("reason", ""))
            for a in rows
            if a.get("status", "approved") == "approved"
        ]
        self.absences_changed.emit()

    def name_of(self, staff_id: int | None) -> str:
        return next((c.name for c in self.clerks if c.id == staff_id), "")
