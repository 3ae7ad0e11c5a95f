"""The «Αργίες και κλεισίματα» tab's work over the API: list, add (and offer new times), delete.

Every call runs on the session's ``TaskRunner``; the form saves through ``wait_for`` so the server's
per-field messages show in the form. A closure over open bookings lists them, and the supervisor
chooses whether the citizens get an e-mail offering a new time (``POST /bookings/offer-reschedule``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject

from clerk_desktop.client.tasks import wait_for
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.closures import (
    AffectedBooking,
    Closure,
    ClosureFormValues,
    ClosureTableModel,
    HolidayTableModel,
    NationalHoliday,
)
from clerk_desktop.models.role import Role
from clerk_desktop.password_change import refusal_messages
from clerk_desktop.prompts import Prompts, Reporter
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.admin_window import AdministrationWindow
from clerk_desktop.views.closures_tab import ClosuresTab


@dataclass(frozen=True)
class ClosureScope:
    """Whose closures the tab shows: a supervisor's own municipality, or the one an admin picks."""

    municipalities: list[tuple[str, str]]  # (slug, name); admins only
    home: str | None


class ClosuresController(QObject):
    """Runs the closures tab of one administration window."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.closures = ClosureTableModel()
        self.holidays = HolidayTableModel()
        self.slug: str | None = None
        self.tab: ClosuresTab | None = None
        self.window: AdministrationWindow | None = None
        self.loads = 0  # finished loads, so a test (or a screenshot) can wait for a fresh one
        self.report = Reporter(
            notify=self._notify, prompts=prompts, on_password_change=session.require_password_change
        )

    def _notify(self, text: str) -> None:
        if self.tab is not None:
            self.tab.show_status(text)
        if self.window is not None:
            self.window.notify(text)

    def _error(self, exc: Exception) -> None:
        self.report.failed(exc)

    def open(self, window: AdministrationWindow) -> ClosuresTab:
        """The tab for ``window``, wired and loading."""
        tab = ClosuresTab(self.closures, self.holidays)
        tab.create_requested.connect(self.create)
        tab.delete_requested.connect(self.delete)
        tab.refresh_requested.connect(self.refresh)
        tab.municipality_chosen.connect(self.choose_municipality)
        self.tab, self.window = tab, window
        self._load_scope()
        return tab

    def close(self) -> None:
        self.tab = self.window = None

    # ------------------------------------------------------------------ loading
    def _load_scope(self) -> None:
        api, me = self.session.api, self.session.staff
        if api is None or me is None:
            return
        is_admin = Role.of(me.get("role")) == Role.ADMIN
        my_id = int(me["id"])

        def fetch() -> ClosureScope:
            home = api.staff_account(my_id).get("municipality")
            if not is_admin:
                return ClosureScope([], str(home) if home else None)
            key = "name_en" if language() == "en" else "name_el"
            municipalities = [(str(m["slug"]), str(m[key])) for m in api.municipalities()]
            first = home or (municipalities[0][0] if municipalities else None)
            return ClosureScope(municipalities, str(first) if first else None)

        def loaded(scope: ClosureScope) -> None:
            self.slug = scope.home
            if self.tab is not None:
                self.tab.set_municipalities(scope.municipalities, scope.home)
            self.refresh()

        self.session.tasks.run(fetch, loaded, self._error, name="closure-scope")

    def choose_municipality(self, slug: str) -> None:
        self.slug = slug
        self.refresh()

    def refresh(self) -> None:
        api, slug = self.session.api, self.slug
        if api is None or slug is None:
            return

        def fetch() -> tuple[list[Closure], list[NationalHoliday]]:
            body = api.closures(slug)
            return (
                [Closure.from_json(row) for row in body["closures"]],
                [NationalHoliday.from_json(row) for row in body["national_holidays"]],
            )

        def loaded(lists: tuple[list[Closure], list[NationalHoliday]]) -> None:
            if slug != self.slug:  # an admin picked another municipality meanwhile
                return
            selected = self.tab.selected() if self.tab is not None else None
            self.closures.set_closures(lists[0])
            self.holidays.set_holidays(lists[1])
            if selected is not None and self.tab is not None:
                self.tab.select(selected.id)
            self.loads += 1

        self.session.tasks.run(fetch, loaded, self._error, name="closures")

    # ------------------------------------------------------------------ add
    def create(self) -> None:
        api, slug = self.session.api, self.slug
        if api is None or slug is None:
            self.report.tell(tr("admin.loading"))
            return
        saved: dict[str, Any] = {}

        def attempt(values: ClosureFormValues) -> dict[str, str] | None:
            try:
                answer = wait_for(lambda: api.add_closure(slug, values.body()), tasks=self.session.tasks)
            except Exception as exc:
                return refusal_messages(exc)
            saved.update(answer)
            return None

        today = datetime.now(ATHENS).date()
        if not self.prompts.closure_form(ClosureFormValues(on=today), attempt, today=today) or not saved:
            return
        closure = Closure.from_json(saved["closure"])
        self.report.tell(tr("closures.added", name=closure.name))
        self.refresh()
        affected = [AffectedBooking.from_json(row) for row in saved.get("affected_bookings", [])]
        if affected:
            references = [str(r) for r in saved.get("offer_reschedule", {}).get("references", [])]
            self._offer(closure, affected, references)

    def _offer(self, closure: Closure, affected: list[AffectedBooking], references: list[str]) -> None:
        """List the bookings the closure falls on; on «Αποστολή» e-mail their citizens an offer."""
        api = self.session.api
        if not self.prompts.closure_affected(closure.name, affected):
            self.report.tell(tr("closures.not_offered"))
            return
        if api is None or not references:
            self.report.tell(tr("closures.offered", offered=0, skipped=len(affected)))
            return

        def done(result: dict[str, Any]) -> None:
            offered, skipped = list(result.get("offered", [])), list(result.get("skipped", []))
            self.report.tell(tr("closures.offered", offered=len(offered), skipped=len(skipped)))

        def refused(exc: Exception) -> None:
            self.report.failed(exc, title=tr("closures.affected.title"), modal=True)

        self.session.tasks.run(lambda: api.offer_reschedule(references), done, refused, name="closure-offer")

    # ------------------------------------------------------------------ delete
    def delete(self, closure_id: int) -> None:
        api = self.session.api
        closure = self.closures.closure(self.closures.row_of(closure_id))
        if api is None or closure is None:
            return
        answer = self.prompts.choose(
            tr("closures.delete_title"),
            tr("closures.delete_question", name=closure.name, rule=closure.describe()),
            [("delete", tr("closures.delete"))],
        )
        if answer != "delete":
            return

        def done(_nothing: None) -> None:
            self.report.tell(tr("closures.deleted", name=closure.name))
            self.refresh()

        def refused(exc: Exception) -> None:
            self.report.failed(exc, title=tr("closures.delete_title"), modal=True)
            self.refresh()

        self.session.tasks.run(lambda: api.delete_closure(closure_id), done, refused, name="closure-delete")
