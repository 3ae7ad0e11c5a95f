"""The «Ωράριο» tab's work over the API: load a clerk's plan, save or delete a version, one-off days.

Every call runs on the session's ``TaskRunner``. A change the server refuses because it would
leave bookings outside working time (409 ``bookings_outside_plan``) lists those bookings and
offers the cover plan for the clerk, saving anyway, or nothing; the same for every kind of change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject

from clerk_desktop.client.api import ApiError
from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.plan_model import ClerkPlan, ExceptionValues, PlanExceptionRow, PlanModel
from clerk_desktop.models.role import Role
from clerk_desktop.models.staff_accounts import StaffAccount
from clerk_desktop.prompts import CoverOpener, Prompts, Reporter
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.plans_tab import NEW_VERSION, PlansTab, next_monday

OUTSIDE_PLAN = "bookings_outside_plan"
LISTED_BOOKINGS = 12  # more than this are counted, not listed


class PlansAdminController(QObject):
    """Runs one «Ωράριο» tab: which clerk and version it shows, and every write it asks for."""

    def __init__(
        self,
        session: DesktopSession,
        *,
        prompts: Prompts,
        cover: CoverOpener | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.cover = cover  # opens the supervisor's cover plan for a clerk, when that window is there
        self._told = ""  # the status a reload puts back
        self.model = PlanModel()
        self.tab = PlansTab(self.model)
        self.plan: ClerkPlan | None = None
        self.exceptions: list[PlanExceptionRow] = []
        self._window_notify = notify
        self.report = Reporter(
            notify=self._notify, prompts=prompts, on_password_change=session.require_password_change
        )
        tab = self.tab
        tab.clerk_chosen.connect(self._clerk_chosen)
        tab.version_chosen.connect(self._version_chosen)
        tab.save_requested.connect(lambda: self.save())
        tab.delete_requested.connect(lambda: self.delete_version())
        tab.refresh_requested.connect(self.refresh)
        tab.exception_add_requested.connect(lambda values: self.add_exception(values))
        tab.exception_remove_requested.connect(lambda exception_id: self.remove_exception(exception_id))

    def _notify(self, text: str) -> None:
        self.tab.show_status(text)
        if self._window_notify is not None:
            self._window_notify(text)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """The clerks again, then the chosen clerk's plan (the first clerk's at the start)."""
        api = self.session.api
        if api is None:
            return

        def fetch() -> list[tuple[int, str]]:
            accounts = [StaffAccount.from_json(row) for row in api.staff_accounts()]
            clerks = [a for a in accounts if a.active and a.role == Role.CLERK]
            return [(a.id, a.display_name) for a in sorted(clerks, key=lambda a: a.display_name)]

        def loaded(clerks: list[tuple[int, str]]) -> None:
            self.tab.set_clerks(clerks)
            staff_id = self.tab.chosen_clerk()
            if staff_id is None:
                self.report.tell(tr("plans.pick_clerk"))
                return
            self.load(staff_id, chosen=self.tab.chosen_version() if self.plan else None)

        self.session.tasks.run(fetch, loaded, self.report.failed, name="plan-clerks")

    def load(self, staff_id: int, *, chosen: str | None = None) -> None:
        """Fetch a clerk's plan and one-off days; show ``chosen`` (default: the version in force)."""
        api = self.session.api
        if api is None:
            return
        # What the last write said stays once the plan is back, also when a second load (the change
        # feed's) starts while the first still shows «Φόρτωση…».
        shown = self.tab.status.text()
        if shown != tr("plans.loading"):
            self._told = shown
        told = self._told
        self.tab.show_status(tr("plans.loading"))

        def fetch() -> tuple[ClerkPlan, list[PlanExceptionRow]]:
            plan = ClerkPlan.from_json(api.working_plan(staff_id))
            return plan, [PlanExceptionRow.from_json(row) for row in api.plan_exceptions(staff_id)]

        def loaded(answer: tuple[ClerkPlan, list[PlanExceptionRow]]) -> None:
            if self.tab.chosen_clerk() != staff_id:
                return  # another clerk was chosen meanwhile
            plan, exceptions = answer
            self.plan, self.exceptions = plan, exceptions
            version = chosen
            if version is None or (
                version != NEW_VERSION and plan.version(date.fromisoformat(version)) is None
            ):
                version = plan.current.effective_from.isoformat() if plan.current else NEW_VERSION
            self.tab.set_plan(plan, version)
            self.tab.set_exceptions(exceptions)
            self.tab.show_status(told)
            self._show(version)

        self.session.tasks.run(fetch, loaded, self.report.failed, name="working-plan")

    def _show(self, chosen: str) -> None:
        """Put a version in the editor; the plan in force is edited as a new version from next Monday."""
        plan = self.plan
        if plan is None:
            return
        self.tab.show_field_errors({})
        if chosen == NEW_VERSION:
            source = plan.later[-1] if plan.later else plan.current
            self.model.set_periods(source.periods if source else ())
            self.model.dirty = True
            self.tab.show_version(next_monday(plan.today), deletable=False)
            return
        version = plan.version(date.fromisoformat(chosen))
        self.model.set_periods(version.periods if version else ())
        later = version is not None and version.effective_from > plan.today
        when = version.effective_from if version is not None and later else next_monday(plan.today)
        self.tab.show_version(when, deletable=later)

    def _may_leave(self) -> bool:
        """Unsaved drawing is only thrown away when the supervisor says so."""
        if not self.model.dirty:
            return True
        return self.prompts.choose(
            tr("plans.editor"), tr("plans.unsaved"), [("discard", tr("plans.discard"))]
        ) == ("discard")

    def _clerk_chosen(self, staff_id: int) -> None:
        if self.plan is not None and self.plan.staff_id == staff_id:
            return
        if not self._may_leave():
            if self.plan is not None:
                self.tab.choose_clerk(self.plan.staff_id)
            return
        self.plan = None
        self.load(staff_id)

    def _version_chosen(self, chosen: str) -> None:
        if self.plan is None:
            return
        if not self._may_leave():
            return
        self.tab.set_plan(self.plan, chosen)
        self._show(chosen)

    # ------------------------------------------------------------------ writes
    def save(self, *, confirm_orphans: bool = False) -> None:
        """PUT the editor's week from the chosen date; warnings and stranded bookings are told."""
        api, plan = self.session.api, self.plan
        if api is None or plan is None:
            self.report.tell(tr("plans.pick_clerk"))
            return
        staff_id, effective_from = plan.staff_id, self.tab.chosen_date()
        body = self.model.body(effective_from)
        name = self.tab.clerk.currentText()

        def saved(answer: dict[str, Any]) -> None:
            self.model.dirty = False
            self.tab.show_field_errors({})
            self.report.tell(tr("plans.saved", name=name, day=f"{effective_from:%d/%m/%Y}"))
            self._after_write(answer, staff_id, effective_from.isoformat())

        self.session.tasks.run(
            lambda: api.put_working_plan(staff_id, body, confirm_orphans=confirm_orphans),
            saved,
            lambda exc: self._refused(exc, staff_id, lambda: self.save(confirm_orphans=True)),
            name="working-plan-save",
        )

    def delete_version(self, *, confirm_orphans: bool = False) -> None:
        """Delete the chosen later version, after asking; the version before it continues."""
        api, plan = self.session.api, self.plan
        chosen = self.tab.chosen_version()
        if api is None or plan is None or chosen == NEW_VERSION:
            return
        effective_from = date.fromisoformat(chosen)
        if effective_from <= plan.today:
            self.report.warn(tr("plans.delete_title"), tr("plans.only_later"))
            return
        day = f"{effective_from:%d/%m/%Y}"
        if not confirm_orphans:
            answer = self.prompts.choose(
                tr("plans.delete_title"),
                tr("plans.delete_question", day=day),
                [("delete", tr("plans.delete"))],
            )
            if answer != "delete":
                return
        staff_id = plan.staff_id

        def deleted(answer: dict[str, Any]) -> None:
            self.model.dirty = False
            self.report.tell(tr("plans.deleted", day=day))
            self._after_write(answer, staff_id, None)

        self.session.tasks.run(
            lambda: api.delete_plan_version(staff_id, effective_from, confirm_orphans=confirm_orphans),
            deleted,
            lambda exc: self._refused(exc, staff_id, lambda: self.delete_version(confirm_orphans=True)),
            name="working-plan-delete",
        )

    def add_exception(self, values: ExceptionValues, *, confirm_orphans: bool = False) -> None:
        api, plan = self.session.api, self.plan
        if api is None or plan is None:
            return
        staff_id = plan.staff_id

        def added(answer: dict[str, Any]) -> None:
            row = PlanExceptionRow.from_json(answer)
            self.report.tell(tr("plans.exception.added", what=row.describe()))
            self._told_outside(answer)
            self.load(staff_id, chosen=self.tab.chosen_version())

        self.session.tasks.run(
            lambda: api.add_plan_exception(staff_id, values.body(), confirm_orphans=confirm_orphans),
            added,
            lambda exc: self._refused(
                exc, staff_id, lambda: self.add_exception(values, confirm_orphans=True)
            ),
            name="plan-exception-add",
        )

    def remove_exception(self, exception_id: int, *, confirm_orphans: bool = False) -> None:
        api, plan = self.session.api, self.plan
        if api is None or plan is None:
            return
        staff_id = plan.staff_id
        row = next((r for r in self.exceptions if r.id == exception_id), None)
        what = row.describe() if row is not None else str(exception_id)

        def removed(answer: dict[str, Any]) -> None:
            self.report.tell(tr("plans.exception.removed", what=what))
            self._told_outside(answer)
            self.load(staff_id, chosen=self.tab.chosen_version())

        self.session.tasks.run(
            lambda: api.remove_plan_exception(exception_id, confirm_orphans=confirm_orphans),
            removed,
            lambda exc: self._refused(
                exc, staff_id, lambda: self.remove_exception(exception_id, confirm_orphans=True)
            ),
            name="plan-exception-remove",
        )

    # ------------------------------------------------------------------ answers
    def _after_write(self, answer: dict[str, Any], staff_id: int, chosen: str | None) -> None:
        warnings = [str(w) for w in answer.get("warnings", [])]
        if warnings:
            self.report.warn(tr("plans.warnings_title"), "\n".join(warnings))
        self._told_outside(answer)
        self.load(staff_id, chosen=chosen)

    def _told_outside(self, answer: dict[str, Any]) -> None:
        accepted = list(answer.get("bookings_outside_plan", []))
        if accepted:
            self.report.tell(tr("plans.accepted_outside", count=len(accepted)))

    def _refused(self, exc: Exception, staff_id: int, anyway: Callable[[], None]) -> None:
        """409 with bookings: list them and offer cover / save anyway; 422: the messages per field."""
        if isinstance(exc, ApiError) and exc.code == OUTSIDE_PLAN:
            self._outside(exc, staff_id, anyway)
            return
        if isinstance(exc, ApiError) and exc.fields:
            self.tab.show_field_errors(exc.fields)
        self.report.failed(exc, title=tr("plans.refused_title"), modal=True)

    def _outside(self, exc: ApiError, staff_id: int, anyway: Callable[[], None]) -> None:
        bookings = list(exc.body.get("bookings", []))
        lines = [tr("plans.outside", count=len(bookings))]
        for booking in bookings[:LISTED_BOOKINGS]:
            start = datetime.fromisoformat(str(booking["start"])).astimezone(ATHENS)
            lines.append(f"  • {start:%d/%m/%Y %H:%M}  {booking['reference']}")
        if len(bookings) > LISTED_BOOKINGS:
            lines.append(tr("plans.outside_more", count=len(bookings) - LISTED_BOOKINGS))
        lines += ["", tr("plans.outside_offer")]
        self.report.tell(lines[0])
        options = [("cover", tr("plans.open_cover"))] if self.cover is not None else []
        answer = self.prompts.choose(
            tr("plans.outside_title"), "\n".join(lines), [*options, ("anyway", tr("plans.save_anyway"))]
        )
        if answer == "cover" and self.cover is not None:
            days = [datetime.fromisoformat(str(b["start"])).astimezone(ATHENS).date() for b in bookings]
            self.cover(staff_id, min(days), max(days))
        elif answer == "anyway":
            anyway()
