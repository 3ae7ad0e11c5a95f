"""«Διαχείριση» → «Υπηρεσίες» on the desktop, against the real service (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from clerk_desktop.administration import AdministrationController
from clerk_desktop.catalogue_admin import CatalogueController
from clerk_desktop.desktop import Desktop
from clerk_desktop.models.catalogue import ExtraField
from clerk_desktop.supervision import SupervisorController
from clerk_desktop.views.catalogue_dialogs import GroupDialog, MunicipalityDialog
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import create_booking
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
COHABITATION = "cohabitation-agreement"


def prompts_of(desktop: Desktop) -> FakePrompts:
    assert isinstance(desktop.prompts, FakePrompts)
    return desktop.prompts


def open_catalogue(qtbot: Any, desktops: Desktops, username: str) -> tuple[CatalogueController, FakePrompts]:
    """Sign in, open «Διαχείριση» from the File menu, switch to «Υπηρεσίες» and wait for the tree."""
    desktop = desktops(username)
    assert desktop.start() and desktop.window is not None
    qtbot.addWidget(desktop.window)
    controller = desktop.controller
    assert isinstance(controller, SupervisorController) and controller.window is not None
    menu = controller.window.menuBar().actions()[0].menu()
    next(a for a in menu.actions() if a.text() == "Διαχείριση…").trigger()
    admin: AdministrationController = controller.administration
    assert admin.window is not None and admin.catalogue is not None
    qtbot.addWidget(admin.window)
    titles = [admin.window.tabs.tabText(i) for i in range(admin.window.tabs.count())]
    admin.window.tabs.setCurrentIndex(titles.index("Υπηρεσίες"))
    catalogue = admin.catalogue
    qtbot.waitUntil(lambda: catalogue.tree.rowCount() > 0, timeout=10_000)
    assert catalogue.tab is not None
    combo = catalogue.tab.municipality
    if not combo.isHidden():  # an admin chooses the municipality
        combo.setCurrentIndex(combo.findData("larissa"))
        qtbot.waitUntil(
            lambda: catalogue.catalogue is not None and catalogue.catalogue.slug == "larissa", timeout=10_000
        )
    return catalogue, prompts_of(desktop)


def public_services(live: LiveServer) -> dict[int, dict[str, Any]]:
    """What the citizens' web form is offered: ``GET /api/v1/municipalities/larissa/services``."""
    response = requests.get(f"{live.url}/api/v1/municipalities/larissa/services", timeout=10)
    assert response.status_code == 200, response.text
    return {int(s["id"]): s for g in response.json()["groups"] for s in g["services"]}


def choose(qtbot: Any, catalogue: CatalogueController, service_id: int) -> None:
    catalogue.select_service(service_id)
    qtbot.waitUntil(lambda: catalogue.service_id == service_id, timeout=5_000)


def test_a_supervisor_reorders_and_adds_documents_and_the_citizens_form_shows_the_new_order(
    qtbot: Any, qtmodeltester: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    catalogue, _prompts = open_catalogue(qtbot, desktops, "supervisor")
    qtmodeltester.check(catalogue.tree)
    service_id = world.service(COHABITATION)
    choose(qtbot, catalogue, service_id)
    qtmodeltester.check(catalogue.documents)
    assert catalogue.tab is not None
    form = catalogue.tab.form
    before = [d["code"] for d in public_services(live)[service_id]["required_documents"]]
    assert before[:2] == ["notarial_deed", "partners_id"]

    form.select_document(1)  # partners_id one place up
    form.doc_up.click()
    form.doc_el.setText("Φωτογραφία")
    form.doc_en.setText("Photograph")
    form.doc_code.setText("photo")
    form.doc_add.click()
    assert [d.code for d in catalogue.documents.documents][:2] == ["partners_id", "notarial_deed"]
    catalogue.tab.save.click()

    after = [d["code"] for d in public_services(live)[service_id]["required_documents"]]
    assert after == ["partners_id", "notarial_deed", *before[2:], "photo"]
    assert public_services(live)[service_id]["required_documents"][-1]["el"] == "Φωτογραφία"
    qtbot.waitUntil(lambda: not catalogue.dirty() and catalogue.original is not None, timeout=5_000)
    assert "αποθηκεύτηκε" in catalogue.tab.status.text()


def test_a_supervisor_sees_the_admin_only_fields_read_only_and_the_municipality_unchangeable(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    catalogue, prompts = open_catalogue(qtbot, desktops, "supervisor")
    choose(qtbot, catalogue, world.service(COHABITATION))
    assert catalogue.tab is not None
    form = catalogue.tab.form
    assert form.read_only_fields() == {
        "name_el",
        "name_en",
        "group_id",
        "modes",
        "duration_minutes",
        "slot_interval_minutes",
        "lead_time_minutes",
        "horizon_days",
        "buffer_before_minutes",
        "buffer_after_minutes",
        "max_active_per_citizen",
        "extra_time_minutes",  # issue 18: an admin's choice too
        "co_applicants",  # issue 18: admin only
        "co_applicants_required",
        "co_applicant_confirm_hours",
    }
    assert not catalogue.tab.new_service.isEnabled() and not catalogue.tab.toggle_active.isEnabled()
    assert not catalogue.tab.new_group.isEnabled()
    assert catalogue.tab.municipality.isHidden()  # a supervisor has one municipality

    seen: list[MunicipalityDialog] = []
    prompts.answer_municipality_form = seen.append
    catalogue.tab.settings.click()
    assert seen and all(line.isReadOnly() for line in seen[0].lines.values())
    assert seen[0].lines["name_el"].text() == "Δήμος Λαρισαίων"


def test_an_invalid_duration_shows_the_servers_message_under_the_field(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    catalogue, _prompts = open_catalogue(qtbot, desktops, "admin")
    service_id = world.service(COHABITATION)
    choose(qtbot, catalogue, service_id)
    assert catalogue.tab is not None
    form = catalogue.tab.form
    assert not form.read_only_fields()
    duration = public_services(live)[service_id]["duration_minutes"]
    form.numbers["duration_minutes"].setValue(0)
    catalogue.tab.save.click()
    assert form.errors.text("duration_minutes") == "Πρέπει να είναι μεγαλύτερο από 0."  # the server, in Greek
    assert public_services(live)[service_id]["duration_minutes"] == duration
    assert catalogue.dirty()  # what the user typed is kept to correct


def test_an_admin_creates_a_service_retires_it_and_offers_it_again(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    catalogue, prompts = open_catalogue(qtbot, desktops, "admin")
    assert catalogue.tab is not None and catalogue.catalogue is not None
    registry = next(g for g in catalogue.catalogue.groups if g.slug == "registry")
    catalogue.choose_group(registry.id)
    catalogue.tab.new_service.click()
    form = catalogue.tab.form
    form.slug.setText("birth-certificate")
    form.name_el.setText("Ληξιαρχική πράξη γέννησης")
    form.name_en.setText("Birth certificate")
    form.numbers["duration_minutes"].setValue(20)
    form.numbers["slot_interval_minutes"].setValue(20)
    form.modes["teleconference"].setChecked(True)
    catalogue.tab.save.click()
    assert not form.errors.text(""), form.errors.text("")

    offered = {s["slug"]: s for s in public_services(live).values()}
    assert offered["birth-certificate"]["duration_minutes"] == 20
    assert set(offered["birth-certificate"]["modes"]) == {"in_person", "teleconference"}
    new_id = int(offered["birth-certificate"]["id"])
    qtbot.waitUntil(lambda: "Ληξιαρχική πράξη γέννησης" in catalogue.tree.service_names(), timeout=5_000)
    assert catalogue.service_id == new_id

    prompts.answer_choose = lambda text, options: "retire"
    catalogue.tab.toggle_active.click()
    assert "παραμένουν" in prompts.questions[-1]  # existing bookings stay
    qtbot.waitUntil(lambda: new_id not in public_services(live), timeout=5_000)
    retired = "Ληξιαρχική πράξη γέννησης (εκτός λειτουργίας)"
    qtbot.waitUntil(lambda: retired in catalogue.tree.service_names(), timeout=5_000)
    catalogue.tab.show_retired.setChecked(False)
    assert retired not in catalogue.tree.service_names()
    catalogue.tab.show_retired.setChecked(True)

    qtbot.waitUntil(lambda: catalogue.tab is not None and catalogue.tab.toggle_active.text() == "Επαναφορά")
    catalogue.tab.toggle_active.click()
    qtbot.waitUntil(lambda: new_id in public_services(live), timeout=5_000)


def test_switching_service_with_unsaved_changes_asks_and_cancel_keeps_the_edit(
    qtbot: Any, world: World, desktops: Desktops
) -> None:
    catalogue, prompts = open_catalogue(qtbot, desktops, "supervisor")
    first, second = world.service(COHABITATION), world.service("transfer-of-registration")
    choose(qtbot, catalogue, first)
    assert catalogue.tab is not None
    catalogue.tab.form.description_el.setPlainText("Νέα περιγραφή")
    catalogue.select_service(second)
    assert prompts.questions and "δεν αποθηκεύτηκαν" in prompts.questions[-1]
    assert catalogue.service_id == first
    assert catalogue.tab.form.description_el.toPlainText() == "Νέα περιγραφή"
    prompts.answer_choose = lambda text, options: "discard"
    catalogue.select_service(second)
    assert catalogue.service_id == second


def test_an_admin_creates_a_group_with_an_extra_field_and_the_citizens_form_asks_it(
    qtbot: Any, live: LiveServer, desktops: Desktops
) -> None:
    catalogue, prompts = open_catalogue(qtbot, desktops, "admin")

    def fill(dialog: GroupDialog) -> None:
        dialog.slug.setText("cemeteries")
        dialog.name_el.setText("Κοιμητήρια")
        dialog.name_en.setText("Cemeteries")
        dialog.add_field(ExtraField("plot number", "Αριθμός τάφου", "Plot number"))  # a space: refused
        dialog.submit()
        assert dialog.result() != GroupDialog.DialogCode.Accepted
        assert dialog.errors.text("extra_fields")  # the server's message, under the table
        key = dialog.extra.item(0, 0)
        assert key is not None
        key.setText("plot_number")
        dialog.submit()

    prompts.answer_group_form = fill
    assert catalogue.tab is not None
    catalogue.tab.new_group.click()
    assert prompts.group_forms[0].result() == GroupDialog.DialogCode.Accepted
    response = requests.get(f"{live.url}/api/v1/municipalities/larissa/services", timeout=10)
    groups = {g["slug"]: g for g in response.json()["groups"]}
    assert [f["key"] for f in groups["cemeteries"]["extra_fields"]] == ["plot_number"]
    qtbot.waitUntil(
        lambda: (
            catalogue.catalogue is not None
            and catalogue.catalogue.group(groups["cemeteries"]["id"]) is not None
        ),
        timeout=5_000,
    )


def test_an_admin_changes_the_phone_but_the_time_zone_is_read_only_once_bookings_exist(
    qtbot: Any, live: LiveServer, world: World, desktops: Desktops
) -> None:
    create_booking(world.rt.bookings, service_id=world.service(COHABITATION), start=athens(3, 9))
    catalogue, prompts = open_catalogue(qtbot, desktops, "admin")

    def fill(dialog: MunicipalityDialog) -> None:
        assert dialog.lines["timezone"].isReadOnly() and not dialog.lines["phone"].isReadOnly()
        dialog.lines["phone"].setText("2413 500 000")
        dialog.submit()

    prompts.answer_municipality_form = fill
    assert catalogue.tab is not None
    catalogue.tab.settings.click()
    assert prompts.municipality_forms[0].result() == MunicipalityDialog.DialogCode.Accepted
    listed = requests.get(f"{live.url}/api/v1/municipalities", timeout=10).json()["municipalities"]
    assert next(m for m in listed if m["slug"] == "larissa")["phone"] == "2413 500 000"
