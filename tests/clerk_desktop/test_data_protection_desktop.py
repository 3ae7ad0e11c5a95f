"""The data-protection officer's desktop against the real service (issue 17): log, export, erasure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import select

from clerk_desktop.data_protection import DataProtectionController
from clerk_desktop.desktop import Desktop
from service_api.booking import staffing
from service_api.domain.policy import Actor
from service_api.models import Booking, BookingCoApplicant
from tests.helpers.clock import Clock
from tests.helpers.desktop import Desktops, FakePrompts
from tests.helpers.factories import booking_body, create_booking
from tests.helpers.http import book, call, login
from tests.helpers.live_server import LiveServer
from tests.helpers.world import PASSWORD, World, athens

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
EMAIL = "zoe@example.org"


@pytest.fixture
def zoe(world: World, live: LiveServer) -> str:
    """Zoe's booking, read once by the supervisor at the desk's panel: one entry in the log."""
    booking = create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(3, 9),
        email=EMAIL,
        name="Ζωή Λησμονίδου",
    ).booking
    create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(3, 10), who=2
    )
    token = requests.post(
        f"{live.url}/api/v1/auth/login", json={"username": "supervisor", "password": PASSWORD}, timeout=10
    ).json()["access_token"]
    read = requests.get(
        f"{live.url}/api/v1/bookings/{booking.reference}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert read.status_code == 200
    return booking.reference


@pytest.fixture
def officer_desktop(qtbot: Any, world: World, desktops: Desktops, zoe: str) -> Desktop:
    staffing.create_staff(
        world.rt.bookings, username="dpo", display_name="Ειρήνη Σταθοπούλου", role="dpo", password=PASSWORD
    )
    desktop = desktops("dpo")
    assert desktop.start()
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    return desktop


def controller_of(desktop: Desktop) -> DataProtectionController:
    assert isinstance(desktop.controller, DataProtectionController)
    return desktop.controller


def prompts_of(desktop: Desktop) -> FakePrompts:
    assert isinstance(desktop.prompts, FakePrompts)
    return desktop.prompts


def test_the_dpo_gets_the_access_log_instead_of_a_calendar(
    qtbot: Any, officer_desktop: Desktop, zoe: str
) -> None:
    dpo = controller_of(officer_desktop)
    assert dpo.window is not None and dpo.window.isVisible()
    assert officer_desktop.session.feed is None  # no change feed: the dpo holds no booking
    qtbot.waitUntil(lambda: dpo.model.rowCount() == 1, timeout=10_000)
    assert [dpo.model.index(0, column).data() for column in (1, 2, 3)] == [
        "Supervisor",
        zoe,
        "Καρτέλα ραντεβού",
    ]
    qtbot.waitUntil(lambda: dpo.window is not None and dpo.window.staff.count() > 1, timeout=10_000)
    assert "Supervisor" in [dpo.window.staff.itemText(i) for i in range(dpo.window.staff.count())]


def test_the_dpo_looks_up_a_citizen_or_a_staff_member(
    qtbot: Any, world: World, officer_desktop: Desktop, zoe: str
) -> None:
    dpo = controller_of(officer_desktop)
    window = dpo.window
    assert window is not None
    qtbot.waitUntil(lambda: dpo.model.rowCount() == 1 and window.staff.count() > 1, timeout=10_000)
    window.citizen.setText("citizen2@example.org")
    window.search.click()
    qtbot.waitUntil(lambda: dpo.model.rowCount() == 0 and window.count.text() == "0 εγγραφές", timeout=10_000)
    window.citizen.setText(EMAIL.upper())
    window.search.click()
    qtbot.waitUntil(lambda: dpo.model.rowCount() == 1, timeout=10_000)
    window.citizen.clear()
    window.staff.setCurrentIndex(window.staff.findData(world.staff["clerk_a"]))
    window.search.click()
    qtbot.waitUntil(lambda: dpo.model.rowCount() == 0, timeout=10_000)


def test_the_dpo_saves_everything_held_about_a_citizen_as_json_and_as_a_page(
    qtbot: Any, officer_desktop: Desktop, zoe: str, tmp_path: Path
) -> None:
    dpo, prompts = controller_of(officer_desktop), prompts_of(officer_desktop)
    window = dpo.window
    assert window is not None
    asked: list[str] = []
    prompts.answer_save_file = lambda suggested, suffix: (
        asked.append(suggested) or str(tmp_path / f"zoe.{suffix}")
    )
    window.citizen.setText(EMAIL)
    window.export_json.click()
    qtbot.waitUntil(lambda: (tmp_path / "zoe.json").exists(), timeout=10_000)
    export = json.loads((tmp_path / "zoe.json").read_text(encoding="utf-8"))
    assert [b["reference"] for b in export["bookings"]] == [zoe]
    assert export["bookings"][0]["citizen"]["name"] == "Ζωή Λησμονίδου"
    assert asked[0].startswith("stoixeia-politi-") and asked[0].endswith(".json")
    window.export_html.click()
    qtbot.waitUntil(lambda: (tmp_path / "zoe.html").exists(), timeout=10_000)
    assert "Στοιχεία που τηρούνται για τον πολίτη" in (tmp_path / "zoe.html").read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: "zoe.html" in window.statusBar().currentMessage(), timeout=10_000)


def test_an_erasure_is_confirmed_first_and_waits_for_bookings_still_to_come(
    qtbot: Any, world: World, officer_desktop: Desktop, zoe: str
) -> None:
    dpo, prompts = controller_of(officer_desktop), prompts_of(officer_desktop)
    window = dpo.window
    assert window is not None
    window.citizen.setText(EMAIL)
    window.erase.click()  # the officer cancels the question: nothing happens
    assert "Ζωή" not in prompts.questions[-1] and EMAIL in prompts.questions[-1]
    prompts.answer_choose = lambda text, options: "erase"
    window.erase.click()
    qtbot.waitUntil(lambda: bool(prompts.warnings), timeout=10_000)
    assert "ακυρώστε τα πρώτα" in prompts.warnings[-1] and f"• {zoe}" in prompts.warnings[-1]
    with world.rt.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == zoe))
        assert booking is not None and booking.citizen_email == EMAIL
        municipality = booking.municipality_id
    supervisor = Actor.staff(world.staff["supervisor"], "supervisor", municipality)
    world.rt.bookings.cancel(zoe, supervisor, reason="cancelled_by_staff")
    window.erase.click()
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "Διαγράφηκαν τα στοιχεία του πολίτη από 1 ραντεβού.",
        timeout=10_000,
    )
    with world.rt.store.read() as session:
        assert session.scalar(select(Booking.citizen_email).where(Booking.reference == zoe)) == ""


def test_erasing_a_co_applicant_says_only_their_joint_booking_row_went(
    qtbot: Any, world: World, client: FlaskClient, officer_desktop: Desktop, clock: Clock
) -> None:
    sid = world.service("cohabitation-agreement")
    change = {"co_applicants": 1, "co_applicants_required": True, "co_applicant_confirm_hours": 24}
    call(client, "PATCH", f"/api/v1/services/{sid}", 200, headers=login(client, "admin"), json=change)
    partner = "partner@example.org"
    booked = book(client, 201, booking_body(sid, athens(4, 10), co_applicants=[{"email": partner}]))
    clock.now = athens(5, 12)  # the joint booking is over (the deadline released it)
    dpo, prompts = controller_of(officer_desktop), prompts_of(officer_desktop)
    window = dpo.window
    assert window is not None
    window.citizen.setText(partner)
    prompts.answer_choose = lambda text, options: "erase"
    window.erase.click()
    qtbot.waitUntil(
        lambda: (
            window.statusBar().currentMessage()
            == "Ως συναιτούντα: τα στοιχεία του διαγράφηκαν από 1 κοινό ραντεβού."
        ),
        timeout=10_000,
    )
    with world.rt.store.read() as session:
        assert session.scalars(select(BookingCoApplicant.email)).one() == ""
        kept = session.scalar(select(Booking.citizen_email).where(Booking.reference == booked["reference"]))
    assert kept == "citizen1@example.org"  # the booker's booking is theirs, untouched
