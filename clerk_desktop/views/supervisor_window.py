"""The supervisors' window: the staff board of a day with drag-and-drop moves, and workload figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStatusBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.board import BoardStore
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.offices import Offices
from clerk_desktop.models.ticker import Ticker
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.printing.actions import PrintActions
from clerk_desktop.views.printing.sources import office_day
from clerk_desktop.views.screen_fit import fit_main_window
from clerk_desktop.views.staff_board import StaffBoardView
from clerk_desktop.views.week_board import WeekBoardView


class SupervisorWindow(QMainWindow):
    day_changed = Signal(date)
    cover_requested = Signal()
    sign_out_requested = Signal()
    administration_requested = Signal()
    account_requested = Signal()
    new_booking_requested = Signal()  # «Νέα κράτηση…» for a caller or walk-in (issue 15)
    settings_requested = Signal()
    closing = Signal()

    def __init__(
        self,
        bookings: BookingStore,
        board: BoardStore,
        staff_name: str = "",
        stats_view: QWidget | None = None,
        parent: QWidget | None = None,
        offices: Offices | None = None,
    ) -> None:
        super().__init__(parent)
        self.bookings = bookings
        self.ticker = Ticker(parent=self)  # the window's clock: holds abandoned on the web form lapse by it
        title = tr("app.title_supervisor")
        self.setWindowTitle(f"{title} — {staff_name}" if staff_name else title)
        self.board = StaffBoardView(bookings, board)
        scroll = QScrollArea()
        scroll.setWidget(self.board)
        scroll.setWidgetResizable(True)
        self.week_board = WeekBoardView(bookings, board)
        week_scroll = QScrollArea()
        week_scroll.setWidget(self.week_board)
        week_scroll.setWidgetResizable(True)
        self.previous = QPushButton(tr("board.previous_day"))
        self.today = QPushButton(tr("nav.today"))
        self.next = QPushButton(tr("board.next_day"))
        self.date_picker = QDateEdit()
        self.date_picker.setCalendarPopup(True)
        self.date_picker.setDisplayFormat("dd/MM/yyyy")
        self.day_label = PlainLabel()
        self.day_label.setObjectName("sectionTitle")
        self.group = QComboBox()
        self.group.setAccessibleName(tr("board.group_filter"))
        self.group.addItem(tr("board.all_groups"), "")
        self.cover = QPushButton(tr("board.cover"))
        toolbar = QToolBar()
        toolbar.setMovable(False)
        self.new_booking = QAction(tr("menu.new_booking"), self)
        self.new_booking.setShortcut(QKeySequence.StandardKey.New)  # Ctrl+N
        self.new_booking.triggered.connect(self.new_booking_requested)
        toolbar.addAction(self.new_booking)
        toolbar.addSeparator()
        for widget in (
            self.previous,
            self.today,
            self.next,
            self.date_picker,
            self.day_label,
            self.group,
            self.cover,
        ):
            toolbar.addWidget(widget)
        self.addToolBar(toolbar)
        board_tab = QWidget()
        layout = QVBoxLayout(board_tab)
        hint = PlainLabel(tr("board.hint"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(board_tab, tr("board.tab"))
        self.tabs.addTab(week_scroll, tr("board.week_tab"))
        self.stats_view = stats_view
        if stats_view is not None:
            # The charts' least height would otherwise become the window's: at 150 % on 1280×720 the
            # status bar fell off the screen. Scrolled, the tab asks for no more than the screen has.
            stats_scroll = QScrollArea()
            stats_scroll.setWidget(stats_view)
            stats_scroll.setWidgetResizable(True)
            stats_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            self.tabs.addTab(stats_scroll, tr("board.stats_tab"))
        self.setCentralWidget(self.tabs)
        self.sync_label = PlainLabel(tr("sync.syncing"))
        status = QStatusBar()
        status.addPermanentWidget(self.sync_label)
        self.setStatusBar(status)
        menu = self.menuBar().addMenu(tr("menu.file"))
        # The front desk's list of the board's day (and group), on paper or as a PDF.
        self.day_print = PrintActions(
            self,
            lambda: office_day(bookings, board, self.board.day, self._group_chosen(), offices or Offices()),
            print_text=tr("print.office_day"),
            pdf_text=tr("print.office_day_pdf"),
            tell=self.notify,
        )
        self.day_print.print_action.setShortcut(QKeySequence.StandardKey.Print)
        menu.addActions([self.day_print.print_action, self.day_print.pdf_action])
        menu.addAction(self.new_booking)
        menu.addSeparator()
        for key, signal in (
            ("menu.administration", self.administration_requested),
            ("menu.settings", self.settings_requested),
            ("menu.my_account", self.account_requested),
        ):
            action = QAction(tr(key), self)
            action.triggered.connect(signal)
            menu.addAction(action)
        sign_out = QAction(tr("menu.sign_out"), self)
        sign_out.triggered.connect(self.sign_out_requested)
        menu.addAction(sign_out)
        quit_action = QAction(tr("menu.quit"), self)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self.previous.clicked.connect(lambda: self.go_to(self.board.day - timedelta(days=1)))
        self.next.clicked.connect(lambda: self.go_to(self.board.day + timedelta(days=1)))
        self.today.clicked.connect(lambda: self.go_to(datetime.now(ATHENS).date()))
        self.date_picker.dateChanged.connect(lambda d: self.go_to(d.toPython()))
        self.group.currentIndexChanged.connect(self._filter)
        self.week_board.day_chosen.connect(self._open_day)
        self.cover.clicked.connect(self.cover_requested)
        bookings.reset.connect(self._refresh_groups)
        bookings.booking_upserted.connect(lambda _b: self._refresh_groups())
        fit_main_window(self, 1300, 860)
        self.go_to(datetime.now(ATHENS).date())

    def _filter(self) -> None:
        slug = str(self.group.currentData())
        self.board.set_group_filter(slug)
        self.week_board.set_group_filter(slug)

    def _group_chosen(self) -> tuple[str, str]:
        """The group filter's slug and name; empty for all groups."""
        slug = str(self.group.currentData() or "")
        return (slug, self.group.currentText()) if slug else ("", "")

    def _open_day(self, day: date) -> None:
        self.tabs.setCurrentIndex(0)
        self.go_to(day)

    def go_to(self, day: date) -> None:
        self.board.set_day(day)
        self.week_board.set_week(day)
        self.day_label.setText(f"{tr('weekday.' + str(day.weekday()))} {day:%d/%m/%Y}")
        self.date_picker.blockSignals(True)
        self.date_picker.setDate(QDate(day.year, day.month, day.day))
        self.date_picker.blockSignals(False)
        self.day_changed.emit(day)

    def _refresh_groups(self) -> None:
        known = {self.group.itemData(i) for i in range(self.group.count())}
        start = datetime.combine(self.board.day, datetime.min.time(), tzinfo=ATHENS) - timedelta(days=31)
        for booking in self.bookings.between(start, start + timedelta(days=62)):
            if booking.group_slug and booking.group_slug not in known:
                name = booking.group_name_en if language() == "en" else booking.group_name_el
                self.group.addItem(name, booking.group_slug)
                known.add(booking.group_slug)

    def set_sync_state(self, state: str) -> None:
        self.sync_label.setText(tr(f"sync.{state}"))

    def notify(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
