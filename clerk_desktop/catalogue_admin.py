"""The «Υπηρεσίες» tab's work over the API: load a municipality's catalogue, edit, create, retire.

Every call runs on the session's ``TaskRunner``; saving waits (``wait_for``) so the server's per-field
messages land in the form and an unsaved service is never left behind silently. Which fields a reader
may change comes from the server (``editable_service_fields``), so the desktop mirrors its policy.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from clerk_desktop.client.tasks import wait_for
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.catalogue import (
    Catalogue,
    CatalogueGroup,
    GroupValues,
    MunicipalityValues,
    ServiceValues,
)
from clerk_desktop.models.catalogue_items import CatalogueTreeModel, DocumentListModel
from clerk_desktop.models.role import Role
from clerk_desktop.password_change import refusal_messages
from clerk_desktop.prompts import Prompts, Reporter
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.catalogue_tab import CatalogueTab


class CatalogueController(QObject):
    """Runs one ``CatalogueTab``: the municipality shown, the service in the form, and its saving."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts, report: Reporter) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.report = report
        self.tree = CatalogueTreeModel()
        self.documents = DocumentListModel()
        self.tab: CatalogueTab | None = None
        self.slug: str | None = None
        self.catalogue: Catalogue | None = None
        self.service_id: int | None = None  # the service in the form (None: nothing, or a new one)
        self.group_id: int | None = None  # the group chosen last (where a new service goes)
        self.creating = False
        self.original: ServiceValues | None = None

    def make_tab(self) -> CatalogueTab:
        tab = CatalogueTab(self.tree, self.documents)
        tab.municipality_chosen.connect(self.choose_municipality)
        tab.service_chosen.connect(self.choose_service)
        tab.group_chosen.connect(self.choose_group)
        tab.show_retired_changed.connect(self._show_retired)
        tab.save_requested.connect(self.save)
        tab.new_service_requested.connect(self.new_service)
        tab.active_change_requested.connect(self.set_active)
        tab.new_group_requested.connect(self.new_group)
        tab.edit_group_requested.connect(self.edit_group)
        tab.municipality_settings_requested.connect(self.municipality_settings)
        tab.refresh_requested.connect(self.refresh)
        self.tab = tab
        self._start()
        return tab

    def _tell(self, text: str) -> None:
        if self.tab is not None:
            self.tab.show_status(text)
        self.report.tell(text)

    # ------------------------------------------------------------------ loading
    def _start(self) -> None:
        """Find the municipalities this reader may run (an admin: all; a supervisor: theirs), load one."""
        api, me = self.session.api, self.session.staff
        if api is None or me is None:
            return
        is_admin = Role.of(me.get("role")) == Role.ADMIN
        my_id = int(me["id"])

        def fetch() -> tuple[list[tuple[str, str]], str | None]:
            home = api.staff_account(my_id).get("municipality")
            if not is_admin:
                return [], str(home) if home else None
            key = "name_en" if language() == "en" else "name_el"
            listed = [(str(m["slug"]), str(m[key])) for m in api.municipalities()]
            return listed, str(home) if home else (listed[0][0] if listed else None)

        def found(answer: tuple[list[tuple[str, str]], str | None]) -> None:
            listed, chosen = answer
            if self.tab is not None:
                self.tab.set_municipalities(listed, chosen)
            if chosen:
                self.slug = chosen
                self.refresh()

        self.session.tasks.run(fetch, found, self.report.failed, name="catalogue-municipalities")

    def refresh(self) -> None:
        api, slug = self.session.api, self.slug
        if api is None or slug is None:
            return

        def loaded(body: dict[str, Any]) -> None:
            if slug == self.slug:
                self._show_catalogue(Catalogue.from_json(body))

        self.session.tasks.run(lambda: api.catalogue(slug), loaded, self.report.failed, name="catalogue")

    def _show_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.tree.set_catalogue(catalogue)
        if self.tab is None:
            return
        self.tab.set_admin(catalogue.is_admin_view)
        self.tab.form.set_groups([(g.id, g.name) for g in catalogue.groups])
        if self.creating:
            return
        service = catalogue.service(self.service_id) if self.service_id is not None else None
        if service is None:  # nothing chosen yet (or it went): open on the first service, not a blank form
            service = next((s for g in catalogue.groups for s in g.services if s.active), None)
            self.service_id = service.id if service is not None else None
        if service is None:
            self.service_id = self.original = None
            self.tab.show_service(None, active=True, admin=catalogue.is_admin_view)
            return
        if not self.dirty():  # reload what the server now holds; never drop what the user typed
            self._load_service(service.id)
        self.tab.select("service", service.id)

    def _show_retired(self, show: bool) -> None:
        self.tree.set_show_retired(show)
        if self.tab is not None and self.service_id is not None:
            self.tab.select("service", self.service_id)

    # ------------------------------------------------------------------ choosing
    def dirty(self) -> bool:
        """Has the user changed the form since the service was loaded?"""
        if self.tab is None or self.original is None:
            return False
        current = self.tab.form.values()
        return bool(current.changes(self.original)) or (self.creating and current.slug != self.original.slug)

    def _may_leave(self) -> bool:
        """Ask to save or discard unsaved changes; False keeps the user where they are."""
        if not self.dirty():
            return True
        answer = self.prompts.choose(
            tr("catalogue.unsaved_title"),
            tr("catalogue.unsaved_question"),
            [("save", tr("admin.save")), ("discard", tr("catalogue.discard"))],
        )
        if answer == "discard":
            return True
        return answer == "save" and self.save()

    def _stay(self) -> None:
        if self.tab is not None:
            if self.service_id is not None:
                self.tab.select("service", self.service_id)
            elif self.group_id is not None:
                self.tab.select("group", self.group_id)

    def choose_municipality(self, slug: str) -> None:
        if slug == self.slug:
            return
        if not self._may_leave():
            if self.tab is not None and self.slug is not None:
                self.tab.set_municipalities(
                    [
                        (self.tab.municipality.itemData(i), self.tab.municipality.itemText(i))
                        for i in range(self.tab.municipality.count())
                    ],
                    self.slug,
                )
            return
        self.slug, self.service_id, self.group_id, self.original, self.creating = (
            slug,
            None,
            None,
            None,
            False,
        )
        self.tree.set_catalogue(None)
        self.refresh()

    def choose_service(self, service_id: int) -> None:
        if service_id == self.service_id and not self.creating:
            return
        if not self._may_leave():
            self._stay()
            return
        self._load_service(service_id)

    def choose_group(self, group_id: int) -> None:
        self.group_id = group_id

    def _load_service(self, service_id: int) -> None:
        service = self.catalogue.service(service_id) if self.catalogue is not None else None
        if service is None or self.tab is None or self.catalogue is None:
            return
        self.service_id, self.group_id, self.creating = service.id, service.values.group_id, False
        self.original = service.values
        self.tab.form.load(service.values, creating=False)
        self.tab.form.set_editable(self.catalogue.editable_fields, creating=False)
        title = service.name if service.active else f"{service.name} {tr('catalogue.retired_mark')}"
        self.tab.show_service(title, active=service.active, admin=self.catalogue.is_admin_view)

    def select_service(self, service_id: int) -> None:
        """Choose a service as a click in the tree does (asks about unsaved changes first)."""
        if self.tab is not None:
            index = self.tree.index_of("service", service_id)
            self.tab.tree.setCurrentIndex(index)

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Create the new service, or PATCH only the changed fields; True when the server took it."""
        api, tab, slug = self.session.api, self.tab, self.slug
        if api is None or tab is None or slug is None or self.original is None:
            return False
        values = tab.form.values()
        try:
            if self.creating:
                row = wait_for(lambda: api.create_service(slug, values.body()), tasks=self.session.tasks)
            else:
                service_id = self.service_id
                changes = values.changes(self.original)
                if not changes or service_id is None:
                    self._tell(tr("catalogue.nothing_changed"))
                    return True
                row = wait_for(lambda: api.edit_service(service_id, changes), tasks=self.session.tasks)
        except Exception as exc:
            tab.form.show_errors(refusal_messages(exc))
            self._tell(tr("catalogue.not_saved"))
            return False
        tab.form.show_errors({})
        self.service_id, self.creating = int(row["id"]), False
        self.original = None  # the form reloads from the server's answer in ``refresh``
        self._tell(tr("catalogue.saved", name=values.name_en if language() == "en" else values.name_el))
        self.refresh()
        return True

    def new_service(self) -> None:
        """An empty form for a new service in the chosen group (admins)."""
        if self.catalogue is None or self.tab is None or not self.catalogue.groups:
            return
        if not self._may_leave():
            return
        chosen = self.catalogue.group(self.group_id or 0)
        group_id = chosen.id if chosen is not None else self.catalogue.groups[0].id
        values = ServiceValues(group_id=group_id)
        self.service_id, self.creating, self.original = None, True, values
        self.tab.form.load(values, creating=True)
        self.tab.form.set_editable(self.catalogue.editable_fields, creating=True)
        self.tab.show_service(tr("catalogue.new_service_title"), active=True, admin=False)
        self.tab.form.name_el.setFocus()

    def set_active(self, active: bool) -> None:
        """Retire (asked first: existing bookings stay) or reactivate the service in the form."""
        api, service_id = self.session.api, self.service_id
        service = self.catalogue.service(service_id) if self.catalogue and service_id is not None else None
        if api is None or service is None or service_id is None:
            return
        if not active:
            answer = self.prompts.choose(
                tr("catalogue.retire_title"),
                tr("catalogue.retire_question", name=service.name),
                [("retire", tr("catalogue.retire"))],
            )
            if answer != "retire":
                return

        def done(_row: dict[str, Any]) -> None:
            self._tell(tr("catalogue.reactivated" if active else "catalogue.retired", name=service.name))
            self.original = None
            self.refresh()

        def refused(exc: Exception) -> None:
            self.report.failed(exc, title=tr("catalogue.retire_title"), modal=True)

        self.session.tasks.run(
            lambda: api.edit_service(service_id, {"active": active}), done, refused, name="service-active"
        )

    # ------------------------------------------------------------------ groups and the municipality
    def _group(self) -> CatalogueGroup | None:
        if self.catalogue is None:
            return None
        return self.catalogue.group(self.group_id or 0)

    def new_group(self) -> None:
        api, slug = self.session.api, self.slug
        if api is None or slug is None:
            return

        def attempt(values: GroupValues) -> dict[str, str] | None:
            try:
                wait_for(lambda: api.create_group(slug, values.body()), tasks=self.session.tasks)
            except Exception as exc:
                return refusal_messages(exc)
            return None

        if self.prompts.group_form(GroupValues(), attempt, creating=True):
            self._tell(tr("catalogue.group_saved"))
            self.refresh()

    def edit_group(self) -> None:
        api, group = self.session.api, self._group()
        if api is None:
            return
        if group is None:
            self._tell(tr("catalogue.choose_group"))
            return
        group_id = group.id

        def attempt(values: GroupValues) -> dict[str, str] | None:
            changes = values.changes(group.values)
            if not changes:
                return None
            try:
                wait_for(lambda: api.edit_group(group_id, changes), tasks=self.session.tasks)
            except Exception as exc:
                return refusal_messages(exc)
            return None

        if self.prompts.group_form(group.values, attempt, creating=False):
            self._tell(tr("catalogue.group_saved"))
            self.refresh()

    def municipality_settings(self) -> None:
        api, slug, catalogue = self.session.api, self.slug, self.catalogue
        if api is None or slug is None or catalogue is None:
            return
        original = catalogue.municipality

        def attempt(values: MunicipalityValues) -> dict[str, str] | None:
            changes = values.changes(original)
            if not changes:
                return None
            try:
                wait_for(lambda: api.edit_municipality(slug, changes), tasks=self.session.tasks)
            except Exception as exc:
                return refusal_messages(exc)
            return None

        read_only = not catalogue.is_admin_view
        saved = self.prompts.municipality_form(
            original, attempt, read_only=read_only, timezone_locked=catalogue.timezone_locked
        )
        if saved and not read_only:
            self._tell(tr("catalogue.municipality_saved"))
            self.refresh()
