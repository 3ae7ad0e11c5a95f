"""The week calendar: days across, hours down, each booking a block at its time.

Painted by hand (not one widget per booking) so a week of 500 bookings paints in milliseconds;
block geometry is computed once per change and reused by every paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPoint, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QFont, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolTip, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.plain import tooltip_text
from clerk_desktop.models.selection import Selection
from clerk_desktop.models.wall_time import wall_clock
from clerk_desktop.views import style

GUTTER = 56
HEADER = 44
HOUR_HEIGHT = 120
MIN_DAY_WIDTH = 120


@dataclass(frozen=True)
class Block:
    booking: Booking
    rect: QRectF


class WeekView(QWidget):
    """Shows the store's bookings of a week and the selection; clicks and arrow keys change the selection."""

    booking_selected = Signal(str)
    booking_activated = Signal(str)
    join_requested = Signal(str)

    def __init__(self, store: BookingStore, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.selection = selection
        self.first_weekday = 0  # 0 = Monday, 6 = Sunday (a setting)
        self.week_start = datetime.now(ATHENS).date() - timedelta(days=datetime.now(ATHENS).weekday())
        self.first_hour, self.last_hour = 7, 20
        self.show_cancelled = True
        self.language = "el"
        self.join_lead_minutes = 10
        self.now = datetime.now(ATHENS)
        self._days: list[date] = []
        self._blocks: list[Block] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Week calendar")
        store.reset.connect(self.relayout)
        store.booking_upserted.connect(lambda _b: self.relayout())
        store.booking_removed.connect(lambda _r: self.relayout())
        store.calendar_changed.connect(self.relayout)
        selection.changed.connect(lambda _reference: self.update())
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._tick)
        self._clock.start(60_000)
        self.relayout()

    # ------------------------------------------------------------------ state
    def set_week(self, any_day: date) -> None:
        self.week_start = any_day - timedelta(days=(any_day.weekday() - self.first_weekday) % 7)
        self.relayout()

    def set_show_cancelled(self, show: bool) -> None:
        self.show_cancelled = show
        self.relayout()

    def set_now(self, now: datetime) -> None:
        self.now = now.astimezone(ATHENS)
        self.update()

    @property
    def selected(self) -> str | None:
        return self.selection.current

    def _choose(self, reference: str) -> None:
        self.selection.select(reference)
        self.booking_selected.emit(reference)

    def _tick(self) -> None:
        self.set_now(datetime.now(ATHENS))

    def week_range(self) -> tuple[datetime, datetime]:
        start = datetime.combine(self.week_start, time(0), tzinfo=ATHENS)
        return start, start + timedelta(days=7)

    def blocks(self) -> list[Block]:
        return list(self._blocks)

    def days(self) -> list[date]:
        return list(self._days)

    # ------------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        return QSize(
            GUTTER + 5 * MIN_DAY_WIDTH, HEADER + (self.last_hour - self.first_hour) * HOUR_HEIGHT + 1
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(GUTTER + len(self._days or range(5)) * 80, self.sizeHint().height())

    def _day_width(self) -> float:
        return max(60.0, (self.width() - GUTTER) / max(1, len(self._days)))

    def _y(self, moment: datetime) -> float:
        local = moment.astimezone(ATHENS)
        hours = local.hour + local.minute / 60 - self.first_hour
        return HEADER + hours * HOUR_HEIGHT

    def relayout(self) -> None:
        start, end = self.week_range()
        bookings = self.store.between(start, end, include_cancelled=self.show_cancelled)
        weekend_used = {b.start.astimezone(ATHENS).weekday() for b in bookings} & {5, 6}
        week = [self.week_start + timedelta(days=n) for n in range(7)]
        self._days = [d for d in week if d.weekday() < 5 or d.weekday() in weekend_used]
        hours = [b.start.astimezone(ATHENS).hour for b in bookings] + [
            b.end.astimezone(ATHENS).hour + 1 for b in bookings
        ]
        plan_hours = [int(p[1][:2]) for p in self.store.working_periods] + [
            int(p[2][:2]) + (1 if p[2][3:5] != "00" else 0) for p in self.store.working_periods
        ]
        self.first_hour = min([8, *hours, *plan_hours]) if hours or plan_hours else 8
        self.last_hour = max([15, *hours, *plan_hours])
        self.first_hour = max(0, self.first_hour)
        self.last_hour = min(24, max(self.last_hour, self.first_hour + 1))
        self.setFixedHeight(self.sizeHint().height())
        self._layout_blocks(bookings)
        self.update()

    def _layout_blocks(self, bookings: list[Booking]) -> None:
        """Side by side where blocks overlap (only a cancelled one can overlap an active one)."""
        width = self._day_width()
        blocks: list[Block] = []
        by_day: dict[date, list[Booking]] = {}
        for booking in bookings:
            by_day.setdefault(booking.start.astimezone(ATHENS).date(), []).append(booking)
        for column, day in enumerate(self._days):
            items = sorted(by_day.get(day, []), key=lambda b: (b.start, b.is_cancelled))
            # Times share the Athens tzinfo, so they compare as wall times, as the grid draws them: the two
            # 03:00s of the night summer time ends share a row and get a lane each.
            lanes: list[datetime] = []
            placed: list[tuple[Booking, int]] = []
            for booking in items:
                lane = next((i for i, busy_until in enumerate(lanes) if busy_until <= booking.start), None)
                if lane is None:
                    lanes.append(booking.end)
                    lane = len(lanes) - 1
                else:
                    lanes[lane] = booking.end
                placed.append((booking, lane))
            lane_count = max(1, len(lanes))
            for booking, lane in placed:
                x = GUTTER + column * width + 3 + lane * (width - 6) / lane_count
                y0, y1 = self._y(booking.start), self._y(booking.end)
                rect = QRectF(x, y0 + 1, (width - 6) / lane_count - 2, max(18.0, y1 - y0 - 2))
                blocks.append(Block(booking, rect))
        self._blocks = blocks

    def resizeEvent(self, event: object) -> None:  # noqa: D401 - Qt override
        start, end = self.week_range()
        self._layout_blocks(self.store.between(start, end, include_cancelled=self.show_cancelled))

    def block_at(self, point: QPoint) -> Block | None:
        for block in reversed(self._blocks):
            if block.rect.contains(point.toPointF()):
                return block
        return None

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        # Scrolling exposes a strip at a time: paint only what Qt asks for.
        painter.setClipRect(event.rect())
        painter.fillRect(event.rect(), Qt.GlobalColor.white)
        width = self._day_width()
        self._paint_shading(painter, width)
        self._paint_grid(painter, width)
        for block in self._blocks:
            if block.rect.intersects(QRectF(event.rect())):
                self._paint_block(painter, block)
        self._paint_now(painter, width)
        painter.end()

    def _paint_shading(self, painter: QPainter, width: float) -> None:
        bottom = float(self.height())
        for column, day in enumerate(self._days):
            x = GUTTER + column * width
            if day == self.now.date():
                painter.fillRect(QRectF(x, 0, width, bottom), style.TODAY_TINT)
            if day.isoformat() in self.store.holidays:
                painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER), style.HOLIDAY_SHADE)
                continue
            periods = [p for p in self.store.working_periods if p[0] == day.weekday()]
            if periods:
                # Shade outside working hours so free time stands out.
                painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER), style.OFF_HOURS_SHADE)
                for _wd, p_start, p_end in periods:
                    y0 = self._y(datetime.combine(day, time.fromisoformat(p_start), tzinfo=ATHENS))
                    y1 = self._y(datetime.combine(day, time.fromisoformat(p_end), tzinfo=ATHENS))
                    painter.fillRect(QRectF(x, y0, width, y1 - y0), Qt.GlobalColor.white)
                    if day == self.now.date():
                        painter.fillRect(QRectF(x, y0, width, y1 - y0), style.TODAY_TINT)
            for a_start, a_end, _reason in self.store.absences:
                day_start = datetime.combine(day, time(self.first_hour), tzinfo=ATHENS)
                day_end = datetime.combine(day, time(0), tzinfo=ATHENS) + timedelta(hours=self.last_hour)
                lo, hi = max(a_start, day_start), min(a_end, day_end)
                if lo < hi:
                    painter.fillRect(
                        QRectF(x, self._y(lo), width, self._y(hi) - self._y(lo)), style.ABSENCE_SHADE
                    )

    def _paint_grid(self, painter: QPainter, width: float) -> None:
        painter.setPen(style.pen(style.GRID))
        bottom = self.height()
        for hour in range(self.first_hour, self.last_hour + 1):
            y = HEADER + (hour - self.first_hour) * HOUR_HEIGHT
            painter.setPen(style.pen(style.GRID_STRONG))
            painter.drawLine(GUTTER, int(y), self.width(), int(y))
            painter.setPen(style.pen(style.GRID))
            painter.drawLine(GUTTER, int(y + HOUR_HEIGHT / 2), self.width(), int(y + HOUR_HEIGHT / 2))
            painter.setPen(style.HEADER_TEXT)
            painter.drawText(QRectF(0, y - 8, GUTTER - 8, 16), Qt.AlignmentFlag.AlignRight, f"{hour:02d}:00")
        header_font = QFont(self.font())
        header_font.setBold(True)
        for column, day in enumerate(self._days):
            x = GUTTER + column * width
            painter.setPen(style.pen(style.GRID_STRONG))
            painter.drawLine(int(x), 0, int(x), bottom)
            painter.setFont(header_font)
            painter.setPen(style.ACCENT if day == self.now.date() else style.HEADER_TEXT)
            painter.drawText(
                QRectF(x, 4, width, 18), Qt.AlignmentFlag.AlignCenter, tr(f"weekday.{day.weekday()}")
            )
            painter.setFont(self.font())
            label = f"{day.day:02d}/{day.month:02d}"
            holiday = self.store.holidays.get(day.isoformat())
            if holiday:
                label += f" · {holiday}"
            painter.drawText(
                QRectF(x + 2, 22, width - 4, 18),
                Qt.AlignmentFlag.AlignCenter,
                painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(width - 6)),
            )
        painter.setPen(style.pen(style.GRID_STRONG))
        painter.drawLine(0, HEADER, self.width(), HEADER)

    def _paint_block(self, painter: QPainter, block: Block) -> None:
        booking, rect = block.booking, block.rect
        colours = style.CANCELLED if booking.is_cancelled else style.MODE_COLOURS[booking.mode]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = booking.reference == self.selected
        painter.setPen(style.pen(colours["edge"], 2.5 if selected else 1.0))
        painter.setBrush(colours["fill"])
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), colours["edge"])
        style.draw_mode_icon(
            painter, booking.mode, QRectF(rect.left() + 7, rect.top() + 2, 12, 12), colours["edge"]
        )
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
        font.setStrikeOut(booking.is_cancelled)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(colours["text"])
        text_left = rect.left() + 23
        available = int(rect.right() - text_left - 3)
        line1 = f"{wall_clock(booking.start)} {booking.citizen_name}"
        elide = Qt.TextElideMode.ElideRight
        painter.drawText(
            QRectF(text_left, rect.top() + 1, available, 14),
            Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(line1, elide, available),
        )
        font.setBold(False)
        painter.setFont(font)
        status = "" if booking.status == "confirmed" else f" · {tr('status.' + booking.status)}"
        if rect.height() >= 28:
            line2 = f"{booking.service_name(self.language)} · {booking.duration_minutes}′{status}"
            width = int(rect.width() - 10)
            painter.drawText(
                QRectF(rect.left() + 7, rect.top() + 15, width, 14),
                Qt.AlignmentFlag.AlignLeft,
                painter.fontMetrics().elidedText(line2, elide, width),
            )
        elif status:
            mark = {"checked_in": "✓", "completed": "✔", "no_show": "✗", "cancelled": "⊘", "held": "…"}
            painter.drawText(
                QRectF(rect.right() - 14, rect.top() + 1, 12, 14),
                Qt.AlignmentFlag.AlignRight,
                mark.get(booking.status, ""),
            )

    def _paint_now(self, painter: QPainter, width: float) -> None:
        if self.now.date() not in self._days:
            return
        column = self._days.index(self.now.date())
        y = self._y(self.now)
        if HEADER <= y <= self.height():
            painter.setPen(style.pen(style.NOW_LINE, 2))
            x = GUTTER + column * width
            painter.drawLine(int(x), int(y), int(x + width), int(y))
            painter.setBrush(style.NOW_LINE)
            painter.drawEllipse(QRectF(x - 4, y - 4, 8, 8))

    # ------------------------------------------------------------------ input
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.block_at(event.pos())
            if block is None:
                QToolTip.hideText()
            else:
                b = block.booking
                QToolTip.showText(
                    event.globalPos(),
                    tooltip_text(
                        f"{wall_clock(b.start)}–{wall_clock(b.end)} {b.citizen_name}\n"
                        f"{b.service_name(self.language)}\n"
                        f"{tr('mode.' + b.mode)} · {tr('status.' + b.status)} · {b.reference}"
                    ),
                    self,
                )
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position().toPoint())
        self.setFocus()
        if block is not None:
            self._choose(block.booking.reference)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position().toPoint())
        if block is not None:
            self.booking_activated.emit(block.booking.reference)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        block = self.block_at(event.pos())
        if block is None:
            return
        self._choose(block.booking.reference)
        menu = QMenu(self)
        join = menu.addAction(tr("panel.join"))
        join.setEnabled(block.booking.can_join(self.now, self.join_lead_minutes))
        join.triggered.connect(lambda: self.join_requested.emit(block.booking.reference))
        menu.exec(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down walk the week's bookings in time order; Enter opens the selected one."""
        ordered = sorted(self._blocks, key=lambda b: (b.booking.start, b.booking.reference))
        refs = [b.booking.reference for b in ordered]
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and refs:
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            position = refs.index(self.selected) + step if self.selected in refs else 0
            reference = refs[max(0, min(len(refs) - 1, position))]
            self._choose(reference)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self.booking_activated.emit(self.selected)
            return
        super().keyPressEvent(event)
