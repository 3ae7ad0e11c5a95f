"""«Νέα κράτηση»: book a caller or a walk-in at the desk; the dialog follows its model and emits requests.

It never calls the server: choosing a service, mode or day emits ``times_requested``; «Κράτηση» and
«Τώρα» emit the body to send. Answers come back through ``NewBookingModel``'s signals.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import language, tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.new_booking import (
    SOURCES,
    BookedResult,
    CitizenEntry,
    NewBookingModel,
    booking_body,
    grouped,
    walk_in_body,
)
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.new_booking_extras import CoApplicantFields, NeedsChoice
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.screen_fit import fit_to_screen

START_ROLE = Qt.ItemDataRole.UserRole
SERVICE_ROLE = Qt.ItemDataRole.UserRole


class NewBookingDialog(QDialog):
    """Service, mode, day and free times on the left; the citizen on the right; «Τώρα» for a walk-in."""

    times_requested = Signal(int, str, object, object)  # service id, mode, day, NeedsEntry
    book_requested = Signal(dict)
    walk_in_requested = Signal(dict)

    def __init__(self, model: NewBookingModel, *, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setWindowTitle(tr("newbk.title"))

        self.service = QComboBox()
        self.service.setModel(QStandardItemModel(self.service))
        # Long service names must not push the citizen's column aside: the list itself shows them whole.
        self.service.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.service.setMinimumContentsLength(28)
        self.mode = QComboBox()
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dddd dd/MM/yyyy")
        # The weekday in the UI's language, whatever the system's locale.
        greek = QLocale(QLocale.Language.Greek, QLocale.Country.Greece)
        self.day.setLocale(greek if language() == "el" else QLocale(QLocale.Language.English))
        self.day.setMinimumDate(QDate(today.year, today.month, today.day))
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.times = QListWidget()
        self.times.setMinimumHeight(90)
        self.times_note = PlainLabel(tr("newbk.mine_hint"))
        self.times_note.setWordWrap(True)
        self.times_note.setObjectName("hint")
        self.now = QPushButton(tr("newbk.now"))
        self.now.setToolTip(tr("newbk.now_hint"))
        now_hint = PlainLabel(tr("newbk.now_hint"))
        now_hint.setWordWrap(True)
        now_hint.setObjectName("hint")

        when = QGroupBox(tr("newbk.times"))
        choose = QFormLayout()
        choose.addRow(tr("newbk.service"), self.service)
        choose.addRow(tr("newbk.mode"), self.mode)
        choose.addRow(tr("newbk.day"), self.day)
        self.needs = NeedsChoice()  # asked before the times: they change which are free
        left = QVBoxLayout(when)
        left.addLayout(choose)
        left.addWidget(self.needs)
        left.addWidget(self.times, 1)
        left.addWidget(self.times_note)
        now_row = QHBoxLayout()
        now_row.addWidget(self.now)
        now_row.addWidget(now_hint, 1)
        left.addLayout(now_row)

        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.email = QLineEdit()
        self.source = QComboBox()
        for source in SOURCES:
            self.source.addItem(tr(f"newbk.source.{source}"), source)
        who = QGroupBox(tr("newbk.citizen"))
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("citizen.name", tr("newbk.name"), self.name)
        self.errors.add_row("citizen.phone", tr("newbk.phone"), self.phone)
        self.errors.add_row("citizen.email", tr("newbk.email"), self.email)
        email_hint = PlainLabel(tr("newbk.email_hint"))
        email_hint.setWordWrap(True)
        email_hint.setObjectName("hint")
        form.addRow("", email_hint)
        self.errors.add_row("source", tr("newbk.source"), self.source)
        self.co_applicants = CoApplicantFields()
        right = QVBoxLayout(who)
        right.addLayout(form)
        right.addWidget(self.co_applicants)
        right.addStretch(1)
        self.booked_box = QFrame()
        self.booked_box.setObjectName("result")
        self.booked_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.result_title = PlainLabel()
        title_font = QFont(self.result_title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        self.result_title.setFont(title_font)
        self.result_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_when = PlainLabel()
        self.result_when.setWordWrap(True)
        self.result_mail = PlainLabel()
        self.result_mail.setWordWrap(True)
        box = QVBoxLayout(self.booked_box)
        for label in (self.result_title, self.result_when, self.result_mail):
            box.addWidget(label)
        self.booked_box.hide()
        right.addWidget(self.booked_box)

        columns = QHBoxLayout()
        columns.addWidget(when, 1)
        columns.addWidget(who, 1)
        self.status = PlainLabel()
        self.status.setWordWrap(True)
        self.book = QPushButton(tr("newbk.book"))
        self.book.setObjectName("primary")
        self.book.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.book, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("newbk.close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self.service.currentIndexChanged.connect(self._service_chosen)
        self.mode.currentIndexChanged.connect(lambda _i: self.ask_times())
        self.day.dateChanged.connect(lambda _d: self.ask_times())
        self.needs.changed.connect(self.ask_times)
        self.times.itemDoubleClicked.connect(lambda _item: self.submit())
        self.book.clicked.connect(self.submit)
        self.now.clicked.connect(self.submit_now)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        model.services_changed.connect(self._show_services)
        model.times_changed.connect(self._show_times)
        model.status_changed.connect(self._show_status)
        model.refused.connect(self._show_refusal)
        model.booked.connect(self._show_booked)
        model.busy_changed.connect(self._set_busy)
        self._show_services()
        fit_to_screen(self, 980, 620)

    # ------------------------------------------------------------------ choices
    def service_id(self) -> int | None:
        value = self.service.currentData(SERVICE_ROLE)
        return int(value) if value is not None else None

    def chosen_day(self) -> date:
        picked: date = self.day.date().toPython()  # type: ignore[assignment]
        return picked

    def _show_services(self) -> None:
        items = self.service.model()
        assert isinstance(items, QStandardItemModel)
        self.service.blockSignals(True)
        items.clear()
        first: int | None = None
        for group, services in grouped(self.model.services, language()):
            header = QStandardItem(group)
            header.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a choice
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            items.appendRow(header)
            for service in services:
                row = QStandardItem("    " + service.name(language()))
                row.setData(service.id, SERVICE_ROLE)
                items.appendRow(row)
                if first is None:
                    first = items.rowCount() - 1
        self.service.blockSignals(False)
        if first is not None:
            self.service.setCurrentIndex(first)
            self._service_chosen()

    def _service_chosen(self, _index: int = 0) -> None:
        service = self.model.service(self.service_id() or 0)
        self.mode.blockSignals(True)
        previous = self.mode.currentData()
        self.mode.clear()
        for mode in service.modes if service else ():
            self.mode.addItem(tr(f"mode.{mode}"), mode)
        if previous is not None and self.mode.findData(previous) >= 0:
            self.mode.setCurrentIndex(self.mode.findData(previous))
        self.mode.blockSignals(False)
        self.co_applicants.set_service(
            service.co_applicants if service else 0, bool(service and service.co_applicants_required)
        )
        self.ask_times()

    def ask_times(self) -> None:
        """Fetch the day's times for the needs asked (none until the interpreter's language is given)."""
        service_id, mode = self.service_id(), self.mode.currentData()
        missing = self.needs.missing()
        self.needs.show_errors(missing)
        if service_id is not None and mode and not missing:
            self.times_requested.emit(service_id, str(mode), self.chosen_day(), self.needs.entry())

    def _show_times(self) -> None:
        self.times.clear()
        if self.model.loading:
            self.times.addItem(tr("newbk.loading"))
            self.times.setEnabled(False)
            return
        for free in self.model.times:
            text = tr("newbk.slot", time=f"{free.start:%H:%M}", count=free.capacity)
            if free.mine:
                text += "   " + tr("newbk.slot_mine")
            item = QListWidgetItem(text)
            item.setData(START_ROLE, free.start.isoformat())
            self.times.addItem(item)
        if not self.model.times:
            self.times.addItem(tr("newbk.no_times"))
        self.times.setEnabled(bool(self.model.times))

    def chosen_start(self) -> datetime | None:
        item = self.times.currentItem()
        value = item.data(START_ROLE) if item is not None else None
        return datetime.fromisoformat(str(value)) if value else None

    # ------------------------------------------------------------------ booking
    def citizen(self) -> CitizenEntry:
        return CitizenEntry(
            self.name.text(), self.phone.text(), self.email.text(), str(self.source.currentData())
        )

    def _checked(self) -> CitizenEntry | None:
        """The citizen, or None with what is missing shown (the server checks the rest)."""
        citizen = self.citizen()
        problems = {}
        if not citizen.name.strip():
            problems["citizen.name"] = tr("newbk.need_name")
        if not citizen.phone.strip():
            problems["citizen.phone"] = tr("newbk.need_phone")
        if not citizen.email.strip() and self.mode.currentData() == "teleconference":
            problems["citizen.email"] = tr("newbk.need_email_video")  # the server says so too
        joint = self.co_applicants.entries() or self.co_applicants.missing()
        if not citizen.email.strip() and joint:
            problems["citizen.email"] = tr("newbk.need_email_coapp")  # the server says so too
        needs, co_applicants = self.needs.missing(), self.co_applicants.missing()
        self.errors.show(problems)
        self.needs.show_errors(needs)
        self.co_applicants.show_errors(co_applicants)
        return None if problems or needs or co_applicants else citizen

    def submit(self) -> None:
        service_id, mode, start = self.service_id(), self.mode.currentData(), self.chosen_start()
        citizen = self._checked()
        if citizen is None or service_id is None or not mode:
            return
        if start is None:
            self.errors.show({"start": tr("newbk.choose_time")})
            return
        body = booking_body(
            service_id,
            str(mode),
            start,
            citizen,
            language(),
            needs=self.needs.entry(),
            co_applicants=self.co_applicants.entries(),
        )
        self.book_requested.emit(body)

    def submit_now(self) -> None:
        service_id, mode = self.service_id(), self.mode.currentData()
        citizen = self._checked()
        if citizen is None or service_id is None or not mode:
            return
        self.source.setCurrentIndex(self.source.findData("walk_in"))
        body = walk_in_body(service_id, str(mode), citizen, language(), needs=self.needs.entry())
        self.walk_in_requested.emit(body)

    # ------------------------------------------------------------------ answers
    def _set_busy(self, busy: bool) -> None:
        for widget in (self.book, self.now):
            widget.setEnabled(not busy)
        if busy:
            self.errors.show({})
            self.needs.show_errors({})
            self.co_applicants.show_errors({})
            self._show_status(tr("newbk.booking"))

    def _show_status(self, text: str) -> None:
        self.status.setText(text)

    def _show_refusal(self, message: str, fields: dict[str, str]) -> None:
        self.status.setText("")
        self.needs.show_errors(fields)
        self.co_applicants.show_errors(fields)
        theirs = {*self.needs.errors.labels, *self.co_applicants.errors.labels, "needs"}
        rest = {name: text for name, text in fields.items() if name not in theirs}
        self.errors.show({**rest, "": message})  # the message above, each field's under it

    def _show_booked(self, result: BookedResult) -> None:
        when = result.start.astimezone(ATHENS)
        day = f"{tr('weekday.' + str(when.weekday()))} {when:%d/%m/%Y}"
        self.result_title.setText(tr("newbk.booked", reference=result.reference))
        self.result_when.setText(
            tr("newbk.booked_when", day=day, time=f"{when:%H:%M}", clerk=result.clerk or "—")
        )
        mail = tr("newbk.booked_mail", email=result.email) if result.email else tr("newbk.booked_no_mail")
        self.result_mail.setText(f"{tr('newbk.booked_waiting')}\n{mail}" if result.waiting else mail)
        self.booked_box.show()
        self.status.setText("")
        for line in (self.name, self.phone, self.email):
            line.clear()
        self.co_applicants.clear()
        self.needs.clear()  # the next caller is asked again
        self.name.setFocus()
        self.ask_times()  # the time just taken leaves the list
