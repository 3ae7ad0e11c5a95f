"""Background workers: the change-feed long-poll and the ordered replay of queued writes.

Each loop runs as a job of the session's ``TaskRunner`` and talks to the GUI only through signals;
neither ever touches a widget. Both survive the server going away: they report 'offline', back off,
and carry on. ``stop`` makes either loop end promptly: its call in flight, or about to connect, is cut.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from clerk_desktop.client.actions import Action
from clerk_desktop.client.api import ApiClient, ApiError, Offline, PasswordChangeRequired, Unauthorised
from clerk_desktop.client.cache import LocalCache

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 25
MAX_BACKOFF_SECONDS = 30.0


class SyncState:
    SYNCING = "syncing"
    UP_TO_DATE = "up_to_date"
    OFFLINE = "offline"


class _Cuttable:
    """Where a loop runs, so that its ``stop`` cuts the call in flight at any moment.

    ``stop`` and the loop's start and end take one lock: a stop either comes before the loop
    starts (which then does not), or while it runs (its calls are cut, including one that has not
    connected yet), never in a gap between the two.
    """

    def __init__(self, api: ApiClient) -> None:
        self._api = api
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._thread_id: int | None = None

    def cut(self) -> None:
        with self._lock:
            self.stopped.set()
            if self._thread_id is not None:
                self._api.interrupt(self._thread_id)

    def begin(self) -> bool:
        """Note the loop's thread; False if it was stopped before it started."""
        with self._lock:
            if self.stopped.is_set():
                return False
            self._thread_id = threading.get_ident()
            return True

    def end(self) -> None:
        with self._lock:
            if self._thread_id is not None:
                self._api.end_interrupt(self._thread_id)  # the pool thread may serve other calls next
            self._thread_id = None


# Change-log entities that are not bookings: staff accounts (and their plans), the catalogue (services,
# documents, closures). Open administration windows reload what they show.
ADMINISTRATION_ENTITIES = ("staff", "catalogue")


class ChangeFeedWorker(QObject):
    """Follows /api/v1/changes from a cursor and reports each booking change as it is committed."""

    booking_changed = Signal(dict)
    booking_removed = Signal(str, int)  # reference, the version it was removed at (0: unknown)
    calendar_changed = Signal()
    administration_changed = Signal(str)  # "staff" or "catalogue": an administration tab reloads
    state_changed = Signal(str)
    sign_in_lost = Signal()
    password_change_required = Signal()  # a temporary password: the server answers nothing else

    def __init__(self, api: ApiClient, cache: LocalCache, wait_seconds: int = LONG_POLL_SECONDS) -> None:
        super().__init__()
        self.api = api
        self.cache = cache
        self.wait_seconds = wait_seconds
        self._loop = _Cuttable(api)
        self._stop = self._loop.stopped

    def stop(self) -> None:
        """Ask the loop to end, cutting short a long-poll in flight or about to begin (not wanted now)."""
        self._loop.cut()

    def run(self) -> None:
        if not self._loop.begin():
            return
        try:
            self._follow()
        finally:
            self._loop.end()

    def _follow(self) -> None:
        backoff = 1.0
        while not self._stop.is_set():
            try:
                cursor_text = self.cache.get("cursor")
                if cursor_text is None:
                    self.cache.put("cursor", str(self.api.cursor()))
                    continue
                body = self.api.changes(int(cursor_text), self.wait_seconds)
                if self._stop.is_set():
                    return  # signed out or closed meanwhile: this answer is no longer wanted
                self._apply(body)
            except Unauthorised:
                self.sign_in_lost.emit()
                return
            except Offline:
                if self._stop.is_set():
                    return  # the interrupted long-poll of a stopping feed, not the server going away
                self.state_changed.emit(SyncState.OFFLINE)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            except PasswordChangeRequired:
                self.password_change_required.emit()
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            except ApiError as exc:
                log.warning("change feed refused: %s", exc.message)
                self._stop.wait(backoff)
                continue
            except Exception:  # never let the sync thread die silently; try again shortly
                if self._stop.is_set():
                    return
                log.exception("change feed failed; retrying")
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            backoff = 1.0
            self.state_changed.emit(SyncState.UP_TO_DATE)

    def _apply(self, body: dict[str, Any]) -> None:
        for change in body.get("changes", []):
            if change["entity"] == "absence":
                self.calendar_changed.emit()
            elif change["entity"] in ADMINISTRATION_ENTITIES:
                self.administration_changed.emit(change["entity"])
            elif change["op"] == "removed" or change.get("booking") is None:
                if change.get("reference"):
                    version = int(change.get("version") or 0)
                    self.cache.remove(change["reference"], version)
                    self.booking_removed.emit(change["reference"], version)
            else:
                self.cache.upsert(change["booking"])
                self.booking_changed.emit(change["booking"])
        self.cache.put("cursor", str(body["cursor"]))


class ActionWorker(QObject):
    """Sends queued writes in order; keeps them (durably) while offline; reports conflicts."""

    action_done = Signal(dict)  # the booking as the server now has it
    # reference, label, code, message and the whole error body: shown, never dropped
    action_failed = Signal(str, str, str, str, object)
    queue_changed = Signal(int)
    state_changed = Signal(str)
    sign_in_lost = Signal()
    password_change_required = Signal()  # a temporary password: the server answers nothing else

    def __init__(self, api: ApiClient, cache: LocalCache) -> None:
        super().__init__()
        self.api = api
        self.cache = cache
        self._wake = threading.Event()
        self._loop = _Cuttable(api)
        self._stop = self._loop.stopped

    def submit(self, action: Action) -> None:
        """Called from the GUI thread: persist first, then wake the worker."""
        self.cache.enqueue(action)
        self.queue_changed.emit(len(self.cache.pending()))
        self._wake.set()

    def poke(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """End the loop, cutting a write in flight: it stays queued and is sent again next time."""
        self._loop.cut()
        self._wake.set()

    def run(self) -> None:
        if not self._loop.begin():
            return
        try:
            self._send_queued()
        finally:
            self._loop.end()

    def _send_queued(self) -> None:
        backoff = 1.0
        while not self._stop.is_set():
            pending = self.cache.pending()
            if not pending:
                self._wake.wait(5.0)
                self._wake.clear()
                continue
            action = pending[0]
            try:
                result = self.api.request(action.method, action.path, json=action.body)
            except Unauthorised:
                self.sign_in_lost.emit()
                return
            except Offline:
                if self._stop.is_set():
                    return  # the write cut short by stopping: it stays queued, the server has not gone
                self.state_changed.emit(SyncState.OFFLINE)
                self._wake.wait(backoff)
                self._wake.clear()
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            except PasswordChangeRequired:
                # Not a refusal of this write: it stays queued until the password has been changed.
                self.password_change_required.emit()
                self._wake.wait(backoff)
                self._wake.clear()
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            except ApiError as exc:
                # The server refused (e.g. the booking was reassigned meanwhile): tell the clerk.
                self.cache.done(action.id)
                self.action_failed.emit(action.reference, action.label, exc.code, exc.message, exc.body)
                self.queue_changed.emit(len(self.cache.pending()))
                continue
            except Exception:  # keep the queue; try again shortly
                if self._stop.is_set():
                    return
                log.exception("sending a queued action failed; retrying")
                self._wake.wait(backoff)
                self._wake.clear()
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            backoff = 1.0
            self.cache.done(action.id)
            if isinstance(result, dict) and "reference" in result:
                self.cache.upsert(result)
                self.action_done.emit(result)
            self.queue_changed.emit(len(self.cache.pending()))
            self.state_changed.emit(SyncState.UP_TO_DATE)
