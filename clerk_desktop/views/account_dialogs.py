"""«Ο λογαριασμός μου»: one's display name and Teams link, and changing one's own password."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.plain_text import PlainLabel

# The attempt returns the server's per-field messages, or None when it accepted.
PasswordAttempt = Callable[[str, str], dict[str, str] | None]


@dataclass(frozen=True)
class AccountValues:
    display_name: str
    teams_link: str


AccountAttempt = Callable[[AccountValues], dict[str, str] | None]


class ChangePasswordDialog(QDialog):
    """Old and new password (typed twice); the server's messages appear under the fields."""

    def __init__(
        self, attempt: PasswordAttempt, *, forced: bool, current: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.setWindowTitle(tr("account.password_title"))
        heading = PlainLabel(tr("account.password_title"))
        heading.setObjectName("sectionTitle")
        self.intro = PlainLabel(tr("account.forced" if forced else "account.password_intro"))
        self.intro.setWordWrap(True)
        self.old = QLineEdit(current)
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.old, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.errors.add_row("old_password", tr("account.old_password"), self.old)
        self.errors.add_row("new_password", tr("account.new_password"), self.new)
        self.errors.add_row("repeat", tr("account.repeat_password"), self.repeat)
        self.save = QPushButton(tr("account.change_password"))
        self.save.setObjectName("primary")
        self.save.setDefault(True)
        cancel = QPushButton(tr("account.sign_out_instead") if forced else tr("login.cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)
        self.save.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self.setMinimumWidth(460)
        (self.new if current else self.old).setFocus()

    def fill(self, old: str, new: str, repeat: str | None = None) -> None:
        self.old.setText(old)
        self.new.setText(new)
        self.repeat.setText(new if repeat is None else repeat)

    def submit(self) -> None:
        if self.new.text() != self.repeat.text():
            self.errors.show({"repeat": tr("account.mismatch")})
            return
        messages = self.attempt(self.old.text(), self.new.text())
        if messages is None:
            self.accept()
        else:
            self.errors.show(messages)


class MyAccountDialog(QDialog):
    """One's own display name and Teams link; the password is changed from here too."""

    def __init__(
        self,
        values: AccountValues,
        attempt: AccountAttempt,
        change_password: Callable[[], None],
        *,
        username: str = "",
        parent: QWidget | None = None,
        absence_requests: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.setWindowTitle(tr("account.title"))
        self.display_name = QLineEdit(values.display_name)
        self.teams_link = QLineEdit(values.teams_link)
        self.teams_link.setPlaceholderText("https://teams.microsoft.com/l/meetup-join/…")
        heading = PlainLabel(tr("account.title"))
        heading.setObjectName("sectionTitle")
        form = QFormLayout()
        form.addRow(tr("login.username"), PlainLabel(username))
        self.errors = FieldErrors(form)
        self.errors.add_row("display_name", tr("admin.field.display_name"), self.display_name)
        self.errors.add_row("teams_link", tr("admin.field.teams_link"), self.teams_link)
        self.password = QPushButton(tr("account.change_password_more"))
        self.save = QPushButton(tr("admin.save"))
        self.save.setObjectName("primary")
        self.save.setDefault(True)
        cancel = QPushButton(tr("login.cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.password)
        # A clerk's absences are requests a supervisor approves (issue 14).
        self.absence_requests = QPushButton(tr("absences.my_requests"))
        self.absence_requests.setVisible(absence_requests is not None)
        if absence_requests is not None:
            self.absence_requests.clicked.connect(absence_requests)
        buttons.addWidget(self.absence_requests)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)
        self.password.clicked.connect(change_password)
        self.save.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self.setMinimumWidth(640)

    def values(self) -> AccountValues:
        return AccountValues(self.display_name.text().strip(), self.teams_link.text().strip())

    def submit(self) -> None:
        messages = self.attempt(self.values())
        if messages is None:
            self.accept()
        else:
            self.errors.show(messages)
