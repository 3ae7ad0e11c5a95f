"""Which booking the clerk has selected: one small model the week view, agenda and panel all follow."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from clerk_desktop.models.booking_store import BookingStore


class Selection(QObject):
    """The selected booking's reference (or None); ``changed`` is emitted only when it really changes.

    It follows the store: a booking removed from it (cancelled away, moved to another clerk, or
    gone after a reset such as the store being emptied on sign-out) is no longer selected.
    """

    changed = Signal(object)  # str | None

    def __init__(self, store: BookingStore) -> None:
        super().__init__()
        self.store = store
        self._current: str | None = None
        store.booking_removed.connect(self._removed)
        store.reset.connect(self._reset)

    @property
    def current(self) -> str | None:
        return self._current

    def select(self, reference: str | None) -> None:
        if reference == self._current:
            return
        self._current = reference
        self.changed.emit(reference)

    def clear(self) -> None:
        self.select(None)

    def _removed(self, reference: str) -> None:
        if reference == self._current:
            self.clear()

    def _reset(self) -> None:
        if self._current is not None and self.store.get(self._current) is None:
            self.clear()
