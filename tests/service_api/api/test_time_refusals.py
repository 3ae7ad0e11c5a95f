"""A refused start time says why: passed, too soon, not open yet, not a start time, or taken."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask.testing import FlaskClient

from tests.helpers.factories import booking_body
from tests.helpers.http import book
from tests.helpers.world import World, athens

# The clock stands at Tuesday 1 December 2026, 08:00 in Athens; bookings need 120 minutes' notice
# and open 60 days ahead; appointments start every 30 minutes from 08:00.


@pytest.mark.parametrize(
    ("start", "problem", "words"),
    [
        (athens(1, 7), "passed", "already passed"),
        (athens(1, 9), "too_soon", "at least 120 minutes ahead"),
        (athens(2, 9, month=2, year=2027), "beyond_horizon", "open 60 days ahead"),
        (athens(2, 9, 7), "off_grid", "No appointment starts at this time"),
    ],
)
def test_a_time_never_on_offer_is_refused_with_its_own_reason(
    world: World, client: FlaskClient, start: datetime, problem: str, words: str
) -> None:
    answer = book(client, 422, booking_body(world.service("transfer-of-registration"), start))
    assert answer["error"] == "time_not_offered" and words in answer["message"]
    assert words in answer["fields"]["start"]


def test_a_time_every_clerk_has_taken_is_refused_as_taken(world: World, client: FlaskClient) -> None:
    sid = world.service("transfer-of-registration")
    for n in (1, 2, 3):  # three clerks serve it in person
        book(client, 201, booking_body(sid, athens(2, 9), n=n))
    taken = book(client, 409, booking_body(sid, athens(2, 9), n=4))
    assert taken["error"] == "slot_unavailable" and "no longer available" in taken["message"]
