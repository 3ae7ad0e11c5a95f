"""Joint appointments (issue 18): the booking panel's list of co-applicants, each with their own
identity-check button. Plain text only; it reads the booking it is given and emits what is asked."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import Booking
from clerk_desktop.models.co_applicants import CoApplicant
from clerk_desktop.views.plain_text import PlainLabel


def describe(person: CoApplicant) -> str:
    """«2. Ελένη Π. <eleni@example.org> — επιβεβαίωσε (μέσω TAXISnet) · ταυτότητα: Αστυνομική ταυτότητα»."""
    who = f"{person.name} <{person.email}>" if person.name else person.email
    state = tr("coapp.confirmed" if person.confirmed else "coapp.invited")
    if person.via_taxisnet:
        state += f" ({tr('coapp.taxisnet')})"
    identity = (
        tr("coapp.verified", document=tr(f"identity.{person.document_type}"))
        if person.document_type
        else tr("coapp.not_verified")
    )
    return f"{person.position}. {who} — {state} · {identity}"


class CoApplicantsBox(QWidget):
    """Hidden for a booking without co-applicants."""

    identity_requested = Signal(int)  # the co-applicant's position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = PlainLabel(tr("coapp.title"))
        self.title.setObjectName("sectionTitle")
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.rows)
        self.lines: list[PlainLabel] = []
        self.buttons: list[QPushButton] = []
        self.setVisible(False)

    def show_booking(self, booking: Booking | None) -> None:
        for widget in (*self.lines, *self.buttons):
            self.rows.removeWidget(widget)
            widget.deleteLater()
        self.lines, self.buttons = [], []
        people = booking.co_applicants if booking is not None else ()
        self.setVisible(bool(people))
        if booking is None:
            return
        for person in people:
            line = PlainLabel(describe(person))
            line.setWordWrap(True)
            line.setObjectName("badgeOk" if person.verified else "badgeWarn")
            button = QPushButton(tr("coapp.verify", n=person.position))
            button.setEnabled(booking.is_open and person.confirmed and not person.verified)
            button.clicked.connect(lambda _checked=False, p=person.position: self.identity_requested.emit(p))
            self.rows.addWidget(line)
            self.rows.addWidget(button)
            line.show()  # added to a box already on screen: shown now, not after the next event pass
            button.show()
            self.lines.append(line)
            self.buttons.append(button)

    @staticmethod
    def all_verified(booking: Booking) -> bool:
        return all(person.verified for person in booking.co_applicants)
