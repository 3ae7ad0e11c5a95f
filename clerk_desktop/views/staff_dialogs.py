"""The staff form (account fields and a service × mode checklist) and the once-shown password dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.role import Role
from clerk_desktop.models.staff_accounts import MODES, ServiceChoice, StaffFormValues
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.screen_fit import fit_to_screen

StaffAttempt = Callable[[StaffFormValues], dict[str, str] | None]


@dataclass
class StaffFormChoices:
    """What the form offers: roles, municipalities (admins only; empty hides the field), their services."""

    roles: list[Role]
    services: dict[str, list[ServiceChoice]]  # municipality slug -> its active services
    municipalities: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    home: str | None = None  # the municipality of a supervisor (or the one chosen first)


class StaffDialog(QDialog):
    """Create or edit an account; ``attempt`` saves it and answers the server's per-field messages."""

    def __init__(
        self,
        values: StaffFormValues,
        choices: StaffFormChoices,
        attempt: StaffAttempt,
        *,
        creating: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choices = choices
        self.attempt = attempt
        self.kept_qualifications = dict(values.qualifications)
        listed = {s.id for services in choices.services.values() for s in services}
        # Services the form does not list (retired ones) are kept as they are, never dropped unseen.
        self.unlisted = {k: v for k, v in values.qualifications.items() if k not in listed}
        self.setWindowTitle(tr("admin.new_title" if creating else "admin.edit_title"))
        self.username = QLineEdit(values.username)
        self.display_name = QLineEdit(values.display_name)
        self.email = QLineEdit(values.email)
        self.teams_link = QLineEdit(values.teams_link)
        self.teams_link.setPlaceholderText("https://teams.microsoft.com/l/meetup-join/…")
        # Issue 18: the support this clerk offers; citizens who ask for it are booked with them.
        self.sign_language = QCheckBox(tr("needs.sign_language_offered"))
        self.sign_language.setChecked(values.sign_language)
        self.languages = QLineEdit(values.languages)
        self.languages.setPlaceholderText(tr("needs.languages_hint"))
        self.languages.setAccessibleDescription(tr("needs.languages_hint"))
        self.role = QComboBox()
        for role in choices.roles:
            self.role.addItem(tr(f"admin.role.{role}"), str(role))
        self.role.setCurrentIndex(max(0, self.role.findData(str(values.role))))
        self.municipality = QComboBox()
        for slug, name in choices.municipalities:
            self.municipality.addItem(name, slug)
        chosen = values.municipality or choices.home
        self.municipality.setCurrentIndex(max(0, self.municipality.findData(chosen)))
        self.password_setup = QComboBox()
        self.password_setup.addItem(tr("admin.setup.link"), "link")
        self.password_setup.addItem(tr("admin.setup.temporary"), "temporary")
        self.qualifications = QTableWidget(0, 1 + len(MODES))
        self.qualifications.setHorizontalHeaderLabels(
            [tr("panel.service"), *(tr(f"legend.{m}") for m in MODES)]
        )
        header = self.qualifications.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 1 + len(MODES)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.qualifications.verticalHeader().setVisible(False)
        self.qualifications.setMinimumHeight(140)
        heading = PlainLabel(tr("admin.new_title" if creating else "admin.edit_title"))
        heading.setObjectName("sectionTitle")
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("username", tr("login.username"), self.username)
        self.errors.add_row("display_name", tr("admin.field.display_name"), self.display_name)
        self.errors.add_row("email", tr("admin.field.email"), self.email)
        self.errors.add_row("role", tr("admin.field.role"), self.role)
        if choices.municipalities:
            self.errors.add_row("municipality", tr("admin.field.municipality"), self.municipality)
        self.errors.add_row("teams_link", tr("admin.field.teams_link"), self.teams_link)
        self.errors.add_row("supports", tr("needs.supports"), self.sign_language)
        self.errors.add_row("languages", tr("needs.languages"), self.languages)
        if creating:
            self.errors.add_row("password_setup", tr("admin.field.password_setup"), self.password_setup)
        qualified = PlainLabel(tr("admin.field.qualifications"))
        qualified.setObjectName("sectionTitle")
        self.qualification_error = PlainLabel()
        self.qualification_error.setObjectName("error")
        self.qualification_error.hide()
        self.errors.labels["qualifications"] = self.qualification_error
        self.save = QPushButton(tr("admin.save"))
        self.save.setObjectName("primary")
        self.save.setDefault(True)
        cancel = QPushButton(tr("login.cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(qualified)
        layout.addWidget(self.qualifications, 1)
        layout.addWidget(self.qualification_error)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)
        self.save.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self.municipality.currentIndexChanged.connect(lambda _i: self._fill_services())
        self.role.currentIndexChanged.connect(lambda _i: self._role_changed())
        self._fill_services()
        self._role_changed()
        if values.role == Role.DPO and not values.municipality:
            self.municipality.setCurrentIndex(max(0, self.municipality.findData("")))
        fit_to_screen(self, 680, 640)

    # ------------------------------------------------------------------ the checklist
    def _municipality_slug(self) -> str | None:
        if self.choices.municipalities:
            data = self.municipality.currentData()
            return str(data) if data else None
        return self.choices.home

    def _fill_services(self) -> None:
        """The chosen municipality's services, ticked as the clerk is qualified (kept across switches)."""
        self.kept_qualifications.update(self._ticked())
        services = self.choices.services.get(self._municipality_slug() or "", [])
        self.qualifications.setRowCount(len(services))
        for row, service in enumerate(services):
            name = QTableWidgetItem(service.name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            name.setData(Qt.ItemDataRole.UserRole, service.id)
            self.qualifications.setItem(row, 0, name)
            held = self.kept_qualifications.get(service.id, frozenset())
            for column, mode in enumerate(MODES, start=1):
                item = QTableWidgetItem()
                if mode in service.modes:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    state = Qt.CheckState.Checked if mode in held else Qt.CheckState.Unchecked
                    item.setCheckState(state)
                    item.setToolTip(f"{service.name} — {tr(f'legend.{mode}')}")
                else:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setText("—")
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.qualifications.setItem(row, column, item)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.qualifications.item(row, column)
        assert item is not None  # every cell is filled by _fill_services
        return item

    def _ticked(self) -> dict[int, frozenset[str]]:
        ticked: dict[int, frozenset[str]] = {}
        for row in range(self.qualifications.rowCount()):
            service_id = int(self._cell(row, 0).data(Qt.ItemDataRole.UserRole))
            modes = {
                mode
                for column, mode in enumerate(MODES, start=1)
                if self._cell(row, column).checkState() == Qt.CheckState.Checked
            }
            ticked[service_id] = frozenset(modes)
        return ticked

    def set_qualified(self, service_id: int, mode: str, on: bool) -> None:
        """Tick or untick one cell of the checklist (as a click on it does)."""
        for row in range(self.qualifications.rowCount()):
            if int(self._cell(row, 0).data(Qt.ItemDataRole.UserRole)) == service_id:
                item = self._cell(row, 1 + MODES.index(mode))
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(service_id)

    def _role_changed(self) -> None:
        role = Role.of(self.role.currentData())
        self.municipality.setEnabled(role != Role.ADMIN)
        # A data-protection officer may answer for every municipality: the choice «none» is theirs only.
        every = self.municipality.findData("")
        if role == Role.DPO and every < 0 and self.choices.municipalities:
            self.municipality.insertItem(0, tr("admin.every_municipality"), "")
        elif role != Role.DPO and every >= 0:
            self.municipality.removeItem(every)
        self.qualifications.setEnabled(role == Role.CLERK)

    # ------------------------------------------------------------------ saving
    def values(self) -> StaffFormValues:
        services = {s.id for s in self.choices.services.get(self._municipality_slug() or "", [])}
        qualifications = {**self.kept_qualifications, **self._ticked()}
        is_admin = self.role.currentData() == str(Role.ADMIN)
        return StaffFormValues(
            username=self.username.text(),
            display_name=self.display_name.text(),
            email=self.email.text(),
            role=Role.of(self.role.currentData()),
            municipality=None if is_admin else self._municipality_slug(),
            teams_link=self.teams_link.text(),
            qualifications={
                **self.unlisted,
                **{k: v for k, v in qualifications.items() if k in services and v},
            },
            password_setup=str(self.password_setup.currentData()),
            sign_language=self.sign_language.isChecked(),
            languages=self.languages.text(),
        )

    def submit(self) -> None:
        messages = self.attempt(self.values())
        if messages is None:
            self.accept()
        else:
            self.errors.show(messages)


class PasswordIssueDialog(QDialog):
    """The set-password link or temporary password, shown this once, with a button that copies it."""

    def __init__(self, name: str, issue: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("admin.issued_title"))
        temporary = issue.get("method") == "temporary"
        self.secret = str(issue.get("temporary_password") if temporary else issue.get("url", ""))
        intro = PlainLabel(tr("admin.issued_temporary" if temporary else "admin.issued_link", name=name))
        intro.setWordWrap(True)
        self.field = QLineEdit(self.secret)
        self.field.setReadOnly(True)
        self.field.selectAll()
        self.copy = QPushButton(tr("admin.copy"))
        self.copy.clicked.connect(self._copy)
        delivery = PlainLabel(self._delivery(issue))
        delivery.setWordWrap(True)
        delivery.setVisible(not temporary)
        once = PlainLabel(tr("admin.issued_once"))
        once.setObjectName("badgeWarn")
        once.setWordWrap(True)
        close = QPushButton(tr("admin.close"))
        close.setObjectName("primary")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.copy)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(delivery)
        layout.addWidget(once)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    @staticmethod
    def _delivery(issue: dict[str, str]) -> str:
        """Whether the server e-mailed the link, so the supervisor knows whether to hand it over."""
        if issue.get("emailed"):
            return tr("admin.issued_emailed", email=str(issue.get("emailed_to", "")))
        if issue.get("email_error"):
            return tr("admin.issued_not_emailed", reason=str(issue["email_error"]))
        return tr("admin.issued_no_email")

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.secret)
        self.copy.setText(tr("admin.copied"))
