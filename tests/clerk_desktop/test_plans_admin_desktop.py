"""The «Ωράριο» tab of «Διαχείριση» against the real service: draw, save, refuse, one-off days, delete."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import requests
from PySide6.QtCore import QDate, QPoint, Qt, QTime

from clerk_desktop.administration import AdministrationController
from clerk_desktop.desktop import Desktop
from clerk_desktop.models.plan_model import Period
from clerk_desktop.plans_admin import PlansAdminController
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.plan_editor import PlanEditor
from service_api.domain.rules import Mode
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
MON, WED = 0, 2
WAIT = 10_000


def hours(h: int, m: int = 0) -> int:
    return h * 60 + m


@pytest.fixture
def supervisor_desktop(qtbot: Any, desktops: Desktops) -> Desktop:
    desktop = desktops("supervisor")
    assert desktop.start()
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    return desktop


def prompts_of(desktop: Desktop) -> FakePrompts:
    assert isinstance(desktop.prompts, FakePrompts)
    return desktop.prompts


def open_plans(qtbot: Any, desktop: Desktop, world: World, clerk: str = "clerk_a") -> PlansAdminController:
    """«Διαχείριση» from the File menu, its «Ωράριο» tab, and ``clerk``'s plan loaded in it."""
    controller = desktop.controller
    assert isinstance(controller, SupervisorController) and controller.window is not None
    menu = controller.window.menuBar().actions()[0].menu()
    next(a for a in menu.actions() if a.text() == "Διαχείριση…").trigger()
    admin: AdministrationController = controller.administration
    assert admin.window is not None and admin.plans is not None
    qtbot.addWidget(admin.window)
    tabs = admin.window.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())][:2] == ["Προσωπικό", "Ωράριο"]
    plans = admin.plans
    tabs.setCurrentWidget(plans.tab)
    qtbot.waitUntil(lambda: plans.tab.clerk.count() > 0 and plans.plan is not None, timeout=WAIT)
    names = [plans.tab.clerk.itemText(i) for i in range(plans.tab.clerk.count())]
    assert len(names) == 3  # the three clerks of Larissa: no supervisor, no other municipality's
    staff_id = world.staff[clerk]
    index = plans.tab.clerk.findData(staff_id)
    plans.tab.clerk.setCurrentIndex(index)
    plans.tab.clerk.activated.emit(index)
    qtbot.waitUntil(lambda: plans.plan is not None and plans.plan.staff_id == staff_id, timeout=WAIT)
    return plans


def server_plan(desktop: Desktop, world: World, clerk: str = "clerk_a") -> dict[str, Any]:
    assert desktop.session.api is not None
    return desktop.session.api.working_plan(world.staff[clerk])


def later_dates(desktop: Desktop, world: World) -> list[str]:
    return [v["effective_from"] for v in server_plan(desktop, world)["later"]]


def drag(qtbot: Any, editor: PlanEditor, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(editor, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(editor, QPoint(start.x(), (start.y() + end.y()) // 2))
    qtbot.mouseMove(editor, end)
    qtbot.mouseRelease(editor, Qt.MouseButton.LeftButton, pos=end)


def remove_day(qtbot: Any, plans: PlansAdminController, weekday: int) -> None:
    """Select the day's period with a click and press Delete, as a supervisor does."""
    editor = plans.tab.editor
    period = next(p for p in plans.model.periods if p.weekday == weekday)
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=editor.point_of(weekday, period.start + 30))
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert all(p.weekday != weekday for p in plans.model.periods)


def public_slots(live: LiveServer, world: World, day: str) -> list[str]:
    response = requests.get(
        f"{live.url}/api/v1/services/{world.service('cohabitation-agreement')}/availability",
        params={"mode": "in_person", "from": day, "to": day},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return [slot["start"][11:16] for slot in response.json()["slots"]]


def test_a_monday_period_drawn_and_saved_from_a_date_is_the_version_the_api_reports(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    plans = open_plans(qtbot, supervisor_desktop, world)
    tab = plans.tab
    assert tab.version.currentText() == "Σε ισχύ"
    assert [p.weekday for p in plans.model.periods] == [0, 1, 2, 3, 4]
    assert tab.effective_from.date() == QDate(2026, 12, 7)  # the plan in force changes from next Monday
    assert not tab.delete_version.isEnabled()
    tab.new_version.click()
    remove_day(qtbot, plans, MON)
    editor = tab.editor
    qtbot.waitExposed(editor)
    drag(qtbot, editor, editor.point_of(MON, hours(9)), editor.point_of(MON, hours(12, 30)))
    drag(qtbot, editor, editor.point_of(MON, hours(16)), editor.point_of(MON, hours(19)))
    assert sorted((p for p in plans.model.periods if p.weekday == MON), key=lambda p: p.start) == [
        Period(MON, hours(9), hours(12, 30)),
        Period(MON, hours(16), hours(19)),
    ]
    tab.effective_from.setDate(QDate(2026, 12, 14))
    tab.save.click()
    qtbot.waitUntil(lambda: tab.version.currentText() == "Από 14/12/2026", timeout=WAIT)
    saved = server_plan(supervisor_desktop, world)["later"]
    assert [v["effective_from"] for v in saved] == ["2026-12-14"]
    assert [(p["start"], p["end"]) for p in saved[0]["periods"] if p["weekday"] == MON] == [
        ("09:00", "12:30"),
        ("16:00", "19:00"),
    ]
    assert tab.delete_version.isEnabled()
    assert "14/12/2026" in tab.status.text()


def test_a_plan_that_strands_a_booking_lists_it_offers_the_cover_plan_and_saves_when_confirmed(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    made = [
        create_booking(
            world.rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(9, 9),
            mode=Mode.IN_PERSON,
            who=80 + n,
        ).booking
        for n in range(3)
    ]
    held = next(b for b in made if b.staff_id == world.staff["clerk_a"])
    plans = open_plans(qtbot, supervisor_desktop, world)
    prompts = prompts_of(supervisor_desktop)
    asked: list[tuple[str, list[str]]] = []
    answers = iter(["cover", "anyway"])

    def answer(text: str, options: list[tuple[str, str]]) -> str | None:
        asked.append((text, [label for _key, label in options]))
        return next(answers)

    prompts.answer_choose = answer
    plans.tab.new_version.click()
    remove_day(qtbot, plans, WED)  # no Wednesdays from Monday 7th: the booking of the 9th is stranded
    plans.tab.save.click()
    qtbot.waitUntil(lambda: len(prompts.covers) == 1, timeout=WAIT)
    text, options = asked[0]
    assert f"09/12/2026 09:00  {held.reference}" in text
    assert options == ["Άνοιγμα σχεδίου κάλυψης", "Αποθήκευση παρ' όλα αυτά"]
    assert prompts.covers[0].clerk.currentData() == world.staff["clerk_a"]  # type: ignore[attr-defined]
    assert later_dates(supervisor_desktop, world) == []  # nothing saved yet
    plans.tab.save.click()
    qtbot.waitUntil(lambda: later_dates(supervisor_desktop, world) == ["2026-12-07"], timeout=WAIT)
    qtbot.waitUntil(lambda: "εκτός ωραρίου" in plans.tab.status.text(), timeout=WAIT)
    saved = server_plan(supervisor_desktop, world)["later"][0]["periods"]
    assert sorted({p["weekday"] for p in saved}) == [0, 1, 3, 4]


def test_a_one_off_saturday_session_is_added_and_removed(
    qtbot: Any, world: World, live: LiveServer, supervisor_desktop: Desktop
) -> None:
    plans = open_plans(qtbot, supervisor_desktop, world)
    tab = plans.tab
    assert public_slots(live, world, "2026-12-05") == []
    tab.exception_day.setDate(QDate(2026, 12, 5))
    tab.exception_kind.setCurrentIndex(tab.exception_kind.findData("extra"))
    assert not tab.whole_day.isChecked()  # extra hours always have times
    tab.exception_from.setTime(QTime(9, 0))
    tab.exception_to.setTime(QTime(11, 0))
    tab.exception_note.setText("Σάββατο <b>ανοιχτά</b>")
    tab.add_exception.click()
    qtbot.waitUntil(lambda: len(plans.exceptions) == 1, timeout=WAIT)
    item = tab.exceptions.item(0).text()
    assert item == "Σάββατο 05/12/2026  Επιπλέον ώρες 09:00–11:00 — Σάββατο <b>ανοιχτά</b>"
    assert public_slots(live, world, "2026-12-05") == ["09:00", "09:30", "10:00", "10:30"]
    tab.exceptions.setCurrentRow(0)
    assert tab.remove_exception.isEnabled()
    tab.remove_exception.click()
    qtbot.waitUntil(lambda: plans.exceptions == [], timeout=WAIT)
    assert public_slots(live, world, "2026-12-05") == []
    assert tab.exceptions.item(0).text() == "Καμία έκτακτη αλλαγή."


def test_an_invalid_one_off_day_shows_the_servers_message(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    plans = open_plans(qtbot, supervisor_desktop, world)
    tab = plans.tab
    tab.exception_day.setDate(QDate(2026, 12, 5))
    tab.exception_kind.setCurrentIndex(tab.exception_kind.findData("closed"))
    tab.whole_day.setChecked(False)
    tab.exception_from.setTime(QTime(12, 0))
    tab.exception_to.setTime(QTime(10, 0))
    tab.add_exception.click()
    prompts = prompts_of(supervisor_desktop)
    qtbot.waitUntil(lambda: bool(prompts.warnings), timeout=WAIT)
    assert "end" in tab.field_errors.text() and tab.field_errors.isVisibleTo(tab)
    assert plans.exceptions == []


def test_a_later_version_is_deleted_after_asking(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    api = supervisor_desktop.session.api
    assert api is not None
    later = {"effective_from": "2027-02-01", "periods": [{"weekday": 0, "start": "08:00", "end": "14:00"}]}
    api.put_working_plan(world.staff["clerk_a"], later, confirm_orphans=False)
    plans = open_plans(qtbot, supervisor_desktop, world)
    tab = plans.tab
    index = tab.version.findData("2027-02-01")
    assert tab.version.itemText(index) == "Από 01/02/2027"
    tab.version.setCurrentIndex(index)
    tab.version.activated.emit(index)
    assert plans.model.periods == [Period(MON, hours(8), hours(14))]
    assert tab.effective_from.date() == QDate(2027, 2, 1) and tab.delete_version.isEnabled()
    prompts = prompts_of(supervisor_desktop)
    prompts.answer_choose = lambda text, options: None  # «Άκυρο» first: nothing happens
    tab.delete_version.click()
    assert "01/02/2027" in prompts.questions[-1]
    assert later_dates(supervisor_desktop, world) == ["2027-02-01"]
    prompts.answer_choose = lambda text, options: "delete"
    tab.delete_version.click()
    qtbot.waitUntil(lambda: later_dates(supervisor_desktop, world) == [], timeout=WAIT)
    qtbot.waitUntil(lambda: tab.version.findData("2027-02-01") < 0, timeout=WAIT)
    assert tab.version.currentText() == "Σε ισχύ"
    assert date(2027, 2, 1).strftime("%d/%m/%Y") in tab.status.text()
