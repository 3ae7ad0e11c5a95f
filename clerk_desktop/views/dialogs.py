"""Dialogs: sign-in, identity verification, settings, calendar link. Each has an ``ask`` classmethod
so tests (and the controller) get a plain result instead of driving a modal by hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.views.plain_text import PlainLabel


@dataclass(frozen=True)
class Credentials:
    server: str
    username: str
    password: str


class LoginDialog(QDialog):
    """Server, username, password. ``attempt`` is called with the credentials and returns an error
    message or None; the dialog stays open, keeping what was typed, until it succeeds."""

    def __init__(
        self,
        server: str,
        username: str,
        attempt: Callable[[Credentials], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("login.title"))
        self.attempt = attempt
        self.server = QLineEdit(server)
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = PlainLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("login.server"), self.server)
        form.addRow(tr("login.username"), self.username)
        form.addRow(tr("login.password"), self.password)
        self.buttons = QDialogButtonBox()
        self.submit = QPushButton(tr("login.submit"))
        self.submit.setObjectName("primary")
        self.submit.setDefault(True)
        self.buttons.addButton(self.submit, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("login.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = PlainLabel(tr("app.title"))
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password if username else self.username).setFocus()

    def credentials(self) -> Credentials:
        return Credentials(
            self.server.text().strip().rstrip("/"), self.username.text().strip(), self.password.text()
        )

    def _try(self) -> None:
        creds = self.credentials()
        if not (creds.server and creds.username and creds.password):
            self.error.setText(tr("login.missing"))
            return
        if self.attempt is not None:
            self.error.setText(tr("login.busy"))
            self.repaint()
            message = self.attempt(creds)
            if message:
                self.error.setText(message)
                self.password.selectAll()
                self.password.setFocus()
                return
        self.accept()

    @classmethod
    def ask(
        cls,
        server: str,
        username: str,
        attempt: Callable[[Credentials], str | None],
        parent: QWidget | None = None,
    ) -> Credentials | None:
        dialog = cls(server, username, attempt, parent)
        return dialog.credentials() if dialog.exec() == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class IdentityResult:
    document_type: str
    name_matches: bool
    taxisnet_matches: bool | None
    note: str


class IdentityDialog(QDialog):
    """The clerk records which document was shown and that the name (and TAXISnet data) match."""

    DOCUMENTS = ("identity_card", "passport", "other")

    def __init__(self, citizen_name: str, via_taxisnet: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("identity.title"))
        intro = PlainLabel(tr("identity.intro", name=citizen_name))
        intro.setWordWrap(True)
        box = QGroupBox(tr("identity.document"))
        box_layout = QVBoxLayout(box)
        self.document_group = QButtonGroup(self)
        for position, code in enumerate(self.DOCUMENTS):
            button = QRadioButton(tr(f"identity.{code}"))
            button.setObjectName(code)
            self.document_group.addButton(button, position)
            box_layout.addWidget(button)
        self.document_group.button(0).setChecked(True)
        self.name_matches = QCheckBox(tr("identity.name_matches"))
        self.taxisnet = QCheckBox(tr("identity.taxisnet_matches"))
        self.taxisnet.setVisible(via_taxisnet)
        self.via_taxisnet = via_taxisnet
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("identity.note"))
        self.error = PlainLabel()
        self.error.setObjectName("error")
        self.buttons = QDialogButtonBox()
        self.confirm = QPushButton(tr("identity.confirm"))
        self.confirm.setObjectName("primary")
        self.buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("login.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        self.touched = False  # no red error before the clerk has done anything (issue 15, defect 10)
        self.name_matches.toggled.connect(self._touch)
        self.taxisnet.toggled.connect(self._touch)
        layout = QVBoxLayout(self)
        for widget in (intro, box, self.name_matches, self.taxisnet, self.note, self.error, self.buttons):
            layout.addWidget(widget)
        self._update()

    def _touch(self) -> None:
        self.touched = True
        self._update()

    def _ready(self) -> bool:
        return self.name_matches.isChecked() and (not self.via_taxisnet or self.taxisnet.isChecked())

    def _update(self) -> None:
        self.confirm.setEnabled(self._ready())
        wrong = self.touched and not self.name_matches.isChecked()
        self.error.setText(tr("identity.need_match") if wrong else "")

    def _check(self) -> None:
        if self._ready():
            self.accept()

    def result_value(self) -> IdentityResult:
        return IdentityResult(
            self.DOCUMENTS[self.document_group.checkedId()],
            self.name_matches.isChecked(),
            self.taxisnet.isChecked() if self.via_taxisnet else None,
            self.note.text().strip(),
        )

    @classmethod
    def ask(
        cls, citizen_name: str, via_taxisnet: bool, parent: QWidget | None = None
    ) -> IdentityResult | None:
        dialog = cls(citizen_name, via_taxisnet, parent)
        return dialog.result_value() if dialog.exec() == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class SettingsValues:
    server: str
    language: str
    week_start: int  # 0 = Monday, 6 = Sunday
    join_lead_minutes: int


class SettingsDialog(QDialog):
    def __init__(self, values: SettingsValues, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("settings.title"))
        self.server = QLineEdit(values.server)
        self.language = QComboBox()
        self.language.addItem("Ελληνικά", "el")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if values.language == "el" else 1)
        self.week_start = QComboBox()
        for day in (0, 6):
            self.week_start.addItem(tr(f"weekday.{day}"), day)
        self.week_start.setCurrentIndex(0 if values.week_start == 0 else 1)
        self.join_lead = QSpinBox()
        self.join_lead.setRange(0, 120)
        self.join_lead.setValue(values.join_lead_minutes)
        form = QFormLayout(self)
        form.addRow(tr("login.server"), self.server)
        form.addRow(tr("settings.language"), self.language)
        form.addRow(tr("settings.week_start"), self.week_start)
        form.addRow(tr("settings.join_lead"), self.join_lead)
        note = PlainLabel(tr("settings.restart"))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> SettingsValues:
        return SettingsValues(
            self.server.text().strip().rstrip("/"),
            str(self.language.currentData()),
            int(self.week_start.currentData()),
            self.join_lead.value(),
        )

    @classmethod
    def ask(cls, values: SettingsValues, parent: QWidget | None = None) -> SettingsValues | None:
        dialog = cls(values, parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class CalendarLinkDialog(QDialog):
    """The current secret iCalendar URL for Outlook, with Copy; «Νέος σύνδεσμος…» asks for a rotation.

    The dialog only shows and asks: the controller confirms the rotation and calls the server
    (``rotate_requested``), then hands the new URL back through ``show_url``.
    """

    rotate_requested = Signal()

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("ical.title"))
        text = PlainLabel(tr("feedlink.text"))
        text.setWordWrap(True)
        self.url = QLineEdit(url)
        self.url.setReadOnly(True)
        self.url.setCursorPosition(0)
        self.url.setToolTip(url)  # longer than the field: the whole link on hover
        self.copy = QPushButton(tr("feedlink.copy"))
        self.copy.clicked.connect(self._copy)
        self.rotate = QPushButton(tr("feedlink.rotate"))
        self.rotate.clicked.connect(self.rotate_requested)
        self.status = PlainLabel("")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("feedlink.close"))
        buttons.addButton(self.rotate, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)

    def show_url(self, url: str) -> None:
        """The link the server now answers to (after a rotation)."""
        self.url.setText(url)
        self.url.setCursorPosition(0)
        self.url.setToolTip(url)
        self.rotate.setEnabled(True)
        self.show_status(tr("feedlink.rotated"))

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def set_busy(self) -> None:
        """A rotation is on its way: no second one meanwhile."""
        self.rotate.setEnabled(False)
        self.show_status(tr("feedlink.rotating"))

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.url.text())
        self.show_status(tr("feedlink.copied"))


class FollowUpDialog(QDialog):
    """Pick a free time for a follow-up appointment of the same citizen and service."""

    def __init__(
        self, citizen_name: str, service_name: str, slots: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from datetime import datetime

        from PySide6.QtWidgets import QListWidget, QListWidgetItem

        self.setWindowTitle(tr("followup.title"))
        intro = PlainLabel(tr("followup.intro", name=citizen_name, service=service_name))
        intro.setWordWrap(True)
        self.list = QListWidget()
        for iso in slots:
            moment = datetime.fromisoformat(iso)
            item = QListWidgetItem(f"{tr('weekday.' + str(moment.weekday()))} {moment:%d/%m/%Y %H:%M}")
            item.setData(256, iso)
            self.list.addItem(item)
        if not slots:
            self.list.addItem(tr("followup.none"))
            self.list.setEnabled(False)
        self.buttons = QDialogButtonBox()
        self.book = QPushButton(tr("followup.book"))
        self.book.setObjectName("primary")
        self.book.setEnabled(False)
        self.buttons.addButton(self.book, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("login.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(lambda row: self.book.setEnabled(bool(slots) and row >= 0))
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.setMinimumSize(380, 420)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        value = item.data(256) if item is not None else None
        return str(value) if value else None

    @classmethod
    def ask(
        cls, citizen_name: str, service_name: str, slots: list[str], parent: QWidget | None = None
    ) -> str | None:
        dialog = cls(citizen_name, service_name, slots, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
