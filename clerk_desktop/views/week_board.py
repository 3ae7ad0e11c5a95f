"""The supervisors' week board: clerks down, days across, each day a strip of that clerk's bookings.

A workload overview: at a glance who is full, who is free and who is away this week. Clicking a
day opens it on the day board, where bookings can be dragged between clerks.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.board import BoardStore
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.views import style

NAME_WIDTH = 190
HEADER = 36
ROW_HEIGHT = 44
DAY_FROM, DAY_TO = 8, 20  # the strip spans these hours


class WeekBoardView(QWidget):
    day_chosen = Signal(date)

    def __init__(self, bookings: BookingStore, board: BoardStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bookings = bookings
        self.board = board
        today = datetime.now(ATHENS).date()
        self.week_start = today - timedelta(days=today.weekday())
        self.group_filter = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Week board")
        for signal in (bookings.reset, board.clerks_changed, board.absences_changed):
            signal.connect(self._changed)
        bookings.booking_upserted.connect(lambda _b: self.update())
        bookings.booking_removed.connect(lambda _r: self.update())

    def set_week(self, any_day: date) -> None:
        self.week_start = any_day - timedelta(days=any_day.weekday())
        self.update()

    def set_group_filter(self, slug: str) -> None:
        self.group_filter = slug
        self.update()

    def _changed(self) -> None:
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(NAME_WIDTH + 5 * 160, HEADER + max(1, len(self.board.clerks)) * ROW_HEIGHT + 1)

    def day_width(self) -> float:
        return max(80.0, (self.width() - NAME_WIDTH) / 5)

    def counts(self) -> dict[tuple[int, date], int]:
        """Bookings per (clerk, day) this week, as drawn (cancelled left out)."""
        start = datetime.combine(self.week_start, time(0), tzinfo=ATHENS)
        result: dict[tuple[int, date], int] = {}
        for booking in self.bookings.between(start, start + timedelta(days=5), include_cancelled=False):
            if self.group_filter and booking.group_slug != self.group_filter:
                continue
            key = (booking.staff_id or 0, booking.start.astimezone(ATHENS).date())
            result[key] = result.get(key, 0) + 1
        return result

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setClipRect(event.rect())
        painter.fillRect(event.rect(), Qt.GlobalColor.white)
        width = self.day_width()
        days = [self.week_start + timedelta(days=n) for n in range(5)]
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        for column, day in enumerate(days):
            x = NAME_WIDTH + column * width
            painter.setPen(style.HEADER_TEXT)
            painter.drawText(
                QRectF(x, 8, width, 20),
                Qt.AlignmentFlag.AlignCenter,
                f"{tr('weekday.' + str(day.weekday()))} {day:%d/%m}",
            )
        start = datetime.combine(self.week_start, time(0), tzinfo=ATHENS)
        week = self.bookings.between(start, start + timedelta(days=5), include_cancelled=False)
        counts = self.counts()
        for row, clerk in enumerate(self.board.clerks):
            y = HEADER + row * ROW_HEIGHT
            painter.setFont(bold)
            painter.setPen(style.HEADER_TEXT)
            painter.drawText(
                QRectF(8, y, NAME_WIDTH - 12, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter,
                painter.fontMetrics().elidedText(clerk.name, Qt.TextElideMode.ElideRight, NAME_WIDTH - 12),
            )
            painter.setFont(self.font())
            for column, day in enumerate(days):
                cell = QRectF(NAME_WIDTH + column * width + 4, y + 6, width - 8, ROW_HEIGHT - 12)
                self._paint_absence(painter, clerk.id, day, cell)
                painter.setPen(style.pen(style.GRID))
                painter.drawRect(cell)
                count = counts.get((clerk.id, day), 0)
                painter.setPen(style.HEADER_TEXT)
                painter.drawText(
                    cell.adjusted(4, 0, -4, 0),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    str(count) if count else "",
                )
            for booking in week:
                if booking.staff_id != clerk.id or (
                    self.group_filter and booking.group_slug != self.group_filter
                ):
                    continue
                local = booking.start.astimezone(ATHENS)
                column = (local.date() - self.week_start).days
                cell = QRectF(NAME_WIDTH + column * width + 4, y + 6, width - 8, ROW_HEIGHT - 12)
                span = (DAY_TO - DAY_FROM) * 60
                offset = ((local.hour - DAY_FROM) * 60 + local.minute) / span
                length = booking.duration_minutes / span
                colours = style.MODE_COLOURS[booking.mode]
                tick = QRectF(
                    cell.left() + offset * cell.width(),
                    cell.top() + 14,
                    max(3.0, length * cell.width()),
                    cell.height() - 16,
                )
                painter.fillRect(tick, colours["edge"])
        painter.end()

    def _paint_absence(self, painter: QPainter, staff_id: int, day: date, cell: QRectF) -> None:
        day_start = datetime.combine(day, time(DAY_FROM), tzinfo=ATHENS)
        day_end = datetime.combine(day, time(0), tzinfo=ATHENS) + timedelta(hours=DAY_TO)
        for a_start, a_end, _reason in self.board.absences.get(staff_id, []):
            lo, hi = max(a_start, day_start), min(a_end, day_end)
            if lo < hi:
                span = (day_end - day_start).total_seconds()
                left = cell.left() + (lo - day_start).total_seconds() / span * cell.width()
                right = cell.left() + (hi - day_start).total_seconds() / span * cell.width()
                painter.fillRect(QRectF(left, cell.top(), right - left, cell.height()), style.ABSENCE_SHADE)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point: QPointF = event.position()
        if point.x() < NAME_WIDTH or point.y() < HEADER:
            return
        column = int((point.x() - NAME_WIDTH) // self.day_width())
        if 0 <= column < 5:
            self.day_chosen.emit(self.week_start + timedelta(days=column))
