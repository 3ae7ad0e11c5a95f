"""The desktop's one way to work off the GUI thread: a pool for calls and loops, answers on the GUI thread.

Every HTTP call and both sync loops run as jobs of a ``TaskRunner``; ``stop`` waits (bounded)
until they have really finished, and names the ones that have not. ``stop`` also starts a new
epoch: answers of jobs started before it are dropped, not delivered to whoever signs in next.
``wait_for`` blocks the caller on a guarded event loop that refuses to be entered twice
(qutebrowser's ``EventLoop``).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
T = TypeVar("T")

# Both sync loops hold a thread each for as long as the session lives; calls need threads besides.
LOOP_THREADS = 2
CALL_THREADS = 4


class _Relay(QObject):
    """Lives on the GUI thread; the job emits through it so callbacks run there."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, finished: Callable[[], None]) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.finished = finished

    def run(self) -> None:
        # The job counts as running until its answer is on its way to the GUI thread, so an empty
        # ``running()`` means every answer has been queued.
        try:
            try:
                result = self.fn()
            except Exception as exc:  # handed to the caller's failure callback on the GUI thread
                self.relay.failed.emit(exc)
            else:
                self.relay.succeeded.emit(result)
        finally:
            self.finished()


class TaskRunner:
    """A thread pool whose jobs report back on the GUI thread, and that can be waited for on stopping."""

    def __init__(self, *, threads: int = LOOP_THREADS + CALL_THREADS) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(threads)
        self._relays: set[_Relay] = set()  # kept alive until their answer has been delivered
        self._running: dict[int, str] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._epoch = 0  # bumped by stop(); an answer from an older epoch is no longer wanted

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], object] | None = None,
        on_failure: Callable[[Exception], object] | None = None,
        *,
        name: str = "",
        survives_stop: bool = False,
    ) -> None:
        """Run ``fn`` on the pool; ``on_success``/``on_failure`` are then called on the GUI thread.

        A failure nobody handles is logged, never dropped silently. If ``stop`` is called before
        the answer is delivered, it is dropped (it belongs to a sign-in that has ended), unless
        ``survives_stop`` (``wait_for``, whose caller would otherwise wait for ever).
        """
        relay = _Relay()
        self._relays.add(relay)
        job_id = next(self._ids)
        label = name or getattr(fn, "__qualname__", "job")
        epoch = self._epoch

        def stale() -> bool:
            if survives_stop or epoch == self._epoch:
                return False
            log.debug("dropped the answer of %s: it came after stop()", label)
            return True

        def finish_ok(result: Any) -> None:
            self._relays.discard(relay)
            if stale():
                return
            if on_success is not None:
                on_success(result)

        def finish_err(exc: Any) -> None:
            self._relays.discard(relay)
            if stale():
                return
            if on_failure is not None:
                on_failure(exc)
            else:
                log.warning("background job %s failed: %s", label, exc)

        def finished() -> None:
            with self._lock:
                self._running.pop(job_id, None)

        relay.succeeded.connect(finish_ok)
        relay.failed.connect(finish_err)
        with self._lock:
            self._running[job_id] = label
        self.pool.start(_Job(fn, relay, finished))

    def running(self) -> list[str]:
        """Names of the jobs that have not finished yet (for tests and the stop log line)."""
        with self._lock:
            return sorted(self._running.values())

    def stop(self, *, timeout_seconds: float = 5.0) -> bool:
        """Wait until every job has finished, at most ``timeout_seconds``; False (and a log line) if not.

        Answers of the jobs started so far are dropped from now on, even those already queued on
        the GUI thread: whatever runs next (a new sign-in) never sees them.
        """
        self._epoch += 1
        if self.pool.waitForDone(int(timeout_seconds * 1000)):
            return True
        log.warning(
            "background work still running %.1f s after stopping: %s",
            timeout_seconds,
            ", ".join(self.running()) or "?",
        )
        return False


class EventLoop(QEventLoop):
    """A nested event loop that refuses to be entered while it runs (qutebrowser's ``qtutils.EventLoop``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executing = False

    def exec(self, flags: QEventLoop.ProcessEventsFlag = QEventLoop.ProcessEventsFlag.AllEvents) -> int:
        if self._executing:
            raise RuntimeError("Tried to run an EventLoop which is already running")
        self._executing = True
        try:
            return super().exec(flags)
        finally:
            self._executing = False


_blocking: list[EventLoop] = []  # one for the whole desktop, made once a QApplication exists


def wait_for(fn: Callable[[], T], *, tasks: TaskRunner) -> T:
    """Run ``fn`` on ``tasks`` while the GUI keeps painting; return its result or raise its error.

    Only for answers the user is waiting on in a dialog (signing in); raises RuntimeError if
    called again while an earlier call is still waiting.
    """
    if not _blocking:
        _blocking.append(EventLoop())
    loop = _blocking[0]
    if loop.isRunning():  # refuse before starting the job, whose answer would end the outer wait
        raise RuntimeError("wait_for called while another wait_for is waiting")
    outcome: dict[str, Any] = {}

    def ok(value: Any) -> None:
        outcome["value"] = value
        loop.quit()

    def failed(exc: Exception) -> None:
        outcome["error"] = exc
        loop.quit()

    tasks.run(fn, ok, failed, name="wait_for", survives_stop=True)
    if not outcome:
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["value"]
    return result
