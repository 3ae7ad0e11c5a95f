"""What a controller owning one window over the session does alike: keep its links, tell the window, close."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QMetaObject, QObject


class NotifiedWindow(Protocol):
    def notify(self, message: str) -> None: ...

    def close(self) -> bool: ...


W = TypeVar("W", bound=NotifiedWindow)


class WindowOwner(Generic[W]):
    """Mixed into the clerk's and the supervisor's controllers, before ``QObject``."""

    window: W | None
    _links: list[QMetaObject.Connection]

    def close(self) -> None:
        """The sign-in ends: let go of the session's signals and close the window."""
        for link in self._links:
            QObject.disconnect(link)
        self._links = []
        if self.window is not None:
            self.window.close()
            self.window = None

    def _notify(self, text: str) -> None:
        if self.window is not None:
            self.window.notify(text)
