"""Joint appointments (issue 18) through Flask's test client: the details page refuses a missing
required co-applicant in Greek, and «Τα ραντεβού μου» of a co-applicant lists the joint booking without
the booker's links."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking.co_applicants import CoApplicants, SignedIn
from service_api.booking.service import NewBooking
from service_api.domain.co_applicants import CoApplicantIn
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.models import Booking
from tests.helpers.factories import citizen
from tests.helpers.http import call, login
from tests.helpers.web_form import csrf_of, details_form, hold_a_time, sign_in
from tests.helpers.world import World, athens

PARTNER = "nikos@example.org"


def _needs_one(client: FlaskClient, world: World) -> int:
    sid = world.service("cohabitation-agreement")
    change = {"co_applicants": 1, "co_applicants_required": True}
    call(client, "PATCH", f"/api/v1/services/{sid}", 200, headers=login(client, "admin"), json=change)
    return sid


def test_the_details_page_refuses_a_missing_required_co_applicant_in_greek(
    client: FlaskClient, world: World
) -> None:
    _needs_one(client, world)
    sign_in(client, world)
    hold_a_time(client, world)
    page = client.get("/book/details").get_data(as_text=True)
    assert 'name="co_email_1"' in page
    refused = client.post("/book/details", data=details_form(page, extra="Γεώργιος"))
    assert refused.status_code == 422
    assert "Συμπληρώστε το e-mail του συναιτούντα: η υπηρεσία το απαιτεί." in refused.get_data(as_text=True)
    form = {**details_form(page, extra="Γεώργιος"), "co_email_1": PARTNER}
    done = client.post("/book/details", data=form)
    assert done.status_code == 302
    shown = client.get("/book/done").get_data(as_text=True)
    assert "Αναμονή συναιτούντα" in shown and PARTNER in shown


def test_the_booker_cancels_a_booking_still_waiting_for_the_co_applicant(
    client: FlaskClient, world: World
) -> None:
    """Either side cancels for both, the booker too before the co-applicant confirmed: the done page
    offers cancelling (not moving, which waits for the co-applicant), and the cancel page works."""
    _needs_one(client, world)
    sign_in(client, world)
    reference = hold_a_time(client, world)
    page = client.get("/book/details").get_data(as_text=True)
    client.post("/book/details", data={**details_form(page, extra="Γεώργιος"), "co_email_1": PARTNER})
    shown = client.get("/book/done").get_data(as_text=True)
    assert "/reschedule?" not in shown
    cancel_url = re.search(r'href="(/manage/[^"]+/cancel\?token=[^"]+)"', shown)
    assert cancel_url is not None
    url = html.unescape(cancel_url.group(1))
    page = client.get(url).get_data(as_text=True)
    assert 'name="csrf_token"' in page
    done = client.post(url, data={"csrf_token": csrf_of(page)})
    assert done.status_code == 200
    with world.rt.store.read() as session:
        assert (
            session.scalars(select(Booking.status).where(Booking.reference == reference)).one() == "cancelled"
        )


def test_a_co_applicant_sees_the_joint_booking_in_my_bookings_without_the_bookers_links(
    client: FlaskClient, world: World
) -> None:
    sid = _needs_one(client, world)
    booked = world.rt.bookings.create(
        NewBooking(sid, Mode.IN_PERSON, athens(4, 10), citizen(1)),
        Actor.citizen(),
        co_applicants=[CoApplicantIn(PARTNER)],
    ).booking
    CoApplicants(world.rt.bookings).confirm(
        reference=booked.reference, position=1, who=SignedIn(email=PARTNER)
    )
    sign_in(client, world, PARTNER)
    page = client.get("/my-bookings").get_data(as_text=True)
    assert booked.reference in page
    assert "/manage/" not in page and ".ics" not in page


def test_the_co_applicant_cancels_for_everyone_only_once_they_say_they_are_sure(
    client: FlaskClient, world: World
) -> None:
    from service_api.co_applicant_links import CoApplicantLinks

    sid = _needs_one(client, world)
    booked = world.rt.bookings.create(
        NewBooking(sid, Mode.IN_PERSON, athens(4, 10), citizen(1)),
        Actor.citizen(),
        co_applicants=[CoApplicantIn(PARTNER)],
    ).booking
    link = CoApplicantLinks(world.rt.config.secret_key).url(
        "", booked.reference, 1, booked.link_version, "el"
    )
    page = client.get(link).get_data(as_text=True)
    assert 'name="sure"' in page and "required" in page.split('name="sure"')[1][:40]
    form = {"csrf_token": csrf_of(page), "token": link.split("token=")[1]}
    action = f"/co-applicant/{booked.reference}/1/cancel"

    unsure = client.post(action, data=form, follow_redirects=True).get_data(as_text=True)
    assert "Το ραντεβού δεν ακυρώθηκε" in unsure
    with world.rt.store.read() as session:
        assert session.scalars(select(Booking.status)).one() == "awaiting_coapplicant"

    sure = client.post(action, data={**form, "sure": "yes"}, follow_redirects=True).get_data(as_text=True)
    assert "Το ραντεβού ακυρώθηκε για όλους" in sure
    with world.rt.store.read() as session:
        assert session.scalars(select(Booking.status)).one() == "cancelled"
