"""Supervisor figures per week and month, checked against values worked out by hand."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import update

from service_api.booking import booking_reads, staffing
from service_api.booking.journal import Actor
from service_api.domain.rules import Mode, Outcome
from service_api.domain.timeutil import ensure_utc
from service_api.models import Booking
from tests.helpers.clock import Clock
from tests.helpers.factories import create_booking
from tests.helpers.http import call, login
from tests.helpers.world import World, athens

COHAB, TRANSFER = "cohabitation-agreement", "transfer-of-registration"


def _book_on(
    world: World, clerk: str, slug: str, start: datetime, who: int, mode: Mode = Mode.IN_PERSON
) -> str:
    booking = create_booking(
        world.rt.bookings, service_id=world.service(slug), start=start, mode=mode, who=who
    ).booking
    if booking.staff_id != world.staff[clerk]:
        world.rt.bookings.reassign(booking.reference, world.staff[clerk], Actor.system(), reason="set-up")
    return booking.reference


def _close(world: World, reference: str, outcome: Outcome) -> None:
    """Record ``outcome`` as the desk would: a no-show after the start, a completion despite documents."""
    admin = Actor("staff", world.staff["admin"], "admin")
    if outcome is not Outcome.NO_SHOW:
        world.rt.clerk_actions.verify_identity(
            reference=reference, actor=admin, document_type="identity_card", name_matches=True
        )
    clock = world.rt.bookings.clock
    assert isinstance(clock, Clock)
    today = clock.now
    with world.rt.store.read() as session:
        start = ensure_utc(booking_reads.booking_by_reference(session, reference).start_at)
    clock.now = max(today, start + timedelta(minutes=20))  # no-show only once the start has passed
    world.rt.clerk_actions.record_outcome(
        reference=reference, outcome=outcome, actor=admin, confirm_missing_documents=True
    )
    clock.now = today


def _data_set(world: World) -> dict[str, str]:
    """Two weeks of December 2026; clerks work Monday–Friday 08:00–14:00 (360 minutes a day)."""
    bookings = world.rt.bookings
    system = Actor.system()
    refs = {
        # week 49 (Tuesday 1 to Sunday 6 December: four working days)
        "a_done": _book_on(world, "clerk_a", COHAB, athens(2, 9), 1),
        "a_docs": _book_on(world, "clerk_a", TRANSFER, athens(2, 9, 30), 2),
        "a_noshow": _book_on(world, "clerk_a", COHAB, athens(3, 9), 3),
        "b_open": _book_on(world, "clerk_b", TRANSFER, athens(2, 10), 4),
        "b_cancelled": _book_on(world, "clerk_b", COHAB, athens(2, 10, 30), 5),
        "c_lapsed": _book_on(world, "clerk_c", TRANSFER, athens(4, 9), 6),
        # week 50 (Monday 7 to Sunday 13 December)
        "c_referred": _book_on(world, "clerk_c", COHAB, athens(7, 9), 7),
        "c_noshow": _book_on(world, "clerk_c", COHAB, athens(8, 9), 8),
        "a_tele": _book_on(world, "clerk_a", TRANSFER, athens(9, 11), 9, Mode.TELECONFERENCE),
    }
    _close(world, refs["a_done"], Outcome.COMPLETED)
    _close(world, refs["a_docs"], Outcome.DOCUMENTS_MISSING)
    _close(world, refs["a_noshow"], Outcome.NO_SHOW)
    _close(world, refs["c_referred"], Outcome.REFERRED)
    _close(world, refs["c_noshow"], Outcome.NO_SHOW)
    bookings.cancel(refs["b_cancelled"], Actor.citizen())
    # A hold that lapsed: neither a booking nor a cancellation.
    with bookings.transaction() as session:
        session.execute(
            update(Booking)
            .where(Booking.reference == refs["c_lapsed"])
            .values(status="cancelled", cancel_reason="hold_expired")
        )
    # Absences: A from Wednesday 13:00 to Thursday 09:00 (2 working hours), B on Thursday 10 December
    # 10:00–12:00, C on Saturday 5 December (no working time lost).
    for clerk, start, end in [
        ("clerk_a", athens(2, 13), athens(3, 9)),
        ("clerk_b", athens(10, 10), athens(10, 12)),
        ("clerk_c", athens(5, 0), athens(6, 0)),
    ]:
        staffing.add_absence(bookings, system, staff_id=world.staff[clerk], start=start, end=end)
    return refs


def _by(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in rows}


def test_weekly_figures_match_the_hand_count(world: World, client: FlaskClient) -> None:
    _data_set(world)
    boss = login(client, "supervisor")
    figures = call(
        client, "GET", "/api/v1/stats?from=2026-12-01&to=2026-12-13&period=week", 200, headers=boss
    )
    assert figures["period"] == "week" and figures["from"] == "2026-12-01"
    w49, w50 = figures["periods"]
    assert (w49["period"], w49["from"], w49["to"]) == ("2026-W49", "2026-12-01", "2026-12-06")
    assert (w50["period"], w50["from"], w50["to"]) == ("2026-W50", "2026-12-07", "2026-12-13")
    a, b, c = (world.staff[k] for k in ("clerk_a", "clerk_b", "clerk_c"))

    assert w49["totals"] == {
        "bookings": 4,
        "booked_minutes": 60,
        "completed": 2,
        "no_show": 1,
        "no_show_rate": 0.3333,
        "documents_missing": 1,
        "cancelled": 1,
        "available_minutes": 1320 + 1440 + 1440,
        "utilisation": round(60 / 4200, 4),
    }
    clerks = _by(w49["by_clerk"], "staff_id")
    assert set(clerks) == {a, b, c}  # supervisors and admins have no working plan
    assert clerks[a] == {
        "staff_id": a,
        "name": "Clerk A",
        "bookings": 3,
        "booked_minutes": 45,
        "completed": 2,
        "no_show": 1,
        "no_show_rate": 0.3333,
        "documents_missing": 1,
        "cancelled": 0,
        "available_minutes": 4 * 360 - 120,
        "utilisation": round(45 / 1320, 4),
    }
    assert clerks[b]["bookings"] == 1 and clerks[b]["cancelled"] == 1 and clerks[b]["no_show_rate"] is None
    assert clerks[b]["available_minutes"] == 1440 and clerks[b]["utilisation"] == round(15 / 1440, 4)
    assert clerks[c]["bookings"] == 0 and clerks[c]["cancelled"] == 0 and clerks[c]["utilisation"] == 0.0
    services = _by(w49["by_service"], "service_id")
    assert set(services) == {world.service(COHAB), world.service(TRANSFER)}
    cohab, transfer = services[world.service(COHAB)], services[world.service(TRANSFER)]
    assert (cohab["bookings"], cohab["completed"], cohab["no_show"], cohab["cancelled"]) == (2, 1, 1, 1)
    assert (transfer["bookings"], transfer["completed"], transfer["documents_missing"]) == (2, 1, 1)
    assert transfer["name_el"] and transfer["name_en"]

    assert w50["totals"]["bookings"] == 3 and w50["totals"]["booked_minutes"] == 45
    assert w50["totals"]["available_minutes"] == 1800 + 1680 + 1800
    assert w50["totals"]["utilisation"] == round(45 / 5280, 4)
    clerks = _by(w50["by_clerk"], "staff_id")
    assert clerks[c]["completed"] == 1 and clerks[c]["no_show"] == 1 and clerks[c]["no_show_rate"] == 0.5
    assert clerks[c]["documents_missing"] == 0
    assert clerks[b]["available_minutes"] == 1680 and clerks[b]["bookings"] == 0
    assert clerks[a]["bookings"] == 1 and clerks[a]["utilisation"] == round(15 / 1800, 4)


def test_monthly_figures_split_at_the_month(world: World, client: FlaskClient) -> None:
    _data_set(world)
    boss = login(client, "supervisor")
    figures = call(
        client, "GET", "/api/v1/stats?from=2026-11-30&to=2026-12-13&period=month", 200, headers=boss
    )
    november, december = figures["periods"]
    assert (november["period"], november["from"], november["to"]) == ("2026-11", "2026-11-30", "2026-11-30")
    assert november["totals"]["bookings"] == 0 and november["totals"]["available_minutes"] == 3 * 360
    assert december["period"] == "2026-12" and december["to"] == "2026-12-13"
    assert december["totals"]["bookings"] == 7 and december["totals"]["booked_minutes"] == 105
    assert december["totals"]["no_show_rate"] == round(2 / 5, 4)
    assert december["totals"]["available_minutes"] == (1320 + 1800) + (1440 + 1680) + (1440 + 1800)


def test_christmas_is_not_working_time(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    figures = call(
        client, "GET", "/api/v1/stats?from=2026-12-21&to=2026-12-27&period=week", 200, headers=boss
    )
    (week,) = figures["periods"]
    # Monday 21 to Thursday 24 December; Friday 25 is Christmas Day.
    assert {c["available_minutes"] for c in week["by_clerk"]} == {4 * 360}


def test_the_csv_has_one_row_per_period_clerk_and_service(world: World, client: FlaskClient) -> None:
    refs = _data_set(world)
    assert refs
    boss = login(client, "supervisor")
    url = "/api/v1/stats.csv?from=2026-12-01&to=2026-12-13&period=week"
    response = client.get(f"{url}&lang=en", headers=boss)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8 (Greek names)"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    keyed = {(r["period"], int(r["staff_id"]), int(r["service_id"])): r for r in rows}
    a, b, c = (world.staff[k] for k in ("clerk_a", "clerk_b", "clerk_c"))
    cohab, transfer = world.service(COHAB), world.service(TRANSFER)
    assert set(keyed) == {
        ("2026-W49", a, cohab),
        ("2026-W49", a, transfer),
        ("2026-W49", b, cohab),
        ("2026-W49", b, transfer),
        ("2026-W50", a, transfer),
        ("2026-W50", c, cohab),
    }
    docs = keyed[("2026-W49", a, transfer)]
    assert docs["bookings"] == "1" and docs["completed"] == "1" and docs["documents_missing"] == "1"
    assert docs["staff_name"] == "Clerk A" and docs["period_from"] == "2026-12-01"
    assert (
        keyed[("2026-W49", b, cohab)]["cancelled"] == "1" and keyed[("2026-W49", b, cohab)]["bookings"] == "0"
    )
    assert (
        keyed[("2026-W50", c, cohab)]["no_show"] == "1" and keyed[("2026-W50", c, cohab)]["bookings"] == "2"
    )
    assert sum(int(r["booked_minutes"]) for r in rows) == 105


def test_bad_stats_queries_get_a_specific_422(world: World, client: FlaskClient) -> None:
    boss = login(client, "supervisor")
    for query, field in [
        ("period=fortnight", "period"),
        ("from=2026-12-10&to=2026-12-01", "to"),
        ("from=2026-01-01&to=2027-06-01", "to"),
        ("from=yesterday", "from"),
    ]:
        refused = call(client, "GET", f"/api/v1/stats?{query}", 422, headers=boss)
        assert field in refused["fields"], (query, refused)


def test_admins_see_every_municipality_or_one(world: World, client: FlaskClient) -> None:
    _data_set(world)
    admin = login(client, "admin")
    everything = call(client, "GET", "/api/v1/stats?from=2026-12-01&to=2026-12-06", 200, headers=admin)
    assert everything["municipality_id"] is None and everything["periods"][0]["totals"]["bookings"] == 4
    call(client, "GET", "/api/v1/stats?municipality_id=999999", 404, headers=admin)


def test_the_csv_for_greek_excel_has_greek_headings_and_semicolons(world: World, client: FlaskClient) -> None:
    _data_set(world)
    boss = login(client, "supervisor")
    url = "/api/v1/stats.csv?from=2026-12-01&to=2026-12-13&period=week"
    raw = client.get(url, headers=boss).get_data().decode("utf-8-sig")
    header, first = raw.splitlines()[:2]
    assert header.startswith("Περίοδος;Από;Έως;") and "Ολοκληρώθηκαν" in header
    assert first.startswith("2026-W49;2026-12-01;") and "," not in header
    assert client.get(f"{url}&lang=fr", headers=boss).status_code == 422
