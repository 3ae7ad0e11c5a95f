"""«Αργίες και κλεισίματα» on the desktop, against the real service (issue 14)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import requests
from PySide6.QtCore import QDate, QTime
from sqlalchemy import select

from clerk_desktop.closures_admin import ClosuresController
from clerk_desktop.desktop import Desktop
from clerk_desktop.models.closures import ClosureColumn
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.closure_dialogs import AffectedBookingsDialog, ClosureDialog
from service_api.domain.kinds import OutboxKind
from service_api.domain.rules import Mode
from service_api.models import Holiday, Outbox
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def prompts_of(desktop: Desktop) -> FakePrompts:
    assert isinstance(desktop.prompts, FakePrompts)
    return desktop.prompts


def open_closures(
    qtbot: Any, desktops: Desktops, username: str = "supervisor"
) -> tuple[Desktop, ClosuresController]:
    """Sign in, open «Διαχείριση» from the File menu, show the closures tab and wait for its lists."""
    desktop = desktops(username)
    assert desktop.start()
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    controller = desktop.controller
    assert isinstance(controller, SupervisorController) and controller.window is not None
    action = next(
        a for a in controller.window.menuBar().actions()[0].menu().actions() if a.text() == "Διαχείριση…"
    )
    action.trigger()
    admin = controller.administration
    assert admin.window is not None and admin.closures is not None
    qtbot.addWidget(admin.window)
    tabs = admin.window.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Αργίες και κλεισίματα" in titles
    tabs.setCurrentIndex(titles.index("Αργίες και κλεισίματα"))
    closures = admin.closures
    qtbot.waitUntil(lambda: closures.loads > 0, timeout=10_000)
    return desktop, closures


def names(closures: ClosuresController) -> dict[str, tuple[str, str]]:
    """Each closure's name -> (rule in words, next dates), as the table shows them."""
    model = closures.closures
    return {
        model.index(row, ClosureColumn.NAME).data(): (
            model.index(row, ClosureColumn.RULE).data(),
            model.index(row, ClosureColumn.NEXT).data(),
        )
        for row in range(model.rowCount())
    }


def open_slots(live: LiveServer, service_id: int, day: str) -> list[str]:
    response = requests.get(
        f"{live.url}/api/v1/services/{service_id}/availability",
        params={"mode": "in_person", "from": day, "to": day},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return [slot["start"][11:16] for slot in response.json()["slots"]]


def set_date(edit: Any, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


# ---------------------------------------------------------------------- the tab against the service
def test_the_tab_lists_the_municipality_s_closures_and_the_national_holidays(
    qtbot: Any, qtmodeltester: Any, desktops: Desktops
) -> None:
    _desktop, closures = open_closures(qtbot, desktops)
    qtmodeltester.check(closures.closures)
    qtmodeltester.check(closures.holidays)
    listed = names(closures)
    rule, upcoming = listed["Εορτή του Αγίου Αχιλλίου, πολιούχου της Λάρισας"]
    assert (rule, upcoming) == ("Κάθε χρόνο 15/05", "15/05/2027, 15/05/2028")
    holidays = {h.on: h.name for h in closures.holidays.holidays}
    assert date(2026, 12, 25) in holidays and date(2027, 5, 3) in holidays  # this year and the next
    assert closures.tab is not None
    marked = closures.tab.marked_days()
    assert "Εορτή του Αγίου Αχιλλίου, πολιούχου της Λάρισας" in marked[date(2027, 5, 15)]
    assert marked[date(2026, 12, 25)] == [holidays[date(2026, 12, 25)]]
    assert closures.tab.municipality.isHidden()  # a supervisor has one municipality


def test_a_closure_over_a_booking_lists_it_and_e_mails_the_citizen_an_offer_of_a_new_time(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    service_id = world.service("cohabitation-agreement")
    booking = create_booking(
        world.rt.bookings, service_id=service_id, start=athens(3, 9), mode=Mode.IN_PERSON, who=41
    ).booking
    assert "09:00" in open_slots(live, service_id, "2026-12-03") or booking.reference
    desktop, closures = open_closures(qtbot, desktops)
    prompts = prompts_of(desktop)
    seen: list[list[list[str]]] = []

    def fill(form: ClosureDialog) -> None:
        form.set_kind("once")
        set_date(form.on, date(2026, 12, 3))
        form.whole_day.setChecked(False)
        form.start.setTime(QTime(8, 0))
        form.end.setTime(QTime(11, 0))
        assert form.preview.text() == "Μία φορά 03/12/2026 08:00–11:00 — Επόμενες ημερομηνίες: 03/12/2026"
        form.save.click()  # no names: the server's messages show under the fields, the form stays
        assert form.result() != ClosureDialog.DialogCode.Accepted
        assert form.errors.text("name_el") and form.errors.text("name_en")
        form.name_el.setText("Απεργία")
        form.name_en.setText("Strike")
        form.save.click()

    def send(dialog: AffectedBookingsDialog) -> None:
        seen.append(dialog.rows())
        dialog.send.click()

    prompts.answer_closure_form = fill
    prompts.answer_closure_affected = send
    assert closures.tab is not None
    closures.tab.new.click()
    assert prompts.closure_forms[0].result() == ClosureDialog.DialogCode.Accepted
    assert seen == [[["03/12/2026 09:00", booking.reference, "Αίτηση για Σύμφωνο Συμβίωσης", "Πολίτης 41"]]]
    qtbot.waitUntil(lambda: "Στάλθηκε πρόταση" in closures.tab.status.text(), timeout=10_000)  # type: ignore[union-attr]
    assert closures.tab.status.text().startswith("Στάλθηκε πρόταση νέας ώρας σε 1 πολίτες")
    with world.rt.store.read() as session:
        kinds = session.scalars(select(Outbox.kind).where(Outbox.booking_id == booking.id)).all()
    assert OutboxKind.EMAIL_OFFER_RESCHEDULE.value in kinds
    qtbot.waitUntil(lambda: "Απεργία" in names(closures), timeout=10_000)
    assert names(closures)["Απεργία"] == ("Μία φορά 03/12/2026 08:00–11:00", "03/12/2026")
    still_open = open_slots(live, service_id, "2026-12-03")
    assert still_open and not any("08:00" <= start < "11:00" for start in still_open)


def test_not_now_sends_no_offer(qtbot: Any, world: World, desktops: Desktops) -> None:
    booking = create_booking(
        world.rt.bookings, service_id=world.service("cohabitation-agreement"), start=athens(4, 10), who=42
    ).booking
    desktop, closures = open_closures(qtbot, desktops)
    prompts = prompts_of(desktop)

    def fill(form: ClosureDialog) -> None:
        set_date(form.on, date(2026, 12, 4))
        form.name_el.setText("Εκλογές")
        form.name_en.setText("Election day")
        form.save.click()

    prompts.answer_closure_form = fill
    prompts.answer_closure_affected = lambda dialog: dialog.later.click()
    assert closures.tab is not None
    closures.tab.new.click()
    assert len(prompts.affected_lists) == 1
    assert "Δεν στάλθηκε πρόταση" in closures.tab.status.text()
    with world.rt.store.read() as session:
        kinds = session.scalars(select(Outbox.kind).where(Outbox.booking_id == booking.id)).all()
    assert OutboxKind.EMAIL_OFFER_RESCHEDULE.value not in kinds


def test_yearly_and_easter_closures_show_their_rule_and_next_dates_and_are_deleted_after_asking(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    desktop, closures = open_closures(qtbot, desktops)
    prompts = prompts_of(desktop)
    previews: list[str] = []

    def yearly(form: ClosureDialog) -> None:
        form.set_kind("annual")
        assert form.day.isVisibleTo(form) and not form.on.isVisibleTo(form)
        form.day.setValue(3)
        form.month.setCurrentIndex(11)
        previews.append(form.preview.text())
        form.name_el.setText("Τοπική γιορτή")
        form.name_en.setText("Local feast")
        form.save.click()

    def easter_monday(form: ClosureDialog) -> None:
        form.set_kind("easter")
        form.offset.setValue(1)
        assert form.offset_name.text() == "Δευτέρα του Πάσχα"
        previews.append(form.preview.text())
        form.name_el.setText("Δευτέρα του Πάσχα (δήμος)")
        form.name_en.setText("Easter Monday (town)")
        form.save.click()

    assert closures.tab is not None
    for fill in (yearly, easter_monday):
        prompts.answer_closure_form = fill
        closures.tab.new.click()
    assert previews == [
        "Κάθε χρόνο 03/12 — Επόμενες ημερομηνίες: 03/12/2026, 03/12/2027",
        "Πάσχα +1 (Δευτέρα του Πάσχα) — Επόμενες ημερομηνίες: 03/05/2027, 17/04/2028",
    ]
    assert prompts.affected_lists == []  # nothing was booked on those days
    qtbot.waitUntil(lambda: "Δευτέρα του Πάσχα (δήμος)" in names(closures), timeout=10_000)
    listed = names(closures)
    assert listed["Τοπική γιορτή"] == ("Κάθε χρόνο 03/12", "03/12/2026, 03/12/2027")
    assert listed["Δευτέρα του Πάσχα (δήμος)"] == ("Πάσχα +1 (Δευτέρα του Πάσχα)", "03/05/2027, 17/04/2028")
    assert open_slots(live, world.service("transfer-of-registration"), "2026-12-03") == []

    def again(form: ClosureDialog) -> None:
        yearly(form)
        assert form.result() != ClosureDialog.DialogCode.Accepted
        assert form.errors.text("day")  # the server's refusal, under the day it names
        form.reject()

    prompts.answer_closure_form = again
    closures.tab.new.click()
    assert prompts.closure_forms[-1].result() == ClosureDialog.DialogCode.Rejected

    feast = next(c for c in closures.closures.closures if c.name == "Τοπική γιορτή")
    closures.tab.select(feast.id)
    prompts.answer_choose = lambda text, options: None  # the supervisor thinks again
    closures.tab.delete.click()
    assert "Τοπική γιορτή" in prompts.questions[-1] and "Κάθε χρόνο 03/12" in prompts.questions[-1]
    with world.rt.store.read() as session:
        assert session.get(Holiday, feast.id) is not None
    prompts.answer_choose = lambda text, options: "delete"
    closures.tab.delete.click()
    qtbot.waitUntil(lambda: "Τοπική γιορτή" not in names(closures), timeout=10_000)
    with world.rt.store.read() as session:
        assert session.get(Holiday, feast.id) is None
    assert open_slots(live, world.service("transfer-of-registration"), "2026-12-03")


def test_an_admin_picks_the_municipality_whose_closures_to_see(qtbot: Any, desktops: Desktops) -> None:
    _desktop, closures = open_closures(qtbot, desktops, "admin")
    assert closures.tab is not None
    combo = closures.tab.municipality
    assert not combo.isHidden() and combo.currentData() == closures.slug
    achillios = "Εορτή του Αγίου Αχιλλίου, πολιούχου της Λάρισας"
    for slug, listed in (("larissa", True), ("metamorfosi", False)):
        loads = closures.loads
        combo.setCurrentIndex(combo.findData(slug))
        combo.activated.emit(combo.currentIndex())
        qtbot.waitUntil(lambda loads=loads: closures.loads > loads, timeout=10_000)
        assert closures.slug == slug
        assert (achillios in names(closures)) is listed
