"""Run one blocking call off the GUI thread and get its result back on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits through it so callbacks run there."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the caller's failure callback on the GUI thread
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


_live: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[Exception], None] | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``fn`` on the thread pool; ``on_success``/``on_failure`` are called on the GUI thread."""
    relay = _Relay()
    _live.add(relay)

    def finish_ok(result: Any) -> None:
        _live.discard(relay)
        if on_success is not None:
            on_success(result)

    def finish_err(exc: Any) -> None:
        _live.discard(relay)
        if on_failure is not None:
            on_failure(exc)

    relay.succeeded.connect(finish_ok)
    relay.failed.connect(finish_err)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, relay))
