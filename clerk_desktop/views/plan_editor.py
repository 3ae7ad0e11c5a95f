"""The visual weekly editor of a working plan: seven day columns over an hour scale, periods drawn by hand.

Drag on empty space draws a period, drag a period moves it (to another day too), drag its top or
bottom edge resizes it; everything snaps to quarters of an hour. Delete removes the selected
period, the arrow keys move it, the context menu chooses every / odd / even weeks. Periods of
odd weeks take the left half of their day and those of even weeks the right half, hatched and
labelled, so an alternating day reads at a glance. The widget changes only its ``PlanModel``.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolTip, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.plan_model import (
    DAY_END,
    DAY_START,
    SNAP,
    WEEKS,
    Period,
    PlanModel,
    hhmm,
    snapped,
    weekday_name,
)

EDGE = 5  # pixels around a period's top or bottom edge that grab it for resizing
FILL = QColor("#4a7fb5")
FILL_SELECTED = QColor("#1f5a94")
GRID = QColor("#d8dde3")
GRID_HOUR = QColor("#b5bdc7")


class Drag(Enum):
    DRAW = "draw"
    MOVE = "move"
    TOP = "top"
    BOTTOM = "bottom"


class PlanEditor(QWidget):
    """Paints ``model``; mouse and keys change it. ``edited`` follows every accepted change."""

    edited = Signal()

    def __init__(self, model: PlanModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("plans.editor"))
        self._drag: Drag | None = None
        self._index = -1  # the period being moved or resized
        self._anchor = 0  # minute (draw) or offset into the period (move) where the drag began
        self._preview: Period | None = None
        model.changed.connect(self.update)
        model.selection_changed.connect(lambda _index: self.update())

    # ------------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        return QSize(700, 460)

    def minimumSizeHint(self) -> QSize:
        return QSize(420, 300)

    def _header(self) -> int:
        return self.fontMetrics().height() + 8

    def _gutter(self) -> int:
        return self.fontMetrics().horizontalAdvance("00:00") + 10

    def _column_width(self) -> float:
        return (self.width() - self._gutter() - 1) / 7

    def _per_minute(self) -> float:
        return (self.height() - self._header() - 1) / (DAY_END - DAY_START)

    def y_of(self, minutes: int) -> float:
        return self._header() + (minutes - DAY_START) * self._per_minute()

    def x_of(self, weekday: int) -> float:
        return self._gutter() + weekday * self._column_width()

    def minute_at(self, y: float) -> float:
        return DAY_START + (y - self._header()) / self._per_minute()

    def weekday_at(self, x: float) -> int:
        return max(0, min(6, int((x - self._gutter()) // self._column_width())))

    def period_rect(self, period: Period) -> QRectF:
        width = self._column_width() - 4
        left = self.x_of(period.weekday) + 2
        if period.weeks != "all":  # halves with a gap between them
            width = (width - 2) / 2
        if period.weeks == "even":
            left += width + 2
        top = self.y_of(period.start)
        return QRectF(left, top, width, self.y_of(period.end) - top)

    def point_of(self, weekday: int, minutes: int, weeks: str = "all") -> QPoint:
        """The pixel at ``minutes`` in the middle of a day column (or of its odd/even half): for tests."""
        rect = self.period_rect(Period(weekday, minutes, minutes + SNAP, weeks))
        return QPoint(int(rect.center().x()), int(self.y_of(minutes)))

    def period_at(self, point: QPoint) -> int:
        for index in reversed(range(len(self.model.periods))):
            if self.period_rect(self.model.periods[index]).adjusted(0, -EDGE, 0, EDGE).contains(point):
                return index
        return -1

    def _grip(self, index: int, point: QPoint) -> Drag:
        rect = self.period_rect(self.model.periods[index])
        if abs(point.y() - rect.top()) <= EDGE:
            return Drag.TOP
        if abs(point.y() - rect.bottom()) <= EDGE:
            return Drag.BOTTOM
        return Drag.MOVE

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        point = event.position().toPoint()
        if point.x() < self._gutter() or point.y() < self._header():
            return
        index = self.period_at(point)
        self.model.select(index)
        if index < 0:
            self._drag, self._anchor = Drag.DRAW, snapped(self.minute_at(point.y()))
            self._preview = Period(self.weekday_at(point.x()), self._anchor, self._anchor)
        else:
            self._drag, self._index = self._grip(index, point), index
            self._anchor = int(self.minute_at(point.y())) - self.model.periods[index].start
            self._preview = self.model.periods[index]
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._drag is None:
            index = self.period_at(point)
            grip = self._grip(index, point) if index >= 0 else None
            if grip in (Drag.TOP, Drag.BOTTOM):
                self.setCursor(Qt.CursorShape.SizeVerCursor)
            elif grip == Drag.MOVE:
                self.setCursor(Qt.CursorShape.SizeAllCursor)
            else:
                self.setCursor(Qt.CursorShape.CrossCursor)
            return
        self._preview = self._dragged(point)
        self.update()

    def _dragged(self, point: QPoint) -> Period | None:
        """The period the drag would make if the button were released at ``point``."""
        minute = snapped(self.minute_at(point.y()))
        if self._drag == Drag.DRAW:
            assert self._preview is not None
            low, high = sorted((self._anchor, minute))
            return Period(self._preview.weekday, low, high)
        original = self.model.periods[self._index]
        if self._drag == Drag.TOP:
            return replace(original, start=min(minute, original.end - SNAP))
        if self._drag == Drag.BOTTOM:
            return replace(original, end=max(minute, original.start + SNAP))
        length = original.end - original.start
        start = snapped(self.minute_at(point.y()) - self._anchor)
        start = max(DAY_START, min(DAY_END - length, start))
        return replace(original, weekday=self.weekday_at(point.x()), start=start, end=start + length)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        result = self._dragged(event.position().toPoint())
        drag, index = self._drag, self._index
        self._drag, self._index, self._preview = None, -1, None
        changed = False
        if result is not None and drag == Drag.DRAW:
            changed = result.end - result.start >= SNAP and self.model.add(result)
        elif result is not None:
            changed = result != self.model.periods[index] and self.model.update(index, result)
        self.update()
        if changed:
            self.edited.emit()

    # ------------------------------------------------------------------ keys and menu
    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.model.selected
        key = Qt.Key(event.key())
        if index < 0:
            super().keyPressEvent(event)
            return
        moves = {
            Qt.Key.Key_Up: {"minutes": -SNAP},
            Qt.Key.Key_Down: {"minutes": SNAP},
            Qt.Key.Key_Left: {"days": -1},
            Qt.Key.Key_Right: {"days": 1},
        }
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.model.remove(index)
            self.edited.emit()
        elif key in moves:
            if self.model.move(index, **moves[key]):
                self.edited.emit()
        else:
            super().keyPressEvent(event)

    def menu_for(self, index: int) -> QMenu:
        """The context menu of a period: which weeks it applies in, and removing it."""
        menu = QMenu(self)
        current = self.model.periods[index].weeks
        for weeks in WEEKS:
            action = menu.addAction(tr(f"plans.weeks.{weeks}"))
            action.setCheckable(True)
            action.setChecked(weeks == current)
            action.triggered.connect(lambda _checked=False, w=weeks: self._set_weeks(index, w))
        menu.addSeparator()
        remove = menu.addAction(tr("plans.remove_period"))
        remove.triggered.connect(lambda _checked=False: self._remove(index))
        return menu

    def _set_weeks(self, index: int, weeks: str) -> None:
        if self.model.set_weeks(index, weeks):
            self.edited.emit()

    def _remove(self, index: int) -> None:
        self.model.remove(index)
        self.edited.emit()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.period_at(event.pos())
        if index < 0:
            return
        self.model.select(index)
        self.menu_for(index).exec(event.globalPos())

    def event(self, event: QEvent) -> bool:
        """A period's tooltip names it whole («Πέμπτη 16:00–19:00 (μονές)»), however narrow it is drawn."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.period_at(event.pos())
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.model.periods[index].describe(), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        self._paint_grid(painter)
        for index, period in enumerate(self.model.periods):
            if self._drag in (Drag.MOVE, Drag.TOP, Drag.BOTTOM) and index == self._index:
                continue
            self._paint_period(painter, period, selected=index == self.model.selected)
        if self._preview is not None and self._preview.end > self._preview.start:
            self._paint_period(painter, self._preview, selected=True, preview=True)
        painter.end()

    def _paint_grid(self, painter: QPainter) -> None:
        text = self.palette().text().color()
        header, gutter = self._header(), self._gutter()
        for minutes in range(DAY_START, DAY_END + 1, SNAP):
            y = int(self.y_of(minutes))
            hour = minutes % 60 == 0
            if hour or self._per_minute() * SNAP >= 6:
                painter.setPen(QPen(GRID_HOUR if hour else GRID, 1))
                painter.drawLine(gutter, y, self.width(), y)
            if hour and minutes < DAY_END:
                painter.setPen(text)
                painter.drawText(
                    QRect(0, y, gutter - 6, self.fontMetrics().height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                    hhmm(minutes),
                )
        for weekday in range(8):
            x = int(self.x_of(weekday))
            painter.setPen(QPen(GRID_HOUR, 1))
            painter.drawLine(x, 0, x, self.height())
            if weekday < 7:
                painter.setPen(text)
                painter.drawText(
                    QRect(x, 0, int(self._column_width()), header),
                    Qt.AlignmentFlag.AlignCenter,
                    weekday_name(weekday),
                )

    def _paint_period(
        self, painter: QPainter, period: Period, *, selected: bool, preview: bool = False
    ) -> None:
        rect = self.period_rect(period)
        colour = QColor(FILL_SELECTED if selected else FILL)
        if preview:
            colour.setAlpha(150)
        painter.setPen(QPen(colour.darker(130), 2 if selected else 1))
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 3, 3)
        if period.weeks != "all":  # alternate weeks: hatched, so they read differently at a glance
            painter.setBrush(QBrush(QColor(255, 255, 255, 110), Qt.BrushStyle.BDiagPattern))
            painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(QColor("white"))
        lines = [f"{hhmm(period.start)}–{hhmm(period.end)}"]
        if self.fontMetrics().horizontalAdvance(lines[0]) > rect.width() - 6:  # a half column: a time a line
            lines = [hhmm(period.start), hhmm(period.end)]
        if period.weeks != "all":
            lines.append(tr(f"plans.weeks_short.{period.weeks}"))
        font = painter.font()
        room = rect.width() - 4
        while font.pointSizeF() > 5 and max(QFontMetricsF(font).horizontalAdvance(t) for t in lines) > room:
            font.setPointSizeF(font.pointSizeF() - 0.5)  # narrow: smaller, never cut (the tooltip has it all)
        painter.save()
        painter.setFont(font)
        painter.drawText(
            rect.adjusted(2, 2, -2, -2),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            "\n".join(lines),
        )
        painter.restore()
        if selected and self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))
