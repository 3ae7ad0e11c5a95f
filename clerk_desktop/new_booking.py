"""«Νέα κράτηση…»: the desk books a caller or a walk-in; every call to the server runs off the GUI thread.

The dialog asks for free times and emits the booking to send; these actions call the server and
feed ``NewBookingModel``. A refusal is shown in the dialog and nothing changes; a booking made is
shown with its reference, time and the clerk who takes it (perhaps a colleague).

Each booking goes with an ``Idempotency-Key`` that stays the same while the clerk sends the same form
again (the answer was lost: offline, a timeout, a 5xx): the server then answers the booking the first
send made instead of booking the citizen twice. A changed form, or a booking made, takes a new key.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from clerk_desktop.client.api import ApiError, PasswordChangeRequired
from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.new_booking import (
    NO_NEEDS,
    BookedResult,
    FreeTime,
    NeedsEntry,
    NewBookingModel,
    ServiceOption,
)
from clerk_desktop.prompts import NewBookingForm, Prompts, Reporter, describe

if TYPE_CHECKING:
    from clerk_desktop.session import DesktopSession

NOTHING_FREE_NOW = "nothing_free_now"


class NewBookingActions:
    """What «Νέα κράτηση…» does: load the services, then answer the open form's requests."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts, report: Reporter) -> None:
        self.session = session
        self.prompts = prompts
        self.report = report
        self.model: NewBookingModel | None = None
        self._unanswered: tuple[str, str] | None = None  # (the request, its key) until a booking is made

    def open(self) -> None:
        api, staff = self.session.api, self.session.staff
        if api is None or not staff:
            self.report.tell(tr("account.offline"))
            return
        my_id = int(staff["id"])

        def fetch() -> list[ServiceOption]:
            slug = api.staff_account(my_id).get("municipality")
            return [ServiceOption.from_json(row) for row in api.services_of(str(slug))] if slug else []

        def show(services: list[ServiceOption]) -> None:
            self.model = NewBookingModel()
            self.model.set_services(services)
            self.prompts.new_booking_form(self.model, self._wire)

        self.session.tasks.run(fetch, show, self._failed, name="new-booking-services")

    def _wire(self, form: NewBookingForm) -> None:
        form.times_requested.connect(self.load_times)
        form.book_requested.connect(lambda body: self.book(body, walk_in=False))
        form.walk_in_requested.connect(lambda body: self.book(body, walk_in=True))

    def load_times(self, service_id: int, mode: str, day: date, needs: NeedsEntry = NO_NEEDS) -> None:
        api, model = self.session.api, self.model
        if api is None or model is None:
            return
        model.set_loading(day)

        def fetch() -> list[FreeTime]:
            rows = api.my_availability(service_id, mode, day, needs.query())
            return [FreeTime.from_json(row) for row in rows]

        def failed(exc: Exception) -> None:
            model.set_times(day, [])  # not left "loading" for ever
            self._refused(model, exc)

        def shown(times: list[FreeTime]) -> None:
            model.set_times(day, times)

        self.session.tasks.run(fetch, shown, failed, name="new-booking-times")

    def book(self, body: dict[str, Any], *, walk_in: bool) -> None:
        api, model = self.session.api, self.model
        if api is None or model is None:
            return
        model.set_busy(True)
        key = self.idempotency_key(body, walk_in=walk_in)

        def send() -> BookedResult:
            # The answer names the clerk who takes it: the citizen at the desk is told where to go.
            if walk_in:
                return BookedResult.from_json(api.book_walk_in(body, idempotency_key=key))
            return BookedResult.from_json(api.create_booking(body, idempotency_key=key))

        def booked(result: BookedResult) -> None:
            if self._unanswered is not None and self._unanswered[1] == key:
                self._unanswered = None  # made: the next booking, even of the same form, is another one
            model.finish(result)

        self.session.tasks.run(send, booked, lambda exc: self._refused(model, exc), name="new-booking")

    def idempotency_key(self, body: dict[str, Any], *, walk_in: bool) -> str:
        """The key of this request: the last one's while the same form is sent again unanswered."""
        request = json.dumps({"walk_in": walk_in, "body": body}, sort_keys=True, default=str)
        if self._unanswered is None or self._unanswered[0] != request:
            self._unanswered = (request, f"desk-{uuid.uuid4().hex}")
        return self._unanswered[1]

    def _refused(self, model: NewBookingModel, exc: Exception) -> None:
        if isinstance(exc, PasswordChangeRequired) or not isinstance(exc, ApiError):
            self.report.failed(exc)  # a temporary password is asked to be changed; offline is told
        if isinstance(exc, ApiError) and exc.code == NOTHING_FREE_NOW:
            model.refuse(nothing_free_now(exc.body.get("next_free")), {})
            return
        if isinstance(exc, ApiError):
            key = f"newbk.refusal.{exc.code}"
            said = tr(key)
            model.refuse(exc.message if said == key else said, exc.fields)
            return
        model.refuse(describe(exc), {})

    def _failed(self, exc: Exception) -> None:
        self.report.failed(exc, title=tr("error.title"), modal=True)


def nothing_free_now(next_free: object) -> str:
    """The refusal of a walk-in, in the clerk's words, with the next free time to offer instead."""
    if not isinstance(next_free, str) or not next_free:
        return tr("newbk.nothing_now_none")
    when = datetime.fromisoformat(next_free).astimezone(ATHENS)
    today = datetime.now(ATHENS).date()
    day = "" if when.date() == today else f"{tr('weekday.' + str(when.weekday()))} {when:%d/%m} "
    return tr("newbk.nothing_now", when=f"{day}{when:%H:%M}")
