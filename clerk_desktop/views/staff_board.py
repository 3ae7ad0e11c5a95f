"""The supervisors' staff board: one column per clerk for a day, bookings as blocks, drag to reassign.

Dragging happens inside this one widget (press, move, release), so it needs no platform drag
session and tests can drive it with ordinary mouse events. While a block is dragged, the columns
of the clerks the server says could take it at the same time are highlighted; dropping elsewhere
is allowed too (another clerk, another time) and the server decides, saying why if it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.board import BoardStore
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.views import style

GUTTER = 56
HEADER = 40
HOUR_HEIGHT = 100
COLUMN_MIN = 130
SNAP_MINUTES = 15
ALLOWED_TINT = QColor(30, 122, 79, 40)
DRAG_THRESHOLD = 6


@dataclass(frozen=True)
class BoardBlock:
    booking: Booking
    rect: QRectF


class StaffBoardView(QWidget):
    booking_selected = Signal(str)
    drag_started = Signal(str)
    move_requested = Signal(str, int, object)  # reference, target clerk, new start (datetime) or None
    reassign_dialog_requested = Signal(str)

    def __init__(self, bookings: BookingStore, board: BoardStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bookings = bookings
        self.board = board
        self.day = datetime.now(ATHENS).date()
        self.group_filter = ""
        self.first_hour, self.last_hour = 8, 20
        self.allowed: set[int] = set()
        self.selected: str | None = None
        self._blocks: list[BoardBlock] = []
        self._press: QPoint | None = None
        self._dragging: BoardBlock | None = None
        self._drag_point = QPointF()
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Staff board")
        for signal in (bookings.reset, board.clerks_changed, board.absences_changed):
            signal.connect(self.relayout)
        bookings.booking_upserted.connect(lambda _b: self.relayout())
        bookings.booking_removed.connect(lambda _r: self.relayout())
        self.relayout()

    # ------------------------------------------------------------------ state
    def set_day(self, day: date) -> None:
        self.day = day
        self.relayout()

    def set_group_filter(self, slug: str) -> None:
        self.group_filter = slug
        self.relayout()

    def set_allowed_targets(self, reference: str, staff_ids: list[int]) -> None:
        """The server's candidates for the block being dragged (ignored if the drag moved on)."""
        if self._dragging is not None and self._dragging.booking.reference == reference:
            self.allowed = set(staff_ids)
            self.update()

    def blocks(self) -> list[BoardBlock]:
        return list(self._blocks)

    def column_rect(self, staff_id: int) -> QRectF:
        ids = [c.id for c in self.board.clerks]
        width = self._column_width()
        return QRectF(GUTTER + ids.index(staff_id) * width, HEADER, width, self.height() - HEADER)

    def point_for(self, staff_id: int, moment: datetime) -> QPoint:
        rect = self.column_rect(staff_id)
        return QPoint(int(rect.center().x()), int(self._y(moment)) + 3)

    # ------------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        columns = max(1, len(self.board.clerks))
        return QSize(
            GUTTER + columns * COLUMN_MIN, HEADER + (self.last_hour - self.first_hour) * HOUR_HEIGHT + 1
        )

    def _column_width(self) -> float:
        return max(80.0, (self.width() - GUTTER) / max(1, len(self.board.clerks)))

    def _y(self, moment: datetime) -> float:
        local = moment.astimezone(ATHENS)
        return HEADER + (local.hour + local.minute / 60 - self.first_hour) * HOUR_HEIGHT

    def _time_at(self, y: float) -> datetime:
        minutes = (y - HEADER) / HOUR_HEIGHT * 60 + self.first_hour * 60
        minutes = max(0, int(round(minutes / SNAP_MINUTES) * SNAP_MINUTES))
        return datetime.combine(self.day, time(0), tzinfo=ATHENS) + timedelta(minutes=minutes)

    def _staff_at(self, x: float) -> int | None:
        if x < GUTTER or not self.board.clerks:
            return None
        column = int((x - GUTTER) // self._column_width())
        return self.board.clerks[column].id if column < len(self.board.clerks) else None

    def _visible(self) -> list[Booking]:
        start = datetime.combine(self.day, time(0), tzinfo=ATHENS)
        rows = self.bookings.between(start, start + timedelta(days=1), include_cancelled=False)
        return [b for b in rows if not self.group_filter or b.group_slug == self.group_filter]

    def relayout(self) -> None:
        bookings = self._visible()
        hours = [b.start.astimezone(ATHENS).hour for b in bookings] + [
            b.end.astimezone(ATHENS).hour + 1 for b in bookings
        ]
        self.first_hour = min([8, *hours])
        self.last_hour = min(24, max([15, *hours]))
        self.setMinimumWidth(GUTTER + max(1, len(self.board.clerks)) * 90)
        self.setFixedHeight(self.sizeHint().height())
        ids = [c.id for c in self.board.clerks]
        width = self._column_width()
        self._blocks = [
            BoardBlock(
                b,
                QRectF(
                    GUTTER + ids.index(b.staff_id) * width + 3,
                    self._y(b.start) + 1,
                    width - 6,
                    max(18.0, self._y(b.end) - self._y(b.start) - 2),
                ),
            )
            for b in bookings
            if b.staff_id in ids
        ]
        self.update()

    def resizeEvent(self, event: object) -> None:
        self.relayout()

    def block_at(self, point: QPointF) -> BoardBlock | None:
        return next((b for b in reversed(self._blocks) if b.rect.contains(point)), None)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setClipRect(event.rect())
        painter.fillRect(event.rect(), Qt.GlobalColor.white)
        width = self._column_width()
        bottom = float(self.height())
        day_start = datetime.combine(self.day, time(0), tzinfo=ATHENS)
        for column, clerk in enumerate(self.board.clerks):
            x = GUTTER + column * width
            if self._dragging is not None and clerk.id in self.allowed:
                painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER), ALLOWED_TINT)
            for a_start, a_end, _reason in self.board.absences.get(clerk.id, []):
                lo = max(a_start, day_start + timedelta(hours=self.first_hour))
                hi = min(a_end, day_start + timedelta(hours=self.last_hour))
                if lo < hi:
                    painter.fillRect(
                        QRectF(x, self._y(lo), width, self._y(hi) - self._y(lo)), style.ABSENCE_SHADE
                    )
        for hour in range(self.first_hour, self.last_hour + 1):
            y = HEADER + (hour - self.first_hour) * HOUR_HEIGHT
            painter.setPen(style.pen(style.GRID_STRONG))
            painter.drawLine(GUTTER, int(y), self.width(), int(y))
            painter.setPen(style.HEADER_TEXT)
            painter.drawText(QRectF(0, y - 8, GUTTER - 8, 16), Qt.AlignmentFlag.AlignRight, f"{hour:02d}:00")
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        for column, clerk in enumerate(self.board.clerks):
            x = GUTTER + column * width
            painter.setPen(style.pen(style.GRID_STRONG))
            painter.drawLine(int(x), 0, int(x), int(bottom))
            painter.setPen(style.HEADER_TEXT)
            label = painter.fontMetrics().elidedText(clerk.name, Qt.TextElideMode.ElideRight, int(width - 8))
            painter.drawText(QRectF(x + 4, 10, width - 8, 20), Qt.AlignmentFlag.AlignCenter, label)
        painter.setFont(self.font())
        for block in self._blocks:
            if self._dragging is None or block.booking.reference != self._dragging.booking.reference:
                self._paint_block(
                    painter, block.booking, block.rect, selected=block.booking.reference == self.selected
                )
        if self._dragging is not None:
            ghost = QRectF(self._dragging.rect)
            ghost.moveCenter(self._drag_point)
            painter.setOpacity(0.8)
            self._paint_block(painter, self._dragging.booking, ghost, selected=True)
        painter.end()

    def _paint_block(self, painter: QPainter, booking: Booking, rect: QRectF, *, selected: bool) -> None:
        colours = style.MODE_COLOURS[booking.mode]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(style.pen(colours["edge"], 2.5 if selected else 1.0))
        painter.setBrush(colours["fill"])
        painter.drawRoundedRect(rect, 4, 4)
        style.draw_mode_icon(
            painter, booking.mode, QRectF(rect.left() + 5, rect.top() + 3, 12, 12), colours["edge"]
        )
        painter.setPen(colours["text"])
        start = booking.start.astimezone(ATHENS)
        text = f"{start:%H:%M} {booking.citizen_name} · {booking.service_name(language())}"
        available = int(rect.width() - 24)
        painter.drawText(
            QRectF(rect.left() + 21, rect.top() + 1, available, 16),
            Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, available),
        )

    # ------------------------------------------------------------------ input
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        block = self.block_at(event.position())
        if block is not None and event.button() == Qt.MouseButton.LeftButton:
            self.selected = block.booking.reference
            self._press = event.position().toPoint()
            self.booking_selected.emit(block.booking.reference)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            return
        if self._dragging is None:
            if (event.position().toPoint() - self._press).manhattanLength() < DRAG_THRESHOLD:
                return
            block = self.block_at(QPointF(self._press))
            if block is None:
                return
            self._dragging = block
            self.allowed = set()
            self.drag_started.emit(block.booking.reference)
        self._drag_point = event.position()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        dragging, self._dragging, self._press = self._dragging, None, None
        if dragging is None:
            return
        self.update()
        target = self._staff_at(event.position().x())
        if target is None:
            return
        booking = dragging.booking
        # Where the block's top edge landed, snapped to the quarter hour.
        top = event.position().y() - dragging.rect.height() / 2
        new_start = self._time_at(top)
        same_time = abs((new_start - booking.start).total_seconds()) < SNAP_MINUTES * 60 / 2
        if target == booking.staff_id and same_time:
            return
        self.move_requested.emit(booking.reference, target, None if same_time else new_start)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        block = self.block_at(QPointF(event.pos()))
        if block is None:
            return
        menu = QMenu(self)
        action = menu.addAction(tr("board.reassign"))
        action.triggered.connect(lambda: self.reassign_dialog_requested.emit(block.booking.reference))
        menu.exec(event.globalPos())

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Menu) and self.selected:
            self.reassign_dialog_requested.emit(self.selected)
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self._blocks:
            refs = [
                b.booking.reference
                for b in sorted(self._blocks, key=lambda b: (b.booking.start, b.rect.left()))
            ]
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            position = refs.index(self.selected) + step if self.selected in refs else 0
            self.selected = refs[max(0, min(len(refs) - 1, position))]
            self.booking_selected.emit(self.selected)
            self.update()
            return
        super().keyPressEvent(event)
