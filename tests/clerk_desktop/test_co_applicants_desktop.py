"""Joint appointments (issue 18) at the clerk's desk, against the live service: the panel lists the
co-applicant in plain text with their own identity check; «Αναμονή συναιτούντα» until they confirm;
completion waits for everyone's identity, and the server's refusal is told in Greek."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from clerk_desktop.client.actions import Action
from clerk_desktop.controller import ClerkController
from clerk_desktop.i18n import tr
from clerk_desktop.views.dialogs import IdentityResult
from service_api.app import create_app
from service_api.booking.co_applicants import CoApplicants, SignedIn
from service_api.booking.service import NewBooking
from service_api.domain.co_applicants import CoApplicantIn
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from tests.clerk_desktop.test_catalogue_desktop import COHABITATION, choose, open_catalogue, public_services
from tests.helpers.clerk import prompts_of_clerk
from tests.helpers.desktop import Desktops
from tests.helpers.factories import citizen
from tests.helpers.http import call, login
from tests.helpers.live_server import LiveServer
from tests.helpers.world import World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
PARTNER = "nikos@example.org"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "desktop"


def _joint_booking_of_clerk_a(world: World) -> str:
    """A cohabitation agreement for two, booked (through the API's admin change and the service) so
    that clerk_a has it."""
    client = create_app(rt=world.rt).test_client()
    sid = world.service("cohabitation-agreement")
    call(
        client,
        "PATCH",
        f"/api/v1/services/{sid}",
        200,
        headers=login(client, "admin"),
        json={"co_applicants": 1},
    )
    booked = world.rt.bookings.create(
        NewBooking(sid, Mode.IN_PERSON, athens(2, 10), citizen(1, name="Μαρία Παπαδοπούλου")),
        Actor.citizen(),
        prefer=world.staff["clerk_a"],
        co_applicants=[CoApplicantIn(PARTNER, "Νίκος Γεωργίου")],
    ).booking
    assert booked.staff_id == world.staff["clerk_a"] and booked.status == "awaiting_coapplicant"
    return booked.reference


def test_the_panel_lists_the_co_applicant_and_completion_waits_for_their_identity(
    qtbot: Any, world: World, signed_in: ClerkController
) -> None:
    ref = _joint_booking_of_clerk_a(world)
    qtbot.waitUntil(lambda: signed_in.store.get(ref) is not None, timeout=10000)
    signed_in.select(ref)
    assert signed_in.window is not None
    panel = signed_in.window.panel
    box = panel.co_applicants
    assert panel.fields["status"].text() == "Αναμονή συναιτούντα"
    assert box.isVisible()
    assert box.lines[0].text() == (
        "1. Νίκος Γεωργίου <nikos@example.org> — δεν έχει επιβεβαιώσει · ταυτότητα: όχι ακόμη"
    )
    assert not box.buttons[0].isEnabled()  # not confirmed yet: nothing to check
    assert box.lines[0].isVisible() and box.buttons[0].isVisible()
    if os.environ.get("DIMOS_SCREENSHOTS_DESKTOP"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        signed_in.window.resize(1280, 720)
        signed_in.window.grab().save(str(SHOTS / "coapp-window-waiting-el.png"))

    CoApplicants(world.rt.bookings).confirm(reference=ref, position=1, who=SignedIn(email=PARTNER))
    qtbot.waitUntil(
        lambda: (b := signed_in.store.get(ref)) is not None and b.status == "confirmed", timeout=10000
    )
    assert "επιβεβαίωσε" in box.lines[0].text() and box.buttons[0].isEnabled()

    prompts = prompts_of_clerk(signed_in)
    prompts.answer_identity = lambda name, taxis: IdentityResult("identity_card", True, None, "")
    panel.set_now(athens(2, 10, 5))
    panel.verify.click()
    qtbot.waitUntil(
        lambda: (b := signed_in.store.get(ref)) is not None and b.identity is not None, timeout=10000
    )
    panel.outcome.setCurrentIndex(panel.outcome.findData("completed"))
    assert not panel.record.isEnabled()
    assert panel.outcome_hint.text() == tr("coapp.needs_identity")

    # Sent anyway (an older queued action, say): the server refuses, and the clerk reads why in Greek.
    signed_in.submit(Action.outcome(ref, "completed", "", confirm_missing_documents=True))
    qtbot.waitUntil(lambda: bool(prompts.warnings), timeout=10000)
    assert "Επαληθεύστε την ταυτότητα του αιτούντα και κάθε συναιτούντα" in prompts.warnings[0]

    asked: list[str] = []
    prompts.answer_identity = lambda name, taxis: (
        asked.append(name) or IdentityResult("passport", True, None, "")
    )
    box.buttons[0].click()
    qtbot.waitUntil(
        lambda: (b := signed_in.store.get(ref)) is not None and b.co_applicants[0].verified, timeout=10000
    )
    assert asked == ["Νίκος Γεωργίου"]
    assert box.lines[0].text().endswith("ταυτότητα: " + tr("identity.passport"))
    assert panel.record.isEnabled() and not panel.outcome_hint.text()
    if os.environ.get("DIMOS_SCREENSHOTS_DESKTOP"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        panel.grab().save(str(SHOTS / "coapp-panel-el.png"))
        signed_in.window.resize(1280, 720)
        signed_in.window.grab().save(str(SHOTS / "coapp-window-el.png"))


def test_an_admin_makes_a_service_need_a_co_applicant_in_the_service_form(
    qtbot: Any, world: World, live: LiveServer, desktops: Desktops
) -> None:
    catalogue, _prompts = open_catalogue(qtbot, desktops, "admin")
    service_id = world.service(COHABITATION)
    choose(qtbot, catalogue, service_id)
    assert catalogue.tab is not None
    form = catalogue.tab.form
    assert form.numbers["co_applicants"].value() == 0 and not form.co_required.isChecked()
    form.numbers["co_applicants"].setValue(1)
    form.co_required.setChecked(True)
    form.numbers["co_applicant_confirm_hours"].setValue(24)
    catalogue.tab.save.click()
    qtbot.waitUntil(lambda: not catalogue.dirty() and catalogue.original is not None, timeout=5_000)
    shown = public_services(live)[service_id]
    assert (shown["co_applicants"], shown["co_applicants_required"], shown["co_applicant_confirm_hours"]) == (
        1,
        True,
        24,
    )
