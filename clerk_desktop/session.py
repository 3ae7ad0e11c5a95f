"""One signed-in desktop: the api client, offline cache, booking store, sync workers, sign-in and sync state.

Shared by the clerk and the supervisor controller, which only read it and listen to its signals;
the ``Desktop`` asks it to sign in, out and again. It never touches a widget: questions go through
the ``Prompts`` it is given, and every blocking call runs on its ``TaskRunner``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from clerk_desktop.client import token_store
from clerk_desktop.client.actions import Action
from clerk_desktop.client.api import ApiClient, ApiError, Offline
from clerk_desktop.client.cache import LocalCache, forget_local_cache, open_local_cache
from clerk_desktop.client.sync import LONG_POLL_SECONDS, ActionWorker, ChangeFeedWorker, SyncState
from clerk_desktop.client.tasks import TaskRunner, wait_for
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.role import Role
from clerk_desktop.password_change import ask_new_password
from clerk_desktop.prompts import Prompts, describe

if TYPE_CHECKING:
    from clerk_desktop.views.dialogs import Credentials

log = logging.getLogger(__name__)
DEFAULT_SERVER = "http://127.0.0.1:5000"
STOP_TIMEOUT_SECONDS = 5.0


class DesktopSession(QObject):
    """Who is signed in where, and the background work that keeps their bookings current."""

    signed_in = Signal(dict)  # the staff member, when the server confirmed the sign-in
    sync_state_changed = Signal(str)  # a SyncState
    queue_changed = Signal(int)  # writes waiting to be sent
    booking_arrived = Signal(object)  # a Booking the feed brought that just became confirmed
    booking_left = Signal(object)  # an upcoming Booking the feed took from this clerk (moved away)
    calendar_changed = Signal()  # absences changed: the week's calendar should be loaded again
    administration_changed = Signal(str)  # "staff" or "catalogue" changed on the server (another desk)
    # reference, label, the server's error code and message, and its whole answer (e.g. a transition's states)
    action_failed = Signal(str, str, str, str, object)
    sign_in_lost = Signal()  # the server revoked the sign-in: workers are stopped, the token forgotten

    def __init__(
        self,
        settings: QSettings,
        *,
        prompts: Prompts,
        server_override: str | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.prompts = prompts
        self.server = server_override or str(settings.value("server", DEFAULT_SERVER))
        self.username = str(settings.value("username", ""))
        self.store = BookingStore()
        self.tasks = tasks or TaskRunner()
        self.api: ApiClient | None = None
        self.cache: LocalCache | None = None
        self.staff: dict[str, Any] | None = None  # None while signed in from the cache, offline
        self.feed: ChangeFeedWorker | None = None
        self.actions: ActionWorker | None = None
        self.long_poll_seconds = LONG_POLL_SECONDS
        self.sync_state: str = SyncState.SYNCING
        self._asking_password = False
        # What the offline cache's kept weeks count from (tests hand in the service's clock).
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)

    # ------------------------------------------------------------------ who
    @property
    def role(self) -> Role:
        return Role.of(self.settings.value("role", Role.CLERK))

    @property
    def supervises(self) -> bool:
        return self.role.supervises

    @property
    def staff_name(self) -> str:
        return str((self.staff or {}).get("name") or self.username)

    # ------------------------------------------------------------------ sign-in
    def start(self) -> bool:
        """Sign in silently with the kept token if possible, else ask; False if the user gave up."""
        if self.username and self._resume():
            return True
        return self.log_in()

    def _new_api(self, server: str, username: str) -> ApiClient:
        return ApiClient(
            server,
            on_refresh_token=lambda token: token_store.save_refresh_token(server, username, token),
            language=language(),  # the server words its refusals in the interface's language
        )

    def _resume(self) -> bool:
        token = token_store.load_refresh_token(self.server, self.username)
        if not token:
            return False
        api = self._new_api(self.server, self.username)
        try:
            staff = wait_for(lambda: api.resume(token), tasks=self.tasks)
        except Offline:
            # Start from the cache, clearly marked offline; the workers sign in when the server returns.
            api.tokens.refresh = token
            self._begin(api, None)
            return True
        except ApiError:
            token_store.clear_refresh_token(self.server, self.username)
            return False
        if not self._settle_password(api, current=""):
            return False
        self._begin(api, staff)
        return True

    def log_in(self) -> bool:
        """Ask for the password until the server accepts it; False if the user cancels."""
        result: dict[str, Any] = {}

        def attempt(creds: Credentials) -> str | None:
            api = self._new_api(creds.server, creds.username)
            try:
                staff = wait_for(lambda: api.login(creds.username, creds.password), tasks=self.tasks)
            except ApiError as exc:
                return describe(exc)  # «Λάθος όνομα χρήστη ή κωδικός.» in the Greek desktop
            result["staff"], result["api"] = staff, api
            return None

        creds = self.prompts.login(self.server, self.username, attempt)
        if creds is None or "api" not in result:
            return False
        self.server, self.username = creds.server, creds.username
        self.settings.setValue("server", self.server)
        self.settings.setValue("username", self.username)
        api: ApiClient = result["api"]
        if not self._settle_password(api, current=creds.password):
            return False
        if not token_store.save_refresh_token(self.server, self.username, api.tokens.refresh):
            self._tell_once_keyring_is_missing()
        self._begin(api, result["staff"])
        return True

    def _tell_once_keyring_is_missing(self) -> None:
        """Without a keyring every start asks for the password and nothing is kept for working offline:
        say why once, not on every start."""
        if self.settings.value("keyring_notice_shown") == "1":
            return
        self.settings.setValue("keyring_notice_shown", "1")
        self.prompts.warn(tr("keyring.title"), tr("keyring.missing"))

    def _settle_password(self, api: ApiClient, *, current: str) -> bool:
        """Signed in with a temporary password: a new one before anything else; False (signed out) if not."""
        if not api.must_change_password:
            return True
        if ask_new_password(api, self.tasks, self.prompts, forced=True, current=current):
            return True
        token_store.clear_refresh_token(self.server, self.username)
        self.tasks.run(api.logout, name="logout")
        return False

    def require_password_change(self) -> bool:
        """The server answered ``password_change_required`` (the password was made temporary meanwhile).

        Asks once however many calls noticed; if the user will not change it, the sign-in ends.
        True when the password was changed by this call (what failed may be tried again).
        """
        api = self.api
        if api is None or self._asking_password:
            return False
        self._asking_password = True
        try:
            changed = ask_new_password(api, self.tasks, self.prompts, forced=True)
        finally:
            self._asking_password = False
        if api is not self.api:
            return False
        if not changed:
            self.lose_sign_in(api)
            return False
        if self.actions is not None:
            self.actions.poke()  # the writes kept queued go now
        return True

    def _begin(self, api: ApiClient, staff: dict[str, Any] | None) -> None:
        self.api = api
        self.staff = staff
        if self.cache is None:
            self.cache = open_local_cache(self.server, self.username, now=self.now)
            if self.cache.keyring_missing:
                self._tell_once_keyring_is_missing()
        role = str((staff or {}).get("role") or self.settings.value("role", Role.CLERK))
        self.settings.setValue("role", role)
        self.sync_state = SyncState.SYNCING if staff else SyncState.OFFLINE

    def announce(self) -> None:
        """Tell listeners the sign-in is confirmed (once the window is up)."""
        if self.staff:
            self.signed_in.emit(self.staff)

    def lose_sign_in(self, api: ApiClient) -> None:
        """``api``'s sign-in was refused: stop, forget the token and say so, once.

        However many workers and loads notice at the same time, only the first word about the
        current sign-in counts; the rest name an ``api`` that is no longer current. The offline
        cache (sealed) stays: not a sign-out, and its queued writes go once the clerk signs in again.
        """
        if api is not self.api:
            return
        self.api = None
        self._stop_and_close()
        self.store.clear()  # whoever signs in next must not see these bookings
        token_store.clear_refresh_token(self.server, self.username)
        self.sign_in_lost.emit()

    def unsent_writes(self) -> int:
        """How many of the clerk's writes wait in the queue (signing out would discard them)."""
        return len(self.cache.pending()) if self.cache is not None else 0

    def sign_out(self) -> None:
        """Stop syncing, forget the token and end the sign-in on the server (in the background).

        The offline cache goes too, file and key: no citizen's details stay on the PC (issue 17).
        """
        api = self.api
        self.api = None
        self.staff = None
        self._stop_and_close()
        self.store.clear()  # whoever signs in next must not see these bookings
        token_store.clear_refresh_token(self.server, self.username)
        forget_local_cache(self.server, self.username)
        if api is not None:
            self.tasks.run(api.logout, name="logout")

    def shutdown(self) -> None:
        """The desktop closes: stop the workers (waiting until they have) and close the cache."""
        self._stop_and_close()

    # ------------------------------------------------------------------ workers
    def start_workers(self) -> None:
        """Follow the change feed and send queued writes, each loop a job of ``tasks``."""
        api, cache = self.api, self.cache
        assert api is not None and cache is not None
        feed = ChangeFeedWorker(api, cache, self.long_poll_seconds)
        actions = ActionWorker(api, cache)
        current: Callable[[], bool] = lambda: self.feed is feed  # noqa: E731 - a stopped pair speaks no more
        feed.booking_changed.connect(lambda row: self._from_feed(row) if current() else None)
        feed.booking_removed.connect(
            lambda reference, version: self._gone_from_feed(reference, version) if current() else None
        )
        feed.calendar_changed.connect(lambda: self.calendar_changed.emit() if current() else None)
        feed.administration_changed.connect(
            lambda entity: self.administration_changed.emit(entity) if current() else None
        )
        feed.state_changed.connect(lambda state: self.note_sync_state(state) if current() else None)
        feed.sign_in_lost.connect(lambda: self.lose_sign_in(api))
        feed.password_change_required.connect(lambda: self.require_password_change() if current() else None)
        actions.password_change_required.connect(
            lambda: self.require_password_change() if current() else None
        )
        actions.action_done.connect(lambda row: self.store.upsert_json(row) if current() else None)
        actions.action_failed.connect(
            lambda reference, label, code, message, body: (
                self.action_failed.emit(reference, label, code, message, body) if current() else None
            )
        )
        actions.queue_changed.connect(lambda count: self.queue_changed.emit(count) if current() else None)
        actions.state_changed.connect(lambda state: self.note_sync_state(state) if current() else None)
        actions.sign_in_lost.connect(lambda: self.lose_sign_in(api))
        self.feed, self.actions = feed, actions
        self.queue_changed.emit(len(cache.pending()))
        self.tasks.run(feed.run, name="change-feed")
        self.tasks.run(actions.run, name="actions")

    def _stop_and_close(self) -> None:
        """Stop both loops and the pool; answers still on their way are dropped (``TaskRunner.stop``)."""
        for worker in (self.feed, self.actions):
            if worker is not None:
                worker.stop()
        self.feed = self.actions = None
        self.tasks.stop(timeout_seconds=STOP_TIMEOUT_SECONDS)
        if self.cache is not None:
            self.cache.close()
            self.cache = None

    def submit(self, action: Action) -> None:
        """Queue a write durably; it is sent in order, now or when the server is back."""
        if self.actions is not None:
            self.actions.submit(action)

    # ------------------------------------------------------------------ state
    def note_sync_state(self, state: str) -> None:
        """Record what the last exchange with the server showed (a load, the feed, an action)."""
        self.sync_state = state
        self.store.offline = state == SyncState.OFFLINE
        self.sync_state_changed.emit(state)
        if state == SyncState.UP_TO_DATE and self.actions is not None:
            self.actions.poke()

    def _gone_from_feed(self, reference: str, version: int) -> None:
        """A tombstone: the booking is no longer this reader's. For a clerk an upcoming appointment
        that leaves means a supervisor moved it to a colleague: say so, it must not just vanish."""
        before = self.store.get(reference)
        self.store.remove(reference, version)
        if before is None or self.supervises or before.is_hold or not before.is_open:
            return
        if before.end > datetime.now(ATHENS):
            self.booking_left.emit(before)

    def _from_feed(self, row: dict[str, Any]) -> None:
        """Keep the store current; announce a booking the moment it becomes a confirmed appointment.

        A web-form booking first arrives as a nameless hold, then confirmed: that confirmation is the
        new appointment. A booking already shown as confirmed (a reload, a repeat) is not new.
        """
        before = self.store.get(row["reference"])
        booking = self.store.upsert_json(row)
        became_appointment = before is None or before.is_hold
        shown = self.store.get(booking.reference) == booking  # not an answer older than what is shown
        if became_appointment and shown and booking.status == "confirmed":
            self.booking_arrived.emit(booking)
