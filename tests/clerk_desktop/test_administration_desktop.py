"""«Διαχείριση» and «Ο λογαριασμός μου» on the desktop, against the real service (issue 14)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from sqlalchemy import select

from clerk_desktop.administration import AdministrationController
from clerk_desktop.client.actions import Action
from clerk_desktop.controller import ClerkController
from clerk_desktop.desktop import Desktop
from clerk_desktop.models.staff_accounts import StaffAccount
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.account_dialogs import ChangePasswordDialog, MyAccountDialog
from clerk_desktop.views.dialogs import Credentials
from clerk_desktop.views.staff_dialogs import StaffDialog
from service_api.booking import catalogue_admin, staff_admin
from service_api.domain.closures import ClosureKind
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.models import Municipality, Staff
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import PASSWORD, World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
NEW_PASSWORD = "plane-tree-by-the-pinios"
REVENUE_SERVICE = "change-property-use-rate"  # offered in Larissa, and no clerk of the world serves it


def prompts_of(desktop: Desktop) -> FakePrompts:
    assert isinstance(desktop.prompts, FakePrompts)
    return desktop.prompts


@pytest.fixture
def supervisor_desktop(qtbot: Any, desktops: Desktops) -> Desktop:
    desktop = desktops("supervisor")
    assert desktop.start()
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    return desktop


def open_administration(qtbot: Any, desktop: Desktop) -> AdministrationController:
    """Open «Διαχείριση» from the supervisor's File menu, and wait for the table and the form's choices."""
    controller = desktop.controller
    assert isinstance(controller, SupervisorController) and controller.window is not None
    action = next(
        a for a in controller.window.menuBar().actions()[0].menu().actions() if a.text() == "Διαχείριση…"
    )
    action.trigger()
    admin = controller.administration
    assert admin.window is not None and admin.window.isVisible()
    qtbot.addWidget(admin.window)
    qtbot.waitUntil(lambda: admin.model.rowCount() > 0 and admin.choices is not None, timeout=10_000)
    return admin


def account(admin: AdministrationController, username: str) -> StaffAccount:
    found = [a for a in admin.model.accounts if a.username == username]
    assert found, [a.username for a in admin.model.accounts]
    return found[0]


def server_row(world: World, username: str) -> Staff:
    with world.rt.store.read() as session:
        staff = session.scalar(select(Staff).where(Staff.username == username))
        assert staff is not None
        session.expunge(staff)
        return staff


def server_qualifications(world: World, username: str) -> set[int]:
    with world.rt.store.read() as session:
        staff = session.scalar(select(Staff).where(Staff.username == username))
        assert staff is not None
        return {q.service_id for q in staff.qualifications}


def slots(live: LiveServer, service_id: int, mode: str = "in_person") -> list[dict[str, Any]]:
    response = requests.get(
        f"{live.url}/api/v1/services/{service_id}/availability",
        params={"mode": mode, "from": "2026-12-02", "to": "2026-12-04"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return list(response.json()["slots"])


def sign_in_with(live: LiveServer, username: str, password: str) -> int:
    return requests.post(
        f"{live.url}/api/v1/auth/login", json={"username": username, "password": password}, timeout=10
    ).status_code


# ---------------------------------------------------------------------- the staff tab
def test_the_staff_tab_lists_every_account_of_the_municipality_with_its_services(
    qtbot: Any, qtmodeltester: Any, supervisor_desktop: Desktop
) -> None:
    admin = open_administration(qtbot, supervisor_desktop)
    qtmodeltester.check(admin.model)
    assert admin.window is not None
    assert admin.window.tabs.tabText(0) == "Προσωπικό"  # the staff tab first; the other tabs follow
    usernames = {a.username for a in admin.model.accounts}
    assert usernames == {"clerk_a", "clerk_b", "clerk_c", "supervisor"}  # not Metamorfosi's, not the admin
    row = admin.model.row_of(account(admin, "clerk_c").id)
    assert admin.model.index(row, 5).data() == "Ληξιαρχείο - Δημοτολόγιο (2, μόνο δια ζώσης)"
    every_service = admin.model.index(row, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert "Αίτηση για Σύμφωνο Συμβίωσης — δια ζώσης" in every_service and "τηλεδιάσκεψη" not in every_service
    clerk_a = admin.model.row_of(account(admin, "clerk_a").id)
    assert admin.model.index(clerk_a, 5).data() == "Ληξιαρχείο - Δημοτολόγιο (2)"
    assert admin.model.index(row, 2).data() == "Υπάλληλος"


def test_a_supervisor_creates_a_clerk_and_hands_over_the_temporary_password_once(
    qtbot: Any, world: World, live: LiveServer, supervisor_desktop: Desktop
) -> None:
    admin = open_administration(qtbot, supervisor_desktop)
    prompts = prompts_of(supervisor_desktop)
    revenue = world.service(REVENUE_SERVICE)

    def fill(form: StaffDialog) -> None:
        form.username.setText("maria k")  # a space: refused by the server, shown under the field
        form.display_name.setText("Μαρία Κ.")
        form.email.setText("maria@dimos.test")
        form.password_setup.setCurrentIndex(form.password_setup.findData("temporary"))
        form.set_qualified(revenue, "in_person", True)
        form.save.click()
        assert form.result() != StaffDialog.DialogCode.Accepted
        assert form.errors.text("username")
        form.username.setText("maria_k")
        form.save.click()

    prompts.answer_staff_form = fill
    assert admin.staff_tab is not None
    admin.staff_tab.new.click()
    assert prompts.staff_forms[0].result() == StaffDialog.DialogCode.Accepted
    assert len(prompts.issued) == 1
    name, issue = prompts.issued[0]
    assert name == "Μαρία Κ." and issue["method"] == "temporary" and len(issue["temporary_password"]) >= 10
    qtbot.waitUntil(lambda: "maria_k" in {a.username for a in admin.model.accounts}, timeout=10_000)
    created = account(admin, "maria_k")
    assert created.qualifications == {revenue: frozenset({"in_person"})}
    assert created.email == "maria@dimos.test" and created.active
    assert server_row(world, "maria_k").must_change_password
    assert sign_in_with(live, "maria_k", issue["temporary_password"]) == 200


def test_qualifications_ticked_in_the_form_change_availability_at_once(
    qtbot: Any, world: World, live: LiveServer, supervisor_desktop: Desktop
) -> None:
    admin = open_administration(qtbot, supervisor_desktop)
    prompts = prompts_of(supervisor_desktop)
    revenue = world.service(REVENUE_SERVICE)
    assert slots(live, revenue) == []  # nobody serves it yet

    def tick(form: StaffDialog) -> None:
        form.set_qualified(revenue, "in_person", True)
        form.teams_link.setText("https://teams.example/a-new")
        form.save.click()

    prompts.answer_staff_form = tick
    assert admin.staff_tab is not None
    admin.staff_tab.select(account(admin, "clerk_a").id)
    admin.staff_tab.edit.click()
    assert prompts.staff_forms[0].result() == StaffDialog.DialogCode.Accepted
    assert slots(live, revenue), "clerk_a now serves the service: its slots are offered"
    assert slots(live, revenue, "teleconference") == []
    qtbot.waitUntil(lambda: revenue in account(admin, "clerk_a").qualifications, timeout=10_000)
    clerk_a = server_row(world, "clerk_a")
    assert clerk_a.teams_link == "https://teams.example/a-new" and clerk_a.email == "a@dimos.test"

    def untick(form: StaffDialog) -> None:
        form.set_qualified(revenue, "in_person", False)
        form.save.click()

    prompts.answer_staff_form = untick
    admin.staff_tab.edit.click()
    assert slots(live, revenue) == []


def test_deactivating_a_clerk_with_bookings_is_refused_and_offers_the_cover_plan(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    admin = open_administration(qtbot, supervisor_desktop)
    prompts = prompts_of(supervisor_desktop)
    references = [
        create_booking(
            world.rt.bookings,
            service_id=world.service("cohabitation-agreement"),
            start=athens(3, 9),
            mode=Mode.IN_PERSON,
            who=70 + n,
        ).booking
        for n in range(3)
    ]
    held = next(b for b in references if b.staff_id == world.staff["clerk_a"])
    answers = iter(["deactivate", "cover"])
    prompts.answer_choose = lambda text, options: next(answers)
    assert admin.staff_tab is not None
    admin.staff_tab.select(world.staff["clerk_a"])
    assert admin.staff_tab.toggle_active.text() == "Απενεργοποίηση"
    admin.staff_tab.toggle_active.click()
    qtbot.waitUntil(lambda: len(prompts.covers) == 1, timeout=10_000)
    refusal = prompts.questions[1]
    assert "1 επερχόμενο ραντεβού" in refusal and held.reference in refusal and "03/12/2026 09:00" in refusal
    cover = prompts.covers[0]
    assert cover.clerk.currentData() == world.staff["clerk_a"]  # type: ignore[attr-defined]
    assert server_row(world, "clerk_a").active


def test_deactivating_and_reactivating_a_clerk_without_bookings(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    admin = open_administration(qtbot, supervisor_desktop)
    prompts = prompts_of(supervisor_desktop)
    prompts.answer_choose = lambda text, options: options[0][0]
    assert admin.staff_tab is not None
    admin.staff_tab.select(world.staff["clerk_c"])
    admin.staff_tab.toggle_active.click()
    qtbot.waitUntil(lambda: not account(admin, "clerk_c").active, timeout=10_000)
    assert not server_row(world, "clerk_c").active
    assert admin.staff_tab.toggle_active.text() == "Επανενεργοποίηση"
    admin.staff_tab.toggle_active.click()
    qtbot.waitUntil(lambda: account(admin, "clerk_c").active, timeout=10_000)
    assert server_row(world, "clerk_c").active


# ---------------------------------------------------------------------- passwords
def test_a_reset_password_is_shown_once_and_must_be_changed_at_first_sign_in(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops, supervisor_desktop: Desktop
) -> None:
    admin = open_administration(qtbot, supervisor_desktop)
    prompts = prompts_of(supervisor_desktop)
    prompts.answer_choose = lambda text, options: "temporary"
    assert admin.staff_tab is not None
    admin.staff_tab.select(world.staff["clerk_b"])
    admin.staff_tab.reset.click()
    qtbot.waitUntil(lambda: len(prompts.issued) == 1, timeout=10_000)
    name, issue = prompts.issued[0]
    temporary = issue["temporary_password"]
    assert name == "Clerk B" and issue["method"] == "temporary"
    assert sign_in_with(live, "clerk_b", PASSWORD) == 401  # the old password is gone

    clerk = desktops("clerk_b")
    clerk_prompts = prompts_of(clerk)
    clerk_prompts.credentials = Credentials(live.url, "clerk_b", temporary)
    clerk.session.username = ""  # the settings remember the supervisor: sign in afresh, not as them

    def change(form: ChangePasswordDialog) -> None:
        assert form.old.text() == temporary  # the one just typed to sign in
        form.fill(temporary, "password1234")  # one of the most common passwords
        form.save.click()
        assert form.result() != ChangePasswordDialog.DialogCode.Accepted
        assert form.errors.text("new_password")
        form.fill(temporary, NEW_PASSWORD, "a different one")
        form.save.click()
        assert form.errors.text("repeat") == "Οι δύο νέοι κωδικοί διαφέρουν."
        form.fill(temporary, NEW_PASSWORD)
        form.save.click()

    clerk_prompts.answer_change_password = change
    assert clerk.start()
    assert len(clerk_prompts.password_forms) == 1
    assert isinstance(clerk.controller, ClerkController)  # the window opens only after the change
    assert not server_row(world, "clerk_b").must_change_password
    assert sign_in_with(live, "clerk_b", NEW_PASSWORD) == 200


def test_refusing_the_forced_change_signs_out_before_any_window_opens(
    live: LiveServer, world: World, desktops: Desktops
) -> None:
    with world.rt.store.write() as session:
        staff = session.get(Staff, world.staff["clerk_c"])
        assert staff is not None
        staff.must_change_password = True
    clerk = desktops("clerk_c")
    assert not clerk.start()  # FakePrompts' default answer: the user closes the dialog
    assert clerk.window is None and len(prompts_of(clerk).password_forms) == 1


def test_a_password_made_temporary_meanwhile_is_asked_for_instead_of_failing(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    admin = open_administration(qtbot, supervisor_desktop)
    prompts = prompts_of(supervisor_desktop)
    with world.rt.store.write() as session:
        staff = session.get(Staff, world.staff["supervisor"])
        assert staff is not None
        staff.must_change_password = True

    def change(form: ChangePasswordDialog) -> None:
        form.fill(PASSWORD, NEW_PASSWORD)
        form.save.click()

    prompts.answer_change_password = change
    admin.refresh()  # answered 403 password_change_required
    qtbot.waitUntil(lambda: len(prompts.password_forms) == 1, timeout=10_000)
    assert prompts.password_forms[0].result() == ChangePasswordDialog.DialogCode.Accepted
    assert not server_row(world, "supervisor").must_change_password
    assert prompts.warnings == []
    admin.refresh()
    qtbot.waitUntil(lambda: admin.model.rowCount() == 4, timeout=10_000)


# ---------------------------------------------------------------------- my account
def test_a_clerk_changes_their_name_teams_link_and_password_in_my_account(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    clerk = desktops("clerk_a")
    assert clerk.start()
    assert isinstance(clerk.controller, ClerkController) and clerk.window is not None
    qtbot.addWidget(clerk.window)
    prompts = prompts_of(clerk)

    def change(form: ChangePasswordDialog) -> None:
        form.fill("not-my-password", NEW_PASSWORD)
        form.save.click()
        assert form.errors.text("old_password")
        form.fill(PASSWORD, NEW_PASSWORD)
        form.save.click()

    def edit(form: MyAccountDialog) -> None:
        assert form.display_name.text() == "Clerk A"
        form.teams_link.setText("not a link")
        form.save.click()
        assert form.errors.text("teams_link")
        form.display_name.setText("Αικατερίνη Α.")
        form.teams_link.setText("https://teams.example/katerina")
        form.save.click()
        assert form.result() == MyAccountDialog.DialogCode.Accepted
        form.password.click()

    prompts.answer_my_account = edit
    prompts.answer_change_password = change
    menu = clerk.window.menuBar().actions()[0].menu()
    next(a for a in menu.actions() if a.text() == "Ο λογαριασμός μου…").trigger()
    clerk_a = server_row(world, "clerk_a")
    assert clerk_a.display_name == "Αικατερίνη Α." and clerk_a.teams_link == "https://teams.example/katerina"
    assert prompts.password_forms[0].result() == ChangePasswordDialog.DialogCode.Accepted
    assert sign_in_with(live, "clerk_a", NEW_PASSWORD) == 200
    assert sign_in_with(live, "clerk_a", PASSWORD) == 401


def test_an_admin_places_a_new_clerk_in_another_municipality_with_its_services(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    desktop = desktops("admin")
    assert desktop.start() and desktop.window is not None
    qtbot.addWidget(desktop.window)
    admin = open_administration(qtbot, desktop)
    assert {a.username for a in admin.model.accounts} >= {"other_supervisor", "admin", "clerk_a"}
    prompts = prompts_of(desktop)

    def fill(form: StaffDialog) -> None:
        assert form.municipality.isVisibleTo(form) and form.role.findData("admin") >= 0
        form.municipality.setCurrentIndex(form.municipality.findData("metamorfosi"))
        first = form.choices.services["metamorfosi"][0]
        form.set_qualified(first.id, "in_person", True)
        form.username.setText("eleni_m")
        form.display_name.setText("Ελένη Μ.")
        form.save.click()

    prompts.answer_staff_form = fill
    assert admin.staff_tab is not None
    admin.staff_tab.new.click()
    assert prompts.staff_forms[0].result() == StaffDialog.DialogCode.Accepted
    assert prompts.issued[0][1]["method"] == "link" and "/staff/password/" in prompts.issued[0][1]["url"]
    qtbot.waitUntil(lambda: "eleni_m" in {a.username for a in admin.model.accounts}, timeout=10_000)
    created = account(admin, "eleni_m")
    assert created.municipality == "metamorfosi" and len(created.qualifications) == 1


def test_a_clerks_write_waits_while_the_password_must_change_and_is_sent_after(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("cohabitation-agreement"),
        start=athens(2, 10),
        mode=Mode.IN_PERSON,
        who=90,
    ).booking
    username = next(name for name, staff_id in world.staff.items() if staff_id == booking.staff_id)
    clerk = desktops(username)
    assert clerk.start()
    assert isinstance(clerk.controller, ClerkController) and clerk.window is not None
    qtbot.addWidget(clerk.window)
    prompts = prompts_of(clerk)
    with world.rt.store.write() as session:
        staff = session.get(Staff, booking.staff_id)
        assert staff is not None
        staff.must_change_password = True
    answered: list[bool] = []

    def change(form: ChangePasswordDialog) -> None:
        # The note is still waiting in the queue, not dropped as a refusal.
        assert clerk.session.cache is not None and len(clerk.session.cache.pending()) == 1
        form.fill(PASSWORD, NEW_PASSWORD)
        form.save.click()
        answered.append(form.result() == ChangePasswordDialog.DialogCode.Accepted)

    prompts.answer_change_password = change
    clerk.controller.submit(Action.notes(booking.reference, "Θα φέρει το πιστοποιητικό"))
    qtbot.waitUntil(lambda: answered == [True], timeout=15_000)
    cache = clerk.session.cache
    qtbot.waitUntil(lambda: cache is not None and not cache.pending(), timeout=15_000)
    with world.rt.store.read() as session:
        stored = session.get(type(booking), booking.id)
        assert stored is not None and stored.notes == "Θα φέρει το πιστοποιητικό"
    assert prompts.warnings == []


def test_unticking_a_qualification_that_bookings_need_is_refused_in_the_form(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    admin = open_administration(qtbot, supervisor_desktop)
    prompts = prompts_of(supervisor_desktop)
    cohabitation = world.service("cohabitation-agreement")
    made = create_booking(
        world.rt.bookings, service_id=cohabitation, start=athens(3, 9), mode=Mode.IN_PERSON, who=90
    ).booking
    clerk = next(name for name, sid in world.staff.items() if sid == made.staff_id)
    seen: list[str] = []

    def untick(form: StaffDialog) -> None:
        form.set_qualified(cohabitation, "in_person", False)
        form.save.click()
        seen.append(form.qualification_error.text())
        form.reject()

    prompts.answer_staff_form = untick
    assert admin.staff_tab is not None
    admin.staff_tab.select(made.staff_id)
    admin.staff_tab.edit.click()
    assert prompts.staff_forms[0].result() == StaffDialog.DialogCode.Rejected
    assert "χρειάζονται την αρμοδιότητα" in seen[0] and made.reference in seen[0]
    assert cohabitation in server_qualifications(world, clerk)


def test_an_open_administration_window_follows_changes_made_at_another_desk(
    qtbot: Any, world: World, supervisor_desktop: Desktop
) -> None:
    """Staff and catalogue changes reach open tabs through the change feed, without «Ανανέωση»."""
    admin = open_administration(qtbot, supervisor_desktop)
    assert admin.closures is not None
    closures = admin.closures
    qtbot.waitUntil(lambda: closures.loads > 0, timeout=10_000)
    before = closures.closures.rowCount()
    with world.rt.store.read() as session:
        larissa = session.scalar(select(Municipality.id).where(Municipality.slug == "larissa"))
    elsewhere = Actor.staff(world.staff["supervisor"], "supervisor", larissa)
    staff_admin.create_account(
        world.rt.bookings,
        elsewhere,
        {"username": "new.desk", "display_name": "Νέα Υπάλληλος", "role": "clerk"},
    )
    catalogue_admin.add_closure(
        world.rt.bookings,
        elsewhere,
        "larissa",
        kind=ClosureKind.ONCE,
        fields={"date": date(2027, 3, 1), "name_el": "Απογραφή", "name_en": "Stocktaking"},
    )
    qtbot.waitUntil(lambda: any(a.username == "new.desk" for a in admin.model.accounts), timeout=15_000)
    qtbot.waitUntil(lambda: closures.closures.rowCount() == before + 1, timeout=15_000)
