"""The week calendar: days across, hours down, each booking a block at its time.

Painted by hand (not one widget per booking) so a week of 500 bookings paints in milliseconds;
block geometry is computed once per change and reused by every paint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import QMenu, QScrollArea, QSizePolicy, QToolButton, QToolTip, QVBoxLayout, QWidget

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.needs import MARK as NEEDS_MARK
from clerk_desktop.models.needs import needs_sentence
from clerk_desktop.models.plain import tooltip_text
from clerk_desktop.models.selection import Selection
from clerk_desktop.models.wall_time import wall_clock
from clerk_desktop.views import style
from clerk_desktop.views.tile_drag import TileDrag

GUTTER = 56
HEADER = 44
HOUR_HEIGHT = 120
MIN_DAY_WIDTH = 120
TILE_MARGIN = 2  # pixels around a cached tile for its edge pen (2.5 px when selected)


# A tile's status at a glance, since its second line is often cut: cancelled ones are struck through.
STATUS_BADGES = {"checked_in": "✔", "completed": "●", "no_show": "✖", "held": "…"}
BADGE_COLOURS = {"checked_in": "#1e7a4f", "completed": "#333333", "no_show": "#b00020", "held": "#555555"}
# Issue 18: a joint appointment still waiting for its co-applicants.
STATUS_BADGES["awaiting_coapplicant"] = "+"  # one more person to confirm
BADGE_COLOURS["awaiting_coapplicant"] = "#8a5a00"


def tile_text(booking: Booking, language: str) -> str:
    """What a tile says in words, for screen readers and the tooltip (the badge is only a sign)."""
    needs = f", {needs_sentence(booking)}" if booking.needs else ""  # issue 18
    return (
        f"{wall_clock(booking.start)}–{wall_clock(booking.end)} {booking.citizen_name}, "
        f"{booking.service_name(language)}, {tr('status.' + booking.status)}{needs}"
    )


@dataclass(frozen=True)
class Block:
    booking: Booking
    rect: QRectF

    @property
    def badge(self) -> str:
        return STATUS_BADGES.get(self.booking.status, "")


def overlap_clusters(bookings: list[Booking]) -> list[list[Booking]]:
    """Bookings that overlap one another, directly or through a third, in start order (one list each)."""
    clusters: list[list[Booking]] = []
    cluster_end: datetime | None = None
    for booking in sorted(bookings, key=lambda b: (b.start, b.is_cancelled)):
        if cluster_end is None or booking.start >= cluster_end:
            clusters.append([])
            cluster_end = booking.end
        clusters[-1].append(booking)
        cluster_end = max(cluster_end, booking.end)
    return clusters


class WeekView(QWidget):
    """Shows the store's bookings of a week and the selection; clicks and arrow keys change the selection."""

    booking_selected = Signal(str)
    booking_activated = Signal(str)
    join_requested = Signal(str)
    layout_changed = Signal()
    booking_move_requested = Signal(str, object)  # reference, the Athens time a tile was dropped at

    def __init__(self, store: BookingStore, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The day header's height inside this widget; 0 when a ``WeekHeader`` above the scroll area draws it.
        self.top = HEADER
        self.paints_header = True
        self.store = store
        self.selection = selection
        self.first_weekday = 0  # 0 = Monday, 6 = Sunday (a setting)
        self.week_start = datetime.now(ATHENS).date() - timedelta(days=datetime.now(ATHENS).weekday())
        self.first_hour, self.last_hour = 7, 20
        self.show_cancelled = True
        self.language = language()  # service names on the tiles in the interface language
        self.join_lead_minutes = 10
        self.now = datetime.now(ATHENS)
        self._days: list[date] = []
        self._blocks: list[Block] = []
        self.drag = TileDrag(self, gutter=GUTTER, hour_height=HOUR_HEIGHT)
        # Painted tiles by (reference, selected, languages, pixel ratio); emptied on every layout.
        self._tiles: dict[tuple[str, bool, str, str, float], QPixmap] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Week calendar")
        store.reset.connect(self.relayout)
        store.booking_upserted.connect(lambda _b: self.relayout())
        store.booking_removed.connect(lambda _r: self.relayout())
        store.calendar_changed.connect(self.relayout)
        selection.changed.connect(self._selection_changed)
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
        self.layout_changed.emit()

    def _selection_changed(self, reference: str | None) -> None:
        block = next((b for b in self._blocks if b.booking.reference == reference), None)
        self.setAccessibleDescription(tile_text(block.booking, self.language) if block else "")
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
            GUTTER + 5 * MIN_DAY_WIDTH, self.top + (self.last_hour - self.first_hour) * HOUR_HEIGHT + 1
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(GUTTER + len(self._days or range(5)) * 80, self.sizeHint().height())

    def _day_width(self) -> float:
        return max(60.0, (self.width() - GUTTER) / max(1, len(self._days)))

    def _y(self, moment: datetime) -> float:
        local = moment.astimezone(ATHENS)
        hours = local.hour + local.minute / 60 - self.first_hour
        return self.top + hours * HOUR_HEIGHT

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
        self.layout_changed.emit()

    def _layout_blocks(self, bookings: list[Booking]) -> None:
        """Side by side where blocks overlap (a cancelled one can overlap an active one).

        Lanes are counted per cluster of bookings that overlap one another, not per day, so one cancelled
        overlap narrows only the tiles it touches. Times share the Athens tzinfo, so they compare as wall
        times, as the grid draws them: the two 03:00s of the night summer time ends get a lane each.
        """
        width = self._day_width()
        blocks: list[Block] = []
        by_day: dict[date, list[Booking]] = {}
        for booking in bookings:
            by_day.setdefault(booking.start.astimezone(ATHENS).date(), []).append(booking)
        for column, day in enumerate(self._days):
            for cluster in overlap_clusters(by_day.get(day, [])):
                lanes: list[datetime] = []
                placed: list[tuple[Booking, int]] = []
                for booking in cluster:
                    lane = next(
                        (i for i, busy_until in enumerate(lanes) if busy_until <= booking.start), None
                    )
                    if lane is None:
                        lanes.append(booking.end)
                        lane = len(lanes) - 1
                    else:
                        lanes[lane] = booking.end
                    placed.append((booking, lane))
                lane_width = (width - 6) / max(1, len(lanes))
                for booking, lane in placed:
                    x = GUTTER + column * width + 3 + lane * lane_width
                    y0, y1 = self._y(booking.start), self._y(booking.end)
                    blocks.append(Block(booking, QRectF(x, y0 + 1, lane_width - 2, max(18.0, y1 - y0 - 2))))
        self._blocks = blocks
        self._tiles.clear()  # new bookings or sizes: tiles are drawn afresh when next painted

    def resizeEvent(self, event: object) -> None:  # noqa: D401 - Qt override
        start, end = self.week_range()
        self._layout_blocks(self.store.between(start, end, include_cancelled=self.show_cancelled))
        self.layout_changed.emit()

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
        exposed = QRectF(event.rect())
        for block in self._blocks:
            if block.rect.intersects(exposed):
                self._paint_tile(painter, block)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # the now line's dot
        self._paint_now(painter, width)
        self.drag.paint(painter)
        painter.end()

    def _paint_tile(self, painter: QPainter, block: Block) -> None:
        """A tile from the cache, drawn once per layout: a scroll frame then blits ~30 small images
        instead of laying out and eliding text, icons and rounded edges for each again."""
        selected = block.booking.reference == self.selected
        ratio = self.devicePixelRatioF()
        key = (block.booking.reference, selected, self.language, language(), ratio)
        rect = block.rect
        # Whole pixels around the tile (and its selected edge), so its sub-pixel position is kept.
        left, top = math.floor(rect.left()) - TILE_MARGIN, math.floor(rect.top()) - TILE_MARGIN
        tile = self._tiles.get(key)
        if tile is None:
            size = QSize(
                math.ceil(rect.right()) + TILE_MARGIN - left, math.ceil(rect.bottom()) + TILE_MARGIN - top
            )
            tile = QPixmap(size * ratio)
            tile.setDevicePixelRatio(ratio)
            tile.fill(Qt.GlobalColor.transparent)
            tile_painter = QPainter(tile)
            tile_painter.translate(-left, -top)
            tile_painter.setFont(self.font())
            self._paint_block(tile_painter, block, selected)
            tile_painter.end()
            self._tiles[key] = tile
        painter.drawPixmap(QPointF(left, top), tile)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LanguageChange):
            self._tiles.clear()
        super().changeEvent(event)

    def _paint_shading(self, painter: QPainter, width: float) -> None:
        bottom = float(self.height())
        for column, day in enumerate(self._days):
            x = GUTTER + column * width
            if day == self.now.date():
                painter.fillRect(QRectF(x, 0, width, bottom), style.TODAY_TINT)
            if day.isoformat() in self.store.holidays:
                painter.fillRect(QRectF(x, self.top, width, bottom - self.top), style.HOLIDAY_SHADE)
                continue
            periods = [p for p in self.store.working_periods if p[0] == day.weekday()]
            if periods:
                # Shade outside working hours so free time stands out.
                painter.fillRect(QRectF(x, self.top, width, bottom - self.top), style.OFF_HOURS_SHADE)
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
            y = self.top + (hour - self.first_hour) * HOUR_HEIGHT
            painter.setPen(style.pen(style.GRID_STRONG))
            painter.drawLine(GUTTER, int(y), self.width(), int(y))
            painter.setPen(style.pen(style.GRID))
            painter.drawLine(GUTTER, int(y + HOUR_HEIGHT / 2), self.width(), int(y + HOUR_HEIGHT / 2))
            painter.setPen(style.HEADER_TEXT)
            painter.drawText(QRectF(0, y - 8, GUTTER - 8, 16), Qt.AlignmentFlag.AlignRight, f"{hour:02d}:00")
        for column in range(len(self._days)):
            x = GUTTER + column * width
            painter.setPen(style.pen(style.GRID_STRONG))
            painter.drawLine(int(x), 0, int(x), bottom)
        if self.paints_header:
            self.paint_day_header(painter, self.width())

    def paint_day_header(self, painter: QPainter, right: int) -> None:
        """Weekday and date over each column, in the top ``HEADER`` pixels of whatever ``painter`` paints."""
        width = self._day_width()
        header_font = QFont(self.font())
        header_font.setBold(True)
        for column, day in enumerate(self._days):
            x = GUTTER + column * width
            painter.setPen(style.pen(style.GRID_STRONG))
            painter.drawLine(int(x), 0, int(x), HEADER)
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
        painter.setFont(self.font())
        painter.setPen(style.pen(style.GRID_STRONG))
        painter.drawLine(0, HEADER - 1, right, HEADER - 1)

    def _paint_block(self, painter: QPainter, block: Block, selected: bool) -> None:
        booking, rect = block.booking, block.rect
        colours = style.CANCELLED if booking.is_cancelled else style.MODE_COLOURS[booking.mode]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(style.pen(colours["edge"], 2.5 if selected else 1.0))
        painter.setBrush(colours["fill"])
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), colours["edge"])
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
        font.setStrikeOut(booking.is_cancelled)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(colours["text"])
        badge = block.badge
        # A narrow tile (150 % scaling, a side-by-side lane) gives the mode icon's room to the time.
        clock_room = painter.fontMetrics().horizontalAdvance(wall_clock(booking.start)) + (17 if badge else 3)
        narrow = rect.width() < 23 + clock_room
        text_left = rect.left() + (7 if narrow else 23)
        available = int(rect.right() - text_left - (17 if badge else 3))
        if not narrow:
            style.draw_mode_icon(
                painter, booking.mode, QRectF(rect.left() + 7, rect.top() + 2, 12, 12), colours["edge"]
            )
        if badge:
            painter.save()
            painter.setPen(QColor(BADGE_COLOURS.get(booking.status, "#333333")))
            painter.drawText(
                QRectF(rect.right() - 16, rect.top() + 1, 14, 14), Qt.AlignmentFlag.AlignCenter, badge
            )
            painter.restore()
        # The time and the needs' mark are never cut: only the name gives way in a narrow tile.
        elide = Qt.TextElideMode.ElideRight
        clock = wall_clock(booking.start) + (f" {NEEDS_MARK}" if booking.needs else "")
        metrics = painter.fontMetrics()
        name = metrics.elidedText(
            booking.citizen_name, elide, available - metrics.horizontalAdvance(clock + " ")
        )
        line1 = f"{clock} {name}" if name else clock
        painter.drawText(QRectF(text_left, rect.top() + 1, available, 14), Qt.AlignmentFlag.AlignLeft, line1)
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

    def _paint_now(self, painter: QPainter, width: float) -> None:
        if self.now.date() not in self._days:
            return
        column = self._days.index(self.now.date())
        y = self._y(self.now)
        if self.top <= y <= self.height():
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
                        f"{tr('mode.' + b.mode)} · {block.badge} {tr('status.' + b.status)} · {b.reference}"
                        + (f"\n{needs_sentence(b)}" if b.needs else "")
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
        if event.button() == Qt.MouseButton.LeftButton:
            self.drag.press(block, event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self.drag.move(event.position()):
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        dropped = self.drag.release()
        self.update()
        if dropped is not None:
            self.booking_move_requested.emit(*dropped)

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
        if event.key() == Qt.Key.Key_Escape and self.drag.active:
            self.drag.cancel()
            self.update()
            return
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


class WeekHeader(QWidget):
    """The weekdays and dates over the week's columns, outside the scroll area so they never scroll away."""

    def __init__(self, week: WeekView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.week = week
        self.setFixedHeight(HEADER)
        self.setAccessibleName("Week days")
        week.layout_changed.connect(self.update)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        today = self.week.now.date()
        if today in self.week.days():
            width = self.week._day_width()
            x = GUTTER + self.week.days().index(today) * width
            painter.fillRect(QRectF(x, 0, width, HEADER), style.TODAY_TINT)
        self.week.paint_day_header(painter, self.width())
        painter.end()


class WeekPane(QWidget):
    """The week view in its scroll area under a fixed day header, with «▼ 2 more 17:00–19:00» markers at
    the edges of a day whose bookings lie outside the visible hours; a marker scrolls to them."""

    def __init__(self, week: WeekView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.week = week
        week.top = 12  # room for the first hour's label
        week.paints_header = False
        week.relayout()
        self.header = WeekHeader(week)
        self.area = QScrollArea()
        self.area.setWidget(week)
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.area, 1)
        self.markers: list[QToolButton] = []
        self.area.verticalScrollBar().valueChanged.connect(lambda _v: self.refresh_markers())
        self.area.verticalScrollBar().rangeChanged.connect(lambda _lo, _hi: self.refresh_markers())
        week.layout_changed.connect(self.refresh_markers)
        self.area.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.area.viewport() and event.type() == QEvent.Type.Resize:
            self.refresh_markers()
        return super().eventFilter(watched, event)

    def visible_span(self) -> tuple[float, float]:
        """The week view's y range on screen."""
        top = float(self.area.verticalScrollBar().value())
        return top, top + self.area.viewport().height()

    def hidden_bookings(self) -> list[tuple[int, str, list[Block]]]:
        """(column, "above" or "below", blocks) for each day edge with bookings out of sight."""
        top, bottom = self.visible_span()
        days = self.week.days()
        found: list[tuple[int, str, list[Block]]] = []
        for column, day in enumerate(days):
            mine = [b for b in self.week.blocks() if b.booking.start.astimezone(ATHENS).date() == day]
            above = [b for b in mine if b.rect.bottom() <= top + 1]
            below = [b for b in mine if b.rect.top() >= bottom - 1]
            if above:
                found.append((column, "above", above))
            if below:
                found.append((column, "below", below))
        return found

    def refresh_markers(self) -> None:
        for marker in self.markers:
            marker.deleteLater()
        self.markers = []
        viewport = self.area.viewport()
        width = self.week._day_width()
        for column, edge, blocks in self.hidden_bookings():
            first = min(b.booking.start for b in blocks)
            last = max(b.booking.end for b in blocks)
            arrow = "▲" if edge == "above" else "▼"
            marker = QToolButton(viewport)
            marker.setObjectName("weekMarker")
            words = f"{arrow} {tr('week.more', count=len(blocks))}"
            hours = f"{wall_clock(first)}–{wall_clock(last)}"
            marker.setToolTip(f"{words} {hours}")
            marker.setAccessibleName(f"{words} {hours}")
            # The widest wording that fits the day: one line, two lines, then the hours under the count.
            count = f"{arrow} {len(blocks)}"
            wordings = (
                f"{words} {hours}",
                f"{words}\n{hours}",
                f"{count}\n{hours}",
                f"{count}\n{wall_clock(first)}",
            )
            for text in wordings:
                marker.setText(text)
                if marker.sizeHint().width() <= width - 6:
                    break
            marker.setStyleSheet(
                "QToolButton#weekMarker { background: #fff4d6; border: 1px solid #c98a00;"
                " border-radius: 3px; padding: 0 4px; color: #5a3d00; }"
            )
            hint = marker.sizeHint()
            marker_width = min(hint.width(), int(width) - 6)
            x = int(GUTTER + column * width + (width - marker_width) / 2)
            y = 2 if edge == "above" else viewport.height() - hint.height() - 2
            marker.setGeometry(x, y, marker_width, hint.height())
            target = min(blocks, key=lambda b: b.rect.top())
            marker.clicked.connect(lambda _c=False, rect=target.rect: self.scroll_to(rect))
            marker.show()
            self.markers.append(marker)

    def scroll_to(self, rect: QRectF) -> None:
        """The first hidden booking near the top, with a quarter hour of context above it."""
        self.area.verticalScrollBar().setValue(int(rect.top()) - HOUR_HEIGHT // 4)
