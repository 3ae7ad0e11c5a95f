"""The day agenda beside the calendar: the day's bookings in order, the next one marked, a countdown."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import duration_words, tr
from clerk_desktop.models.agenda_model import AgendaModel, AgendaRole
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.needs import marked_name
from clerk_desktop.models.selection import Selection
from clerk_desktop.views import style
from clerk_desktop.views.plain_text import PlainLabel

ROW_HEIGHT = 54
JOIN_WIDTH = 92


class AgendaDelegate(QStyledItemDelegate):
    """Time, mode icon and word, name, service; a join button on teleconference rows."""

    join_clicked = Signal(str)

    def __init__(self, parent: QWidget, join_lead: int = 10) -> None:
        super().__init__(parent)
        self.join_lead = join_lead
        self.now = datetime.now(ATHENS)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(260, ROW_HEIGHT)

    def join_width(self) -> int:
        """As wide as «Συμμετοχή στη συνάντηση» in the list's font, so the button never reads «Συμμετοχή…»."""
        parent = self.parent()
        metrics = parent.fontMetrics() if isinstance(parent, QWidget) else QFontMetrics(QFont())
        return max(JOIN_WIDTH, metrics.horizontalAdvance(tr("panel.join")) + 16)

    def join_rect(self, row: QRect) -> QRect:
        width = self.join_width()
        return QRect(row.right() - width - 6, row.top() + 12, width, row.height() - 24)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        booking: Booking = index.data(AgendaRole.BOOKING)
        is_next = bool(index.data(AgendaRole.IS_NEXT))
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = style.MODE_COLOURS[booking.mode]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, colours["fill"] if selected else Qt.GlobalColor.white)
        if is_next:
            painter.fillRect(QRect(rect.left(), rect.top(), 5, rect.height()), style.ACCENT)
        painter.setPen(style.pen(style.GRID))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(style.ACCENT if is_next else style.HEADER_TEXT)
        painter.drawText(
            QRect(rect.left() + 10, rect.top() + 6, 50, 18),
            Qt.AlignmentFlag.AlignLeft,
            f"{booking.start.astimezone(ATHENS):%H:%M}",
        )
        style.draw_mode_icon(
            painter, booking.mode, QRectF(rect.left() + 12, rect.top() + 28, 14, 14), colours["edge"]
        )
        right = rect.right() - (self.join_width() + 12 if booking.is_teleconference else 6)
        text_width = right - (rect.left() + 64)
        painter.setPen(colours["text"])
        painter.drawText(
            QRect(rect.left() + 64, rect.top() + 6, text_width, 18),
            Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(marked_name(booking), Qt.TextElideMode.ElideRight, text_width),
        )
        painter.setFont(option.font)
        status = "" if booking.status == "confirmed" else f" · {tr('status.' + booking.status)}"
        line2 = f"{tr('mode.' + booking.mode)} · {booking.service_name(_lang())}{status}"
        painter.drawText(
            QRect(rect.left() + 30, rect.top() + 28, right - rect.left() - 30, 18),
            Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(line2, Qt.TextElideMode.ElideRight, right - rect.left() - 30),
        )
        if booking.is_teleconference:
            enabled = booking.can_join(self.now, self.join_lead)
            button = self.join_rect(rect)
            painter.setPen(style.pen(style.ACCENT if enabled else style.GRID_STRONG))
            painter.setBrush(style.ACCENT if enabled else Qt.GlobalColor.white)
            painter.drawRoundedRect(QRectF(button), 4, 4)
            painter.setPen(Qt.GlobalColor.white if enabled else style.GRID_STRONG)
            painter.drawText(
                button,
                Qt.AlignmentFlag.AlignCenter,
                painter.fontMetrics().elidedText(
                    tr("panel.join"), Qt.TextElideMode.ElideRight, button.width() - 6
                ),
            )
        painter.restore()

    def editorEvent(
        self,
        event: QEvent,
        model: object,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            booking: Booking = index.data(AgendaRole.BOOKING)
            if (
                booking.is_teleconference
                and booking.can_join(self.now, self.join_lead)
                and self.join_rect(option.rect).contains(event.position().toPoint())
            ):
                self.join_clicked.emit(booking.reference)
                return True
        return False


def _lang() -> str:
    from clerk_desktop.i18n import language

    return language()


class AgendaView(QWidget):
    """The day's bookings; follows the selection and changes it when a row is clicked."""

    booking_selected = Signal(str)
    join_requested = Signal(str)

    def __init__(self, model: AgendaModel, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.selection = selection
        self.title = PlainLabel(tr("agenda.title"))
        self.title.setObjectName("sectionTitle")
        self.countdown = PlainLabel()
        self.list = QListView()
        self.list.setModel(model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(tr("agenda.title"))
        self.delegate = AgendaDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.delegate.join_clicked.connect(self.join_requested)
        self.list.clicked.connect(self._chosen)
        self.list.activated.connect(self._chosen)
        selection.changed.connect(self._show_selection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.countdown)
        layout.addWidget(self.list)
        model.rowsInserted.connect(self.refresh_countdown)
        model.rowsRemoved.connect(self.refresh_countdown)
        model.dataChanged.connect(self.refresh_countdown)
        model.modelReset.connect(self.refresh_countdown)
        model.day_changed.connect(self._show_day)
        self._show_day(model.day)
        self.refresh_countdown()

    def set_now(self, now: datetime) -> None:
        """Advance the clock; the window's ``Ticker`` calls this for the agenda and the panel alike."""
        today_before = self.model.now.date()
        self.delegate.now = now
        self.model.set_now(now)
        if now.date() != today_before:
            self._show_day(self.model.day)
        self.refresh_countdown()
        self.list.viewport().update()

    def _show_day(self, day: date) -> None:
        """The title names the day shown, so another day is never mistaken for today."""
        words = tr("agenda.today") if day == self.model.now.date() else tr(f"weekday.{day.weekday()}")
        self.title.setText(tr("agenda.title_day", day=f"{words} {day:%d/%m/%Y}"))

    def set_join_lead(self, minutes: int) -> None:
        self.delegate.join_lead = minutes
        self.list.viewport().update()

    def _chosen(self, index: QModelIndex) -> None:
        reference = str(index.data(AgendaRole.REFERENCE))
        self.selection.select(reference)
        self.booking_selected.emit(reference)

    def _show_selection(self, reference: str | None) -> None:
        row = self.model.row_of(reference) if reference else None
        if row is None:
            self.list.clearSelection()
        else:
            self.list.setCurrentIndex(self.model.index(row))

    def refresh_countdown(self) -> None:
        row = self.model.next_row()
        booking = self.model.booking_at(row) if row is not None else None
        if booking is None or self.model.day != self.model.now.date():
            self.countdown.setText(tr("agenda.none") if self.model.day == self.model.now.date() else "")
            return
        minutes = int((booking.start - self.model.now).total_seconds() // 60)
        self.countdown.setText(
            tr("agenda.next_in", wait=duration_words(minutes)) if minutes > 0 else tr("agenda.next_now")
        )
