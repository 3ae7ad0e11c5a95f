"""A clerk's secret iCalendar feed (rotate, revoke, what it shows) and the week view's shading data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import vobject
from flask.testing import FlaskClient
from icalendar import Calendar

from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, login
from tests.helpers.world import World, athens

PUBLIC_URL = "http://dimos.test"
JOIN_URL = "https://meet.example/room-42"


def _rotate(client: FlaskClient, headers: dict[str, str]) -> str:
    url = call(client, "POST", "/api/v1/me/ical-feed", 201, headers=headers)["url"]
    assert url.startswith(f"{PUBLIC_URL}/ical/") and url.endswith(".ics")
    return str(url.removeprefix(PUBLIC_URL))


def _feed(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, max-age=300"
    return response.get_data(as_text=True)


def _gone(client: FlaskClient, path: str) -> None:
    body = call(client, "GET", path, 404)
    assert body.pop("request_id")
    assert body == {"error": "not_found", "message": "No such calendar feed."}


def _events(text: str) -> dict[str, Any]:
    calendar = Calendar.from_ical(text)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _book_one_each(client: FlaskClient, world: World) -> dict[str, list[str]]:
    """Bookings on 2 and 3 December spread over the clerks; references per clerk username."""
    sid = world.service("cohabitation-agreement")
    for n, (start, mode) in enumerate(
        [
            (athens(2, 9), "in_person"),
            (athens(2, 9), "in_person"),
            (athens(2, 9), "in_person"),
            (athens(3, 10, 30), "teleconference"),
            (athens(3, 10, 30), "teleconference"),
            (athens(4, 11), "in_person"),
            (athens(4, 11), "in_person"),
            (athens(4, 11), "in_person"),
        ]
    ):
        book(client, 201, booking_body(sid, start, mode=mode, n=n))
    boss = login(client, "supervisor")
    everything = call(client, "GET", "/api/v1/bookings?from=2026-11-30&to=2026-12-06", 200, headers=boss)
    by_clerk: dict[str, list[str]] = {}
    names = {v: k for k, v in world.staff.items()}
    for booking in everything["bookings"]:
        by_clerk.setdefault(names[booking["staff"]["id"]], []).append(booking["reference"])
    return by_clerk


def test_the_feed_lists_exactly_the_clerks_live_bookings_in_athens_time(
    world: World, client: FlaskClient
) -> None:
    by_clerk = _book_one_each(client, world)
    mine = by_clerk["clerk_a"]
    assert len(mine) == 3
    clerk = login(client, "clerk_a")
    bookings = {
        b["reference"]: b
        for b in call(client, "GET", "/api/v1/me/bookings?from=2026-11-30&to=2026-12-06", 200, headers=clerk)[
            "bookings"
        ]
    }
    # One on each of 2, 3 (teleconference: only clerks A and B serve it) and 4 December.
    assert [bookings[r]["start"][:10] for r in mine] == ["2026-12-02", "2026-12-03", "2026-12-04"]
    cancelled, tele, in_person = mine
    assert bookings[tele]["mode"] == "teleconference" and bookings[in_person]["mode"] == "in_person"
    call(client, "POST", f"/api/v1/bookings/{cancelled}/cancel", 200, headers=clerk, json={"reason": "x"})
    world.rt.clerk_actions.record_meeting(reference=tele, join_url=JOIN_URL, external_id="ext-42")
    live = [tele, in_person]

    text = _feed(client, _rotate(client, clerk))

    calendar = Calendar.from_ical(text)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Ραντεβού – Clerk A"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Athens"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Athens"]
    events = _events(text)
    assert set(events) == {f"{r}@dimos" for r in live}
    for reference in live:
        event, booking = events[f"{reference}@dimos"], bookings[reference]
        start: datetime = event.decoded("DTSTART")
        end: datetime = event.decoded("DTEND")
        assert start == datetime.fromisoformat(booking["start"]) and end == datetime.fromisoformat(
            booking["end"]
        )
        assert getattr(start.tzinfo, "key", None) == "Europe/Athens"
        assert event["DTSTART"].params["TZID"] == "Europe/Athens"
        assert str(event["SUMMARY"]) == f"Αίτηση για Σύμφωνο Συμβίωσης – {booking['citizen']['name']}"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert int(event["SEQUENCE"]) >= 0 and event.get("DTSTAMP") is not None
        description = str(event["DESCRIPTION"])
        assert reference in description and booking["citizen"]["phone"] in description
        if reference == tele:
            assert str(event["LOCATION"]) == JOIN_URL and JOIN_URL in description
            assert "Τηλεδιάσκεψη" in description
        else:
            assert str(event["LOCATION"]) == "Φυσική Παρουσία"
            assert "Φυσική Παρουσία" in description and "https://" not in description
    unfolded = text.replace("\r\n ", "")
    assert "DTSTART;TZID=Europe/Athens:20261203T103000" in unfolded
    assert "DTSTART;TZID=Europe/Athens:20261204T110000" in unfolded

    parsed = vobject.readOne(text)
    assert {str(e.uid.value) for e in parsed.vevent_list} == {f"{r}@dimos" for r in live}
    for event in parsed.vevent_list:
        reference = event.uid.value.removesuffix("@dimos")
        assert event.dtstart.value == datetime.fromisoformat(bookings[reference]["start"])
        assert event.dtstart.value.utcoffset().total_seconds() == 2 * 3600

    # Another clerk's bookings never appear in clerk A's feed, and clerk B's feed is their own.
    others = {f"{r}@dimos" for name, refs in by_clerk.items() if name != "clerk_a" for r in refs}
    assert not others & set(events)
    b_events = _events(_feed(client, _rotate(client, login(client, "clerk_b"))))
    assert set(b_events) == {f"{r}@dimos" for r in by_clerk["clerk_b"]}


def _owner(client: FlaskClient, world: World, reference: str) -> str:
    boss = login(client, "supervisor")
    staff_id = call(client, "GET", f"/api/v1/bookings/{reference}", 200, headers=boss)["staff"]["id"]
    return next(name for name, sid in world.staff.items() if sid == staff_id)


def test_a_rescheduled_booking_moves_and_bumps_its_sequence(world: World, client: FlaskClient) -> None:
    sid = world.service("transfer-of-registration")
    created = book(client, 201, booking_body(sid, athens(2, 9)))
    ref = created["reference"]
    username = _owner(client, world, ref)
    owner = login(client, username)
    path = _rotate(client, owner)
    before = _events(_feed(client, path))[f"{ref}@dimos"]
    call(
        client,
        "PATCH",
        f"/api/v1/bookings/{ref}",
        200,
        headers={"X-Manage-Token": created["manage_token"]},
        json={"start": "2026-12-03T10:30:00+02:00"},
    )
    assert _owner(client, world, ref) == username  # a free clerk keeps the booking when it moves
    after = _events(_feed(client, path))[f"{ref}@dimos"]
    assert after.decoded("DTSTART") == athens(3, 10, 30)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_the_feed_covers_thirty_days_back_only(world: World, client: FlaskClient, clock: Clock) -> None:
    by_clerk = _book_one_each(client, world)
    clerk = login(client, "clerk_a")
    path = _rotate(client, clerk)
    assert set(_events(_feed(client, path))) == {f"{r}@dimos" for r in by_clerk["clerk_a"]}
    clock.advance(days=33)  # 3 January 08:00: 4 December 11:00 is still within 30 days
    assert {e["DTSTART"].dt.day for e in _events(_feed(client, path)).values()} == {4}
    clock.advance(days=1)  # now 2–4 December are all more than 30 days ago
    assert _events(_feed(client, path)) == {}


def test_rotating_kills_the_old_url_and_delete_revokes(world: World, client: FlaskClient) -> None:
    clerk = login(client, "clerk_a")
    first = _rotate(client, clerk)
    _feed(client, first)
    second = _rotate(client, clerk)
    assert second != first
    _gone(client, first)
    _feed(client, second)
    call(client, "DELETE", "/api/v1/me/ical-feed", 204, headers=clerk)
    _gone(client, second)
    _gone(client, first)
    third = _rotate(client, clerk)  # a clerk may subscribe again later
    _feed(client, third)


def test_feed_management_needs_a_sign_in(world: World, client: FlaskClient) -> None:
    call(client, "POST", "/api/v1/me/ical-feed", 401)
    call(client, "DELETE", "/api/v1/me/ical-feed", 401)
    call(client, "GET", "/api/v1/me/calendar", 401)


def test_garbage_tokens_answer_the_same_json_404(world: World, client: FlaskClient) -> None:
    _rotate(client, login(client, "clerk_a"))
    for token in ("x", "garbage", "A" * 43, "x" * 5000, "a.b", "%20"):
        _gone(client, f"/ical/{token}.ics")
    # A NUL is refused before any route, whatever follows it: a 400 that says nothing about tokens.
    assert call(client, "GET", "/ical/%00.ics", 400)["error"] == "bad_request"
    for path in ("/ical/", "/ical/abc", "/ical/.ics", "/ical/..%2F..%2Fetc.ics"):
        assert call(client, "GET", path, 404)["error"] == "not_found"


def test_my_calendar_shows_holidays_absences_and_the_plan(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    absence = call(
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_a']}/absences",
        201,
        headers=boss,
        json={"start": "2026-12-22T00:00:00+02:00", "end": "2026-12-24T00:00:00+02:00", "reason": "leave"},
    )
    call(  # another clerk's absence is not clerk A's business
        client,
        "POST",
        f"/api/v1/staff/{world.staff['clerk_b']}/absences",
        201,
        headers=boss,
        json={"start": "2026-12-22T00:00:00+02:00", "end": "2026-12-23T00:00:00+02:00"},
    )
    clerk = login(client, "clerk_a")
    view = call(client, "GET", "/api/v1/me/calendar?from=2026-12-21&to=2026-12-27", 200, headers=clerk)
    assert {"date": "2026-12-25", "name": "Χριστούγεννα"} in view["holidays"]
    assert [h["date"] for h in view["holidays"]] == ["2026-12-25", "2026-12-26"]
    assert all(h["name"] for h in view["holidays"])
    assert view["absences"] == [
        {
            "id": absence["id"],
            "start": "2026-12-22T00:00:00+02:00",
            "end": "2026-12-24T00:00:00+02:00",
            "reason": "leave",
        }
    ]
    assert view["working_periods"] == [{"weekday": d, "start": "08:00", "end": "14:00"} for d in range(5)]
    # An absence that only overlaps the range's edge still counts; one outside it does not.
    edge = call(client, "GET", "/api/v1/me/calendar?from=2026-12-23&to=2026-12-23", 200, headers=clerk)
    assert [a["id"] for a in edge["absences"]] == [absence["id"]]
    after = call(client, "GET", "/api/v1/me/calendar?from=2026-12-24&to=2026-12-24", 200, headers=clerk)
    assert after["absences"] == [] and after["holidays"] == []


def test_my_calendar_includes_municipal_holidays_and_refuses_long_ranges(
    world: World, client: FlaskClient
) -> None:
    clerk = login(client, "clerk_a")
    may = call(client, "GET", "/api/v1/me/calendar?from=2027-05-10&to=2027-05-16", 200, headers=clerk)
    assert may["holidays"] == [
        {"date": "2027-05-15", "name": "Εορτή του Αγίου Αχιλλίου, πολιούχου της Λάρισας"}
    ]
    # Metamorfosi's feast day is not Larissa's.
    august = call(client, "GET", "/api/v1/me/calendar?from=2027-08-02&to=2027-08-08", 200, headers=clerk)
    assert august["holidays"] == []
    too_long = call(client, "GET", "/api/v1/me/calendar?from=2026-12-01&to=2027-06-01", 422, headers=clerk)
    assert too_long["error"] == "rule_violation" and "to" in too_long["fields"]
    backwards = call(client, "GET", "/api/v1/me/calendar?from=2026-12-10&to=2026-12-01", 422, headers=clerk)
    assert "to" in backwards["fields"]
    bad = call(client, "GET", "/api/v1/me/calendar?from=soon", 422, headers=clerk)
    assert "from" in bad["fields"]
