"""The data-protection officer's controller: the access log, a citizen's export and erasure (issue 17).

A dpo who signs in gets «Προστασία δεδομένων» instead of a calendar; nothing here follows the change
feed or holds a booking. Every call runs on the session's ``TaskRunner``; files are written there too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QMetaObject, QObject

from clerk_desktop.account import AccountActions
from clerk_desktop.client.api import ApiError
from clerk_desktop.i18n import count_words, language, tr
from clerk_desktop.models.access_log import AccessEntry, AccessFilter, AccessLogModel
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.prompts import Prompts, Reporter, describe
from clerk_desktop.saved_files import save_whole
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.data_protection_window import DataProtectionWindow
from clerk_desktop.window_owner import WindowOwner

UPCOMING = "citizen_has_upcoming_bookings"
SUFFIXES = {"json": "json", "html": "html"}


class DataProtectionController(WindowOwner[DataProtectionWindow], QObject):
    """Feeds the window from the API; the filters of the last search page on with «Περισσότερες»."""

    def __init__(self, session: DesktopSession, *, prompts: Prompts) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.model = AccessLogModel()
        self.filters = AccessFilter()
        self.window: DataProtectionWindow | None = None
        self.report = Reporter(
            notify=self._notify, prompts=prompts, on_password_change=session.require_password_change
        )
        self.account = AccountActions(session, prompts=prompts, report=self.report)
        self._search_id = 0  # a page that comes back after a newer search started is dropped
        self._links: list[QMetaObject.Connection] = []

    # ------------------------------------------------------------------ the window
    def open(self) -> DataProtectionWindow:
        window = DataProtectionWindow(self.model, staff_name=self.session.staff_name)
        self.window = window
        window.search_requested.connect(self.search)
        window.more_requested.connect(self.more)
        window.export_requested.connect(self.export)
        window.erase_requested.connect(self.erase)
        window.account_requested.connect(self.account.my_account)
        api = self.session.api
        if api is not None:
            self.session.tasks.run(api.staff_accounts, self._staff, self.report.failed, name="dpo-staff")
        window.show()
        self.search(AccessFilter())
        return window

    def _staff(self, rows: list[dict[str, Any]]) -> None:
        if self.window is not None:
            people = sorted((str(r.get("display_name") or r.get("name") or ""), int(r["id"])) for r in rows)
            self.window.set_staff([(staff_id, name) for name, staff_id in people])

    # ------------------------------------------------------------------ the log
    def search(self, filters: AccessFilter) -> None:
        """The newest entries that match; what was shown goes."""
        self.filters = filters
        self._search_id += 1
        self._load(None, replace=True)

    def more(self) -> None:
        """The next page of the same search, below what is shown."""
        if self.model.has_more:
            self._load(self.model.next_cursor, replace=False)

    def _load(self, cursor: int | None, *, replace: bool) -> None:
        api = self.session.api
        if api is None:
            self.report.tell(tr("account.offline"))
            return
        search_id, params = self._search_id, self.filters.params()
        if self.window is not None:
            self.window.set_busy()

        def fetch() -> tuple[list[AccessEntry], int | None]:
            body = api.access_log(params, cursor)
            return [AccessEntry.from_json(row) for row in body["entries"]], body.get("next_cursor")

        def loaded(page: tuple[list[AccessEntry], int | None]) -> None:
            if search_id != self._search_id:
                return
            entries, next_cursor = page
            if replace:
                self.model.set_entries(entries, next_cursor)
            else:
                self.model.add_page(entries, next_cursor)

        def failed(exc: Exception) -> None:
            if search_id == self._search_id:
                if self.window is not None:
                    self.window.show_count()  # what is shown, no longer «Φόρτωση…»
                self.report.failed(exc, title=tr("dpo.title"), modal=True)

        self.session.tasks.run(fetch, loaded, failed, name="access-log")

    # ------------------------------------------------------------------ the citizen's requests
    def _subject(self) -> dict[str, str] | None:
        subject = self.window.filters().subject() if self.window is not None else None
        if subject is None:
            self.report.warn(tr("dpo.title"), tr("dpo.need_citizen"))
        return subject

    def export(self, form: str) -> None:
        """Everything held about the citizen, saved where the officer chooses (JSON or a page to read)."""
        api, subject = self.session.api, self._subject()
        if subject is None or form not in SUFFIXES:
            return
        if api is None:
            self.report.tell(tr("account.offline"))
            return
        suffix = SUFFIXES[form]
        day = datetime.now(ATHENS).date().isoformat()
        path = self.prompts.save_file(
            tr("dpo.export_title"),
            tr("dpo.export_name", day=day, suffix=suffix),
            tr(f"dpo.filter.{form}"),
            suffix,
        )
        if path is None:
            return
        lang = language()

        def fetch_and_write() -> str:
            return save_whole(path, api.citizen_export(subject, form, lang))

        self.session.tasks.run(
            fetch_and_write,
            lambda saved: self.report.tell(tr("dpo.saved", path=saved)),
            lambda exc: self.report.failed(exc, title=tr("dpo.export_title"), modal=True),
            name="citizen-export",
        )

    def erase(self) -> None:
        """Anonymise the citizen now, once the officer confirms; a refusal lists the bookings to cancel."""
        api, subject = self.session.api, self._subject()
        if subject is None:
            return
        if api is None:
            self.report.tell(tr("account.offline"))
            return
        citizen = next(iter(subject.values()))
        answer = self.prompts.choose(
            tr("dpo.erase_title"),
            tr("dpo.erase_question", citizen=citizen),
            [("erase", tr("dpo.erase_confirm"))],
        )
        if answer != "erase":
            return

        def erased(counts: dict[str, Any]) -> None:
            bookings, joint = int(counts.get("bookings", 0)), int(counts.get("co_applicants", 0))
            told = [count_words(bookings, "dpo.erased.one", "dpo.erased")] if bookings else []
            if joint:  # named on someone else's joint booking: only their own row went
                told.append(count_words(joint, "dpo.erased_joint.one", "dpo.erased_joint"))
            self.report.tell(" ".join(told) or tr("dpo.erased_nothing", citizen=citizen))
            self.search(self.filters)

        self.session.tasks.run(lambda: api.erase_citizen(subject), erased, self._erase_refused, name="erase")

    def _erase_refused(self, exc: Exception) -> None:
        if isinstance(exc, ApiError) and exc.code == UPCOMING:
            references = [str(r) for r in exc.body.get("bookings", [])]
            lines = [describe(exc), "", tr("dpo.upcoming"), *(f"  • {r}" for r in references)]
            self.report.warn(tr("dpo.erase_title"), "\n".join(lines))
            return
        self.report.failed(exc, title=tr("dpo.erase_title"), modal=True)
