"""One clock for a window: every view that depends on "now" (join buttons, the next-appointment
countdown) advances from the same tick, so no view is left with the time it was created at."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from clerk_desktop.models.booking import ATHENS

TICK_MS = 30_000  # the join button opens at a whole minute; half a minute late at most


class Ticker(QObject):
    """Emits ``ticked`` with the Athens time every ``interval_ms``; ``tick()`` emits at once."""

    ticked = Signal(object)

    def __init__(
        self,
        interval_ms: int = TICK_MS,
        now: Callable[[], datetime] = lambda: datetime.now(ATHENS),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.now = now
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(interval_ms)

    def tick(self) -> None:
        self.ticked.emit(self.now())
