"""Moving and cancelling a booking from the desk: «Αλλαγή ώρας…», a dragged tile, «Ακύρωση…».

These writes are not queued like the checklist or notes (``client/actions.py``): a new time must still
be free when it is asked for, and the citizen is e-mailed at once, so a move or cancellation replayed
hours later from an offline queue could land on a time taken meanwhile or tell the citizen something
the clerk decided on stale information. They need the server; offline, the clerk is told so and
nothing changes. Every call runs off the GUI thread; the store changes only with the server's answer,
so a refusal leaves the calendar as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from clerk_desktop.client.api import ApiError, Offline, PasswordChangeRequired, Unauthorised
from clerk_desktop.client.sync import SyncState
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.wall_time import wall_clock
from clerk_desktop.prompts import Prompts, Reporter, describe

if TYPE_CHECKING:
    from clerk_desktop.session import DesktopSession

# How far ahead the dialog lists free times, and how far from a dropped tile an offered time may be.
LISTED_DAYS = 21
DROP_REACH = timedelta(minutes=30)
MOVE = "move"


def when_text(moment: datetime) -> str:
    """A moment as the clerk reads it: «Πέμπτη 03/12/2026 11:30» (Athens)."""
    local = moment.astimezone(ATHENS)
    return f"{tr('weekday.' + str(local.weekday()))} {local:%d/%m/%Y} {wall_clock(local)}"


def nearest_offered(slots: list[str], dropped: datetime, *, besides: datetime) -> datetime | None:
    """The offered start nearest ``dropped`` within ``DROP_REACH`` (the service's grid), not ``besides``."""
    starts = [datetime.fromisoformat(s) for s in slots]
    near = [s for s in starts if abs(s - dropped) <= DROP_REACH and s != besides]
    return min(near, key=lambda s: (abs(s - dropped), s)) if near else None


class BookingMoves:
    """What «Αλλαγή ώρας…», a dropped tile and «Ακύρωση…» do, for one signed-in clerk."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts, report: Reporter) -> None:
        self.session = session
        self.store = session.store
        self.prompts = prompts
        self.report = report

    # ------------------------------------------------------------------ the dialog
    def reschedule(self, reference: str) -> None:
        """List the free times of the booking's service and mode by day; move it to the one chosen."""
        booking = self._changeable(reference)
        api = self.session.api
        if booking is None or api is None:
            return
        today = datetime.now(ATHENS).date()

        def choose(slots: list[dict[str, Any]]) -> None:
            choice = self.prompts.reschedule(
                citizen_name=booking.citizen_name,
                service_name=booking.service_name(language()),
                when=when_text(booking.start),
                slots=[s["start"] for s in slots],
                current_start=booking.start.isoformat(),
            )
            if choice is not None:
                self._move(booking, choice.start, keep_clerk=choice.keep_clerk)

        self._run(
            lambda: api.availability(
                booking.service_id, booking.mode, today, today + timedelta(days=LISTED_DAYS)
            ),
            choose,
            name="reschedule-slots",
        )

    # ------------------------------------------------------------------ a dragged tile
    def move_to(self, reference: str, dropped: datetime) -> None:
        """A tile dropped at ``dropped``: the offered time nearest it, confirmed, kept by this clerk."""
        booking = self._changeable(reference)
        api = self.session.api
        if booking is None or api is None:
            return
        day: date = dropped.astimezone(ATHENS).date()

        def confirm(slots: list[dict[str, Any]]) -> None:
            target = nearest_offered([s["start"] for s in slots], dropped, besides=booking.start)
            if target is None:
                self.report.warn(tr("move.drag_title"), tr("move.drag_no_time", when=when_text(dropped)))
                return
            question = tr(
                "move.drag_question",
                name=booking.citizen_name,
                old=when_text(booking.start),
                new=when_text(target),
            )
            answer = self.prompts.choose(tr("move.drag_title"), question, [(MOVE, tr("move.drag_confirm"))])
            if answer == MOVE:
                self._move(booking, target.isoformat(), keep_clerk=True)

        self._run(
            lambda: api.availability(booking.service_id, booking.mode, day, day), confirm, name="drop-slots"
        )

    def _move(self, booking: Booking, start: str, *, keep_clerk: bool) -> None:
        api, cache = self.session.api, self.session.cache
        if api is None:
            return
        mine = (self.session.staff or {}).get("id")

        def send() -> dict[str, Any]:
            row = api.reschedule(booking.reference, start, version=booking.version, keep_clerk=keep_clerk)
            if cache is not None and (row.get("staff") or {}).get("id") == mine:
                cache.upsert(row)  # so the cached week shown next does not bring back the old time
            return row

        def moved(row: dict[str, Any]) -> None:
            when = when_text(datetime.fromisoformat(row["start"]))
            clerk = (row.get("staff") or {}).get("id")
            if mine is not None and clerk != mine:
                self.store.remove(booking.reference)  # a colleague has it now; the feed agrees
                name = str((row.get("staff") or {}).get("name", ""))
                self.report.tell(
                    tr("move.done_colleague", reference=booking.reference, when=when, clerk=name)
                )
                return
            self.store.upsert_json(row)
            key = "move.done" if booking.citizen_email.strip() else "move.done_no_mail"
            self.report.tell(tr(key, reference=booking.reference, when=when))

        self._run(send, moved, name="reschedule", refused="move.refused", reference=booking.reference)

    # ------------------------------------------------------------------ cancelling
    def cancel(self, reference: str) -> None:
        """Ask for the reason (required) and cancel; the citizen gets the cancellation e-mail."""
        booking = self._changeable(reference)
        api, cache = self.session.api, self.session.cache
        if booking is None or api is None:
            return
        reason = self.prompts.cancel_booking(
            citizen_name=booking.citizen_name,
            service_name=booking.service_name(language()),
            when=when_text(booking.start),
            has_email=bool(booking.citizen_email.strip()),
        )
        if not reason:
            return

        def send() -> dict[str, Any]:
            row = api.cancel(reference, reason)
            if cache is not None:
                cache.upsert(row)
            return row

        def cancelled(row: dict[str, Any]) -> None:
            self.store.upsert_json(row)
            self.report.tell(tr("cancel.done", reference=reference))

        self._run(send, cancelled, name="cancel", refused="cancel.refused", reference=reference)

    # ------------------------------------------------------------------ shared
    def _changeable(self, reference: str) -> Booking | None:
        """The booking if it may be moved or cancelled now and the server is reachable; else say why."""
        booking = self.store.get(reference)
        if booking is None:
            return None
        if self.session.api is None or self.session.sync_state == SyncState.OFFLINE:
            self.report.warn(tr("error.title"), tr("move.online_only"))
            return None
        if not booking.can_change_time(datetime.now(ATHENS)):
            self.report.warn(tr("error.title"), tr("panel.change_not_now"))
            return None
        return booking

    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        *,
        name: str,
        refused: str = "",
        reference: str = "",
    ) -> None:
        def failed(exc: Exception) -> None:
            if isinstance(exc, Offline):
                self.session.note_sync_state(SyncState.OFFLINE)
                self.report.warn(tr("error.title"), tr("move.online_only"))
            elif (
                isinstance(exc, ApiError)
                and refused
                and not isinstance(exc, PasswordChangeRequired | Unauthorised)
            ):
                self.report.warn(tr("error.title"), tr(refused, reason=self._reason(exc)))
                if reference:
                    self._refresh(reference)  # show what the server has (a version conflict: the newer one)
            else:
                self.report.failed(exc, title=tr("error.title"), modal=True)

        self.session.tasks.run(work, done, failed, name=name)

    @staticmethod
    def _reason(exc: ApiError) -> str:
        """The refusal in the clerk's words when the desktop knows the code, else the server's message."""
        words = tr(f"refusal.{exc.code}")
        return describe(exc) if words == f"refusal.{exc.code}" else words

    def _refresh(self, reference: str) -> None:
        api = self.session.api
        if api is None:
            return
        self.session.tasks.run(
            lambda: api.booking(reference), self.store.upsert_json, lambda _exc: None, name="refresh-moved"
        )
