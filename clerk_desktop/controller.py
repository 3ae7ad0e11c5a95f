"""The clerk's controller: feeds the main window from the session and turns its requests into work.

Views emit intentions; this turns them into session work off the GUI thread and feeds the
models. It never pushes state into a view: the views follow the store and the selection.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from clerk_desktop.account import AccountActions
from clerk_desktop.calendar_link import CalendarLinkActions
from clerk_desktop.client.actions import Action
from clerk_desktop.client.api import ApiError, Offline, PasswordChangeRequired, Unauthorised
from clerk_desktop.client.cache import utc_key
from clerk_desktop.client.sync import SyncState
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.agenda_model import AgendaModel
from clerk_desktop.models.booking import ATHENS, DOCUMENT_STATES, Booking
from clerk_desktop.models.checklist_model import ChecklistModel
from clerk_desktop.models.offices import Offices
from clerk_desktop.models.selection import Selection
from clerk_desktop.new_booking import NewBookingActions
from clerk_desktop.prompts import Prompts, Reporter
from clerk_desktop.refusals import queued_refusal
from clerk_desktop.rescheduling import BookingMoves
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.dialogs import SettingsValues
from clerk_desktop.views.main_window import MainWindow
from clerk_desktop.window_owner import WindowOwner

log = logging.getLogger(__name__)


class ClerkController(WindowOwner[MainWindow], QObject):
    """One clerk's window over a signed-in session: the week, the agenda, the selected booking."""

    week_loaded = Signal(date)

    def __init__(self, session: DesktopSession, *, prompts: Prompts) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.store = session.store
        self.settings = session.settings
        self.join_lead = int(str(self.settings.value("join_lead_minutes", 10)))
        self.agenda = AgendaModel(self.store, language())
        self.checklist = ChecklistModel(language(), {s: tr(f"doc.{s}") for s in DOCUMENT_STATES})
        self.selection = Selection(self.store)
        self.offices = Offices(home_id=(session.staff or {}).get("municipality_id"))
        self.window: MainWindow | None = None
        self._links: list[QMetaObject.Connection] = []
        self.report = Reporter(
            notify=self._notify, prompts=prompts, on_password_change=session.require_password_change
        )
        self.account = AccountActions(session, prompts=prompts, report=self.report)
        self.calendar_link = CalendarLinkActions(session, prompts=prompts, report=self.report)
        self.moves = BookingMoves(session, prompts=prompts, report=self.report)
        self.new_booking = NewBookingActions(session, prompts=prompts, report=self.report)

    # ------------------------------------------------------------------ the window
    def open(self) -> MainWindow:
        """Build and show the window from the cache at once, start syncing, then load the week."""
        session = self.session
        window = MainWindow(
            self.store,
            self.agenda,
            self.checklist,
            self.selection,
            staff_name=session.staff_name,
            offices=self.offices,
        )
        self.window = window
        self._connect(window)
        self._apply_view_settings(window)
        window.go_to(datetime.now(ATHENS).date())
        window.set_sync_state(session.sync_state)
        self._show_cached_week(window.week.week_start)
        window.show()
        session.start_workers()
        self.load_week(window.week.week_start)
        if session.api is not None:  # the municipality's address and contact, for the citizen's slip
            session.tasks.run(session.api.municipalities, self.offices.set_rows, name="offices")
        return window

    def _connect(self, window: MainWindow) -> None:
        window.week_changed.connect(self.load_week)
        window.week.join_requested.connect(self.join)
        window.agenda.join_requested.connect(self.join)
        window.panel.join_requested.connect(self.join)
        window.panel.notes_save_requested.connect(lambda ref, notes: self.submit(Action.notes(ref, notes)))
        window.panel.check_in_requested.connect(lambda ref: self.submit(Action.check_in(ref)))
        window.panel.rescue_bar.missed_you_requested.connect(lambda ref: self.submit(Action.missed_you(ref)))
        window.panel.rescue_bar.call_requested.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        window.panel.outcome_requested.connect(self.record_outcome)
        window.panel.identity_requested.connect(self.verify_identity)
        window.panel.co_applicant_identity_requested.connect(self.verify_co_applicant_identity)
        window.panel.follow_up_requested.connect(self.follow_up)
        window.panel.reschedule_requested.connect(self.moves.reschedule)
        window.panel.cancel_requested.connect(self.moves.cancel)
        window.week.booking_move_requested.connect(self.moves.move_to)
        window.settings_requested.connect(self.edit_settings)
        window.calendar_link_requested.connect(self.show_calendar_link)
        window.ticker.ticked.connect(self.store.drop_lapsed_holds)  # holds abandoned on the web form
        window.account_requested.connect(self.account.my_account)
        window.new_booking_requested.connect(self.new_booking.open)
        self.checklist.state_change_requested.connect(
            lambda ref, code, state: self.submit(Action.document(ref, code, state))
        )
        session = self.session
        self._links = [
            session.sync_state_changed.connect(window.set_sync_state),
            session.queue_changed.connect(window.set_queue_size),
            session.calendar_changed.connect(lambda: self.load_week(window.week.week_start)),
            session.action_failed.connect(self._action_failed),
        ]

    # ------------------------------------------------------------------ loading
    def _show_cached_week(self, first: date) -> None:
        cache = self.session.cache
        if cache is None:
            return
        start, end = week_bounds(first)
        rows = cache.bookings_between(utc_text(start), utc_text(end))
        self.store.replace_range(start, end, Booking.many_from_json(rows))

    def load_week(self, first: date) -> None:
        """Cached data at once, then the server's, in the background; the feed keeps it fresh after."""
        session = self.session
        api, cache = session.api, session.cache
        if api is None or cache is None:
            return
        self._show_cached_week(first)
        start, end = week_bounds(first)
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
            bookings = Booking.many_from_json(rows)  # parsed here, off the GUI thread
            keys = [utc_key(b.start) for b in bookings]
            cache.replace_range(utc_text(start), utc_text(end), rows, keys=keys, as_of=cache_mark)
            return bookings, calendar

        def done(result: tuple[list[Booking], dict[str, Any]]) -> None:
            bookings, calendar = result
            self.store.replace_range(start, end, bookings, as_of=store_mark)
            self.store.set_calendar(calendar)
            session.note_sync_state(SyncState.UP_TO_DATE)
            self.week_loaded.emit(first)

        def failed(exc: Exception) -> None:
            if isinstance(exc, Offline):
                session.note_sync_state(SyncState.OFFLINE)
            elif isinstance(exc, Unauthorised):
                session.lose_sign_in(api)
            elif isinstance(exc, PasswordChangeRequired):
                if session.require_password_change():
                    self.load_week(first)  # the week was not loaded: now it can be
            else:
                log.warning("loading the week failed: %s", exc)

        session.tasks.run(fetch, done, failed, name="load-week")

    def _refresh_booking(self, reference: str) -> None:
        api, cache = self.session.api, self.session.cache
        if api is None:
            return

        def failed(exc: Exception) -> None:
            if isinstance(exc, ApiError) and exc.status == 404:
                self.store.remove(reference)
            else:
                log.warning("refreshing %s failed: %s", reference, exc)

        def fetch() -> dict[str, Any]:
            row: dict[str, Any] = api.booking(reference)
            if cache is not None:
                cache.upsert(row)  # so the cached week shown next does not bring back the old one
            return row

        self.session.tasks.run(fetch, self.store.upsert_json, failed, name="refresh-booking")

    def _action_failed(self, reference: str, label: str, code: str, message: str, body: object) -> None:
        """A refused write, perhaps replayed long after the clerk made it: said in the clerk's words."""
        text = queued_refusal(reference, label, code, message, body if isinstance(body, dict) else {})
        self.report.warn(tr("error.title"), text)
        self._refresh_booking(reference)

    # ------------------------------------------------------------------ actions
    def select(self, reference: str | None) -> None:
        self.selection.select(reference)

    def submit(self, action: Action) -> None:
        self.session.submit(action)

    def record_outcome(self, reference: str, outcome: str, note: str) -> None:
        """Close the booking; «completed» with documents not received asks first (the server insists too)."""
        booking = self.store.get(reference)
        missing = booking.missing_documents() if booking is not None else ()
        if booking is None or outcome != "completed" or not missing:
            self.submit(Action.outcome(reference, outcome, note))
            return
        total = len(booking.documents)
        question = (
            tr("lifecycle.missing.question_one", total=total)
            if len(missing) == 1
            else tr("lifecycle.missing.question", missing=len(missing), total=total)
        )
        names = "\n".join(f"• {d.name(language())}" for d in missing)
        answer = self.prompts.choose(
            tr("lifecycle.missing.title"),
            f"{question}\n\n{names}",
            [
                ("complete", tr("lifecycle.missing.complete")),
                ("documents_missing", tr("lifecycle.missing.record_missing")),
            ],
        )
        if answer == "complete":
            self.submit(Action.outcome(reference, outcome, note, confirm_missing_documents=True))
        elif answer == "documents_missing":
            self.submit(Action.outcome(reference, "documents_missing", note))

    def verify_identity(self, reference: str) -> None:
        booking = self.store.get(reference)
        if booking is None:
            return
        result = self.prompts.identity(booking.citizen_name, booking.via_taxisnet)
        if result is not None:
            self.submit(
                Action.identity(
                    reference, result.document_type, result.name_matches, result.taxisnet_matches, result.note
                )
            )

    def verify_co_applicant_identity(self, reference: str, position: int) -> None:
        """Issue 18: the same identity dialog, for one co-applicant of a joint appointment."""
        booking = self.store.get(reference)
        person = next((p for p in booking.co_applicants if p.position == position), None) if booking else None
        if person is None:
            return
        result = self.prompts.identity(person.name or person.email, False)
        if result is not None and result.name_matches:
            self.submit(Action.co_applicant_identity(reference, position, result.document_type))

    def join(self, reference: str) -> None:
        booking = self.store.get(reference)
        if booking is not None and booking.meeting_url:
            QDesktopServices.openUrl(QUrl(booking.meeting_url))

    def follow_up(self, reference: str) -> None:
        """Book a follow-up for the same citizen and service, at a free time the clerk picks."""
        booking, api, tasks = self.store.get(reference), self.session.api, self.session.tasks
        if booking is None or api is None:
            return
        today = datetime.now(ATHENS).date()

        def choose(slots: list[dict[str, Any]]) -> None:
            start = self.prompts.follow_up(
                booking.citizen_name, booking.service_name(language()), [s["start"] for s in slots]
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
                "source": "follow_up",
            }
            tasks.run(lambda: api.create_booking(body), booked, self._failed, name="follow-up")

        def booked(created: dict[str, Any]) -> None:
            when = datetime.fromisoformat(created["start"]).astimezone(ATHENS)
            self.report.tell(tr("followup.done", reference=created["reference"], when=f"{when:%d/%m %H:%M}"))

        tasks.run(
            lambda: api.availability(booking.service_id, booking.mode, today, today + timedelta(days=14)),
            choose,
            self._failed,
            name="follow-up-slots",
        )

    def _failed(self, exc: Exception) -> None:
        self.report.failed(exc, title=tr("error.title"), modal=True)

    def edit_settings(self) -> None:
        values = self.prompts.settings(
            SettingsValues(
                self.session.server,
                str(self.settings.value("language", "el")),
                int(str(self.settings.value("week_start", 0))),
                self.join_lead,
            )
        )
        if values is None:
            return
        self.settings.setValue("server", values.server)
        self.settings.setValue("language", values.language)
        self.settings.setValue("week_start", values.week_start)
        self.settings.setValue("join_lead_minutes", values.join_lead_minutes)
        self.join_lead = values.join_lead_minutes
        if self.window is not None:
            self._apply_view_settings(self.window)
            self.window.go_to(self.window.week.week_start)

    def _apply_view_settings(self, window: MainWindow) -> None:
        window.week.first_weekday = int(str(self.settings.value("week_start", 0)))
        window.week.join_lead_minutes = self.join_lead
        window.panel.join_lead_minutes = self.join_lead
        window.agenda.set_join_lead(self.join_lead)

    def show_calendar_link(self) -> None:
        """Show the current link: opening it never replaces it (``calendar_link``)."""
        self.calendar_link.show()


def week_bounds(first: date) -> tuple[datetime, datetime]:
    """The week from ``first`` as Athens midnights, start inclusive and end exclusive."""
    start = datetime.combine(first, time(0), tzinfo=ATHENS)
    return start, start + timedelta(days=7)


def utc_text(moment: datetime) -> str:
    """The cache's key form of a moment: UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
