"""The details form reaching the server twice at once (a double click on a slow line, two tabs): one
booking, the done page shows it, and choosing another time later never cancels it."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api.booking import booking_reads
from service_api.domain.errors import InvalidTransition
from service_api.domain.kinds import HOLD_RELEASED
from service_api.domain.policy import Actor
from service_api.domain.rules import Status
from service_api.models import Booking
from service_api.web import booking_flow
from tests.helpers.web_form import details_form, hold_a_time, sign_in
from tests.helpers.world import World


def _booking(world: World, reference: str) -> Booking:
    with world.rt.store.read() as session:
        return booking_reads.booking_by_reference(session, reference)


def test_the_losing_twin_of_a_doubled_form_shows_the_booking_the_other_made(
    client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(client, world)
    reference = hold_a_time(client, world)
    page = client.get("/book/details").get_data(as_text=True)
    form = {**details_form(page, extra="Γεώργιος"), "confirm_key": "another-tab"}
    with client.session_transaction() as saved:
        held = dict(saved["held"])
    snapshot = _booking(world, reference)
    assert snapshot.status == Status.HELD
    first = client.post("/book/details", data=details_form(page, extra="Γεώργιος"))
    assert first.status_code == 302 and _booking(world, reference).status == Status.CONFIRMED

    # The twin: it read the session and the booking before the first request committed.
    with client.session_transaction() as saved:
        saved["held"] = held
    monkeypatch.setattr(booking_flow, "_held_booking", lambda: (held, snapshot))
    twin = client.post("/book/details", data=form)

    assert twin.status_code == 302 and twin.headers["Location"].endswith("/book/done")
    assert reference in client.get("/book/done").get_data(as_text=True)
    with client.session_transaction() as saved:
        assert "held" not in saved  # nothing left for a later «choose another time» to give back
    with world.rt.store.read() as session:
        assert session.scalars(select(Booking.status)).all() == [Status.CONFIRMED.value]


def test_giving_back_a_hold_never_cancels_the_booking_it_became(client: FlaskClient, world: World) -> None:
    sign_in(client, world)
    reference = hold_a_time(client, world)
    page = client.get("/book/details").get_data(as_text=True)
    client.post("/book/details", data=details_form(page, extra="Γεώργιος"))
    with pytest.raises(InvalidTransition):
        world.rt.bookings.cancel(reference, Actor.citizen(), reason=HOLD_RELEASED)
    assert _booking(world, reference).status == Status.CONFIRMED
