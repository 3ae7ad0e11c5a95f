"""The «Νέο webhook» form: URL, secret (typed or generated), events, how much personal data goes out."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clerk_desktop.i18n import tr
from clerk_desktop.models.webhooks import EVENTS, PERSONAL_DATA, WebhookFormValues, event_name
from clerk_desktop.views.field_errors import FieldErrors
from clerk_desktop.views.plain_text import PlainLabel
from clerk_desktop.views.screen_fit import fit_to_screen

WebhookAttempt = Callable[[WebhookFormValues], dict[str, str] | None]
GENERATED_SECRET_BYTES = 24  # 32 URL-safe characters


class WebhookDialog(QDialog):
    """A new endpoint; ``attempt`` saves it and answers the server's per-field messages (the form stays)."""

    def __init__(
        self, values: WebhookFormValues, attempt: WebhookAttempt, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.attempt = attempt
        self.setWindowTitle(tr("webhooks.form.title"))
        self.url = QLineEdit(values.url)
        self.url.setPlaceholderText(tr("webhooks.form.url_hint"))
        self.secret = QLineEdit(values.secret)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_secret = QCheckBox(tr("webhooks.form.show"))
        self.generate = QPushButton(tr("webhooks.form.generate"))
        secret_row = QWidget()
        secret_layout = QHBoxLayout(secret_row)
        secret_layout.setContentsMargins(0, 0, 0, 0)
        secret_layout.addWidget(self.secret, 1)
        secret_layout.addWidget(self.show_secret)
        secret_layout.addWidget(self.generate)
        self.events: dict[str, QCheckBox] = {}
        events_box = QWidget()
        events_layout = QVBoxLayout(events_box)
        events_layout.setContentsMargins(0, 0, 0, 0)
        events_layout.setSpacing(2)
        for event in EVENTS:
            box = QCheckBox(f"{event_name(event)}  ({event})")
            box.setChecked(event in values.events)
            events_layout.addWidget(box)
            self.events[event] = box
        self.personal = QButtonGroup(self)
        personal_box = QWidget()
        personal_layout = QVBoxLayout(personal_box)
        personal_layout.setContentsMargins(0, 0, 0, 0)
        personal_layout.setSpacing(2)
        self.personal_buttons: dict[str, QRadioButton] = {}
        for number, level in enumerate(PERSONAL_DATA):
            button = QRadioButton(tr(f"webhooks.personal.{level}.long"))
            self.personal.addButton(button, number)
            personal_layout.addWidget(button)
            self.personal_buttons[level] = button
        self.personal_buttons[values.personal_data].setChecked(True)
        self.description = QLineEdit(values.description)
        note = PlainLabel(tr("webhooks.form.secret_note"))
        note.setObjectName("hint")
        note.setWordWrap(True)

        self.form = QFormLayout()
        self.errors = FieldErrors(self.form)
        self.errors.add_row("url", tr("webhooks.form.url"), self.url)
        self.errors.add_row("secret", tr("webhooks.form.secret"), secret_row)
        self.form.addRow("", note)
        self.errors.add_row("events", tr("webhooks.form.events"), events_box)
        self.errors.add_row("personal_data", tr("webhooks.form.personal"), personal_box)
        self.errors.add_row("description", tr("webhooks.form.description"), self.description)
        self.save = QPushButton(tr("webhooks.form.save"))
        self.save.setObjectName("primary")
        self.save.setDefault(True)
        cancel = QPushButton(tr("webhooks.form.cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save)
        heading = PlainLabel(tr("webhooks.form.title"))
        heading.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self.form)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.save.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self.generate.clicked.connect(self.generate_secret)
        self.show_secret.toggled.connect(self._show_secret)
        fit_to_screen(self, 720, 520)

    def generate_secret(self) -> None:
        """A random secret, shown so it can be copied to the receiving system."""
        self.secret.setText(secrets.token_urlsafe(GENERATED_SECRET_BYTES))
        self.show_secret.setChecked(True)

    def _show_secret(self, shown: bool) -> None:
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def values(self) -> WebhookFormValues:
        checked = max(0, self.personal.checkedId())
        return WebhookFormValues(
            url=self.url.text(),
            secret=self.secret.text(),
            events={event for event, box in self.events.items() if box.isChecked()},
            personal_data=PERSONAL_DATA[checked],
            description=self.description.text(),
        )

    def submit(self) -> None:
        problems = self.attempt(self.values())
        if problems:
            shown: dict[str, str] = {}
            for name, text in problems.items():
                row = name.split(".", 1)[0]  # "events.0": the events' row
                shown[row] = f"{shown[row]}\n{text}" if row in shown else text
            self.errors.show(shown)
            return
        self.accept()
