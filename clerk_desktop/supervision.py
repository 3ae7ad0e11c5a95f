"""The supervisor side of the controller: the staff board, moves, absence cover and statistics."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from clerk_desktop.client.api import ApiError
from clerk_desktop.client.sync import SyncState
from clerk_desktop.client.tasks import run_in_background
from clerk_desktop.i18n import tr
from clerk_desktop.models.board import BoardStore
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.views.supervisor_dialogs import CoverDialog, ReassignDialog
from clerk_desktop.views.supervisor_window import SupervisorWindow

if TYPE_CHECKING:
    from clerk_desktop.controller import Controller

BOARD_DAYS_AROUND = 7  # the whole week around the day, for the week board and quick paging


class SupervisorController:
    """Feeds the supervisor window; every server call runs off the GUI thread."""

    def __init__(self, owner: Controller) -> None:
        self.owner = owner
        self.board = BoardStore()
        self.window: SupervisorWindow | None = None
        self.ask_reassign: Callable[..., int | None] = ReassignDialog.ask
        self.loaded: set[date] = set()

    @property
    def api(self) -> Any:
        return self.owner.api

    def open(self, name: str) -> SupervisorWindow:
        stats_view = self._stats_view()
        window = SupervisorWindow(self.owner.store, self.board, staff_name=name, stats_view=stats_view)
        self.window = window
        window.day_changed.connect(self.load_day)
        window.cover_requested.connect(self.cover)
        window.board.drag_started.connect(self.show_targets)
        window.board.move_requested.connect(self.move)
        window.board.reassign_dialog_requested.connect(self.reassign_dialog)
        run_in_background(self.api.staff_list, self._clerks, self._error)
        self.load_day(window.board.day)
        return window

    # ------------------------------------------------------------------ loading
    def _clerks(self, rows: list[dict[str, Any]]) -> None:
        self.board.set_clerks(rows)
        api = self.api
        for clerk in self.board.clerks:
            self._load_absences(api, clerk.id)

    def _load_absences(self, api: Any, staff_id: int) -> None:
        run_in_background(
            lambda: api.absences(staff_id), lambda rows: self.board.set_absences(staff_id, rows)
        )

    def load_day(self, day: date) -> None:
        """The board's day and a few around it, so paging through days is instant."""
        api = self.api
        first, last = day - timedelta(days=BOARD_DAYS_AROUND), day + timedelta(days=BOARD_DAYS_AROUND)

        start = datetime.combine(first, time(0), tzinfo=ATHENS)
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=ATHENS)
        mark = self.owner.store.mark()  # moves shown while this load is in flight stay shown

        def fetch() -> list[Booking]:
            return [
                Booking.from_json(row) for row in api.all_bookings(first, last)
            ]  # parsed off the GUI thread

        def done(bookings: list[Booking]) -> None:
            # One reset for the whole range, not a signal (and a board relayout) per booking.
            self.owner.store.replace_range(start, end, bookings, as_of=mark)
            self.owner._sync_state(SyncState.UP_TO_DATE)

        run_in_background(fetch, done, self._error)

    # ------------------------------------------------------------------ moves
    def show_targets(self, reference: str) -> None:
        api = self.api

        def lit(rows: list[dict[str, Any]]) -> None:
            if self.window is not None:
                self.window.board.set_allowed_targets(reference, [int(r["id"]) for r in rows])

        run_in_background(lambda: api.candidates(reference), lit, lambda _exc: None)

    def move(self, reference: str, staff_id: int, start: datetime | None) -> None:
        api = self.api
        when = start.isoformat() if start is not None else None

        def moved(row: dict[str, Any]) -> None:
            self.owner.store.upsert_json(row)
            if self.window is not None:
                self.window.notify(tr("board.moved", reference=reference, name=self.board.name_of(staff_id)))

        def refused(exc: Exception) -> None:
            message = exc.message if isinstance(exc, ApiError) else str(exc)
            text = tr("board.refused", message=message)
            if self.window is not None:
                self.window.notify(text)
                QMessageBox.warning(self.window, tr("reassign.title"), text)

        run_in_background(
            lambda: api.reassign(reference, staff_id, when, reason="moved on the staff board"), moved, refused
        )

    def reassign_dialog(self, reference: str) -> None:
        api = self.api

        def choose(rows: list[dict[str, Any]]) -> None:
            target = self.ask_reassign(reference, [(int(r["id"]), str(r["name"])) for r in rows], self.window)
            if target is not None:
                self.move(reference, target, None)

        run_in_background(lambda: api.candidates(reference), choose, self._error)

    # ------------------------------------------------------------------ cover
    def cover(self) -> None:
        dialog = CoverDialog(self.board.clerks, self.window)
        api = self.api

        def preview(staff_id: int, start: datetime, end: datetime) -> None:
            run_in_background(
                lambda: api.cover_plan(staff_id, start.isoformat(), end.isoformat()),
                dialog.set_plan,
                lambda exc: dialog.show_status(_message(exc)),
            )

        def apply(staff_id: int, start: datetime, end: datetime, assignments: list[dict[str, Any]]) -> None:
            def applied(body: dict[str, Any]) -> None:
                for row in body.get("moved", []):
                    self.owner.store.upsert_json(row)
                dialog.show_status(tr("cover.applied", count=len(body.get("moved", []))))

            run_in_background(
                lambda: api.apply_cover(staff_id, start.isoformat(), end.isoformat(), assignments),
                applied,
                lambda exc: dialog.show_status(_message(exc)),
            )

        def offer(references: list[str]) -> None:
            run_in_background(
                lambda: api.offer_reschedule(references),
                lambda body: dialog.show_status(tr("cover.offered", count=len(body.get("offered", [])))),
                lambda exc: dialog.show_status(_message(exc)),
            )

        dialog.preview_requested.connect(preview)
        dialog.apply_requested.connect(apply)
        dialog.offer_requested.connect(offer)
        dialog.exec()

    # ------------------------------------------------------------------ statistics
    def _stats_view(self) -> Any:
        try:
            from clerk_desktop.models.stats_model import StatsData
            from clerk_desktop.views.stats_view import StatsView
        except ImportError:  # pragma: no cover - the statistics view ships with the app
            return None
        view = StatsView()
        api = self.api

        def refresh(first: date, last: date, period: str) -> None:
            run_in_background(
                lambda: api.stats(first, last, period),
                lambda body: view.set_stats(StatsData.from_json(body)),
                lambda exc: view.show_error(_message(exc)),
            )

        def export(first: date, last: date, period: str) -> None:
            path = view.ask_save_path(view)
            if not path:
                return
            run_in_background(
                lambda: Path(path).write_bytes(api.stats_csv(first, last, period)),
                lambda _n: view.show_error(""),
                lambda exc: view.show_error(_message(exc)),
            )

        view.refresh_requested.connect(refresh)
        view.export_requested.connect(export)
        return view

    def _error(self, exc: Exception) -> None:
        if self.window is not None:
            self.window.notify(_message(exc))


def _message(exc: Exception) -> str:
    return exc.message if isinstance(exc, ApiError) else str(exc)
