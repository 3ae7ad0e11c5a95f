"""The «Απουσίες» tab's work over the API: the team calendar, record / edit / delete, decide requests.

Every call runs on the session's ``TaskRunner``; the form saves through ``wait_for`` so the server's
per-field messages show in the form. When a saved or approved absence covers the clerk's open
bookings, they are listed and the cover plan is offered (``cover``, when the supervisor's window is
there). The tab follows the change feed: an absence written anywhere reloads it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject

from clerk_desktop.client.tasks import wait_for
from clerk_desktop.i18n import language, tr
from clerk_desktop.models.absences import Absence, AbsenceFormValues, AbsenceListModel
from clerk_desktop.models.booking import ATHENS
from clerk_desktop.models.role import Role
from clerk_desktop.models.team_calendar import TeamCalendar
from clerk_desktop.password_change import refusal_messages
from clerk_desktop.prompts import CoverOpener, Prompts, Reporter
from clerk_desktop.session import DesktopSession
from clerk_desktop.views.absences_tab import AbsencesTab

LISTED_BOOKINGS = 12
PENDING_BEHIND_DAYS = 31  # a request for last month may still wait for a decision
PENDING_AHEAD_DAYS = 365


class AbsencesAdminController(QObject):
    """Runs the absences tab for one sign-in."""

    def __init__(
        self,
        session: DesktopSession,
        *,
        prompts: Prompts,
        report: Reporter,
        cover: CoverOpener | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.prompts = prompts
        self.report = report
        self.cover = cover
        self.calendar = TeamCalendar(date.today())
        self.pending = AbsenceListModel(with_clerk=True)
        self.tab: AbsencesTab | None = None
        self.slug: str | None = None
        self.loads = 0  # answers applied: tests wait on it

    def make_tab(self) -> AbsencesTab:
        tab = AbsencesTab(self.calendar, self.pending)
        tab.range_requested.connect(self.show_weeks_of)
        tab.new_requested.connect(self.new)
        tab.edit_requested.connect(self.edit)
        tab.delete_requested.connect(self.delete)
        tab.decision_requested.connect(self.decide)
        tab.refresh_requested.connect(self.refresh)
        tab.municipality_chosen.connect(self.choose_municipality)
        self.session.calendar_changed.connect(self.refresh)
        self.tab = tab
        self._load_municipalities()
        return tab

    def _load_municipalities(self) -> None:
        """Find whose team to show (the supervisor's; for an admin, the combo's), then show it."""
        api = self.session.api
        if api is None:
            return
        me = self.session.staff or {}
        is_admin = Role.of(me.get("role")) == Role.ADMIN
        key = "name_en" if language() == "en" else "name_el"

        def fetch() -> tuple[str | None, list[tuple[str, str]]]:
            home = api.staff_account(int(me["id"])).get("municipality") if me.get("id") else None
            choices = [(str(m["slug"]), str(m[key])) for m in api.municipalities()] if is_admin else []
            chosen = str(home) if home else (choices[0][0] if choices else None)
            return chosen, choices

        def found(answer: tuple[str | None, list[tuple[str, str]]]) -> None:
            chosen, choices = answer
            self.slug = chosen
            if self.tab is not None:
                self.tab.set_municipalities(choices, chosen)
            self.refresh()

        self.session.tasks.run(fetch, found, self.report.failed, name="absence-municipality")

    def choose_municipality(self, slug: str) -> None:
        self.slug = slug
        self.refresh()

    def close(self) -> None:
        if self.tab is not None:
            self.session.calendar_changed.disconnect(self.refresh)
        self.tab = None

    def _tell(self, text: str) -> None:
        if self.tab is not None:
            self.tab.show_status(text)
        self.report.tell(text)

    # ------------------------------------------------------------------ loading
    def show_weeks_of(self, day: date) -> None:
        self.calendar.move_to(day)
        self.refresh()

    def refresh(self) -> None:
        api, slug = self.session.api, self.slug
        if api is None or self.tab is None or slug is None:
            return
        first, last = self.calendar.first, self.calendar.last

        def fetch() -> tuple[dict[str, Any], dict[str, Any]]:
            today = date.today()
            team = api.team_absences(slug, first, last)
            pending = api.team_absences(
                slug,
                today - timedelta(days=PENDING_BEHIND_DAYS),
                today + timedelta(days=PENDING_AHEAD_DAYS),
                status="requested",
            )
            return team, pending

        def loaded(answers: tuple[dict[str, Any], dict[str, Any]]) -> None:
            team, pending = answers
            if self.calendar.first != first or self.slug != slug:
                return  # the supervisor moved on meanwhile; that range's answer is coming
            self.calendar.load(team)
            names = {int(m["id"]): str(m["display_name"]) for m in pending.get("staff", [])}
            self.pending.set_rows([Absence.from_json(row) for row in pending.get("absences", [])], names)
            self.loads += 1

        self.session.tasks.run(fetch, loaded, self.report.failed, name="team-absences")

    # ------------------------------------------------------------------ record and edit
    def _clerks(self) -> list[tuple[int, str]]:
        return [(m.id, m.name) for m in self.calendar.members]

    def _name(self, staff_id: int) -> str:
        return self.calendar.names().get(staff_id, f"#{staff_id}")

    def new(self, staff_id: int | None = None, day: date | None = None) -> None:
        api = self.session.api
        if api is None or not self.calendar.members:
            self.report.tell(tr("admin.loading"))
            return
        values = AbsenceFormValues.for_day(staff_id or self.calendar.members[0].id, day or date.today())
        answer: dict[str, Any] = {}

        def attempt(chosen: AbsenceFormValues) -> dict[str, str] | None:
            assert chosen.staff_id is not None
            staff = chosen.staff_id
            try:
                answer.update(
                    wait_for(lambda: api.record_absence(staff, chosen.body()), tasks=self.session.tasks)
                )
            except Exception as exc:
                return refusal_messages(exc)
            return None

        if (
            self.prompts.absence_form(values, self._clerks(), attempt, title=tr("absences.new_title"))
            and answer
        ):
            self._saved(answer, "absences.recorded")

    def edit(self, absence_id: int) -> None:
        api = self.session.api
        absence = self.calendar.absence(absence_id)
        if api is None or absence is None:
            return
        self.calendar.select(absence_id)
        original = AbsenceFormValues.of(absence)
        answer: dict[str, Any] = {}

        def attempt(chosen: AbsenceFormValues) -> dict[str, str] | None:
            changes = chosen.changes(original)
            if not changes:
                return None
            try:
                answer.update(
                    wait_for(lambda: api.edit_absence(absence_id, changes), tasks=self.session.tasks)
                )
            except Exception as exc:
                return refusal_messages(exc)
            return None

        # The clerk of an absence does not change: the form shows them alone.
        clerks = [(absence.staff_id, self._name(absence.staff_id))]
        if self.prompts.absence_form(original, clerks, attempt, title=tr("absences.edit_title")) and answer:
            self._saved(answer, "absences.saved")

    def _saved(self, answer: dict[str, Any], message: str) -> None:
        staff_id = int(answer["staff_id"])
        self._tell(tr(message, name=self._name(staff_id)))
        self.calendar.select(int(answer["id"]))
        self.refresh()
        self._offer_cover(staff_id, list(answer.get("overlapping_bookings", [])))

    def _offer_cover(self, staff_id: int, bookings: list[dict[str, Any]]) -> None:
        """The absence is stored; its bookings still wait for a colleague: list them, offer the cover plan."""
        if not bookings:
            return
        lines = [tr("absences.overlap", name=self._name(staff_id), count=len(bookings))]
        for booking in bookings[:LISTED_BOOKINGS]:
            start = datetime.fromisoformat(str(booking["start"])).astimezone(ATHENS)
            lines.append(f"  • {start:%d/%m/%Y %H:%M}  {booking['reference']}")
        if len(bookings) > LISTED_BOOKINGS:
            lines.append(tr("admin.more_bookings", count=len(bookings) - LISTED_BOOKINGS))
        text = "\n".join(lines)
        if self.cover is None:
            self.prompts.warn(tr("absences.overlap_title"), f"{text}\n\n{tr('absences.overlap_elsewhere')}")
            return
        answer = self.prompts.choose(
            tr("absences.overlap_title"),
            f"{text}\n\n{tr('absences.overlap_cover')}",
            [("cover", tr("admin.open_cover"))],
        )
        if answer == "cover":
            days = [datetime.fromisoformat(str(b["start"])).astimezone(ATHENS).date() for b in bookings]
            self.cover(staff_id, min(days), max(days))

    # ------------------------------------------------------------------ delete and decide
    def delete(self, absence_id: int) -> None:
        api = self.session.api
        absence = self.calendar.absence(absence_id)
        if api is None or absence is None:
            return
        name = self._name(absence.staff_id)
        answer = self.prompts.choose(
            tr("absences.delete_title"),
            tr("absences.delete_question", name=name, span=absence.span_text()),
            [("delete", tr("absences.delete"))],
        )
        if answer != "delete":
            return

        def done(_nothing: None) -> None:
            self._tell(tr("absences.deleted", name=name))
            self.calendar.select(None)
            self.refresh()

        def refused(exc: Exception) -> None:
            self.report.failed(exc, title=tr("absences.delete_title"), modal=True)

        self.session.tasks.run(lambda: api.delete_absence(absence_id), done, refused, name="absence-delete")

    def decide(self, absence_id: int, approve: bool) -> None:
        api = self.session.api
        row = self.pending.row_of(absence_id)
        absence = self.pending.absence(row)
        if api is None or absence is None:
            return
        name = self.pending.names.get(absence.staff_id) or self._name(absence.staff_id)
        reason = ""
        if not approve:
            typed = self.prompts.ask_text(tr("absences.reject_title"), tr("absences.reject_reason"))
            if typed is None:
                return
            reason = typed.strip()

        def done(answer: dict[str, Any]) -> None:
            self._tell(tr("absences.approved" if approve else "absences.rejected", name=name))
            self.refresh()
            if approve:
                self._offer_cover(absence.staff_id, list(answer.get("overlapping_bookings", [])))

        def refused(exc: Exception) -> None:
            self.report.failed(
                exc, title=tr("absences.approve" if approve else "absences.reject"), modal=True
            )
            self.refresh()

        self.session.tasks.run(
            lambda: api.decide_absence(absence_id, approve, reason), done, refused, name="absence-decision"
        )
