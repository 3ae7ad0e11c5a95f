"""«Σύνδεσμος ημερολογίου (Outlook)…»: show the current feed link; replace it only when confirmed.

Opening the dialog must never change the link (an Outlook subscription would break silently), so it
reads the current one; a rotation is a separate action the clerk confirms after being told that the
old link stops working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clerk_desktop.i18n import tr
from clerk_desktop.prompts import CalendarLinkForm, Prompts, Reporter, describe

if TYPE_CHECKING:
    from clerk_desktop.session import DesktopSession

ROTATE = "rotate"


class CalendarLinkActions:
    """What the calendar-link menu item does; every call to the server runs off the GUI thread."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts, report: Reporter) -> None:
        self.session = session
        self.prompts = prompts
        self.report = report

    def show(self) -> None:
        api = self.session.api
        if api is None:
            self.report.tell(tr("account.offline"))
            return
        self.session.tasks.run(api.calendar_link, self._open, self._failed, name="calendar-link")

    def _open(self, url: str) -> None:
        self.prompts.calendar_link_form(url, self._wire)

    def _wire(self, form: CalendarLinkForm) -> None:
        form.rotate_requested.connect(lambda: self.rotate(form))

    def rotate(self, form: CalendarLinkForm) -> None:
        """Ask first: the old link stops working and Outlook must be given the new one."""
        answer = self.prompts.choose(
            tr("feedlink.rotate_title"),
            tr("feedlink.rotate_question"),
            [(ROTATE, tr("feedlink.rotate_confirm"))],
        )
        api = self.session.api
        if answer != ROTATE or api is None:
            return
        form.set_busy()
        self.session.tasks.run(
            api.rotate_calendar_link,
            form.show_url,
            lambda exc: self._rotation_failed(form, exc),
            name="calendar-link-rotate",
        )

    def _rotation_failed(self, form: CalendarLinkForm, exc: Exception) -> None:
        form.show_status(describe(exc))
        self.report.failed(exc)

    def _failed(self, exc: Exception) -> None:
        self.report.failed(exc, title=tr("error.title"), modal=True)
