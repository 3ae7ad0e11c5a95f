"""Wires the desktop together: sign-in, the client and its workers, the models, and the views' signals.

The only place that knows both the client (HTTP, keyring, cache) and the views; views emit
intentions, the controller turns them into client work off the GUI thread and feeds the models.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon, QWidget

from clerk_desktop.client import token_store
from clerk_desktop.client.actions import Action
from clerk_desktop.client.api import ApiClient, ApiError, Offline, Unauthorised
from clerk_desktop.client.cache import LocalCache, default_cache_path, utc_key
from clerk_desktop.client.sync import ActionWorker, ChangeFeedWorker, SyncState, start_in_thread
from clerk_desktop.client.tasks import run_in_background
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.agenda_model import AgendaModel
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.views.dialogs import (
    CalendarLinkDialog,
    Credentials,
    FollowUpDialog,
    IdentityDialog,
    LoginDialog,
    SettingsDialog,
    SettingsValues,
)
from clerk_desktop.views.main_window import MainWindow
from clerk_desktop.views.supervisor_window import SupervisorWindow

log = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULT_SERVER = "http://127.0.0.1:5000"


def wait_for(fn: Callable[[], T]) -> T:
    """Run ``fn`` on the thread pool while the GUI keeps painting; return its result or raise."""
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def ok(value: Any) -> None:
        outcome["value"] = value
        loop.quit()

    def failed(exc: Exception) -> None:
        outcome["error"] = exc
        loop.quit()

    run_in_background(fn, ok, failed)
    if not outcome:
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["value"]
    return result


class Controller(QObject):
    signed_in = Signal(dict)
    week_loaded = Signal(date)

    def __init__(self, settings: QSettings, server_override: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.server = server_override or str(settings.value("server", DEFAULT_SERVER))
        self.username = str(settings.value("username", ""))
        self.join_lead = int(str(settings.value("join_lead_minutes", 10)))
        self.store = BookingStore()
        self.agenda = AgendaModel(self.store, language())
        self.checklist = ChecklistModel(
            language(), {s: tr(f"doc.{s}") for s in ("pending", "received", "missing", "not_applicable")}
        )
        self.api: ApiClient | None = None
        self.cache: LocalCache | None = None
        self.window: MainWindow | SupervisorWindow | None = None
        self.feed: ChangeFeedWorker | None = None
        self.actions: ActionWorker | None = None
        self._threads: list[threading.Thread] = []
        self.long_poll_seconds = 25
        self.selected: str | None = None
        self.supervision: Any = None
        self._signing_in = False
        self.tray: QSystemTrayIcon | None = None
        # Replaced in tests to answer the dialogs without a human.
        self.ask_login: Callable[..., Credentials | None] = LoginDialog.ask
        self.ask_identity: Callable[..., Any] = IdentityDialog.ask
        self.ask_follow_up: Callable[..., str | None] = FollowUpDialog.ask

    # ------------------------------------------------------------------ sign-in
    def start(self) -> bool:
        """Sign in silently with the kept token if possible, else ask; then open the main window."""
        staff = self._resume() if self.username else None
        if staff is None and not (self.cache and self.api):
            staff = self._login()
            if staff is None:
                return False
        self._open(staff)
        return True

    def _new_api(self, server: str, username: str) -> ApiClient:
        return ApiClient(
            server, on_refresh_token=lambda token: token_store.save_refresh_token(server, username, token)
        )

    def _resume(self) -> dict[str, Any] | None:
        token = token_store.load_refresh_token(self.server, self.username)
        if not token:
            return None
        api = self._new_api(self.server, self.username)
        try:
            staff = wait_for(lambda: api.resume(token))
        except Offline:
            # Start from the cache, clearly marked offline; the workers sign in when the server returns.
            api.tokens.refresh = token
            self.api = api
            self.cache = LocalCache(default_cache_path(self.server, self.username))
            return None
        except ApiError:
            token_store.clear_refresh_token(self.server, self.username)
            return None
        self.api = api
        return staff

    def _login(self) -> dict[str, Any] | None:
        result: dict[str, Any] = {}

        def attempt(creds: Credentials) -> str | None:
            api = self._new_api(creds.server, creds.username)
            try:
                result["staff"] = wait_for(lambda: api.login(creds.username, creds.password))
            except ApiError as exc:
                return exc.message
            result["api"] = api
            return None

        creds = self.ask_login(self.server, self.username, attempt, None)
        if creds is None or "api" not in result:
            return None
        self.server, self.username = creds.server, creds.username
        self.settings.setValue("server", self.server)
        self.settings.setValue("username", self.username)
        self.api = result["api"]
        token_store.save_refresh_token(self.server, self.username, self.api.tokens.refresh)
        staff: dict[str, Any] = result["staff"]
        return staff

    def _open(self, staff: dict[str, Any] | None) -> None:
        assert self.api is not None
        if self.cache is None:
            self.cache = LocalCache(default_cache_path(self.server, self.username))
        name = (staff or {}).get("name") or self.username
        role = str((staff or {}).get("role") or self.settings.value("role", "clerk"))
        self.settings.setValue("role", role)
        if role in ("supervisor", "admin"):
            from clerk_desktop.supervision import SupervisorController

            self.supervision = SupervisorController(self)
            window = self.supervision.open(name)
            self.window = window
            window.closing.connect(self.shutdown)
            window.sign_out_requested.connect(self.sign_out)
            window.set_sync_state(SyncState.SYNCING if staff else SyncState.OFFLINE)
            window.show()
            self._start_workers()
            if staff:
                self.signed_in.emit(staff)
            return
        self.window = MainWindow(self.store, self.agenda, self.checklist, staff_name=name)
        self._connect(self.window)
        self._apply_view_settings(self.window)
        self.window.go_to(datetime.now(ATHENS).date())
        self.window.set_sync_state(SyncState.SYNCING if staff else SyncState.OFFLINE)
        self._show_cached_week(self.window.week.week_start)
        self.window.show()
        self._start_workers()
        self.load_week(self.window.week.week_start)
        if staff:
            self.signed_in.emit(staff)

    def _connect(self, window: MainWindow) -> None:
        window.week_changed.connect(self.load_week)
        window.week.booking_selected.connect(self.select)
        window.week.booking_activated.connect(self.select)
        window.week.join_requested.connect(self.join)
        window.agenda.booking_selected.connect(self.select)
        window.agenda.join_requested.connect(self.join)
        window.panel.join_requested.connect(self.join)
        window.panel.notes_save_requested.connect(lambda ref, notes: self.submit(Action.notes(ref, notes)))
        window.panel.check_in_requested.connect(lambda ref: self.submit(Action.check_in(ref)))
        window.panel.outcome_requested.connect(lambda ref, o, note: self.submit(Action.outcome(ref, o, note)))
        window.panel.identity_requested.connect(self.verify_identity)
        window.panel.follow_up_requested.connect(self.follow_up)
        window.settings_requested.connect(self.edit_settings)
        window.calendar_link_requested.connect(self.show_calendar_link)
        window.sign_out_requested.connect(self.sign_out)
        window.closing.connect(self.shutdown)
        self.checklist.state_change_requested.connect(
            lambda ref, code, state: self.submit(Action.document(ref, code, state))
        )
        self.store.booking_upserted.connect(self._booking_updated)
        self.store.booking_removed.connect(self._booking_removed)

    # ------------------------------------------------------------------ workers
    def _start_workers(self) -> None:
        assert self.api is not None and self.cache is not None and self.window is not None
        self.feed = ChangeFeedWorker(self.api, self.cache, self.long_poll_seconds)
        self.actions = ActionWorker(self.api, self.cache)
        self.feed.booking_changed.connect(self._from_feed)
        self.feed.booking_removed.connect(self.store.remove)
        self.feed.calendar_changed.connect(
            lambda: (
                self.load_week(self.window.week.week_start) if isinstance(self.window, MainWindow) else None
            )
        )
        self.feed.state_changed.connect(self._sync_state)
        feed, actions = self.feed, self.actions
        # Only the current workers speak for the current sign-in; a stopped one's last word is stale.
        self.feed.sign_in_lost.connect(lambda: self.sign_in_lost() if self.feed is feed else None)
        self.actions.action_done.connect(self.store.upsert_json)
        self.actions.action_failed.connect(self._action_failed)
        if isinstance(self.window, MainWindow):
            self.actions.queue_changed.connect(self.window.set_queue_size)
        self.actions.state_changed.connect(self._sync_state)
        self.actions.sign_in_lost.connect(lambda: self.sign_in_lost() if self.actions is actions else None)
        if isinstance(self.window, MainWindow):
            self.window.set_queue_size(len(self.cache.pending()))
        self._threads = [start_in_thread(self.feed, "change-feed"), start_in_thread(self.actions, "actions")]

    def _stop_workers(self) -> None:
        for worker in (self.feed, self.actions):
            if worker is not None:
                worker.stop()
        for thread in self._threads:
            thread.join(timeout=0.5)  # a long-poll in flight ends on its own; its answer is ignored
        self._threads = []
        self.feed = self.actions = None

    def _sync_state(self, state: str) -> None:
        self.store.offline = state == SyncState.OFFLINE
        if self.window is not None:
            self.window.set_sync_state(state)
        if state == SyncState.UP_TO_DATE and self.actions is not None:
            self.actions.poke()

    def _from_feed(self, row: dict[str, Any]) -> None:
        is_new = self.store.get(row["reference"]) is None
        booking = self.store.upsert_json(row)
        if is_new and booking.status == "confirmed" and self.window is not None:
            when = booking.start.astimezone(ATHENS)
            message = tr("sync.new_booking", name=booking.citizen_name, when=f"{when:%d/%m %H:%M}")
            self.window.notify(message)
            if QSystemTrayIcon.isSystemTrayAvailable():
                if self.tray is None:
                    self.tray = QSystemTrayIcon(self.window.windowIcon(), self.window)
                    self.tray.show()
                self.tray.showMessage(tr("app.title"), message)

    def _action_failed(self, reference: str, label: str, message: str) -> None:
        text = tr("sync.conflict", label=label, reference=reference, message=message)
        if self.window is not None:
            self.window.notify(text)
            QMessageBox.warning(self.window, tr("error.title"), text)
        self._refresh_booking(reference)

    def sign_in_lost(self) -> None:
        """The token was revoked: stop syncing and bring back the sign-in dialog (once, however
        many workers noticed at the same time)."""
        if self._signing_in:
            return
        self._signing_in = True
        try:
            self._sign_in_again()
        finally:
            self._signing_in = False

    def _sign_in_again(self) -> None:
        self._stop_workers()
        token_store.clear_refresh_token(self.server, self.username)
        if self.window is not None:
            self.window.close()
            self.window = None
        staff = self._login()
        if staff is not None:
            self.cache = None
            self._open(staff)

    # ------------------------------------------------------------------ loading
    def _week_bounds(self, first: date) -> tuple[datetime, datetime]:
        start = datetime.combine(first, time(0), tzinfo=ATHENS)
        return start, start + timedelta(days=7)

    def _show_cached_week(self, first: date) -> None:
        if self.cache is None:
            return
        start, end = self._week_bounds(first)
        rows = self.cache.bookings_between(_utc(start), _utc(end))
        self.store.replace_range(start, end, [Booking.from_json(row) for row in rows])

    def load_week(self, first: date) -> None:
        """Cached data at once, then the server's, in the background; the feed keeps it fresh after."""
        api, cache = self.api, self.cache
        if api is None or cache is None:
            return
        self._show_cached_week(first)
        start, end = self._week_bounds(first)
        last = first + timedelta(days=6)
        # The feed may deliver a change while this load is in flight; the load's older answer
        # must not undo it (in memory or in the cache).
        store_mark = self.store.mark()

        def fetch() -> tuple[list[Booking], dict[str, Any]]:
            cache_mark = cache.mark()
            if cache.get("cursor") is None:
                cache.put("cursor", str(api.cursor()))  # before the load: nothing slips between
            rows = api.my_bookings(first, last)
            calendar = api.calendar(first - timedelta(days=7), last + timedelta(days=7))
            bookings = [Booking.from_json(row) for row in rows]  # parsed here, off the GUI thread
            keys = [utc_key(b.start) for b in bookings]
            cache.replace_range(_utc(start), _utc(end), rows, keys=keys, as_of=cache_mark)
            return bookings, calendar

        def done(result: tuple[list[Booking], dict[str, Any]]) -> None:
            bookings, calendar = result
            self.store.replace_range(start, end, bookings, as_of=store_mark)
            self.store.set_calendar(calendar)
            self._sync_state(SyncState.UP_TO_DATE)
            self.week_loaded.emit(first)

        def failed(exc: Exception) -> None:
            if isinstance(exc, Offline):
                self._sync_state(SyncState.OFFLINE)
            elif isinstance(exc, Unauthorised) and api is self.api:
                self.sign_in_lost()
            else:
                log.warning("loading the week failed: %s", exc)

        run_in_background(fetch, done, failed)

    def _refresh_booking(self, reference: str) -> None:
        api = self.api
        if api is None:
            return

        def failed(exc: Exception) -> None:
            if isinstance(exc, ApiError) and exc.status == 404:
                self.store.remove(reference)

        cache = self.cache

        def fetch() -> dict[str, Any]:
            row: dict[str, Any] = api.booking(reference)
            if cache is not None:
                cache.upsert(row)  # so the cached week shown next does not bring back the old one
            return row

        run_in_background(fetch, lambda row: None if self.store.upsert_json(row) else None, failed)

    # ------------------------------------------------------------------ actions
    def select(self, reference: str) -> None:
        self.selected = reference
        if isinstance(self.window, MainWindow):
            self.window.week.select(reference)
            self.window.agenda.select(reference)
            self.window.panel.show_booking(self.store.get(reference))

    def _booking_updated(self, booking: Any) -> None:
        if isinstance(self.window, MainWindow) and booking.reference == self.selected:
            self.window.panel.show_booking(booking)

    def _booking_removed(self, reference: str) -> None:
        if isinstance(self.window, MainWindow) and reference == self.selected:
            self.selected = None
            self.window.panel.show_booking(None)

    def submit(self, action: Action) -> None:
        if self.actions is not None:
            self.actions.submit(action)

    def verify_identity(self, reference: str) -> None:
        booking = self.store.get(reference)
        if booking is None:
            return
        result = self.ask_identity(booking.citizen_name, booking.via_taxisnet, self.window)
        if result is not None:
            self.submit(
                Action.identity(
                    reference, result.document_type, result.name_matches, result.taxisnet_matches, result.note
                )
            )

    def join(self, reference: str) -> None:
        booking = self.store.get(reference)
        if booking is not None and booking.meeting_url:
            QDesktopServices.openUrl(QUrl(booking.meeting_url))

    def follow_up(self, reference: str) -> None:
        """Book a follow-up for the same citizen and service, at a free time the clerk picks."""
        booking, api = self.store.get(reference), self.api
        if booking is None or api is None:
            return
        today = datetime.now(ATHENS).date()

        def choose(slots: list[dict[str, Any]]) -> None:
            start = self.ask_follow_up(
                booking.citizen_name,
                booking.service_name(language()),
                [s["start"] for s in slots],
                self.window,
            )
            if start is None:
                return
            body = {
                "service_id": booking.service_id,
                "mode": booking.mode,
                "start": start,
                "citizen": {
                    "name": booking.citizen_name,
                    "email": booking.citizen_email,
                    "phone": booking.citizen_phone,
                },
                "language": language(),
            }
            run_in_background(lambda: api.create_booking(body), booked, self._show_error)

        def booked(created: dict[str, Any]) -> None:
            when = datetime.fromisoformat(created["start"]).astimezone(ATHENS)
            if self.window is not None:
                self.window.notify(
                    tr("followup.done", reference=created["reference"], when=f"{when:%d/%m %H:%M}")
                )

        run_in_background(
            lambda: api.availability(booking.service_id, booking.mode, today, today + timedelta(days=14)),
            choose,
            self._show_error,
        )

    def _show_error(self, exc: Exception) -> None:
        message = exc.message if isinstance(exc, ApiError) else str(exc)
        if self.window is not None:
            QMessageBox.warning(self.window, tr("error.title"), message)

    def edit_settings(self) -> None:
        values = SettingsDialog.ask(
            SettingsValues(
                self.server,
                str(self.settings.value("language", "el")),
                int(str(self.settings.value("week_start", 0))),
                self.join_lead,
            ),
            self.window,
        )
        if values is None:
            return
        self.settings.setValue("server", values.server)
        self.settings.setValue("language", values.language)
        self.settings.setValue("week_start", values.week_start)
        self.settings.setValue("join_lead_minutes", values.join_lead_minutes)
        self.join_lead = values.join_lead_minutes
        if isinstance(self.window, MainWindow):
            self._apply_view_settings(self.window)
            self.window.go_to(self.window.week.week_start)

    def _apply_view_settings(self, window: MainWindow) -> None:
        window.week.first_weekday = int(str(self.settings.value("week_start", 0)))
        window.week.join_lead_minutes = self.join_lead
        window.panel.join_lead_minutes = self.join_lead
        window.agenda.set_join_lead(self.join_lead)

    def show_calendar_link(self) -> None:
        api = self.api
        if api is None:
            return

        def show(url: str) -> None:
            CalendarLinkDialog(url, self.window).exec()

        def failed(exc: Exception) -> None:
            if self.window is not None:
                QMessageBox.warning(self.window, tr("error.title"), str(exc))

        run_in_background(api.ical_feed, show, failed)

    def sign_out(self) -> None:
        api = self.api
        self._stop_workers()
        token_store.clear_refresh_token(self.server, self.username)
        if api is not None:
            run_in_background(api.logout)
        if self.window is not None:
            self.window.closing.disconnect(self.shutdown)
            self.window.close()
            self.window = None
        self.api = None
        self.cache = None
        staff = self._login()
        if staff is not None:
            self._open(staff)

    def shutdown(self) -> None:
        self._stop_workers()
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def parent_widget(self) -> QWidget | None:
        return self.window


def _utc(moment: datetime) -> str:
    from datetime import UTC

    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
