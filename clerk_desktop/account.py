"""«Ο λογαριασμός μου» for every staff member: their display name, Teams link, password, absence requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clerk_desktop.absence_requests import AbsenceRequests
from clerk_desktop.client.tasks import wait_for
from clerk_desktop.i18n import tr
from clerk_desktop.password_change import ask_new_password, refusal_messages
from clerk_desktop.prompts import Prompts, Reporter
from clerk_desktop.views.account_dialogs import AccountValues

if TYPE_CHECKING:
    from clerk_desktop.session import DesktopSession


class AccountActions:
    """What the «Ο λογαριασμός μου» menu does, for the clerk's and the supervisor's window alike."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts, report: Reporter) -> None:
        self.session = session
        self.prompts = prompts
        self.report = report
        self.absences = AbsenceRequests(session, prompts=prompts, report=report)

    def change_password(self) -> None:
        api = self.session.api
        if api is None:
            self.report.tell(tr("account.offline"))
            return
        if ask_new_password(api, self.session.tasks, self.prompts, forced=False):
            self.report.tell(tr("account.password_changed"))

    def my_account(self) -> None:
        session, api = self.session, self.session.api
        me = session.staff
        if api is None or me is None:
            self.report.tell(tr("account.offline"))
            return
        staff_id = int(me["id"])
        values = AccountValues(str(me.get("name") or ""), str(me.get("teams_link") or ""))

        def attempt(new: AccountValues) -> dict[str, str] | None:
            changes: dict[str, Any] = {}
            if new.display_name != values.display_name:
                changes["display_name"] = new.display_name
            if new.teams_link != values.teams_link:
                changes["teams_link"] = new.teams_link
            if not changes:
                return None
            try:
                row = wait_for(lambda: api.edit_staff(staff_id, changes), tasks=session.tasks)
            except Exception as exc:
                return refusal_messages(exc)
            me.update(name=row.get("name"), teams_link=row.get("teams_link"))
            self.report.tell(tr("account.saved"))
            return None

        self.prompts.my_account(
            values,
            attempt,
            self.change_password,
            str(me.get("username") or ""),
            absence_requests=self.absences.open,
        )
