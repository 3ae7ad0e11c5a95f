"""Joint appointments (issue 18) through the API and the job runner: the booker names a co-applicant,
the booking holds the time while it waits, the co-applicant confirms, both are told; the deadline
releases it; either can cancel for both; completion needs everyone's identity checked."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import Message
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from service_api import retention
from service_api.booking.co_applicants import CoApplicants, SignedIn
from service_api.co_applicant_links import CoApplicantLinks
from service_api.domain.errors import RuleViolation
from service_api.jobs import JobRunner
from service_api.models import BookingCoApplicant
from tests.helpers.clock import Clock
from tests.helpers.factories import booking_body
from tests.helpers.http import book, call, citizen_auth, login
from tests.helpers.world import World, athens

FRIDAY = 4
PARTNER = "partner@example.org"


def _joint_service(client: FlaskClient, world: World, *, required: bool = True) -> int:
    sid = world.service("cohabitation-agreement")
    admin = login(client, "admin")
    change = {"co_applicants": 1, "co_applicants_required": required, "co_applicant_confirm_hours": 24}
    answer = call(client, "PATCH", f"/api/v1/services/{sid}", 200, headers=admin, json=change)
    assert answer["co_applicants"] == 1 and answer["co_applicant_confirm_hours"] == 24
    return sid


def _book_joint(client: FlaskClient, sid: int, hour: int = 10, n: int = 1) -> dict[str, Any]:
    body = booking_body(sid, athens(FRIDAY, hour), n=n, co_applicants=[{"email": PARTNER, "name": "Ελένη"}])
    return book(client, 201, body)  # type: ignore[no-any-return]


def _mails(world: World) -> list[Message]:
    """Every e-mail the job runner wrote to the outbox folder, oldest first."""
    files = sorted(world.rt.config.outbox_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]


def _text(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True)
    assert isinstance(part, bytes)
    return part.decode()


def _slot_free(client: FlaskClient, sid: int, hour: int) -> int:
    """How many clerks offer ``hour`` on Friday (the availability the citizen sees)."""
    answer = call(
        client,
        "GET",
        f"/api/v1/services/{sid}/availability?from=2026-12-04&to=2026-12-04&mode=in_person",
        200,
    )
    start = athens(FRIDAY, hour).isoformat()[:16]
    return sum(s["capacity"] for s in answer["slots"] if s["start"].startswith(start))


def test_required_co_applicant_is_refused_when_missing_or_the_bookers_own(
    world: World, client: FlaskClient
) -> None:
    sid = _joint_service(client, world)
    missing = book(client, 422, booking_body(sid, athens(FRIDAY, 10)))
    assert "co_applicants.0.email" in missing["fields"]
    own = booking_body(sid, athens(FRIDAY, 10), co_applicants=[{"email": "citizen1@example.org"}])
    refused = call(
        client,
        "POST",
        "/api/v1/bookings",
        422,
        json=own,
        headers={**citizen_auth(client, own), "Accept-Language": "el"},
    )
    assert refused["message"] == "Το e-mail του συναιτούντα πρέπει να διαφέρει από το δικό σας."
    other = world.service("transfer-of-registration")
    assert book(client, 422, booking_body(other, athens(FRIDAY, 10), co_applicants=[{"email": PARTNER}]))


def test_a_joint_booking_waits_holding_the_time_until_the_co_applicant_confirms(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    sid = _joint_service(client, world)
    free_before = _slot_free(client, sid, 10)
    booked = _book_joint(client, sid)
    assert booked["status"] == "awaiting_coapplicant"
    assert [(c["email"], c["status"]) for c in booked["co_applicants"]] == [(PARTNER, "invited")]
    assert booked["co_applicants"][0]["deadline"].startswith("2026-12-02T")  # now (1 Dec) + 24 hours
    assert _slot_free(client, sid, 10) == free_before - 1  # the time is held like a confirmed booking

    JobRunner.build(world.rt).run_once()
    invitation = [m for m in _mails(world) if m["To"] == PARTNER]
    assert len(invitation) == 1 and "Πρόσκληση σε κοινό ραντεβού" in invitation[0]["Subject"]
    assert not [m for m in _mails(world) if m["To"] == "citizen1@example.org"]  # nothing confirmed yet
    # The deadline is a day away: the mail gives its date, not a bare time that reads as «today».
    deadline = booked["co_applicants"][0]["deadline"]
    day = f"{int(deadline[8:10])} Δεκεμβρίου 2026"
    assert "προθεσμία: " in _text(invitation[0]) and day in _text(invitation[0]).split("προθεσμία: ")[1][:40]
    link = next(w for w in _text(invitation[0]).split() if "/co-applicant/" in w)
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert CoApplicantLinks(world.rt.config.secret_key).read(token) == (booked["reference"], 1, 1)

    joint = CoApplicants(world.rt.bookings)
    with pytest.raises(RuleViolation, match="invitation was sent to"):
        joint.confirm(reference=booked["reference"], position=1, who=SignedIn(email="someone@example.org"))
    confirmed = joint.confirm(reference=booked["reference"], position=1, who=SignedIn(email=PARTNER))
    assert confirmed.status == "confirmed"

    JobRunner.build(world.rt).run_once()
    to_partner = [m["Subject"] for m in _mails(world) if m["To"] == PARTNER]
    to_booker = [m["Subject"] for m in _mails(world) if m["To"] == "citizen1@example.org"]
    assert any("Επιβεβαίωση ραντεβού" in s for s in to_partner)
    assert any("Επιβεβαίωση ραντεβού" in s for s in to_booker)
    partner_mail = next(m for m in _mails(world) if m["To"] == PARTNER and "Επιβεβαίωση" in m["Subject"])
    assert any(p.get_content_type() == "text/calendar" for p in partner_mail.walk())
    assert "/co-applicant/" in _text(partner_mail) and "/manage/" not in _text(partner_mail)
    # Their page cancels for everyone but moves nothing: no «change the time» link in their copy.
    assert "action=reschedule" not in _text(partner_mail) and "action=cancel" in _text(partner_mail)
    booker_mail = next(m for m in _mails(world) if m["To"] == "citizen1@example.org")
    assert "action=reschedule" in _text(booker_mail) and "action=cancel" in _text(booker_mail)


def test_the_deadline_releases_the_booking_and_tells_both(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    sid = _joint_service(client, world)
    booked = _book_joint(client, sid)
    free_waiting = _slot_free(client, sid, 10)
    runner = JobRunner.build(world.rt)
    runner.run_once()
    clock.now = athens(2, 9)  # past the 24 hours
    other_runner = JobRunner.build(world.rt)
    assert CoApplicants(world.rt.bookings).release_lapsed() == 1
    assert CoApplicants(world.rt.bookings).release_lapsed() == 0  # a second runner finds nothing
    other_runner.run_once()
    supervisor = login(client, "supervisor")
    seen = call(client, "GET", f"/api/v1/bookings/{booked['reference']}", 200, headers=supervisor)
    assert seen["status"] == "cancelled" and seen["cancel_reason"] == "co_applicant_not_confirmed"
    released = [m["To"] for m in _mails(world) if "Το κοινό ραντεβού ακυρώθηκε" in m["Subject"]]
    assert sorted(released) == ["citizen1@example.org", PARTNER]
    assert _slot_free(client, sid, 10) == free_waiting + 1


def test_either_side_cancels_for_both_and_the_other_is_told(world: World, client: FlaskClient) -> None:
    sid = _joint_service(client, world)
    by_partner = _book_joint(client, sid, hour=10)
    joint = CoApplicants(world.rt.bookings)
    joint.confirm(
        reference=by_partner["reference"], position=1, who=SignedIn(afm="123456789", name="Ελένη Π.")
    )
    cancelled = joint.cancel(reference=by_partner["reference"], position=1)
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "cancelled_by_co_applicant"
    by_booker = _book_joint(client, sid, hour=11, n=2)
    token = by_booker["manage_token"]
    call(
        client, "DELETE", f"/api/v1/bookings/{by_booker['reference']}", 204, headers={"X-Manage-Token": token}
    )
    JobRunner.build(world.rt).run_once()
    told = {(m["To"], m["Subject"].split()[2]) for m in _mails(world) if "Ακύρωση" in m["Subject"]}
    # The one who cancelled is not told again; the other side (and the booker, as ever) is.
    assert told == {
        ("citizen1@example.org", by_partner["reference"]),
        ("citizen2@example.org", by_booker["reference"]),
        (PARTNER, by_booker["reference"]),
    }


def test_completion_needs_the_booker_and_every_co_applicant_verified(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    sid = _joint_service(client, world)
    booked = _book_joint(client, sid)
    ref = booked["reference"]
    supervisor = login(client, "supervisor")
    owner = call(client, "GET", f"/api/v1/bookings/{ref}", 200, headers=supervisor)["staff"]["id"]
    clerk = login(client, next(k for k, v in world.staff.items() if v == owner))
    identity = {"document_type": "identity_card", "name_matches": True}
    early = call(
        client, "POST", f"/api/v1/bookings/{ref}/co-applicants/1/identity", 422, headers=clerk, json=identity
    )
    assert "not confirmed" in early["message"]
    CoApplicants(world.rt.bookings).confirm(reference=ref, position=1, who=SignedIn(email=PARTNER))
    clock.now = athens(FRIDAY, 10, 5)
    call(client, "POST", f"/api/v1/bookings/{ref}/check-in", 200, headers=clerk)
    call(client, "POST", f"/api/v1/bookings/{ref}/identity", 200, headers=clerk, json=identity)
    complete = {"outcome": "completed", "confirm_missing_documents": True}
    refused = call(
        client,
        "POST",
        f"/api/v1/bookings/{ref}/outcome",
        409,
        headers={**clerk, "Accept-Language": "el"},
        json=complete,
    )
    assert refused["error"] == "co_applicants_unverified" and "συναιτούντ" in refused["message"]
    checked = call(
        client, "POST", f"/api/v1/bookings/{ref}/co-applicants/1/identity", 200, headers=clerk, json=identity
    )
    assert checked["co_applicants"][0]["identity"]["document_type"] == "identity_card"
    done = call(client, "POST", f"/api/v1/bookings/{ref}/outcome", 200, headers=clerk, json=complete)
    assert done["status"] == "completed"


def test_both_get_the_reminder_the_day_before(world: World, client: FlaskClient, clock: Clock) -> None:
    sid = _joint_service(client, world)
    booked = _book_joint(client, sid)
    CoApplicants(world.rt.bookings).confirm(
        reference=booked["reference"], position=1, who=SignedIn(email=PARTNER)
    )
    clock.now = athens(FRIDAY - 1, 10)
    JobRunner.build(world.rt).run_once()
    reminded = sorted(m["To"] for m in _mails(world) if "Υπενθύμιση" in m["Subject"])
    assert reminded == ["citizen1@example.org", PARTNER]
    partner_reminder = next(m for m in _mails(world) if m["To"] == PARTNER and "Υπενθύμιση" in m["Subject"])
    assert "Αγαπητή/έ Ελένη" in _text(partner_reminder)


def test_retention_forgets_the_co_applicants_with_the_booking(
    world: World, client: FlaskClient, clock: Clock
) -> None:
    sid = _joint_service(client, world)
    _book_joint(client, sid)
    clock.now = athens(FRIDAY + 3, 12)
    assert retention.anonymise_bookings(world.rt.bookings, cutoff=athens(FRIDAY + 1, 0)) == 1
    with world.rt.store.read() as session:
        row = session.scalars(select(BookingCoApplicant)).one()
        assert (row.email, row.name, row.citizen_key) == ("", "", "")


def test_a_reschedule_reaches_the_co_applicant_with_a_link_that_still_opens(
    world: World, client: FlaskClient
) -> None:
    sid = _joint_service(client, world)
    booked = _book_joint(client, sid)
    ref = booked["reference"]
    CoApplicants(world.rt.bookings).confirm(reference=ref, position=1, who=SignedIn(email=PARTNER))
    moved = {"start": athens(FRIDAY, 12).isoformat()}
    call(
        client,
        "PATCH",
        f"/api/v1/bookings/{ref}",
        200,
        json=moved,
        headers={"X-Manage-Token": booked["manage_token"]},
    )
    JobRunner.build(world.rt).run_once()
    [changed] = [m for m in _mails(world) if m["To"] == PARTNER and "Αλλαγή ραντεβού" in m["Subject"]]
    assert "12:00" in _text(changed)
    link = next(w for w in _text(changed).split() if "/co-applicant/" in w)
    page = client.get(urlsplit(link).path + "?" + urlsplit(link).query)
    assert page.status_code == 200 and ref in page.get_data(as_text=True)


def test_optional_co_applicants_leave_ordinary_bookings_alone(world: World, client: FlaskClient) -> None:
    sid = _joint_service(client, world, required=False)
    alone = book(client, 201, booking_body(sid, athens(FRIDAY, 10)))
    assert alone["status"] == "confirmed" and alone["co_applicants"] == []
    caller = booking_body(sid, athens(FRIDAY, 11))
    del caller["citizen"]["email"]  # a caller without an address, booked by phone at the desk
    staff = call(client, "POST", "/api/v1/bookings", 201, json=caller, headers=login(client, "clerk_a"))
    assert staff["status"] == "confirmed"


def test_an_idempotency_key_reused_with_another_co_applicant_is_refused(
    world: World, client: FlaskClient
) -> None:
    sid = _joint_service(client, world)
    body = booking_body(sid, athens(FRIDAY, 10), co_applicants=[{"email": PARTNER}])
    first = book(client, 201, body, headers={"Idempotency-Key": "joint-key-123"})
    assert (
        book(client, 200, body, headers={"Idempotency-Key": "joint-key-123"})["reference"]
        == first["reference"]
    )
    other = {**body, "co_applicants": [{"email": "someone.else@example.org"}]}
    assert (
        book(client, 422, other, headers={"Idempotency-Key": "joint-key-123"})["error"]
        == "idempotency_key_reused"
    )


def test_a_second_confirm_of_a_waiting_booking_is_refused_and_skips_no_co_applicant(
    world: World, client: FlaskClient
) -> None:
    """A replayed or doubled confirm once the booking waits: 409 in Greek, and it still waits for the
    co-applicant (it was confirmable without them, the co-applicant being optional)."""
    sid = _joint_service(client, world, required=False)
    body = booking_body(sid, athens(FRIDAY, 10), co_applicants=[{"email": PARTNER, "name": "Ελένη"}])
    made = book(client, 201, body)
    assert made["status"] == "awaiting_coapplicant"
    again = call(
        client,
        "POST",
        f"/api/v1/bookings/{made['reference']}/confirm",
        409,
        json={},
        headers={"X-Manage-Token": made["manage_token"], "Accept-Language": "el"},
    )
    assert again["error"] == "invalid_transition"
    assert again["message"] == "Η κράτηση έχει ήδη επιβεβαιωθεί και περιμένει τους συναιτούντες."
    with world.rt.store.read() as session:
        [row] = session.scalars(select(BookingCoApplicant)).all()
        assert (row.email, row.status) == (PARTNER, "invited")
    manage = {"X-Manage-Token": made["manage_token"]}
    answer = call(client, "GET", f"/api/v1/bookings/{made['reference']}", 200, headers=manage)
    assert answer["status"] == "awaiting_coapplicant"
