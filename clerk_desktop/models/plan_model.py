"""A clerk's weekly plan as the visual editor edits it: periods in minutes, one selected, no overlaps.

The editor widget paints from this model and changes it only through its methods, which refuse
what the server would refuse (two periods of the same weekday and week that share minutes), so
the supervisor hears of a mistake while drawing, not after pressing «Αποθήκευση».
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from clerk_desktop.i18n import tr

DAY_START = 7 * 60  # the editor's hour scale: 07:00 ...
DAY_END = 21 * 60  # ... to 21:00
SNAP = 15  # minutes
WEEKS = ("all", "odd", "even")
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(text: str) -> int:
    hours, minutes = text.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def snapped(minutes: float) -> int:
    """The nearest quarter of an hour inside the editor's scale."""
    return max(DAY_START, min(DAY_END, round(minutes / SNAP) * SNAP))


def weekday_name(weekday: int) -> str:
    return tr(f"plans.day.{WEEKDAY_KEYS[weekday]}")


@dataclass(frozen=True)
class Period:
    """One stretch of the week, local time: ``start``/``end`` in minutes after midnight."""

    weekday: int
    start: int
    end: int
    weeks: str = "all"

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> Period:
        return cls(
            int(row["weekday"]), minutes_of(str(row["start"])), minutes_of(str(row["end"])), str(row["weeks"])
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "weekday": self.weekday,
            "start": hhmm(self.start),
            "end": hhmm(self.end),
            "weeks": self.weeks,
        }

    def clashes(self, other: Period) -> bool:
        """Same weekday, a week in common (odd and even never meet) and some minutes in common."""
        if self.weekday != other.weekday or {self.weeks, other.weeks} == {"odd", "even"}:
            return False
        return self.start < other.end and other.start < self.end

    def describe(self) -> str:
        """«Δευτέρα 08:00–14:00 (μονές εβδομάδες)», as the refusals and the list name it."""
        weeks = "" if self.weeks == "all" else f" ({tr(f'plans.weeks_short.{self.weeks}')})"
        return f"{weekday_name(self.weekday)} {hhmm(self.start)}–{hhmm(self.end)}{weeks}"


@dataclass(frozen=True)
class PlanVersion:
    """A saved version: the week in force from ``effective_from``."""

    effective_from: date
    periods: tuple[Period, ...]

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> PlanVersion:
        return cls(
            date.fromisoformat(str(row["effective_from"])), tuple(Period.from_json(p) for p in row["periods"])
        )


@dataclass(frozen=True)
class ClerkPlan:
    """What ``GET /staff/{id}/working-plan`` says: today's version and those scheduled after it."""

    staff_id: int
    today: date
    current: PlanVersion | None
    later: tuple[PlanVersion, ...]

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> ClerkPlan:
        current = body.get("current")
        return cls(
            int(body["staff_id"]),
            date.fromisoformat(str(body["today"])),
            PlanVersion.from_json(current) if current else None,
            tuple(PlanVersion.from_json(v) for v in body.get("later", [])),
        )

    def version(self, effective_from: date) -> PlanVersion | None:
        versions = [*([self.current] if self.current else []), *self.later]
        return next((v for v in versions if v.effective_from == effective_from), None)


@dataclass(frozen=True)
class PlanExceptionRow:
    """One-off extra hours or a closure of one of the clerk's days."""

    id: int
    day: date
    kind: str  # "extra" or "closed"
    start: str | None
    end: str | None
    note: str

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> PlanExceptionRow:
        return cls(
            int(row["id"]),
            date.fromisoformat(str(row["day"])),
            str(row["kind"]),
            row.get("start"),
            row.get("end"),
            str(row.get("note") or ""),
        )

    def describe(self) -> str:
        hours = tr("plans.whole_day") if self.start is None else f"{self.start}–{self.end}"
        note = f" — {self.note}" if self.note else ""
        day = f"{weekday_name(self.day.weekday())} {self.day:%d/%m/%Y}"
        return f"{day}  {tr(f'plans.kind.{self.kind}')} {hours}{note}"


@dataclass(frozen=True)
class ExceptionValues:
    """The one-off form as the supervisor filled it in."""

    day: date
    kind: str
    start: str | None
    end: str | None
    note: str

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"day": self.day.isoformat(), "kind": self.kind, "note": self.note}
        if self.start is not None:
            body["start"], body["end"] = self.start, self.end
        return body


SINCE_ALWAYS = date(2000, 1, 1)  # the server's date for a plan without a start


def version_label(version: PlanVersion, today: date) -> str:
    """«Σε ισχύ (από 07/12/2026)» for the version of today, «Από 01/02/2027» for a later one.

    The first plan of an account is stored from 01/01/2000 ("always"): that date means nothing to a
    supervisor, so it reads «Σε ισχύ» alone."""
    day = f"{version.effective_from:%d/%m/%Y}"
    if version.effective_from <= SINCE_ALWAYS:
        return tr("plans.version.always")
    if version.effective_from <= today:
        return tr("plans.version.current", day=day)
    return tr("plans.version.later", day=day)


def local_day(value: datetime) -> str:
    return f"{value:%d/%m/%Y %H:%M}"


class PlanModel(QObject):
    """The periods being edited, and which one is selected; ``refused`` tells why a change was not made."""

    changed = Signal()
    selection_changed = Signal(int)  # index, or -1
    refused = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.periods: list[Period] = []
        self.selected = -1
        self.dirty = False  # edited since loaded

    # ------------------------------------------------------------------ reading
    def clash_with(self, period: Period, ignore: int = -1) -> int:
        """The index of a period ``period`` would overlap, or -1."""
        return next((i for i, other in enumerate(self.periods) if i != ignore and period.clashes(other)), -1)

    def body(self, effective_from: date) -> dict[str, Any]:
        ordered = sorted(self.periods, key=lambda p: (p.weekday, p.start, p.weeks))
        return {"effective_from": effective_from.isoformat(), "periods": [p.to_json() for p in ordered]}

    # ------------------------------------------------------------------ changing
    def set_periods(self, periods: list[Period] | tuple[Period, ...]) -> None:
        self.periods = list(periods)
        self.dirty = False
        self.select(-1)
        self.changed.emit()

    def select(self, index: int) -> None:
        index = index if 0 <= index < len(self.periods) else -1
        if index != self.selected:
            self.selected = index
            self.selection_changed.emit(index)

    def _allowed(self, period: Period, ignore: int = -1) -> bool:
        if period.end - period.start < SNAP or not 0 <= period.weekday <= 6:
            return False
        clash = self.clash_with(period, ignore)
        if clash >= 0:
            self.refused.emit(tr("plans.overlap", new=period.describe(), old=self.periods[clash].describe()))
            return False
        return True

    def add(self, period: Period) -> bool:
        """Add and select ``period``; refused (False) when it overlaps another or is empty."""
        if not self._allowed(period):
            return False
        self.periods.append(period)
        self.dirty = True
        self.changed.emit()
        self.select(len(self.periods) - 1)
        return True

    def update(self, index: int, period: Period) -> bool:
        """Put ``period`` in the place of the one at ``index`` (moved, resized, other weeks)."""
        if not 0 <= index < len(self.periods) or not self._allowed(period, ignore=index):
            return False
        if self.periods[index] != period:
            self.periods[index] = period
            self.dirty = True
            self.changed.emit()
        return True

    def set_weeks(self, index: int, weeks: str) -> bool:
        if not 0 <= index < len(self.periods):
            return False
        return self.update(index, replace(self.periods[index], weeks=weeks))

    def move(self, index: int, *, minutes: int = 0, days: int = 0) -> bool:
        """Shift a period by whole quarters or days, keeping it inside the scale (the arrow keys)."""
        if not 0 <= index < len(self.periods):
            return False
        period = self.periods[index]
        length = period.end - period.start
        start = max(DAY_START, min(DAY_END - length, period.start + minutes))
        weekday = max(0, min(6, period.weekday + days))
        return self.update(index, replace(period, weekday=weekday, start=start, end=start + length))

    def remove(self, index: int) -> None:
        if not 0 <= index < len(self.periods):
            return
        del self.periods[index]
        self.dirty = True
        self.selected = -1
        self.changed.emit()
        self.selection_changed.emit(-1)
