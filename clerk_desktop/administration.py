"""«Διαχείριση» for supervisors and admins: the window of tabs, and the staff tab's work over the API.

Each tab is one controller's; the staff tab is the first. Every call runs on the session's
``TaskRunner``; forms save through ``wait_for`` so the server's per-field messages show in the form.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject

from clerk_desktop.absences_admin import AbsencesAdminController
from clerk_desktop.catalogue_admin import CatalogueController
from clerk_desktop.client.api import ApiError
from clerk_desktop.client.tasks import wait_for
from clerk_desktop.closures_admin import ClosuresController
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.role import Role
from clerk_desktop.models.staff_accounts import (
    ServiceChoice,
    StaffAccount,
    StaffFormValues,
    StaffTableModel,
)
from clerk_desktop.password_change import refusal_messages
from clerk_desktop.plans_admin import PlansAdminController
from clerk_desktop.prompts import CoverOpener, Prompts, Reporter
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.admin_window import AdministrationWindow
from clerk_desktop.views.staff_dialogs import StaffFormChoices
from clerk_desktop.views.staff_tab import StaffTab
from clerk_desktop.webhooks_admin import WebhooksController

STAFF_HAS_BOOKINGS = "staff_has_upcoming_bookings"
QUALIFICATION_HAS_BOOKINGS = "qualification_has_upcoming_bookings"
LISTED_BOOKINGS = 12  # more than this are counted, not listed, in the refusal


class AdministrationController(QObject):
    """Opens the administration window once per sign-in and runs its staff tab."""

    def __init__(
        self,
        session: DesktopSession,
        *,
        prompts: Prompts,
        cover: CoverOpener | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.cover = cover  # opens the supervisor's cover plan for a clerk, when that window is there
        self.model = StaffTableModel()
        self.choices: StaffFormChoices | None = None
        self.window: AdministrationWindow | None = None
        self.staff_tab: StaffTab | None = None
        # The other tabs' controllers, made when the window opens (in tab order).
        self.plans: PlansAdminController | None = None
        self.absences_admin: AbsencesAdminController | None = None
        self.catalogue: CatalogueController | None = None
        self.closures: ClosuresController | None = None
        self.webhooks: WebhooksController | None = None  # admins only
        self.report = Reporter(
            notify=self._notify, prompts=prompts, on_password_change=session.require_password_change
        )

    def _notify(self, text: str) -> None:
        if self.staff_tab is not None:
            self.staff_tab.show_status(text)
        if self.window is not None:
            self.window.notify(text)

    def _error(self, exc: Exception) -> None:
        self.report.failed(exc)

    # ------------------------------------------------------------------ the window
    def open(self) -> AdministrationWindow:
        if self.window is not None:
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()
            return self.window
        window = AdministrationWindow()
        tab = StaffTab(self.model)
        window.add_tab(tab, tr("admin.tab.staff"))
        tab.create_requested.connect(self.create)
        tab.edit_requested.connect(self.edit)
        tab.active_change_requested.connect(self.set_active)
        tab.password_reset_requested.connect(self.reset_password)
        tab.refresh_requested.connect(self.refresh)
        self.window, self.staff_tab = window, tab
        self.plans = PlansAdminController(
            self.session, prompts=self.prompts, cover=self.cover, notify=window.notify
        )
        window.add_tab(self.plans.tab, tr("admin.tab.plans"))
        self.plans.refresh()
        self.absences_admin = AbsencesAdminController(
            self.session, prompts=self.prompts, report=self.report, cover=self.cover
        )
        window.add_tab(self.absences_admin.make_tab(), tr("admin.tab.absences"))
        self.catalogue = CatalogueController(self.session, prompts=self.prompts, report=self.report)
        window.add_tab(self.catalogue.make_tab(), tr("catalogue.tab"))
        self.closures = ClosuresController(self.session, prompts=self.prompts)
        window.add_tab(self.closures.open(window), tr("closures.tab"))
        if Role.of((self.session.staff or {}).get("role")) == Role.ADMIN:
            self.webhooks = WebhooksController(self.session, prompts=self.prompts, notify=window.notify)
            window.add_tab(self.webhooks.make_tab(), tr("webhooks.tab"))
        self.refresh()
        self._load_choices()
        self.session.administration_changed.connect(self._changed_elsewhere)
        window.show()
        return window

    def _changed_elsewhere(self, entity: str) -> None:
        """The change feed reports staff or catalogue changes (this desk's or another's): reload them.

        What the user is editing stays: the service form reloads only when unchanged, and the plan
        editor is left alone (its own writes reload it)."""
        if self.window is None:
            return
        if entity == "staff":
            self.refresh()  # the plan tab reloads on its own writes and on «Ανανέωση», never mid-edit
        elif entity == "catalogue":
            if self.catalogue is not None:
                self.catalogue.refresh()
            if self.closures is not None:
                self.closures.refresh()

    def close(self) -> None:
        if self.window is not None:
            self.session.administration_changed.disconnect(self._changed_elsewhere)
        if self.absences_admin is not None:
            self.absences_admin.close()
        if self.closures is not None:
            self.closures.close()
        if self.webhooks is not None:
            self.webhooks.close()
        if self.window is not None:
            self.window.close()
        self.window = self.staff_tab = None
        self.plans = self.absences_admin = self.catalogue = self.closures = self.webhooks = None

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        api = self.session.api
        if api is None:
            return

        def fetch() -> list[StaffAccount]:
            return [StaffAccount.from_json(row) for row in api.staff_accounts()]

        def loaded(accounts: list[StaffAccount]) -> None:
            selected = self.staff_tab.selected() if self.staff_tab is not None else None
            self.model.set_accounts(accounts)
            if selected is not None and self.staff_tab is not None:
                self.staff_tab.select(selected.id)

        self.session.tasks.run(fetch, loaded, self._error, name="staff-accounts")

    def _load_choices(self) -> None:
        """The roles, municipalities and services the form offers (one municipality for a supervisor)."""
        api, me = self.session.api, self.session.staff
        if api is None or me is None:
            return
        is_admin = Role.of(me.get("role")) == Role.ADMIN
        my_id = int(me["id"])

        def fetch() -> StaffFormChoices:
            home = api.staff_account(my_id).get("municipality")
            municipalities: list[tuple[str, str]] = []
            if is_admin:
                key = "name_en" if language() == "en" else "name_el"
                municipalities = [(str(m["slug"]), str(m[key])) for m in api.municipalities()]
                slugs = [slug for slug, _name in municipalities]
            else:
                slugs = [str(home)] if home else []
            services = {
                slug: [ServiceChoice.from_json(row) for row in api.services_of(slug)] for slug in slugs
            }
            roles = [Role.CLERK, Role.SUPERVISOR, *([Role.ADMIN, Role.DPO] if is_admin else [])]
            return StaffFormChoices(roles, services, municipalities, home or (slugs[0] if slugs else None))

        def loaded(choices: StaffFormChoices) -> None:
            self.choices = choices
            self.model.set_services([s for services in choices.services.values() for s in services])

        self.session.tasks.run(fetch, loaded, self._error, name="staff-form-choices")

    def _ready(self) -> tuple[Any, StaffFormChoices] | None:
        api = self.session.api
        if api is None or self.choices is None:
            self.report.tell(tr("admin.loading"))
            return None
        return api, self.choices

    # ------------------------------------------------------------------ create and edit
    def create(self) -> None:
        ready = self._ready()
        if ready is None:
            return
        api, choices = ready
        issued: dict[str, Any] = {}

        def attempt(values: StaffFormValues) -> dict[str, str] | None:
            try:
                row = wait_for(lambda: api.create_staff(values.body(None)), tasks=self.session.tasks)
            except Exception as exc:
                return refusal_messages(exc)
            issued.update(row)
            return None

        values = StaffFormValues(role=Role.CLERK, municipality=choices.home)
        if not self.prompts.staff_form(values, choices, attempt, creating=True) or not issued:
            return
        self.report.tell(tr("admin.created", name=issued["display_name"]))
        self.refresh()
        self.prompts.password_issued(str(issued["display_name"]), dict(issued["password_setup"]))

    def edit(self, staff_id: int) -> None:
        ready = self._ready()
        account = self.model.account(self.model.row_of(staff_id))
        if ready is None or account is None:
            return
        api, choices = ready
        original = account.form_values()

        def attempt(values: StaffFormValues) -> dict[str, str] | None:
            changes = values.body(original)
            if not changes:
                return None
            try:
                wait_for(lambda: api.edit_staff(staff_id, changes), tasks=self.session.tasks)
            except ApiError as exc:
                if exc.code == STAFF_HAS_BOOKINGS:
                    return {"": self._bookings_text(exc)}
                if exc.code == QUALIFICATION_HAS_BOOKINGS:
                    return {"qualifications": self._bookings_text(exc, "admin.qualification_has_bookings")}
                return refusal_messages(exc)
            except Exception as exc:
                return refusal_messages(exc)
            self.report.tell(tr("admin.saved", name=values.display_name.strip()))
            return None

        if self.prompts.staff_form(original, choices, attempt, creating=False):
            self.refresh()

    # ------------------------------------------------------------------ deactivate, reactivate
    def set_active(self, staff_id: int, active: bool) -> None:
        api = self.session.api
        account = self.model.account(self.model.row_of(staff_id))
        if api is None or account is None:
            return
        if not active:
            answer = self.prompts.choose(
                tr("admin.deactivate_title"),
                tr("admin.deactivate_question", name=account.display_name),
                [("deactivate", tr("admin.deactivate"))],
            )
            if answer != "deactivate":
                return

        def done(_row: dict[str, Any]) -> None:
            key = "admin.reactivated" if active else "admin.deactivated"
            self.report.tell(tr(key, name=account.display_name))
            self.refresh()

        def refused(exc: Exception) -> None:
            if isinstance(exc, ApiError) and exc.code == STAFF_HAS_BOOKINGS:
                self._bookings_hold(account, exc)
            else:
                self.report.failed(exc, title=tr("admin.deactivate_title"), modal=True)

        self.session.tasks.run(
            lambda: api.edit_staff(staff_id, {"active": active}), done, refused, name="staff-active"
        )

    def _bookings_text(self, exc: ApiError, intro: str = "admin.has_bookings") -> str:
        bookings = list(exc.body.get("bookings", []))
        lines = [tr(intro, count=len(bookings))]
        for booking in bookings[:LISTED_BOOKINGS]:
            start = datetime.fromisoformat(str(booking["start"])).astimezone(ATHENS)
            lines.append(f"  • {start:%d/%m/%Y %H:%M}  {booking['reference']}")
        if len(bookings) > LISTED_BOOKINGS:
            lines.append(tr("admin.more_bookings", count=len(bookings) - LISTED_BOOKINGS))
        return "\n".join(lines)

    def _bookings_hold(self, account: StaffAccount, exc: ApiError) -> None:
        """Deactivation refused over upcoming bookings: list them and offer the cover plan."""
        text = self._bookings_text(exc)
        self.report.tell(tr("admin.has_bookings", count=len(exc.body.get("bookings", []))))
        if self.cover is None:
            self.prompts.warn(tr("admin.deactivate_title"), f"{text}\n\n{tr('admin.cover_elsewhere')}")
            return
        answer = self.prompts.choose(
            tr("admin.deactivate_title"),
            f"{text}\n\n{tr('admin.cover_offer')}",
            [("cover", tr("admin.open_cover"))],
        )
        if answer == "cover":
            self.cover(account.id)

    # ------------------------------------------------------------------ passwords
    def reset_password(self, staff_id: int) -> None:
        api = self.session.api
        account = self.model.account(self.model.row_of(staff_id))
        if api is None or account is None:
            return
        method = self.prompts.choose(
            tr("admin.reset_title"),
            tr("admin.reset_question", name=account.display_name),
            [("link", tr("admin.setup.link")), ("temporary", tr("admin.setup.temporary"))],
        )
        if method is None:
            return

        def issued(issue: dict[str, Any]) -> None:
            self.report.tell(tr("admin.reset_done", name=account.display_name))
            self.prompts.password_issued(account.display_name, dict(issue))

        def refused(exc: Exception) -> None:
            self.report.failed(exc, title=tr("admin.reset_title"), modal=True)

        self.session.tasks.run(
            lambda: api.reset_password(staff_id, method), issued, refused, name="password-reset"
        )
