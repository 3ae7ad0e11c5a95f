"""The main window: week calendar with navigation and legend, agenda and booking panel, sync status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStatusBar,
    QToolBar,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.agenda_model import AgendaModel
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.models.offices import Offices
from clerk_desktop.models.selection import Selection
from clerk_desktop.models.ticker import Ticker
from clerk_desktop.views import style
from clerk_desktop.views.agenda_view import AgendaView
from clerk_desktop.views.booking_panel import BookingPanel
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.printing.actions import PrintActions
from clerk_desktop.views.printing.sources import citizen_slip, clerk_day
from clerk_desktop.views.screen_fit import fit_main_window
from clerk_desktop.views.week_view import WeekPane, WeekView


def legend_icon(mode: str | None) -> QPixmap:
    pixmap = QPixmap(QSize(18, 18))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    if mode is None:
        painter.fillRect(QRectF(1, 1, 16, 16), style.HOLIDAY_SHADE)
    else:
        colours = style.MODE_COLOURS[mode]
        painter.setBrush(colours["fill"])
        painter.setPen(style.pen(colours["edge"]))
        painter.drawRoundedRect(QRectF(0.5, 0.5, 17, 17), 3, 3)
        style.draw_mode_icon(painter, mode, QRectF(3, 3, 12, 12), colours["edge"])
    painter.end()
    return pixmap


class MainWindow(QMainWindow):
    week_changed = Signal(date)
    settings_requested = Signal()
    calendar_link_requested = Signal()
    account_requested = Signal()
    new_booking_requested = Signal()  # «Νέα κράτηση…» for a caller or walk-in (issue 15)
    sign_out_requested = Signal()
    closing = Signal()

    def __init__(
        self,
        store: BookingStore,
        agenda: AgendaModel,
        checklist: ChecklistModel,
        selection: Selection,
        staff_name: str = "",
        parent: QWidget | None = None,
        offices: Offices | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.offices = offices or Offices()  # the slip's address and contact
        self.agenda_model = agenda
        self.setWindowTitle(f"{tr('app.title')} — {staff_name}" if staff_name else tr("app.title"))
        self.selection = selection
        self.week = WeekView(store, selection)
        # The day header stays above the scroll area; markers point at bookings out of sight.
        self.week_pane = WeekPane(self.week)
        self.week_scroll = self.week_pane.area
        self.agenda = AgendaView(agenda, selection)
        self.panel = BookingPanel(checklist, store, selection)
        # One clock for the agenda, the panel and the week: each join button opens on time.
        self.ticker = Ticker(parent=self)
        for view in (self.agenda, self.panel, self.week):
            self.ticker.ticked.connect(view.set_now)

        self.previous = QPushButton(tr("nav.previous"))
        self.next = QPushButton(tr("nav.next"))
        self.today = QPushButton(tr("nav.today"))
        self.date_picker = QDateEdit()
        self.date_picker.setCalendarPopup(True)
        self.date_picker.setDisplayFormat("dd/MM/yyyy")
        self.week_label = PlainLabel()
        self.week_label.setObjectName("sectionTitle")
        self.show_cancelled = QCheckBox(tr("nav.show_cancelled"))
        self.show_cancelled.setChecked(True)
        toolbar = QToolBar()
        toolbar.setMovable(False)
        self.new_booking = QAction(tr("menu.new_booking"), self)
        self.new_booking.setShortcut(QKeySequence.StandardKey.New)  # Ctrl+N
        self.new_booking.triggered.connect(self.new_booking_requested)
        toolbar.addAction(self.new_booking)
        toolbar.addSeparator()
        for widget in (self.previous, self.today, self.next, self.date_picker, self.week_label):
            toolbar.addWidget(widget)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self._legend())
        toolbar.addWidget(self.show_cancelled)
        self.addToolBar(toolbar)

        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.agenda)
        # The panel scrolls rather than squeezing its checklist to a row or two on smaller screens.
        panel_scroll = QScrollArea()
        panel_scroll.setWidget(self.panel)
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.addWidget(panel_scroll)
        side.setStretchFactor(1, 3)
        side.setSizes([220, 640])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.week_pane)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([860, 540])
        self.setCentralWidget(splitter)

        self.sync_label = PlainLabel(tr("sync.syncing"))
        self.queue_label = PlainLabel()
        status = QStatusBar()
        status.addPermanentWidget(self.queue_label)
        status.addPermanentWidget(self.sync_label)
        self.setStatusBar(status)
        self._menus()
        self.day_print = PrintActions(
            self,
            lambda: clerk_day(self.agenda_model, staff_name),
            print_text=tr("print.agenda"),
            pdf_text=tr("print.agenda_pdf"),
            tell=self.notify,
        )
        self.day_print.print_action.setShortcut(QKeySequence.StandardKey.Print)
        first = self.file_menu.actions()[0]  # printing heads the File menu, as in most programs
        self.file_menu.insertActions(first, [self.day_print.print_action, self.day_print.pdf_action])
        self.file_menu.insertSeparator(first)
        self.slip_print = PrintActions(
            self,
            lambda: citizen_slip(self.panel.booking, self.offices),
            print_text=tr("print.slip_print"),
            pdf_text=tr("print.slip_pdf"),
            tell=self.notify,
        )
        self.panel.slip_menu.addActions([self.slip_print.print_action, self.slip_print.pdf_action])

        # A week back or on keeps the weekday the agenda shows (Tuesday stays Tuesday).
        self.previous.clicked.connect(lambda: self.go_to(self.agenda_model.day - timedelta(days=7)))
        self.next.clicked.connect(lambda: self.go_to(self.agenda_model.day + timedelta(days=7)))
        self.today.clicked.connect(lambda: self.go_to(datetime.now(ATHENS).date()))
        self.date_picker.dateChanged.connect(lambda d: self.go_to(d.toPython()))
        self.show_cancelled.toggled.connect(self.week.set_show_cancelled)
        fit_main_window(self, 1400, 860)
        self.go_to(datetime.now(ATHENS).date())

    def _legend(self) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(8, 0, 8, 0)
        for mode, key in (
            ("in_person", "legend.in_person"),
            ("teleconference", "legend.teleconference"),
            (None, "legend.holiday"),
        ):
            icon = PlainLabel()
            icon.setPixmap(legend_icon(mode))
            layout.addWidget(icon)
            layout.addWidget(PlainLabel(tr(key)))
            layout.addSpacing(8)
        return box

    def _menus(self) -> None:
        menu = self.file_menu = self.menuBar().addMenu(tr("menu.file"))
        menu.addAction(self.new_booking)
        menu.addSeparator()
        for key, signal in (
            ("menu.settings", self.settings_requested),
            ("menu.ical", self.calendar_link_requested),
            ("menu.my_account", self.account_requested),
            ("menu.sign_out", self.sign_out_requested),
        ):
            action = QAction(tr(key), self)
            action.triggered.connect(signal)
            menu.addAction(action)
        quit_action = QAction(tr("menu.quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        shortcuts: tuple[tuple[str, Callable[[], object]], ...] = (
            ("Alt+Left", lambda: self.go_to(self.agenda_model.day - timedelta(days=7))),
            ("Alt+Right", lambda: self.go_to(self.agenda_model.day + timedelta(days=7))),
            ("Ctrl+T", lambda: self.go_to(datetime.now(ATHENS).date())),
            ("Ctrl+G", self.date_picker.setFocus),
        )
        for key_text, handler in shortcuts:
            action = QAction(self)
            action.setShortcut(QKeySequence(key_text))
            action.triggered.connect(handler)
            self.addAction(action)

    def go_to(self, day: date) -> None:
        """Show the week of ``day`` and that very day in the agenda (the picker's day, not today)."""
        self.week.set_week(day)
        first = self.week.week_start
        last = first + timedelta(days=6)
        self.week_label.setText(tr("week.title", first=f"{first:%d/%m}", last=f"{last:%d/%m/%Y}"))
        self.date_picker.blockSignals(True)
        self.date_picker.setDate(QDate(day.year, day.month, day.day))
        self.date_picker.blockSignals(False)
        self.agenda_model.set_day(day)
        self.week_changed.emit(first)

    def set_sync_state(self, state: str) -> None:
        self.sync_label.setText(tr(f"sync.{state}"))
        colour = {"offline": "#b00020", "up_to_date": "#1e7a4f"}.get(state, "#555555")
        self.sync_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def set_queue_size(self, count: int) -> None:
        self.queue_label.setText(tr("sync.queued", count=count) if count else "")

    def notify(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
