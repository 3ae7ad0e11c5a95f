"""A citizen's requests (issue 17): everything held about them (Art. 15) and erasure now (Art. 17); and
the dpo's role: who may create one, and what a dpo may not see."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.auth.taxisnet import record_login
from service_api.booking import staffing, stats, waitlist
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode, Outcome
from service_api.domain.waitlist import PartOfDay
from service_api.models import AuditLog, Base, Booking
from service_api.runtime import Runtime
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body, create_booking
from tests.helpers.http import call, citizen_token, login
from tests.helpers.world import PASSWORD, World, athens

NAME = "Ζωή <b>Λησμονίδου</b>"
EMAIL = "zoe.lismonidou@example.org"
AFM = "090000045"
GREEK = {"Accept-Language": "el"}


@pytest.fixture
def officer(world: World, client: FlaskClient) -> dict[str, str]:
    staffing.create_staff(
        world.rt.bookings, username="dpo", display_name="Υπεύθυνη", role="dpo", password=PASSWORD
    )
    return login(client, "dpo")


def book_as_zoe(client: FlaskClient, world: World, day: int, hour: int = 9, *, afm: str | None = AFM) -> str:
    """Zoe books as the web form's API client would: TAXISnet gives her AFM."""
    body = booking_body(world.service("transfer-of-registration"), athens(day, hour))
    body["citizen"] = {"name": NAME, "email": EMAIL, "phone": "6977003344"}
    headers = {"Authorization": f"Bearer {citizen_token(client, EMAIL, afm=afm)}"}
    return str(call(client, "POST", "/api/v1/bookings", 201, json=body, headers=headers)["reference"])


def supervisor(world: World, booking_reference: str) -> Actor:
    with world.rt.store.read() as session:
        municipality = session.scalar(
            select(Booking.municipality_id).where(Booking.reference == booking_reference)
        )
    return Actor.staff(world.staff["supervisor"], "supervisor", municipality)


def everything_stored(rt: Runtime) -> str:
    values: list[str] = []
    with rt.store.read() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                values.extend(str(value) for value in row)
    return "\n".join(values)


def figures(world: World) -> dict[str, Any]:
    with world.rt.store.read() as session:
        counted = stats.figures(
            session,
            Actor.system(),
            first=athens(1, 0).date(),
            last=athens(31, 0).date(),
            period="month",
        )
    return counted.as_json()


# ------------------------------------------------------------------------------------------ Art. 15
def test_the_export_holds_the_citizens_bookings_emails_audit_and_reads_and_no_one_elses(
    world: World, client: FlaskClient, officer: dict[str, str], clock: Clock
) -> None:
    rt = world.rt
    first, second = book_as_zoe(client, world, 3), book_as_zoe(client, world, 4)
    stranger = create_booking(
        rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(3, 10)
    )
    record_login(
        rt.store, provider="taxisnet", outcome="success", reason="", taxid=AFM, secret=rt.config.secret_key
    )
    rt.bookings.cancel(second, supervisor(world, second), reason="she phoned")
    call(client, "GET", f"/api/v1/bookings/{first}", 200, headers=login(client, "supervisor"))

    by_email = call(client, "GET", f"/api/v1/citizens/export?email={EMAIL.upper()}", 200, headers=officer)
    assert by_email["subject"] == {"email": EMAIL}
    assert [b["reference"] for b in by_email["bookings"]] == [first, second]
    assert by_email["bookings"][0]["citizen"]["name"] == NAME
    assert {(m["reference"], m["kind"]) for m in by_email["emails"]} >= {
        (first, "email.confirmation"),
        (second, "email.cancelled"),
    }
    actions = {(a["reference"], a["action"]) for a in by_email["audit"]}
    assert {(first, "created"), (second, "cancelled")} <= actions
    cancelled = next(a for a in by_email["audit"] if a["action"] == "cancelled")
    assert cancelled["details"]["reason"] == "she phoned" and cancelled["actor_name"] == "Supervisor"
    assert [(e["reference"], e["channel"], e["staff"]["name"]) for e in by_email["access_log"]] == [
        (first, "panel", "Supervisor")
    ]
    assert by_email["sign_ins"] == []  # named by e-mail: the AFM is not looked up
    assert stranger.booking.reference not in json.dumps(by_email)

    by_afm = call(client, "GET", f"/api/v1/citizens/export?afm={AFM}", 200, headers=officer)
    assert [b["reference"] for b in by_afm["bookings"]] == [first, second]
    assert [(s["provider"], s["outcome"]) for s in by_afm["sign_ins"]] == [("taxisnet", "success")]
    # The first export is itself a read of her details, now in the log.
    assert {e["channel"] for e in by_afm["access_log"]} == {"panel", "subject_access"}

    page = client.get(f"/api/v1/citizens/export?email={EMAIL}&format=html", headers=officer)
    assert page.status_code == 200 and page.content_type == "text/html; charset=utf-8"
    assert page.headers["Content-Disposition"].startswith('attachment; filename="subject-access-')
    html = page.get_data(as_text=True)
    assert "Στοιχεία που τηρούνται για τον πολίτη" in html and first in html and "Supervisor" in html
    assert "<b>Λησμονίδου</b>" not in html and "&lt;b&gt;Λησμονίδου&lt;/b&gt;" in html  # escaped
    english = client.get(f"/api/v1/citizens/export?email={EMAIL}&format=html&lang=en", headers=officer)
    assert "What is held about the citizen" in english.get_data(as_text=True)


def test_an_admin_exports_too_and_nobody_else(world: World, client: FlaskClient) -> None:
    book_as_zoe(client, world, 3)
    admin = login(client, "admin")
    assert (
        len(call(client, "GET", f"/api/v1/citizens/export?email={EMAIL}", 200, headers=admin)["bookings"])
        == 1
    )
    for who in ("clerk_a", "supervisor"):
        headers = login(client, who)
        call(client, "GET", f"/api/v1/citizens/export?email={EMAIL}", 403, headers=headers)
        call(client, "POST", "/api/v1/citizens/erase", 403, headers=headers, json={"email": EMAIL})
    for query in ("", "email=x", f"email={EMAIL}&afm={AFM}", "afm=12", f"email={EMAIL}&format=pdf"):
        call(client, "GET", f"/api/v1/citizens/export?{query}", 422, headers=admin)


# ------------------------------------------------------------------------------------------ Art. 17
def test_erasure_forgets_the_citizen_as_the_purge_would_and_the_figures_stay(
    world: World, client: FlaskClient, officer: dict[str, str], clock: Clock
) -> None:
    rt = world.rt
    served, called_off = book_as_zoe(client, world, 2), book_as_zoe(client, world, 9)
    others = create_booking(
        rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(2, 10)
    )
    record_login(
        rt.store, provider="taxisnet", outcome="success", reason="", taxid=AFM, secret=rt.config.secret_key
    )
    boss = supervisor(world, served)
    rt.clerk_actions.update_notes(reference=served, notes="comes with her lawyer", actor=boss)
    rt.bookings.cancel(called_off, boss, reason="she phoned, moving abroad")
    clock.now = athens(2, 12)
    rt.clerk_actions.record_outcome(
        reference=served, outcome=Outcome.NO_SHOW, actor=boss, note="", confirm_missing_documents=True
    )
    waitlist.join(  # she also waits for another time: the entry holds her address and name
        rt.bookings,
        waitlist.Wanted(
            world.service("transfer-of-registration"),
            Mode.IN_PERSON,
            athens(20, 0).date(),
            athens(24, 0).date(),
            PartOfDay.MORNING,
        ),
        waitlist.Waiter(email=EMAIL, name=NAME, afm=AFM),
    )
    exported = call(client, "GET", f"/api/v1/citizens/export?afm={AFM}", 200, headers=officer)
    assert [(e["mode"], e["part_of_day"], e["status"]) for e in exported["waitlist"]] == [
        ("in_person", "morning", "waiting")
    ]
    before = figures(world)
    clerk = login(client, "clerk_a")
    cursor = call(client, "GET", "/api/v1/changes", 200, headers=clerk)["cursor"]

    erased = call(client, "POST", "/api/v1/citizens/erase", 200, headers=officer, json={"afm": AFM})

    assert erased == {
        "erased": {
            "bookings": 2,
            "sign_ins": 1,
            "sign_in_codes": 0,
            "sessions": 2,
            "mails": 0,
            "waitlist": 1,
            "co_applicants": 0,
        }
    }
    stored = everything_stored(rt)
    for hers in (NAME, EMAIL, "6977003344", "comes with her lawyer", "she phoned, moving abroad"):
        assert hers not in stored
    assert "citizen1@example.org" in stored and others.booking.reference in stored  # the others stay
    assert figures(world) == before  # statistics keep their counts
    with rt.store.read() as session:
        kept = session.scalar(select(Booking).where(Booking.reference == served))
        assert kept is not None and (kept.status, kept.anonymised_at) == ("no_show", clock.now)
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "citizen_erased")).one()
    assert audit.details == {
        "named_by": "afm",
        "bookings": 2,
        "sign_ins": 1,
        "sign_in_codes": 0,
        "sessions": 2,
        "waitlist": 1,
        "co_applicants": 0,
    }
    assert AFM not in json.dumps(audit.details)
    # Open desktops drop her bookings (and their offline copies): the feed says «removed».
    feed = call(client, "GET", f"/api/v1/changes?since={cursor}", 200, headers=clerk)["changes"]
    assert {(c["reference"], c["op"], c["booking"]) for c in feed if c["reference"] == served} <= {
        (served, "removed", None)
    }
    emptied = call(client, "GET", f"/api/v1/citizens/export?afm={AFM}", 200, headers=officer)
    assert (emptied["bookings"], emptied["waitlist"]) == ([], [])
    again = call(client, "POST", "/api/v1/citizens/erase", 200, headers=officer, json={"afm": AFM})
    assert again["erased"]["bookings"] == 0


def test_erasure_waits_until_the_citizens_upcoming_bookings_are_cancelled(
    world: World, client: FlaskClient, officer: dict[str, str], clock: Clock
) -> None:
    past, upcoming = book_as_zoe(client, world, 2, afm=None), book_as_zoe(client, world, 10, afm=None)
    clock.now = athens(2, 12)  # the first is over
    refused = call(
        client, "POST", "/api/v1/citizens/erase", 409, headers={**officer, **GREEK}, json={"email": EMAIL}
    )
    assert refused["error"] == "citizen_has_upcoming_bookings"
    assert refused["bookings"] == [upcoming]  # references only: the refusal names no one
    assert refused["message"] == (
        "Ο πολίτης έχει 1 ραντεβού που δεν έχουν γίνει ακόμη: ακυρώστε τα πρώτα και μετά κάντε τη διαγραφή."
    )
    with world.rt.store.read() as session:
        assert session.scalar(select(Booking.citizen_email).where(Booking.reference == past)) == EMAIL
    world.rt.bookings.cancel(upcoming, supervisor(world, upcoming), reason="cancelled_by_staff")
    erased = call(client, "POST", "/api/v1/citizens/erase", 200, headers=officer, json={"email": EMAIL})
    assert erased["erased"]["bookings"] == 2


def test_a_lapsed_hold_does_not_hold_up_an_erasure(
    world: World, client: FlaskClient, officer: dict[str, str], clock: Clock
) -> None:
    create_booking(
        world.rt.bookings,
        service_id=world.service("transfer-of-registration"),
        start=athens(10, 9),
        hold=True,
        email=EMAIL,
    )
    call(client, "POST", "/api/v1/citizens/erase", 409, headers=officer, json={"email": EMAIL})
    clock.advance(minutes=world.rt.config.hold_minutes + 1)
    call(client, "POST", "/api/v1/citizens/erase", 200, headers=officer, json={"email": EMAIL})


# ------------------------------------------------------------------------------------------ the role
def test_only_an_admin_makes_someone_the_dpo_and_a_dpo_serves_no_one(
    world: World, client: FlaskClient
) -> None:
    boss, admin = login(client, "supervisor"), login(client, "admin")
    new = {"username": "irini.dpo", "display_name": "Ειρήνη", "role": "dpo"}
    refused = call(client, "POST", "/api/v1/staff", 403, headers={**boss, **GREEK}, json=new)
    assert refused["message"] == "Τον υπεύθυνο προστασίας δεδομένων τον ορίζει μόνο διαχειριστής."
    with_services = {
        **new,
        "qualifications": [{"service_id": world.service("transfer-of-registration"), "modes": ["in_person"]}],
    }
    call(client, "POST", "/api/v1/staff", 422, headers=admin, json=with_services)
    made = call(client, "POST", "/api/v1/staff", 201, headers=admin, json=new)
    assert (made["role"], made["municipality"]) == ("dpo", None)
    call(client, "PATCH", f"/api/v1/staff/{made['id']}", 404, headers=boss, json={"display_name": "X"})
    clerk_c = world.staff["clerk_c"]
    call(client, "PATCH", f"/api/v1/staff/{clerk_c}", 403, headers=boss, json={"role": "dpo"})
    moved = call(client, "PATCH", f"/api/v1/staff/{clerk_c}", 200, headers=admin, json={"role": "dpo"})
    assert (moved["role"], moved["qualifications"]) == ("dpo", [])  # nobody books with the dpo


def test_a_clerk_with_bookings_to_come_becomes_the_dpo_only_once_they_are_covered(
    world: World, client: FlaskClient
) -> None:
    booking = create_booking(
        world.rt.bookings, service_id=world.service("transfer-of-registration"), start=athens(3, 9)
    ).booking
    clerk = booking.staff_id
    refused = call(
        client, "PATCH", f"/api/v1/staff/{clerk}", 409, headers=login(client, "admin"), json={"role": "dpo"}
    )
    assert refused["error"] == "staff_has_upcoming_bookings"


def test_a_dpo_sees_no_calendar_and_no_booking(
    world: World, client: FlaskClient, officer: dict[str, str]
) -> None:
    reference = book_as_zoe(client, world, 3)
    for url in (
        "/api/v1/me/bookings",
        "/api/v1/changes",
        "/api/v1/changes?since=0",
        "/api/v1/bookings",
        "/api/v1/stats",
        "/api/v1/stats/bookings",
        "/api/v1/me/calendar",
        "/api/v1/me/calendar-link",
    ):
        call(client, "GET", url, 403, headers=officer)
    call(client, "GET", f"/api/v1/bookings/{reference}", 404, headers=officer)
    call(client, "POST", f"/api/v1/bookings/{reference}/check-in", 404, headers=officer)
    staff = call(client, "GET", "/api/v1/staff", 200, headers=officer)["staff"]  # to filter the log by
    assert {"clerk_a", "supervisor", "admin"} <= {s["username"] for s in staff}
    walk_in = booking_body(world.service("transfer-of-registration"), athens(3, 11))
    call(client, "POST", "/api/v1/bookings", 403, headers=officer, json=walk_in)
    assert call(client, "GET", "/api/v1/me", 200, headers=officer)["role"] == "dpo"


def test_the_dpos_own_reads_of_the_log_are_not_reads_of_a_citizen(
    world: World, client: FlaskClient, officer: dict[str, str]
) -> None:
    reference = book_as_zoe(client, world, 3)
    call(client, "GET", f"/api/v1/bookings/{reference}", 200, headers=login(client, "supervisor"))
    for _ in range(3):
        call(client, "GET", f"/api/v1/access-log?email={EMAIL}", 200, headers=officer)
    assert len(call(client, "GET", "/api/v1/access-log", 200, headers=officer)["entries"]) == 1
