"""«Ακύρωση…»: cancelling an appointment from the desk asks for the reason and says who will be told."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.views.plain_text import PlainLabel

# The server keeps 200 characters of a cancellation reason.
REASON_LIMIT = 200


class CancelDialog(QDialog):
    """The reason is required (plain text); the confirm button names the act, «Πίσω» changes nothing."""

    def __init__(
        self,
        *,
        citizen_name: str,
        service_name: str,
        when: str,
        has_email: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("cancel.title"))
        key = "cancel.intro" if has_email else "cancel.intro_no_mail"
        intro = PlainLabel(tr(key, name=citizen_name, service=service_name, when=when))
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(tr("cancel.reason_hint"))
        self.reason.setAccessibleName(tr("cancel.reason"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(110)
        self.confirm = QPushButton(tr("cancel.confirm"))
        self.confirm.setObjectName("danger")
        self.confirm.setEnabled(False)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        back = self.buttons.addButton(tr("cancel.back"), QDialogButtonBox.ButtonRole.RejectRole)
        back.setDefault(True)  # Enter never cancels an appointment by accident
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._reason_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(PlainLabel(tr("cancel.reason")))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def _reason_changed(self) -> None:
        text = self.reason.toPlainText()
        if len(text) > REASON_LIMIT:
            self.reason.setPlainText(text[:REASON_LIMIT])
            return
        self.confirm.setEnabled(bool(text.strip()))

    def _accept(self) -> None:
        if self.given():
            self.accept()

    def given(self) -> str:
        """The reason on one line, as the audit and the clerk's week keep it."""
        return " ".join(self.reason.toPlainText().split())

    @classmethod
    def ask(
        cls,
        *,
        citizen_name: str,
        service_name: str,
        when: str,
        has_email: bool,
        parent: QWidget | None = None,
    ) -> str | None:
        dialog = cls(
            citizen_name=citizen_name,
            service_name=service_name,
            when=when,
            has_email=has_email,
            parent=parent,
        )
        return dialog.given() if dialog.exec() == QDialog.DialogCode.Accepted else None
