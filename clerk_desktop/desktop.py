"""The running desktop: signs a session in, opens the window its role calls for, and starts over on sign-out.

The one place that chooses between the clerk's, the supervisor's and the data-protection officer's
controller; everything a controller needs (api, cache, store, workers, sync state) it takes from the
shared session.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QSystemTrayIcon

from clerk_desktop.controller import ClerkController
from clerk_desktop.data_protection import DataProtectionController
from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.prompts import Prompts
from clerk_desktop.session import DesktopSession
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.data_protection_window import DataProtectionWindow
from clerk_desktop.views.main_window import MainWindow
from clerk_desktop.views.qt_prompts import QtPrompts
from clerk_desktop.views.supervisor_window import SupervisorWindow

log = logging.getLogger(__name__)


class Desktop(QObject):
    """Owns the session and the controller of the window shown; ``start`` then runs until closed."""

    def __init__(
        self, settings: QSettings, *, prompts: Prompts | None = None, server_override: str | None = None
    ) -> None:
        super().__init__()
        self.prompts: Prompts = prompts or QtPrompts(parent=lambda: self.window)
        self.session = DesktopSession(settings, prompts=self.prompts, server_override=server_override)
        self.controller: ClerkController | SupervisorController | DataProtectionController | None = None
        self.tray: QSystemTrayIcon | None = None
        self.session.sign_in_lost.connect(self._sign_in_again)
        self.session.booking_arrived.connect(self._announce)
        self.session.booking_left.connect(self._announce_gone)

    @property
    def window(self) -> MainWindow | SupervisorWindow | DataProtectionWindow | None:
        return self.controller.window if self.controller is not None else None

    def start(self) -> bool:
        """Sign in (silently with a kept token if possible), open the window; False if the user gave up."""
        if not self.session.start():
            return False
        self._open()
        return True

    def _open(self) -> None:
        controller: ClerkController | SupervisorController | DataProtectionController
        if self.session.role.protects_data:  # no calendar, no change feed: the access log
            controller = DataProtectionController(self.session, prompts=self.prompts)
        elif self.session.supervises:
            controller = SupervisorController(self.session, prompts=self.prompts)
        else:
            controller = ClerkController(self.session, prompts=self.prompts)
        self.controller = controller
        window = controller.open()
        window.closing.connect(self.shutdown)
        window.sign_out_requested.connect(self.sign_out)
        self.session.announce()

    def _close_window(self) -> None:
        """Close the window without shutting the desktop down (a new sign-in follows)."""
        controller, self.controller = self.controller, None
        if self.tray is not None:
            self.tray.hide()  # it belongs to the window going away
            self.tray = None
        if controller is None:
            return
        if controller.window is not None:
            controller.window.closing.disconnect(self.shutdown)
        controller.close()

    def sign_out(self) -> None:
        """Sign out (the offline cache is deleted with it); writes not yet sent are discarded only if
        the clerk says so."""
        waiting = self.session.unsent_writes()
        if waiting:
            answer = self.prompts.choose(
                tr("signout.title"),
                tr("signout.unsent", count=waiting),
                [("sign_out", tr("signout.discard"))],  # Cancel: stay signed in, the writes kept
            )
            if answer != "sign_out":
                return
        self.session.sign_out()
        self._close_window()
        if self.session.log_in():
            self._open()

    def _sign_in_again(self) -> None:
        """The server revoked the sign-in (the session has already stopped): ask for the password again."""
        self._close_window()
        if self.session.log_in():
            self._open()

    def shutdown(self) -> None:
        """The window closes: stop the workers, waiting until they have, and close the cache."""
        self.session.shutdown()

    def _announce_gone(self, booking: Booking) -> None:
        if self.window is not None:
            when = booking.start.astimezone(ATHENS)
            self.window.notify(
                tr("sync.booking_left", reference=booking.reference, when=f"{when:%d/%m %H:%M}")
            )

    def _announce(self, booking: Booking) -> None:
        window = self.window
        if window is None:
            return
        when = booking.start.astimezone(ATHENS)
        message = tr("sync.new_booking", name=booking.citizen_name, when=f"{when:%d/%m %H:%M}")
        window.notify(message)
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(window.windowIcon(), window)
                self.tray.show()
            self.tray.showMessage(tr("app.title"), message)
