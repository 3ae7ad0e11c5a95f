"""The supervisor's controller: staff board, moves, absence cover and statistics over a signed-in session."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QMetaObject, QObject

from clerk_desktop.account import AccountActions
from clerk_desktop.administration import AdministrationController
from clerk_desktop.capacity import CapacityActions
from clerk_desktop.client.sync import SyncState
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.board import BoardStore
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.offices import Offices
from clerk_desktop.models.stats_model import StatsData, StatsTableModel
from clerk_desktop.new_booking import NewBookingActions
from clerk_desktop.prompts import CoverForm, Prompts, Reporter, describe
from clerk_desktop.saved_files import save_whole
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.dialogs import SettingsValues
from clerk_desktop.views.stats_view import StatsView
from clerk_desktop.views.supervisor_window import SupervisorWindow
from clerk_desktop.window_owner import WindowOwner

BOARD_DAYS_AROUND = 7  # the whole week around the day, for the week board and quick paging


class SupervisorController(WindowOwner[SupervisorWindow], QObject):
    """Feeds the supervisor window; every server call runs off the GUI thread."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.store = session.store
        self.board = BoardStore()
        self.offices = Offices(home_id=(session.staff or {}).get("municipality_id"))
        self.stats = StatsTableModel()
        self.window: SupervisorWindow | None = None
        self.report = Reporter(
            notify=self._notify, prompts=prompts, on_password_change=session.require_password_change
        )
        self.account = AccountActions(session, prompts=prompts, report=self.report)
        self.new_booking = NewBookingActions(session, prompts=prompts, report=self.report)
        self.administration = AdministrationController(session, prompts=prompts, cover=self.cover_for)
        self.capacity = CapacityActions(session, prompts=prompts, report=self.report)  # issue 18
        self._links: list[QMetaObject.Connection] = []

    # ------------------------------------------------------------------ the window
    def open(self) -> SupervisorWindow:
        """Build and show the window, load the clerks and the days around today, start syncing."""
        session = self.session
        window = SupervisorWindow(
            self.store,
            self.board,
            staff_name=session.staff_name,
            stats_view=self._stats_view(),
            offices=self.offices,
        )
        self.window = window
        window.day_changed.connect(self.load_day)
        window.cover_requested.connect(self.cover)
        window.administration_requested.connect(self.administration.open)
        window.account_requested.connect(self.account.my_account)
        window.new_booking_requested.connect(self.new_booking.open)
        window.settings_requested.connect(self.edit_settings)
        window.board.drag_started.connect(self.show_targets)
        window.board.move_requested.connect(self.move)
        window.board.reassign_dialog_requested.connect(self.reassign_dialog)
        window.ticker.ticked.connect(self.store.drop_lapsed_holds)  # as the clerk's: no feed says so
        self._links = [session.sync_state_changed.connect(window.set_sync_state)]
        api = session.api
        if api is not None:
            session.tasks.run(api.staff_list, self._clerks, self._error, name="staff-list")
            session.tasks.run(api.municipalities, self.offices.set_rows, name="offices")  # for printing
        self.load_day(window.board.day)
        window.set_sync_state(session.sync_state)
        window.show()
        session.start_workers()
        return window

    def edit_settings(self) -> None:
        """The clerk's settings dialog: server and language matter here (week start and join lead are
        the clerk's calendar's, kept as they are)."""
        settings = self.session.settings
        values = self.prompts.settings(
            SettingsValues(
                self.session.server,
                str(settings.value("language", "el")),
                int(str(settings.value("week_start", 0))),
                int(str(settings.value("join_lead_minutes", 10))),
            )
        )
        if values is None:
            return
        settings.setValue("server", values.server)
        settings.setValue("language", values.language)
        settings.setValue("week_start", values.week_start)
        settings.setValue("join_lead_minutes", values.join_lead_minutes)
        self.report.tell(tr("settings.saved_restart"))

    def close(self) -> None:
        """The sign-in ends: the administration window goes with the supervisor's."""
        self.administration.close()
        super().close()

    def _error(self, exc: Exception) -> None:
        self.report.failed(exc)

    # ------------------------------------------------------------------ loading
    def _clerks(self, rows: list[dict[str, Any]]) -> None:
        self.board.set_clerks(rows)
        for clerk in self.board.clerks:
            self._load_absences(clerk.id)

    def _load_absences(self, staff_id: int) -> None:
        api = self.session.api
        if api is None:
            return
        self.session.tasks.run(
            lambda: api.absences(staff_id),
            lambda rows: self.board.set_absences(staff_id, rows),
            self._error,
            name="absences",
        )

    def load_day(self, day: date) -> None:
        """The board's day and a few around it, so paging through days is instant."""
        session = self.session
        api = session.api
        if api is None:
            return
        first, last = day - timedelta(days=BOARD_DAYS_AROUND), day + timedelta(days=BOARD_DAYS_AROUND)
        start = datetime.combine(first, time(0), tzinfo=ATHENS)
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=ATHENS)
        mark = self.store.mark()  # moves shown while this load is in flight stay shown

        def fetch() -> list[Booking]:
            return Booking.many_from_json(api.all_bookings(first, last))  # parsed off the GUI thread

        def done(bookings: list[Booking]) -> None:
            # One reset for the whole range, not a signal (and a board relayout) per booking.
            self.store.replace_range(start, end, bookings, as_of=mark)
            session.note_sync_state(SyncState.UP_TO_DATE)

        session.tasks.run(fetch, done, self._error, name="load-days")

    # ------------------------------------------------------------------ moves
    def show_targets(self, reference: str) -> None:
        api = self.session.api
        if api is None:
            return

        def lit(rows: list[dict[str, Any]]) -> None:
            if self.window is not None:
                self.window.board.set_allowed_targets(reference, [int(r["id"]) for r in rows])

        # While dragging, a failure only leaves the targets unlit: said in the status bar, no modal.
        self.session.tasks.run(lambda: api.candidates(reference), lit, self._error, name="candidates")

    def move(self, reference: str, staff_id: int, start: datetime | None) -> None:
        api = self.session.api
        if api is None:
            return
        when = start.isoformat() if start is not None else None

        def moved(row: dict[str, Any]) -> None:
            self.store.upsert_json(row)
            self.report.tell(tr("board.moved", reference=reference, name=self.board.name_of(staff_id)))

        def refused(exc: Exception) -> None:
            self.report.warn(tr("reassign.title"), tr("board.refused", message=describe(exc)))

        self.session.tasks.run(
            lambda: api.reassign(reference, staff_id, when, reason="moved on the staff board"),
            moved,
            refused,
            name="reassign",
        )

    def reassign_dialog(self, reference: str) -> None:
        api = self.session.api
        if api is None:
            return

        def choose(rows: list[dict[str, Any]]) -> None:
            target = self.prompts.reassign(reference, [(int(r["id"]), str(r["name"])) for r in rows])
            if target is not None:
                self.move(reference, target, None)

        self.session.tasks.run(lambda: api.candidates(reference), choose, self._error, name="candidates")

    # ------------------------------------------------------------------ cover
    def cover(self) -> None:
        self.prompts.cover(self.board.clerks, self._wire_cover)

    def cover_for(self, staff_id: int, first: date | None = None, last: date | None = None) -> None:
        """The cover plan for one clerk (whose deactivation, absence or new plan their bookings hold up),
        over the days of those bookings when the caller knows them."""

        def wire(form: CoverForm) -> None:
            self._wire_cover(form)
            form.choose_clerk(staff_id)
            if first is not None:
                form.choose_range(first, last or first)

        self.prompts.cover(self.board.clerks, wire)

    def _wire_cover(self, form: CoverForm) -> None:
        """Connect the cover form's requests to the server; its answers (and failures) go back to it."""
        api, tasks = self.session.api, self.session.tasks
        if api is None:
            return

        def tell_form(exc: Exception) -> None:
            form.show_status(describe(exc))

        def preview(staff_id: int, start: datetime, end: datetime) -> None:
            tasks.run(
                lambda: api.cover_plan(staff_id, start.isoformat(), end.isoformat()),
                form.set_plan,
                tell_form,
                name="cover-plan",
            )

        def apply(staff_id: int, start: datetime, end: datetime, assignments: list[dict[str, Any]]) -> None:
            def applied(body: dict[str, Any]) -> None:
                for row in body.get("moved", []):
                    self.store.upsert_json(row)
                form.show_status(tr("cover.applied", count=len(body.get("moved", []))))

            tasks.run(
                lambda: api.apply_cover(staff_id, start.isoformat(), end.isoformat(), assignments),
                applied,
                tell_form,
                name="apply-cover",
            )

        def offer(references: list[str]) -> None:
            tasks.run(
                lambda: api.offer_reschedule(references),
                lambda body: form.show_status(tr("cover.offered", count=len(body.get("offered", [])))),
                tell_form,
                name="offer-reschedule",
            )

        form.preview_requested.connect(preview)
        form.apply_requested.connect(apply)
        form.offer_requested.connect(offer)

    # ------------------------------------------------------------------ statistics
    def _stats_view(self) -> StatsView:
        view = StatsView(self.stats)

        def tell_view(exc: Exception) -> None:
            view.show_error(describe(exc))

        def refresh(first: date, last: date, period: str) -> None:
            api = self.session.api
            if api is not None:
                self.session.tasks.run(
                    lambda: api.stats(first, last, period),
                    lambda body: view.set_stats(StatsData.from_json(body)),
                    tell_view,
                    name="stats",
                )

        def export(first: date, last: date, period: str) -> None:
            api = self.session.api
            path = self.prompts.save_path(view.suggested_file_name())
            if not path or api is None:
                return
            lang = language()

            def saved(_path: str) -> None:
                view.show_error("")
                self.report.tell(tr("stats.saved", path=path))

            self.session.tasks.run(
                lambda: save_whole(path, api.stats_csv(first, last, period, lang)),
                saved,
                tell_view,
                name="stats-csv",
            )

        view.refresh_requested.connect(refresh)
        view.export_requested.connect(export)
        self.capacity.attach(view)  # issue 18: demand against supply, and suggestions to apply
        return view
