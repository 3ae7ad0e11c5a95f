"""A co-applicant's own data-protection requests (issues 17 and 18): the export finds the joint bookings
they were named in, by the invited address or by the AFM they confirmed with, without the booker's
details; erasure waits while such a booking is to come, then blanks only their co-applicant row."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from email import policy
from email.parser import BytesParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking import staffing
from service_api.booking.co_applicants import CoApplicants, SignedIn
from service_api.jobs import JobRunner
from service_api.models import AuditLog, Booking, BookingCoApplicant
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import PASSWORD, World, athens

FRIDAY = 4
PARTNER = "Eleni.Partner@example.org"
PARTNER_AFM = "123456789"
PARTNER_NAME = "Ελένη <i>Συναιτούσα</i>"
BOOKER_EMAIL = "citizen1@example.org"
BOOKER_NAME = "Πολίτης 1"
GREEK = {"Accept-Language": "el"}


@pytest.fixture
def officer(world: World, client: FlaskClient) -> dict[str, str]:
    staffing.create_staff(
        world.rt.bookings, username="dpo", display_name="Υπεύθυνη", role="dpo", password=PASSWORD
    )
    return login(client, "dpo")


def joint_booking(world: World, client: FlaskClient, *, confirm: bool = True) -> dict[str, Any]:
    """Citizen 1 books a cohabitation agreement with Eleni, who confirms through TAXISnet."""
    sid = world.service("cohabitation-agreement")
    change = {"co_applicants": 1, "co_applicants_required": True, "co_applicant_confirm_hours": 24}
    call(client, "PATCH", f"/api/v1/services/{sid}", 200, headers=login(client, "admin"), json=change)
    body = booking_body(sid, athens(FRIDAY, 10), co_applicants=[{"email": PARTNER, "name": PARTNER_NAME}])
    booked: dict[str, Any] = book(client, 201, body)
    if confirm:
        CoApplicants(world.rt.bookings).confirm(
            reference=booked["reference"], position=1, who=SignedIn(afm=PARTNER_AFM, name="Ελένη Π.")
        )
    return booked


def test_the_export_finds_the_joint_booking_by_address_and_by_afm_without_the_bookers_details(
    world: World, client: FlaskClient, officer: dict[str, str]
) -> None:
    reference = joint_booking(world, client)["reference"]

    for query in (f"email={PARTNER.upper()}", f"afm={PARTNER_AFM}"):
        exported = call(client, "GET", f"/api/v1/citizens/export?{query}", 200, headers=officer)
        assert exported["bookings"] == []  # she booked nothing herself
        [joint] = exported["joint_as_co_applicant"]
        assert (joint["reference"], joint["booking_status"], joint["status"]) == (
            reference,
            "confirmed",
            "confirmed",
        )
        assert datetime.fromisoformat(joint["start"]) == athens(FRIDAY, 10) and joint["confirmed_at"]
        assert (joint["email"], joint["name"], joint["via_taxisnet"]) == (PARTNER, PARTNER_NAME, True)
        assert joint["identity"] is None and joint["service"]["el"]
        assert {(m["reference"], m["kind"]) for m in exported["emails"]} == {
            (reference, "email.co_applicant_invitation"),
            (reference, "email.confirmation"),  # her own copy, not the booker's
        }
        text = json.dumps(exported, ensure_ascii=False)
        assert BOOKER_EMAIL not in text and BOOKER_NAME not in text  # another person's data

    # The exports are reads of the joint booking's personal data, logged like any other.
    log = call(client, "GET", f"/api/v1/access-log?reference={reference}", 200, headers=officer)
    assert [e["channel"] for e in log["entries"]] == ["subject_access", "subject_access"]

    page = client.get(f"/api/v1/citizens/export?afm={PARTNER_AFM}&format=html", headers=officer)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Κοινά ραντεβού ως συναιτών (1)" in html and reference in html
    assert "Πρόσκληση σε κοινό ραντεβού" in html and "επιβεβαίωσε (μέσω TAXISnet)" in html
    assert BOOKER_EMAIL not in html and BOOKER_NAME not in html
    assert "<i>Συναιτούσα</i>" not in html and "&lt;i&gt;Συναιτούσα&lt;/i&gt;" in html  # plain text
    english = client.get(f"/api/v1/citizens/export?email={PARTNER}&format=html&lang=en", headers=officer)
    assert "Joint appointments as co-applicant (1)" in english.get_data(as_text=True)


def test_an_invited_co_applicant_is_found_by_the_address_alone(
    world: World, client: FlaskClient, officer: dict[str, str]
) -> None:
    reference = joint_booking(world, client, confirm=False)["reference"]
    exported = call(client, "GET", f"/api/v1/citizens/export?email={PARTNER}", 200, headers=officer)
    joint = exported["joint_as_co_applicant"]
    assert [(j["reference"], j["status"], j["booking_status"]) for j in joint] == [
        (reference, "invited", "awaiting_coapplicant")
    ]
    by_afm = call(client, "GET", f"/api/v1/citizens/export?afm={PARTNER_AFM}", 200, headers=officer)
    assert by_afm["joint_as_co_applicant"] == []  # no AFM is known before TAXISnet gave it


def test_erasure_waits_for_the_joint_booking_then_blanks_only_the_co_applicant(
    world: World, client: FlaskClient, officer: dict[str, str], clock: Clock
) -> None:
    reference = joint_booking(world, client)["reference"]

    refused = call(
        client, "POST", "/api/v1/citizens/erase", 409, headers={**officer, **GREEK}, json={"email": PARTNER}
    )
    assert refused["error"] == "citizen_has_upcoming_bookings" and refused["bookings"] == [reference]
    assert refused["message"].startswith("Ο πολίτης έχει 1 ραντεβού")
    call(client, "POST", "/api/v1/citizens/erase", 409, headers=officer, json={"afm": PARTNER_AFM})
    with world.rt.store.read() as session:
        assert session.scalars(select(BookingCoApplicant)).one().email == PARTNER  # nothing changed

    clock.now = athens(FRIDAY, 14)  # the appointment is over
    erased = call(client, "POST", "/api/v1/citizens/erase", 200, headers=officer, json={"afm": PARTNER_AFM})
    assert erased["erased"]["co_applicants"] == 1 and erased["erased"]["bookings"] == 0

    with world.rt.store.read() as session:
        row = session.scalars(select(BookingCoApplicant)).one()
        assert (row.email, row.name, row.afm_hash, row.citizen_key) == ("", "", None, "")
        assert row.status == "confirmed"  # the figures still know someone took part
        booking = session.scalars(select(Booking).where(Booking.reference == reference)).one()
        assert (booking.citizen_email, booking.citizen_name, booking.anonymised_at) == (
            BOOKER_EMAIL,
            BOOKER_NAME,
            None,
        )  # the booker's data is not touched
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "citizen_erased")).one()
    assert audit.details["co_applicants"] == 1 and audit.booking_id is None
    assert PARTNER.lower() not in json.dumps(audit.details).lower()
    after = call(client, "GET", f"/api/v1/citizens/export?email={PARTNER}", 200, headers=officer)
    assert after["joint_as_co_applicant"] == []


def joint_booking_reference(world: World) -> str:
    with world.rt.store.read() as session:
        return session.scalars(select(Booking.reference)).one()


def _recipients_in_outbox_folder(world: World) -> list[str]:
    """Whom each .eml in the outbox folder was sent to (the folder is how mail leaves without SMTP)."""
    found = []
    for path in world.rt.config.outbox_dir.glob("*.eml"):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        found.append(str(message["To"]).lower())
    return sorted(found)


def test_erasing_the_co_applicant_deletes_the_mails_sent_to_them_and_keeps_the_bookers(
    world: World, client: FlaskClient, officer: dict[str, str], clock: Clock
) -> None:
    joint_booking(world, client)
    clock.now = clock.now + timedelta(minutes=1)
    JobRunner.build(world.rt).run_once()  # the invitation, then both confirmations, leave as .eml files
    before = _recipients_in_outbox_folder(world)
    assert any(PARTNER.lower() in to for to in before) and any(BOOKER_EMAIL in to for to in before)

    reference = joint_booking_reference(world)
    broken = world.rt.config.outbox_dir / "broken.eml"  # a header Python's parser chokes on
    broken.write_bytes(f'To: "\r\nSubject: Ραντεβού {reference}\r\n\r\nx'.encode())

    clock.now = athens(FRIDAY, 14)
    erased = call(client, "POST", "/api/v1/citizens/erase", 200, headers=officer, json={"email": PARTNER})

    broken.unlink()  # left as it was (it could not be read), and the others were still handled
    after = _recipients_in_outbox_folder(world)
    assert after and all(PARTNER.lower() not in to for to in after)
    assert after == [to for to in before if PARTNER.lower() not in to]  # the booker's mails stay
    assert erased["erased"]["mails"] == len(before) - len(after)
