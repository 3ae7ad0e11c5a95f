"""The team calendar grid: clerks down, four weeks of days across, absences painted by kind.

Approved absences are filled in their kind's colour; requests are hatched and outlined in a dashed
line, so a pending request never reads as an absence. Weekends and closed days are greyed. Each
kind also carries a short letter in the cell: colour is never the only signal. The grid paints from
``TeamCalendar`` and reports clicks as signals; it never changes the model itself.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.absences import Absence, AbsenceKind, AbsenceStatus, kind_text, status_text
from clerk_desktop.models.plain import tooltip_text
from clerk_desktop.models.team_calendar import DAYS_SHOWN, TeamCalendar, TeamMember
from clerk_desktop.views import style

# Distinct in hue and lightness; each kind also has its letter in the cell.
KIND_COLOURS = {
    AbsenceKind.LEAVE: QColor("#3b6fc4"),
    AbsenceKind.SICKNESS: QColor("#c0392b"),
    AbsenceKind.TRAINING: QColor("#1f8a70"),
    AbsenceKind.OTHER: QColor("#7a5fb0"),
}
OFF_DAY = QColor(0, 0, 0, 22)
MIN_CELL = 20


def fill_of(kind: AbsenceKind) -> QColor:
    colour = QColor(KIND_COLOURS[kind])
    colour.setAlpha(150)
    return colour


class TeamCalendarView(QWidget):
    """Paints ``calendar``; click selects, double-click edits an absence or asks for a new one."""

    absence_clicked = Signal(object)  # the absence id, or None for an empty cell
    edit_requested = Signal(int)  # absence id
    new_requested = Signal(int, object)  # staff id, the day

    def __init__(self, calendar: TeamCalendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar = calendar
        self.today = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("absences.calendar"))
        calendar.changed.connect(self._reshaped)
        calendar.selection_changed.connect(self.update)

    # ------------------------------------------------------------------ geometry
    def _reshaped(self) -> None:
        self.updateGeometry()
        self.update()

    def name_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(m.name) for m in self.calendar.members), default=80)
        return min(max(widest + 16, 90), 170)

    def header_height(self) -> int:
        return self.fontMetrics().height() * 2 + 10

    def row_height(self) -> int:
        return max(26, int(self.fontMetrics().height() * 1.8))

    def cell_width(self) -> float:
        return max(MIN_CELL, (self.width() - self.name_width() - 1) / DAYS_SHOWN)

    def sizeHint(self) -> QSize:
        rows = max(1, len(self.calendar.members))
        return QSize(self.name_width() + DAYS_SHOWN * 34, self.header_height() + rows * self.row_height() + 2)

    def minimumSizeHint(self) -> QSize:
        rows = max(1, len(self.calendar.members))
        return QSize(
            self.name_width() + DAYS_SHOWN * MIN_CELL, self.header_height() + min(rows, 4) * self.row_height()
        )

    def cell_rect(self, row: int, column: int) -> QRectF:
        width = self.cell_width()
        return QRectF(
            self.name_width() + column * width,
            self.header_height() + row * self.row_height(),
            width,
            self.row_height(),
        )

    def cell_of(self, staff_id: int, day: date) -> QRectF:
        """Where a clerk's day is drawn (tests click there)."""
        row = next(i for i, m in enumerate(self.calendar.members) if m.id == staff_id)
        return self.cell_rect(row, (day - self.calendar.first).days)

    def _hit(self, point: QPointF) -> tuple[TeamMember, date] | None:
        if point.x() < self.name_width() or point.y() < self.header_height():
            return None
        row = int((point.y() - self.header_height()) // self.row_height())
        column = int((point.x() - self.name_width()) // self.cell_width())
        if not (0 <= row < len(self.calendar.members) and 0 <= column < DAYS_SHOWN):
            return None
        return self.calendar.members[row], self.calendar.days()[column]

    def _absence_at(self, point: QPointF) -> tuple[TeamMember, date, Absence | None] | None:
        hit = self._hit(point)
        if hit is None:
            return None
        member, day = hit
        found = self.calendar.on(member.id, day)
        return member, day, (found[0] if found else None)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        days = self.calendar.days()
        self._paint_header(painter, days)
        for row, member in enumerate(self.calendar.members):
            self._paint_row(painter, row, member, days)
        self._paint_selection(painter, days)
        if not self.calendar.members:
            painter.setPen(style.HEADER_TEXT)
            painter.drawText(
                QRectF(0, self.header_height(), self.width(), self.row_height() * 2),
                Qt.AlignmentFlag.AlignCenter,
                tr("absences.no_staff"),
            )
        painter.end()

    def _paint_header(self, painter: QPainter, days: list[date]) -> None:
        metrics_height = self.fontMetrics().height()
        for column, day in enumerate(days):
            cell = self.cell_rect(0, column)
            top = QRectF(cell.left(), 0, cell.width(), self.header_height())
            if self.calendar.is_off(day):
                painter.fillRect(top, OFF_DAY)
            if day == self.today:
                painter.fillRect(top, style.TODAY_TINT)
            painter.setPen(style.ACCENT if day == self.today else style.HEADER_TEXT)
            painter.drawText(
                QRectF(top.left(), 4, top.width(), metrics_height),
                Qt.AlignmentFlag.AlignCenter,
                tr(f"absences.weekday.{day.weekday()}"),
            )
            painter.drawText(
                QRectF(top.left(), 4 + metrics_height, top.width(), metrics_height),
                Qt.AlignmentFlag.AlignCenter,
                self._day_text(day, column, top.width()),
            )
            painter.setPen(style.GRID_STRONG if day.weekday() == 0 else style.GRID)
            painter.drawLine(QPointF(top.left(), 0), QPointF(top.left(), self.height()))
        painter.setPen(style.GRID_STRONG)
        painter.drawLine(QPointF(0, self.header_height()), QPointF(self.width(), self.header_height()))

    def _day_text(self, day: date, column: int, width: float) -> str:
        """The day's number; with its month on the first column and on the 1st, when that fits."""
        if day.day != 1 and column:
            return f"{day.day}"
        long = f"{day.day}/{day.month}"
        return long if self.fontMetrics().horizontalAdvance(long) + 4 <= width else f"{day.day}"

    def _paint_row(self, painter: QPainter, row: int, member: TeamMember, days: list[date]) -> None:
        first = self.cell_rect(row, 0)
        name = QRectF(6, first.top(), self.name_width() - 10, first.height())
        painter.setPen(style.HEADER_TEXT)
        painter.drawText(
            name,
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            self.fontMetrics().elidedText(member.name, Qt.TextElideMode.ElideRight, int(name.width())),
        )
        for column, day in enumerate(days):
            cell = self.cell_rect(row, column)
            if self.calendar.is_off(day):
                painter.fillRect(cell, OFF_DAY)
            for absence in self.calendar.on(member.id, day):
                self._paint_absence(painter, cell, absence)
        painter.setPen(style.GRID)
        painter.drawLine(QPointF(0, first.bottom()), QPointF(self.width(), first.bottom()))

    def _paint_absence(self, painter: QPainter, cell: QRectF, absence: Absence) -> None:
        block = cell.adjusted(1, 3, -1, -3)
        if not absence.whole_days:
            block = block.adjusted(0, block.height() * 0.3, 0, 0)  # some hours: a lower, shorter block
        colour = KIND_COLOURS[absence.kind]
        if absence.status == AbsenceStatus.REQUESTED:
            painter.fillRect(block, QColor("#ffffff"))
            painter.fillRect(block, QColor(colour.red(), colour.green(), colour.blue(), 40))
            painter.fillRect(block, QBrush(colour, Qt.BrushStyle.BDiagPattern))
            pen = QPen(colour, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(block.adjusted(0.5, 0.5, -0.5, -0.5))
            text_colour = QColor(colour).darker(160)
        else:
            painter.fillRect(block, fill_of(absence.kind))
            text_colour = QColor("#ffffff")
        painter.setPen(text_colour)
        painter.drawText(block, Qt.AlignmentFlag.AlignCenter, tr(f"absences.kind_short.{absence.kind}"))

    def _paint_selection(self, painter: QPainter, days: list[date]) -> None:
        selected = self.calendar.selected()
        if selected is None:
            return
        rows = [i for i, m in enumerate(self.calendar.members) if m.id == selected.staff_id]
        columns = [c for c, d in enumerate(days) if selected.touches(d)]
        if not rows or not columns:
            return
        left, right = self.cell_rect(rows[0], columns[0]), self.cell_rect(rows[0], columns[-1])
        painter.setPen(QPen(QColor("#111111"), 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left.topLeft(), right.bottomRight()).adjusted(1, 1, -1, -1))

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self._absence_at(event.position())
        if found is not None:
            self.absence_clicked.emit(found[2].id if found[2] is not None else None)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        found = self._absence_at(event.position())
        if found is None:
            return
        member, day, absence = found
        if absence is not None:
            self.edit_requested.emit(absence.id)
        else:
            self.new_requested.emit(member.id, day)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self._absence_at(QPointF(event.pos()))
            absence = found[2] if found is not None else None
            if found is not None and absence is not None:
                member = found[0]
                lines = [
                    member.name,
                    f"{kind_text(absence.kind)} · {status_text(absence.status)}",
                    absence.span_text(),
                ]
                if absence.reason:
                    lines.append(absence.reason)
                QToolTip.showText(event.globalPos(), tooltip_text("\n".join(lines)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
