"""A staff member's own absence requests («Ο λογαριασμός μου» → «Αιτήματα απουσίας…»).

Lists their absences and requests with the status, sends a new request (it blocks nothing until a
supervisor approves it) and withdraws a pending one. The list follows the change feed, so a
supervisor's decision shows while the dialog is open.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from clerk_desktop.client.tasks import wait_for
from clerk_desktop.i18n import tr
from clerk_desktop.models.absences import Absence, AbsenceFormValues, AbsenceListModel
from clerk_desktop.password_change import refusal_messages
from clerk_desktop.prompts import AbsenceRequestsForm, Prompts, Reporter

if TYPE_CHECKING:
    from clerk_desktop.session import DesktopSession


class AbsenceRequests:
    """Opens the requests dialog and runs its calls on the session's ``TaskRunner``."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts, report: Reporter) -> None:
        self.session = session
        self.prompts = prompts
        self.report = report
        self.model = AbsenceListModel(with_clerk=False)
        self.form: AbsenceRequestsForm | None = None

    def open(self) -> None:
        if self.session.api is None:
            self.report.tell(tr("account.offline"))
            return
        self.session.calendar_changed.connect(self.refresh)
        try:
            self.prompts.absence_requests(self.model, self._wire)
        finally:
            self.session.calendar_changed.disconnect(self.refresh)
            self.form = None

    def _wire(self, form: AbsenceRequestsForm) -> None:
        self.form = form
        form.new_requested.connect(self.request)
        form.withdraw_requested.connect(self.withdraw)
        self.refresh()

    def _tell(self, text: str) -> None:
        if self.form is not None:
            self.form.show_status(text)
        self.report.tell(text)

    def refresh(self) -> None:
        api = self.session.api
        if api is None:
            return

        def loaded(rows: list[dict[str, Any]]) -> None:
            self.model.set_rows([Absence.from_json(row) for row in rows])

        self.session.tasks.run(api.my_absences, loaded, self.report.failed, name="my-absences")

    def request(self) -> None:
        api = self.session.api
        if api is None:
            return

        def attempt(values: AbsenceFormValues) -> dict[str, str] | None:
            try:
                wait_for(lambda: api.request_absence(values.body()), tasks=self.session.tasks)
            except Exception as exc:
                return refusal_messages(exc)
            return None

        values = AbsenceFormValues.for_day(None, date.today())
        if self.prompts.absence_form(values, [], attempt, title=tr("absences.request_title")):
            self._tell(tr("absences.requested"))
            self.refresh()

    def withdraw(self, absence_id: int) -> None:
        api = self.session.api
        if api is None:
            return

        def done(_nothing: None) -> None:
            self._tell(tr("absences.withdrawn"))
            self.refresh()

        def refused(exc: Exception) -> None:
            self.report.failed(exc, title=tr("absences.withdraw"), modal=True)
            self.refresh()

        self.session.tasks.run(
            lambda: api.withdraw_absence_request(absence_id), done, refused, name="absence-withdraw"
        )
