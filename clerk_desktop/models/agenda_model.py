"""The day agenda: one day's bookings in time order, with the next one marked."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import IntEnum
from typing import Any, TypeAlias

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt, Signal

from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.needs import needs_sentence
from clerk_desktop.models.plain import tooltip_text
from clerk_desktop.models.wall_time import wall_clock

Index: TypeAlias = QModelIndex | QPersistentModelIndex


class AgendaRole(IntEnum):
    BOOKING = Qt.ItemDataRole.UserRole + 1
    REFERENCE = Qt.ItemDataRole.UserRole + 2
    IS_NEXT = Qt.ItemDataRole.UserRole + 3
    MODE = Qt.ItemDataRole.UserRole + 4


class AgendaModel(QAbstractListModel):
    """Rows are the non-cancelled bookings of ``day``; updates are bracketed row by row."""

    day_changed = Signal(object)  # the date now shown

    def __init__(self, store: BookingStore, language: str = "el") -> None:
        super().__init__()
        self.store = store
        self.language = language
        self.day = datetime.now(ATHENS).date()
        self.now = datetime.now(ATHENS)
        self._rows: list[Booking] = []
        store.reset.connect(self._rebuild)
        store.booking_upserted.connect(lambda _b: self._rebuild())
        store.booking_removed.connect(lambda _r: self._rebuild())
        self._rebuild()

    def set_day(self, day: date) -> None:
        if day != self.day:
            self.day = day
            self._rebuild()
            self.day_changed.emit(day)

    def set_now(self, now: datetime) -> None:
        """Advance the clock (the 'next' marker moves); called each minute by the view."""
        old = self.next_row()
        self.now = now
        new = self.next_row()
        for row in {old, new} - {None}:
            assert row is not None
            index = self.index(row)
            self.dataChanged.emit(index, index, [AgendaRole.IS_NEXT, Qt.ItemDataRole.DisplayRole])

    def _wanted(self) -> list[Booking]:
        start = datetime.combine(self.day, time(0), tzinfo=ATHENS)
        return self.store.between(start, start + timedelta(days=1), include_cancelled=False)

    def _rebuild(self) -> None:
        wanted = self._wanted()
        wanted_refs = [b.reference for b in wanted]
        # Remove rows that left, from the bottom so indexes stay valid.
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].reference not in wanted_refs:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        # Insert newcomers at their place; update the rest in place.
        for position, booking in enumerate(wanted):
            current = [b.reference for b in self._rows]
            if booking.reference not in current:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, booking)
                self.endInsertRows()
                continue
            old = current.index(booking.reference)
            if old != position:
                self.beginMoveRows(
                    QModelIndex(), old, old, QModelIndex(), position if position < old else position + 1
                )
                self._rows.insert(position, self._rows.pop(old))
                self.endMoveRows()
            if self._rows[position] != booking:
                self._rows[position] = booking
                index = self.index(position)
                self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def next_row(self) -> int | None:
        for row, booking in enumerate(self._rows):
            if booking.end > self.now and booking.is_open:
                return row
        return None

    def booking_at(self, row: int) -> Booking | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, reference: str) -> int | None:
        for row, booking in enumerate(self._rows):
            if booking.reference == reference:
                return row
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        booking = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            when = wall_clock(booking.start)
            return f"{when}  {booking.citizen_name} — {booking.service_name(self.language)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if booking.needs:  # issue 18: the needs, as plain text (the language is the citizen's words)
                return tooltip_text(f"{booking.reference} · {booking.status}\n{needs_sentence(booking)}")
            return f"{booking.reference} · {booking.status}"
        if role == AgendaRole.BOOKING:
            return booking
        if role == AgendaRole.REFERENCE:
            return booking.reference
        if role == AgendaRole.IS_NEXT:
            return index.row() == self.next_row()
        if role == AgendaRole.MODE:
            return booking.mode
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names[AgendaRole.REFERENCE] = QByteArray(b"reference")
        names[AgendaRole.IS_NEXT] = QByteArray(b"isNext")
        return names
