"""The «Απουσίες» tab and a clerk's absence requests on the desktop, against the real service (issue 14)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import requests
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from clerk_desktop.absences_admin import AbsencesAdminController
from clerk_desktop.controller import ClerkController
from clerk_desktop.desktop import Desktop
from clerk_desktop.models.absences import AbsenceKind, AbsenceStatus
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.absence_dialogs import AbsenceDialog, MyAbsencesDialog
from clerk_desktop.views.account_dialogs import MyAccountDialog
from service_api.booking import absences
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.models import Absence
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import PASSWORD, World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def prompts_of(desktop: Desktop) -> FakePrompts:
    assert isinstance(desktop.prompts, FakePrompts)
    return desktop.prompts


def capacity_at(live: LiveServer, world: World, day: str, hour: str) -> int:
    """Clerks the public availability API offers at ``hour`` of ``day`` (0 when none)."""
    response = requests.get(
        f"{live.url}/api/v1/services/{world.service('cohabitation-agreement')}/availability",
        params={"mode": "in_person", "from": day, "to": day},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    found = [s["capacity"] for s in response.json()["slots"] if s["start"][11:16] == hour]
    return int(found[0]) if found else 0


def signed_in(qtbot: Any, desktops: Desktops, username: str) -> Desktop:
    desktop = desktops(username)
    assert desktop.start()
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    return desktop


def open_absences(qtbot: Any, desktop: Desktop) -> AbsencesAdminController:
    """Open «Διαχείριση» from the File menu, show the «Απουσίες» tab and wait for the team calendar."""
    controller = desktop.controller
    assert isinstance(controller, SupervisorController) and controller.window is not None
    action = next(
        a for a in controller.window.menuBar().actions()[0].menu().actions() if a.text() == "Διαχείριση…"
    )
    action.trigger()
    admin = controller.administration
    assert admin.window is not None
    qtbot.addWidget(admin.window)
    tabs = admin.window.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Απουσίες" in titles
    tabs.setCurrentIndex(titles.index("Απουσίες"))
    absences_admin = admin.absences_admin
    qtbot.waitUntil(lambda: absences_admin.loads > 0, timeout=10_000)
    return absences_admin


def fill_days(form: AbsenceDialog, first: date, last: date, kind: AbsenceKind, reason: str = "") -> None:
    form.kind.setCurrentIndex(form.kind.findData(str(kind)))
    form.whole_days.setChecked(True)
    form.first.setDate(QDate(first.year, first.month, first.day))
    form.last.setDate(QDate(last.year, last.month, last.day))
    form.reason.setText(reason)
    form.save.click()


def test_recording_an_absence_over_a_booking_from_the_calendar_offers_the_cover_plan(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    supervisor = signed_in(qtbot, desktops, "supervisor")
    prompts = prompts_of(supervisor)
    bookings = [
        create_booking(
            world.rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(3, 9),
            mode=Mode.IN_PERSON,
            who=40 + n,
        ).booking
        for n in range(3)
    ]
    held = next(b for b in bookings if b.staff_id == world.staff["clerk_a"])
    tab_controller = open_absences(qtbot, supervisor)
    tab = tab_controller.tab
    assert tab is not None
    calendar = tab_controller.calendar
    assert {m.id for m in calendar.members} >= {world.staff["clerk_a"], world.staff["clerk_b"]}
    assert calendar.first == date(2026, 11, 30) and tab.range_label.text() == "30/11/2026 – 27/12/2026"
    prompts.answer_absence_form = lambda form: fill_days(
        form, date(2026, 12, 3), date(2026, 12, 4), AbsenceKind.SICKNESS, "γρίπη"
    )
    prompts.answer_choose = lambda text, options: "cover"
    assert capacity_at(live, world, "2026-12-04", "09:00") == 3
    # Double-click clerk A's Thursday: the form opens for her and that day.
    cell = tab.grid.cell_of(world.staff["clerk_a"], date(2026, 12, 3))
    qtbot.mouseDClick(tab.grid, Qt.MouseButton.LeftButton, pos=cell.center().toPoint())
    qtbot.waitUntil(lambda: len(prompts.covers) == 1, timeout=10_000)
    form = prompts.absence_forms[0]
    assert form.clerk.currentData() == world.staff["clerk_a"]
    question = prompts.questions[-1]
    assert held.reference in question and "03/12/2026 09:00" in question
    cover = prompts.covers[0]
    assert cover.clerk.currentData() == world.staff["clerk_a"]  # type: ignore[attr-defined]
    # The cover plan opens over the days of the bookings the absence falls on, not today.
    assert cover.range()[0].date() == date(2026, 12, 3)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(calendar.on(world.staff["clerk_a"], date(2026, 12, 4))), timeout=10_000)
    shown = calendar.on(world.staff["clerk_a"], date(2026, 12, 4))[0]
    assert (shown.kind, shown.status, shown.reason) == (AbsenceKind.SICKNESS, AbsenceStatus.APPROVED, "γρίπη")
    assert calendar.selected_id == shown.id
    assert capacity_at(live, world, "2026-12-04", "09:00") == 2  # clerk A is no longer offered


def test_a_clerk_requests_an_absence_and_the_supervisor_approves_it_from_the_pending_list(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    clerk = signed_in(qtbot, desktops, "clerk_a")
    clerk_prompts = prompts_of(clerk)
    clerk_controller = clerk.controller
    assert isinstance(clerk_controller, ClerkController)
    opened: list[MyAbsencesDialog] = []

    def open_requests(dialog: MyAccountDialog) -> None:
        assert dialog.absence_requests.text() == "Αιτήματα απουσίας…"
        dialog.absence_requests.click()

    def request(form: MyAbsencesDialog) -> None:
        opened.append(form)
        form.new.click()

    clerk_prompts.answer_my_account = open_requests
    clerk_prompts.answer_absence_requests = request
    clerk_prompts.answer_absence_form = lambda form: fill_days(
        form, date(2026, 12, 2), date(2026, 12, 2), AbsenceKind.LEAVE, "οικογενειακοί λόγοι"
    )
    clerk_controller.account.my_account()
    mine = clerk_controller.account.absences.model
    qtbot.waitUntil(lambda: mine.rowCount() == 1, timeout=10_000)
    assert clerk_prompts.absence_forms[0].clerk.count() == 0  # one's own: no clerk to choose
    assert mine.index(0, 2).data() == "Σε αναμονή"
    assert capacity_at(live, world, "2026-12-02", "09:00") == 3  # a request blocks nothing

    clerk.session.sign_out()  # one desktop signed in at a time (they share the settings)
    supervisor = signed_in(qtbot, desktops, "supervisor")
    tab_controller = open_absences(qtbot, supervisor)
    tab = tab_controller.tab
    assert tab is not None
    qtbot.waitUntil(lambda: tab_controller.pending.rowCount() == 1, timeout=10_000)
    assert tab.pending_title.text() == "Αιτήματα σε αναμονή: 1"
    assert tab_controller.pending.index(0, 0).data() == "Clerk A"
    assert tab_controller.pending.index(0, 1).data() == "02/12/2026"
    assert not tab.approve.isEnabled()
    tab.requests.selectRow(0)
    assert tab.approve.isEnabled()
    tab.approve.click()
    qtbot.waitUntil(lambda: tab_controller.pending.rowCount() == 0, timeout=10_000)
    assert capacity_at(live, world, "2026-12-02", "09:00") == 2  # approved: clerk A is not offered
    shown = tab_controller.calendar.on(world.staff["clerk_a"], date(2026, 12, 2))
    assert [a.status for a in shown] == [AbsenceStatus.APPROVED]
    token = requests.post(
        f"{live.url}/api/v1/auth/login", json={"username": "clerk_a", "password": PASSWORD}, timeout=10
    ).json()["access_token"]
    theirs = requests.get(
        f"{live.url}/api/v1/me/absences", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).json()["absences"]
    assert [(a["status"], a["decided_by"]) for a in theirs] == [("approved", world.staff["supervisor"])]


def test_a_pending_request_is_hatched_apart_and_a_rejected_one_leaves_the_calendar(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    clerk_b = world.staff["clerk_b"]
    asked = absences.request_absence(
        world.rt.bookings,
        Actor.staff(clerk_b, "clerk", 1),
        start=athens(7, 0),
        end=athens(8, 0),
        kind="training",
    )
    supervisor = signed_in(qtbot, desktops, "supervisor")
    prompts = prompts_of(supervisor)
    tab_controller = open_absences(qtbot, supervisor)
    tab = tab_controller.tab
    assert tab is not None
    assert [a.status for a in tab_controller.calendar.on(clerk_b, date(2026, 12, 7))] == [
        AbsenceStatus.REQUESTED
    ]
    tab.choose_request(asked.id)
    assert tab_controller.calendar.selected_id == asked.id
    prompts.answer_text = lambda label: "εβδομάδα αιχμής"
    tab.reject.click()
    qtbot.waitUntil(lambda: tab_controller.pending.rowCount() == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not tab_controller.calendar.on(clerk_b, date(2026, 12, 7)), timeout=10_000)
    with world.rt.store.read() as session:
        row = session.get(Absence, asked.id)
        assert row is not None and (row.status, row.decision_reason) == ("rejected", "εβδομάδα αιχμής")
    assert capacity_at(live, world, "2026-12-07", "09:00") == 3


def test_edit_and_delete_an_absence_from_the_tab(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    clerk_c = world.staff["clerk_c"]
    recorded = absences.add_absence(
        world.rt.bookings, Actor.system(), staff_id=clerk_c, start=athens(9, 0), end=athens(10, 0)
    )
    supervisor = signed_in(qtbot, desktops, "supervisor")
    prompts = prompts_of(supervisor)
    tab_controller = open_absences(qtbot, supervisor)
    tab = tab_controller.tab
    assert tab is not None
    assert not tab.edit.isEnabled()
    cell = tab.grid.cell_of(clerk_c, date(2026, 12, 9))
    qtbot.mouseClick(tab.grid, Qt.MouseButton.LeftButton, pos=cell.center().toPoint())
    assert tab_controller.calendar.selected_id == recorded.id and tab.edit.isEnabled()
    assert capacity_at(live, world, "2026-12-10", "09:00") == 3

    def to_hours(form: AbsenceDialog) -> None:
        assert form.first.date() == QDate(2026, 12, 9) and form.clerk.count() == 1
        form.some_hours.setChecked(True)
        form.first.setDate(QDate(2026, 12, 10))
        form.start.setTime(form.start.time().fromString("11:00", "HH:mm"))
        form.end.setTime(form.end.time().fromString("10:00", "HH:mm"))
        form.save.click()  # the end before the start: refused in the form, nothing sent
        assert form.errors.text("hours") == "Η ώρα λήξης πρέπει να είναι μετά την ώρα έναρξης."
        form.start.setTime(form.start.time().fromString("08:00", "HH:mm"))
        form.end.setTime(form.end.time().fromString("10:00", "HH:mm"))
        form.save.click()

    prompts.answer_absence_form = to_hours
    tab.edit.click()
    qtbot.waitUntil(lambda: bool(tab_controller.calendar.on(clerk_c, date(2026, 12, 10))), timeout=10_000)
    assert not tab_controller.calendar.on(clerk_c, date(2026, 12, 9))
    assert capacity_at(live, world, "2026-12-10", "09:00") == 2
    assert capacity_at(live, world, "2026-12-10", "10:00") == 3
    prompts.answer_choose = lambda text, options: "delete"
    tab.delete.click()
    qtbot.waitUntil(lambda: not tab_controller.calendar.on(clerk_c, date(2026, 12, 10)), timeout=10_000)
    with world.rt.store.read() as session:
        assert session.scalars(select(Absence)).all() == []
    assert capacity_at(live, world, "2026-12-10", "09:00") == 3
    assert "Να διαγραφεί η απουσία" in prompts.questions[-1]


def test_an_admin_picks_whose_team_the_absences_tab_shows(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    tab_controller = open_absences(qtbot, signed_in(qtbot, desktops, "admin"))
    tab = tab_controller.tab
    assert tab is not None and tab.municipality.isVisibleTo(tab)
    shown = {m.id for m in tab_controller.calendar.members}
    index = tab.municipality.findData("metamorfosi")
    assert index >= 0
    loads = tab_controller.loads
    tab.municipality.setCurrentIndex(index)
    tab.municipality.activated.emit(index)
    qtbot.waitUntil(lambda: tab_controller.loads > loads, timeout=10_000)
    members = {m.id for m in tab_controller.calendar.members}
    assert world.staff["other_supervisor"] in members and world.staff["clerk_a"] not in members
    assert members != shown


def test_a_supervisor_sees_no_municipality_choice(qtbot: Any, world: World, desktops: Desktops) -> None:
    tab = open_absences(qtbot, signed_in(qtbot, desktops, "supervisor")).tab
    assert tab is not None and not tab.municipality.isVisibleTo(tab)
