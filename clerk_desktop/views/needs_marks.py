"""The booking panel's banner of a booking's accessibility needs (issue 18).

Plain text only: the interpreter's language is the citizen's own words.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import Booking
from clerk_desktop.models.needs import MARK, needs_words
from clerk_desktop.views.plain_text import PlainLabel


class NeedsBanner(PlainLabel):
    """A clear band at the top of the booking panel; hidden when the citizen asked for nothing."""

    STYLE = (
        "QLabel#needsBanner { background: #fff4ce; color: #1b1b1b; border: 2px solid #8a6d00;"
        " border-radius: 4px; padding: 8px; font-weight: bold; }"
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("needsBanner")
        self.setWordWrap(True)
        self.setStyleSheet(self.STYLE)
        self.setAccessibleName(tr("needs.banner", needs="").rstrip(": "))
        self.hide()

    def show_needs(self, booking: Booking | None) -> None:
        if booking is None or not booking.needs:
            self.setText("")
            self.hide()
            return
        self.setText(f"{MARK} {tr('needs.banner', needs=needs_words(booking))}")
        self.setAccessibleDescription(self.text())
        self.show()
