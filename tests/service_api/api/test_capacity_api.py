"""Demand-led capacity over the API (issue 18), on both databases: searches that found nothing are
counted from the web form and the API, the figures, and a suggestion applied in one step."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from service_api.booking import absences, search_misses, waitlist
from service_api.booking.waitlist import Waiter, Wanted
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode, Outcome
from service_api.domain.waitlist import PartOfDay
from service_api.models import AuditLog, Municipality, SearchMiss
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.web_form import sign_in
from tests.helpers.world import World, athens

URL = "/api/v1/capacity"
APPLY = "/api/v1/capacity/suggestions/apply"
CLERKS = ("clerk_a", "clerk_b", "clerk_c")


def availability(
    client: FlaskClient,
    world: World,
    first: str,
    last: str,
    mode: str = "teleconference",
    *,
    address: str = "127.0.0.1",
    query: str = "",
    headers: dict[str, str] | None = None,
) -> Any:
    sid = world.service("cohabitation-agreement")
    url = f"/api/v1/services/{sid}/availability?mode={mode}&from={first}&to={last}{query}"
    return call(client, "GET", url, 200, environ_base={"REMOTE_ADDR": address}, headers=headers or {})


def misses(world: World) -> dict[tuple[int, str], int]:
    with world.rt.store.read() as session:
        return {(r.service_id, r.mode): r.count for r in session.scalars(select(SearchMiss))}


def nobody_works(client: FlaskClient, world: World) -> None:
    """From today the registry's clerks have a week of no working time: nothing is free anywhere."""
    boss = login(client, "supervisor")
    for who in CLERKS:
        url = f"/api/v1/staff/{world.staff[who]}/working-plan"
        call(client, "PUT", url, 200, json={"effective_from": "2026-12-01", "periods": []}, headers=boss)


def figures_of(answer: dict[str, Any], world: World, slug: str, mode: str) -> dict[str, Any]:
    sid = world.service(slug)
    return next(f for f in answer["figures"] if f["service_id"] == sid and f["mode"] == mode)


def test_a_search_that_finds_nothing_is_counted_per_day_from_the_api(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("cohabitation-agreement")
    assert availability(client, world, "2026-12-02", "2026-12-02")["slots"]  # free: nothing counted
    assert misses(world) == {}
    assert availability(client, world, "2026-12-05", "2026-12-06")["slots"] == []  # a weekend
    assert availability(client, world, "2026-12-05", "2026-12-05", address="10.0.0.2")["slots"] == []
    assert availability(client, world, "2026-11-02", "2026-11-03", address="10.0.0.3")["slots"] == []
    assert misses(world) == {(sid, "teleconference"): 2}
    with world.rt.store.read() as session:
        [row] = session.scalars(select(SearchMiss))
        assert row.day == date(2026, 12, 1)  # the day of the search, no citizen in it


def test_a_month_with_nothing_free_in_the_citizen_form_is_counted(world: World, client: FlaskClient) -> None:
    nobody_works(client, world)
    sign_in(client, world)
    sid = world.service("cohabitation-agreement")
    page = client.get(f"/book/larissa/s/{sid}/in_person")
    assert page.status_code == 200
    assert misses(world) == {(sid, "in_person"): 1}
    client.get(f"/book/larissa/s/{sid}/in_person?month=2026-12&day=2026-12-03")
    assert misses(world) == {(sid, "in_person"): 1}  # the same citizen again: counted once a day
    client.get(f"/book/larissa/s/{sid}/in_person", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert misses(world) == {(sid, "in_person"): 2}


def test_only_a_citizens_search_counts_once_a_day_per_client(world: World, client: FlaskClient) -> None:
    """Not the desk's searches, not a search empty only because of a staff-limited need, and one client
    asking again and again counts once."""
    sid = world.service("cohabitation-agreement")
    clerk = login(client, "clerk_a")
    for query in ("", "&mine=1"):
        availability(client, world, "2026-12-05", "2026-12-06", headers=clerk, query=query)
    assert misses(world) == {}
    # On a working day there is free time, but nobody offers sign language: empty, and not demand.
    assert (
        availability(client, world, "2026-12-02", "2026-12-03", query="&needs=sign_language")["slots"] == []
    )
    assert misses(world) == {}
    for _ in range(5):
        availability(client, world, "2026-12-05", "2026-12-06")
    assert misses(world) == {(sid, "teleconference"): 1}
    availability(client, world, "2026-12-05", "2026-12-06", "in_person")
    availability(client, world, "2026-12-05", "2026-12-06", address="10.0.0.7")
    assert misses(world) == {(sid, "teleconference"): 2, (sid, "in_person"): 1}


def test_the_manage_pages_reschedule_month_is_not_counted(world: World, client: FlaskClient) -> None:
    sid = world.service("cohabitation-agreement")
    booking = create_booking(world.rt.bookings, service_id=sid, start=athens(3, 10)).booking
    boss = login(client, "supervisor")
    empty = {"effective_from": "2026-12-01", "periods": [], "confirm_orphans": True}
    for who in CLERKS:  # nobody works from today; the booking is kept as it is
        call(client, "PUT", f"/api/v1/staff/{world.staff[who]}/working-plan", 200, json=empty, headers=boss)
    token = world.rt.manage_tokens.issue(booking.reference, booking.link_version)
    page = client.get(f"/manage/{booking.reference}/reschedule?token={token}")
    assert page.status_code == 200
    assert misses(world) == {}
    sign_in(client, world)  # the same empty month in the booking form is demand
    assert client.get(f"/book/larissa/s/{sid}/in_person").status_code == 200
    assert misses(world) == {(sid, "in_person"): 1}


def test_a_counter_that_fails_never_fails_the_citizens_search(
    world: World, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("UPDATE search_miss", {}, Exception("database is locked"))

    monkeypatch.setattr(search_misses, "record", broken)
    assert availability(client, world, "2026-12-05", "2026-12-06")["slots"] == []
    assert misses(world) == {}


def test_the_anonymous_availability_search_is_rate_limited_but_not_the_desk(
    world: World, client: FlaskClient
) -> None:
    sid = world.service("cohabitation-agreement")
    url = f"/api/v1/services/{sid}/availability?mode=in_person&from=2026-12-05&to=2026-12-05"
    statuses = [client.get(url).status_code for _ in range(121)]
    assert statuses[:120] == [200] * 120 and statuses[120] == 429  # app.RATE_LIMITS: 120 per minute
    clerk = login(client, "clerk_a")
    assert client.get(url, headers=clerk).status_code == 200
    assert client.get(url, headers={"Authorization": "Bearer made-up-token-123456"}).status_code == 429


def test_the_figures_count_demand_supply_no_shows_and_lead_time(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    rt, sid = world.rt, world.service("cohabitation-agreement")
    made = [
        create_booking(rt.bookings, service_id=sid, start=athens(2, hour), who=n).booking
        for n, hour in enumerate((9, 10, 11), start=1)
    ]
    create_booking(rt.bookings, service_id=sid, start=athens(8, 9), who=9)
    for n in range(6):
        waitlist.join(
            rt.bookings,
            Wanted(sid, Mode.TELECONFERENCE, date(2026, 12, 3), date(2026, 12, 4), PartOfDay.ANY),
            Waiter(f"w{n}@example.org"),
        )
    availability(client, world, "2026-12-05", "2026-12-05")  # a miss
    clock.now = athens(2, 14)  # the morning's appointments are over
    for booking, outcome in zip(made, (Outcome.NO_SHOW, Outcome.COMPLETED, Outcome.COMPLETED), strict=True):
        actor = Actor.staff(booking.staff_id, "clerk", booking.municipality_id)
        if outcome == Outcome.COMPLETED:
            rt.clerk_actions.verify_identity(
                reference=booking.reference, actor=actor, document_type="identity_card", name_matches=True
            )
        rt.clerk_actions.record_outcome(
            reference=booking.reference, outcome=outcome, actor=actor, confirm_missing_documents=True
        )
    answer = call(client, "GET", URL, 200, headers=login(client, "supervisor"))
    in_person = figures_of(answer, world, "cohabitation-agreement", "in_person")
    assert in_person["bookings"] == 4
    assert in_person["no_show_rate"] == round(1 / 3, 4)
    assert in_person["booked_hours"] > 0  # the one on the 8th
    assert in_person["qualified_clerks"] == 3
    # Three clerks, 6 hours on each of the 20 weekdays of the four weeks from today (2-29 December)
    # but Christmas Day, a holiday.
    assert in_person["supply_hours"] == 3 * 6 * 19
    assert in_person["lead_days"] == 1  # the day's hours are over: tomorrow
    tele = figures_of(answer, world, "cohabitation-agreement", "teleconference")
    assert (tele["waiting"], tele["searches_without_result"]) == (6, 1)
    assert tele["demand_hours"] == round((0 + 6 + 0.5) * 15 / 60, 2)  # an agreement takes 15 minutes
    # Ranked by days to the first free time, two per citizen waiting and one per two searches.
    assert tele["pressure"] == (tele["lead_days"] or 365) + 2 * 6 + 0.5
    assert tele["pressure"] > in_person["pressure"] == in_person["lead_days"]
    [suggestion] = [s for s in answer["suggestions"] if s["service_id"] == sid]
    assert suggestion["mode"] == "teleconference" and suggestion["reasons"] == ["waiting"]
    assert "6 σε αναμονή" in suggestion["text_el"] and "6 waiting" in suggestion["text_en"]
    # A clerk away for a day is six hours less to offer.
    absences.add_absence(
        rt.bookings, Actor.system(), staff_id=world.staff["clerk_c"], start=athens(3, 0), end=athens(4, 0)
    )
    later = call(client, "GET", URL, 200, headers=login(client, "supervisor"))
    assert figures_of(later, world, "cohabitation-agreement", "in_person")["supply_hours"] == 3 * 6 * 19 - 6
    # Everyone works 08-14 every weekday: two hours after Monday's, for the clerk with the lowest id.
    assert (suggestion["weekday"], suggestion["start"], suggestion["end"]) == (0, "14:00", "16:00")
    assert suggestion["staff_id"] == world.staff["clerk_a"] and suggestion["staff_name"] == "Clerk A"


def test_who_may_read_and_apply(world: World, client: FlaskClient) -> None:
    call(client, "GET", URL, 401)
    call(client, "GET", URL, 403, headers=login(client, "clerk_a"))
    with world.rt.store.read() as session:
        larissa = session.scalar(select(Municipality.id).where(Municipality.slug == "larissa"))
    stranger = login(client, "other_supervisor")
    refused = call(client, "GET", f"{URL}?municipality_id={larissa}", 404, headers=stranger)
    assert refused["error"] == "not_found"
    assert call(client, "GET", URL, 200, headers=stranger)["municipality_id"] != larissa  # their own
    call(client, "GET", URL, 422, headers=login(client, "admin"))  # an admin names one
    assert call(client, "GET", f"{URL}?municipality_id={larissa}", 200, headers=login(client, "admin"))
    body = {
        "staff_id": world.staff["clerk_a"],
        "weekday": 0,
        "start": "14:00",
        "end": "16:00",
        "effective_from": "2026-12-02",
        "plan_stamp": "abc123",
    }
    call(client, "POST", APPLY, 401, json=body)
    call(client, "POST", APPLY, 403, json=body, headers=login(client, "clerk_a"))
    call(client, "POST", APPLY, 404, json=body, headers=stranger)
    call(client, "POST", APPLY, 422, json={**body, "end": "13:00"}, headers=login(client, "supervisor"))


def test_applying_a_suggestion_adds_the_hours_and_new_times_appear(world: World, client: FlaskClient) -> None:
    nobody_works(client, world)
    sid = world.service("cohabitation-agreement")
    assert availability(client, world, "2026-12-07", "2026-12-07")["slots"] == []
    boss = login(client, "supervisor")
    answer = call(client, "GET", URL, 200, headers=boss)
    tele = figures_of(answer, world, "cohabitation-agreement", "teleconference")
    assert tele["lead_days"] is None and tele["supply_hours"] == 0
    suggestion = next(
        s for s in answer["suggestions"] if s["service_id"] == sid and s["mode"] == "teleconference"
    )
    assert "καμία ελεύθερη ώρα" in suggestion["text_el"]
    assert (suggestion["weekday"], suggestion["start"], suggestion["end"]) == (0, "08:00", "10:00")
    assert suggestion["effective_from"] == "2026-12-02"
    keys = ("staff_id", "weekday", "start", "end", "effective_from", "plan_stamp")
    applied = call(client, "POST", APPLY, 200, json={k: suggestion[k] for k in keys}, headers=boss)
    assert applied["added"] == {"weekday": 0, "start": "08:00", "end": "10:00"}
    slots = availability(client, world, "2026-12-07", "2026-12-07")["slots"]  # a Monday
    assert slots and slots[0]["start"].startswith("2026-12-07T08:00")
    plan = call(client, "GET", f"/api/v1/staff/{suggestion['staff_id']}/working-plan", 200, headers=boss)
    assert plan["later"][0]["periods"] == [{"weekday": 0, "start": "08:00", "end": "10:00", "weeks": "all"}]
    with world.rt.store.read() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "working_plan_saved")).all()
    assert audit[-1].actor_id == world.staff["supervisor"]
    # The same suggestion again: the plan is no longer the one it was made from.
    again = call(client, "POST", APPLY, 409, json={k: suggestion[k] for k in keys}, headers=boss)
    assert again["error"] == "version_conflict"
    greek = call(
        client,
        "POST",
        APPLY,
        409,
        json={k: suggestion[k] for k in keys},
        headers={**boss, "Accept-Language": "el"},
    )
    assert greek["message"].startswith("Το πρόγραμμα εργασίας")
    after = call(client, "GET", URL, 200, headers=boss)
    assert figures_of(after, world, "cohabitation-agreement", "teleconference")["lead_days"] == 6
