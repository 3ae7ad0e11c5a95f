"""Dragging a tile of the week to another time: where it would land, drawn as an outline until dropped.

The tile itself never moves: the view asks (``WeekView.booking_move_requested``) and the booking moves
only when the server has moved it, so a refusal or a change of mind leaves the week as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication

from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.wall_time import wall_clock


class Block(Protocol):
    """A tile as the week lays it out."""

    @property
    def booking(self) -> Booking: ...

    @property
    def rect(self) -> QRectF: ...


class WeekView(Protocol):
    """What the drag reads of the week's geometry (``week_view.WeekView``)."""

    now: datetime
    top: int
    first_hour: int
    last_hour: int

    def days(self) -> list[date]: ...

    def _day_width(self) -> float: ...

    def _y(self, moment: datetime) -> float: ...


# The outline snaps to five minutes; the service's own grid is applied when the clerk confirms.
SNAP_MINUTES = 5
OUTLINE = QColor("#3451b2")


@dataclass
class _Press:
    block: Block
    at: QPointF
    grab: float  # how far below the tile's top it was grabbed


class TileDrag:
    """The drag of one tile in ``view``: press, move, release; ``target`` is where it would start."""

    def __init__(self, view: WeekView, *, gutter: int, hour_height: int) -> None:
        self.view = view
        self.gutter, self.hour_height = gutter, hour_height
        self.press_state: _Press | None = None
        self.active = False
        self.target: datetime | None = None
        self.outline: QRectF | None = None

    def press(self, block: Block | None, at: QPointF) -> None:
        self.cancel()
        if block is not None and block.booking.can_change_time(self.view.now):
            self.press_state = _Press(block, at, at.y() - block.rect.top())

    def move(self, at: QPointF) -> bool:
        """Follow the pointer; True when the outline changed (repaint)."""
        pressed = self.press_state
        if pressed is None:
            return False
        if not self.active:
            if (at - pressed.at).manhattanLength() < QApplication.startDragDistance():
                return False
            self.active = True
        target = self.moment_at(at.x(), at.y() - pressed.grab)
        if target is None:
            return False
        self.target = target
        column = self.view.days().index(target.date())
        width = self.view._day_width()
        top = self.view._y(target)
        self.outline = QRectF(self.view_left(column) + 3, top + 1, width - 8, pressed.block.rect.height())
        return True

    def release(self) -> tuple[str, datetime] | None:
        """The booking and where it was dropped, when that is another time; the drag ends either way."""
        pressed, target, active = self.press_state, self.target, self.active
        self.cancel()
        if pressed is None or not active or target is None or target == pressed.block.booking.start:
            return None
        return pressed.block.booking.reference, target

    def cancel(self) -> None:
        self.press_state, self.active, self.target, self.outline = None, False, None, None

    def view_left(self, column: int) -> float:
        return self.gutter + column * self.view._day_width()

    def moment_at(self, x: float, y: float) -> datetime | None:
        """The Athens wall time at a point of the week, snapped; None outside the days' columns."""
        days = self.view.days()
        column = int((x - self.gutter) // self.view._day_width())
        if not days or not 0 <= column < len(days):
            return None
        minutes = (y - self.view.top) / self.hour_height * 60 + self.view.first_hour * 60
        last = self.view.last_hour * 60 - SNAP_MINUTES
        snapped = max(self.view.first_hour * 60, min(last, round(minutes / SNAP_MINUTES) * SNAP_MINUTES))
        midnight = datetime.combine(days[column], time(0), tzinfo=ATHENS)
        return midnight + timedelta(minutes=snapped)

    def paint(self, painter: QPainter) -> None:
        if not self.active or self.outline is None or self.target is None:
            return
        painter.save()
        pen = QPen(OUTLINE, 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(52, 81, 178, 40))
        painter.drawRoundedRect(self.outline, 4, 4)
        painter.setPen(OUTLINE)
        painter.drawText(
            self.outline.adjusted(6, 1, -4, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            f"→ {wall_clock(self.target)}",
        )
        painter.restore()
