"""The no-show rescue bar of the booking panel (issue 18): when the citizen has not arrived some minutes
after the start, the clerk sees their phone number with a one-click call (``tel:``) and «Σας χάσαμε»,
the e-mail with the next free times. It reads a ``RescueWatch`` and emits what the clerk asks for."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.rescue import RescueState, RescueWatch
from clerk_desktop.models.selection import Selection
from clerk_desktop.models.wall_time import wall_clock
from clerk_desktop.views.plain_text import PlainLabel


class RescueBar(QFrame):
    """Hidden unless the selected booking is missing, or Teams reported its attendance."""

    call_requested = Signal(str)  # the tel: URL
    missed_you_requested = Signal(str)  # the booking's reference

    def __init__(self, watch: RescueWatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.watch = watch
        self.setObjectName("rescueBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = PlainLabel()
        self.title.setObjectName("badgeWarn")
        self.title.setWordWrap(True)
        self.phone = PlainLabel()
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.call = QPushButton(tr("rescue.call"))
        self.call.setObjectName("primary")
        self.send = QPushButton(tr("rescue.missed_you"))
        self.note = PlainLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.phone, 1)
        row.addWidget(self.call)
        row.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.call.clicked.connect(self._call)
        self.send.clicked.connect(self._send)
        watch.changed.connect(self.show_state)
        self.show_state(watch.state)

    @classmethod
    def for_panel(cls, store: BookingStore, selection: Selection, parent: QWidget | None = None) -> RescueBar:
        """The bar with its own watch of the panel's selection (one line in the panel)."""
        bar = cls(RescueWatch(store, selection), parent)
        bar.watch.setParent(bar)
        return bar

    def show_state(self, state: RescueState | None) -> None:
        self.state = state
        evidence = state is not None and state.attendance is not None
        if state is None or not (state.missing or evidence):
            self.setVisible(False)
            return
        self.setVisible(True)
        for widget in (self.phone, self.call, self.send):
            widget.setVisible(state.missing)
        self.title.setVisible(state.missing)
        self.title.setText(tr("rescue.title", minutes=state.minutes))
        self.phone.setText(
            tr("rescue.phone", phone=state.phone) if state.phone.strip() else tr("rescue.no_phone")
        )
        self.call.setEnabled(bool(state.tel_url))
        self.call.setToolTip(state.tel_url.removeprefix("tel:"))
        self.send.setEnabled(state.has_email and state.sent_at is None)
        notes = []
        if state.sent_at is not None:
            notes.append(tr("rescue.sent", time=wall_clock(state.sent_at)))
        elif state.missing and not state.has_email:
            notes.append(tr("rescue.no_email"))
        if state.attendance == "joined":
            notes.append(tr("rescue.joined", minutes=(state.attended_seconds or 0) // 60))
        elif state.attendance == "absent":
            notes.append(tr("rescue.absent"))
        elif state.attendance == "unclear":
            notes.append(tr("rescue.unclear", minutes=(state.attended_seconds or 0) // 60))
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))

    def _call(self) -> None:
        if self.state is not None and self.state.tel_url:
            self.call_requested.emit(self.state.tel_url)

    def _send(self) -> None:
        if self.state is not None and self.send.isEnabled():
            self.missed_you_requested.emit(self.state.reference)
