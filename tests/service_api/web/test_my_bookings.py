"""«Τα ραντεβού μου» through Flask's test client, on both databases: whose bookings are listed, the
manage links, the calendar file, «send the confirmation again» and its limit; the header that names
the municipality and links to the list."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import func, select

from service_api import retention
from service_api.booking.citizen_bookings import RESEND_EVERY
from service_api.domain.kinds import OutboxKind
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode
from service_api.models import AuditLog, Booking, Outbox
from tests.helpers.factories import create_booking
from tests.helpers.web_form import csrf_of, hold_a_time, sign_in
from tests.helpers.world import World, athens

MARIA = "maria@example.org"
AFM = "068933130"


def _as(client: FlaskClient, **citizen: str) -> None:
    """Signed in as TAXISnet or the e-mail code would leave the session."""
    with client.session_transaction() as session:
        session["citizen"] = {"name": "", **citizen}


def _book(
    world: World, day: int, hour: int, service: str = "transfer-of-registration", **citizen: object
) -> str:
    made = create_booking(
        world.rt.bookings, service_id=world.service(service), start=athens(day, hour), **citizen
    )
    return made.booking.reference


def _confirmations(world: World, reference: str) -> int:
    with world.rt.store.read() as session:
        booking_id = session.scalar(select(Booking.id).where(Booking.reference == reference))
        return int(
            session.scalar(
                select(func.count())
                .select_from(Outbox)
                .where(Outbox.booking_id == booking_id, Outbox.kind == OutboxKind.EMAIL_CONFIRMATION.value)
            )
            or 0
        )


def _section(page: str, heading: str) -> str:
    """The part of the page from the section with ``heading`` to the next section."""
    start = page.index(heading)
    end = page.find("<section", start)
    return page[start : end if end != -1 else len(page)]


def test_a_citizen_by_email_sees_their_own_bookings_and_no_one_elses(
    world: World, client: FlaskClient
) -> None:
    mine = _book(world, 3, 9, email=MARIA)
    in_capitals = _book(world, 4, 9, email="Maria@Example.org")  # the same address, typed otherwise
    cancelled = _book(world, 7, 10, "cohabitation-agreement", email=MARIA)
    world.rt.bookings.cancel(cancelled, Actor.citizen(), reason="cancelled_by_citizen")
    someone_elses = _book(world, 3, 10, who=2)
    by_taxisnet = _book(world, 8, 9, email=MARIA, afm=AFM, via_taxisnet=True)  # counted by its AFM
    sign_in(client, world, MARIA)
    hold_a_time(client, world)  # a time chosen, then another: the first is given back…
    hold_a_time(client, world)  # …and the second is held while the details are typed: neither is booked

    page = client.get("/my-bookings").get_data(as_text=True)
    upcoming, past = _section(page, "Επόμενα ραντεβού"), _section(page, "Προηγούμενα και ακυρωμένα")
    assert mine in upcoming and in_capitals in upcoming and cancelled not in upcoming
    assert cancelled in past and "Ακυρώθηκε" in past
    assert someone_elses not in page and by_taxisnet not in page
    assert "Τα ραντεβού που κλείστηκαν με τη διεύθυνση maria@example.org." in page
    assert upcoming.index(mine) < upcoming.index(in_capitals)  # soonest first
    assert len(re.findall(r'class="reference">', page)) == 3  # no hold, given back or held
    assert "180 ημέρες μετά" in page  # why long-past bookings are not there


def test_a_taxisnet_citizen_is_known_by_the_afm_alone(world: World, client: FlaskClient) -> None:
    theirs = _book(world, 3, 9, email="work@example.org", afm=AFM, via_taxisnet=True)
    same_address_no_afm = _book(world, 3, 10, email="work@example.org")
    another_afm = _book(world, 3, 11, who=3, afm="123456789", via_taxisnet=True)
    _as(client, via="taxisnet", afm=AFM, email="work@example.org")
    page = client.get("/my-bookings?lang=en").get_data(as_text=True)
    assert theirs in page and same_address_no_afm not in page and another_afm not in page
    assert "The appointments you booked with TAXISnet" in page


def test_the_list_links_to_the_manage_pages_with_a_fresh_token(world: World, client: FlaskClient) -> None:
    reference = _book(world, 3, 9, email=MARIA)
    world.rt.bookings.reschedule(reference, athens(3, 11), Actor.citizen())  # old e-mailed links died
    _as(client, via="email", email=MARIA)
    page = client.get("/my-bookings?tz=Europe/London").get_data(as_text=True)
    assert "Πέμπτη 3 Δεκεμβρίου 2026, 09:00 (UTC+00:00 Europe/London)" in page  # in the citizen's zone
    reschedule = re.search(rf'href="(/manage/{reference}/reschedule\?token=[^"]+)"', page)
    cancel = re.search(rf'href="(/manage/{reference}/cancel\?token=[^"]+)"', page)
    assert reschedule and cancel
    assert "Νέα ημερομηνία και ώρα" in client.get(reschedule.group(1).replace("&amp;", "&")).get_data(
        as_text=True
    )
    confirm = client.get(cancel.group(1).replace("&amp;", "&")).get_data(as_text=True)
    client.post(cancel.group(1).replace("&amp;", "&"), data={"csrf_token": csrf_of(confirm)})
    page = client.get("/my-bookings").get_data(as_text=True)
    assert reference in _section(page, "Προηγούμενα και ακυρωμένα")
    assert f"/manage/{reference}/" not in page  # nothing left to change


def test_the_calendar_file_is_the_invitations_event_and_only_for_its_owner(
    world: World, client: FlaskClient
) -> None:
    reference = _book(world, 3, 9, email=MARIA, mode=Mode.TELECONFERENCE)
    _as(client, via="email", email=MARIA)
    answer = client.get(f"/my-bookings/{reference}.ics")
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    assert answer.headers["Content-Disposition"] == f'attachment; filename="{reference}.ics"'
    assert answer.headers["Cache-Control"] == "no-store"
    calendar = Calendar.from_ical(answer.data)
    assert calendar["METHOD"] == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == f"{reference}@dimos.test"  # the invitation's: calendars update, not duplicate
    assert event.decoded("DTSTART") == athens(3, 9) and "ATTENDEE" not in event
    assert "Αίτηση για Μεταδημότευση" in str(event["SUMMARY"])

    _as(client, via="email", email="someone@example.org")
    refused = client.get(f"/my-bookings/{reference}.ics")
    assert refused.status_code == 404 and b"BEGIN:VCALENDAR" not in refused.data
    assert client.get("/my-bookings/NONE-XIST.ics").status_code == 404


def test_the_confirmation_is_sent_again_at_most_once_in_15_minutes(world: World, client: FlaskClient) -> None:
    reference = _book(world, 3, 9, email=MARIA)
    _as(client, via="email", email=MARIA)
    page = client.get("/my-bookings").get_data(as_text=True)
    assert "Αποστολή της επιβεβαίωσης ξανά" in page
    path = f"/my-bookings/{reference}/resend"

    refused = client.post(path, data={"csrf_token": csrf_of(page)})  # the booking's own went out just now
    text = refused.get_data(as_text=True)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) <= RESEND_EVERY.total_seconds()
    assert "στάλθηκε πριν από λίγο, οπότε δεν στάλθηκε ξανά" in text and "από τις 08:15" in text
    assert "<title>Σφάλμα: Τα ραντεβού μου" in text and 'role="alert"' in text
    assert _confirmations(world, reference) == 1

    world.rt.bookings.clock.advance(minutes=16)  # type: ignore[attr-defined]
    sent = client.post(path, data={"csrf_token": csrf_of(page)})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/my-bookings")
    after = client.get("/my-bookings").get_data(as_text=True)
    assert f"Η επιβεβαίωση του ραντεβού {reference} θα σταλεί ξανά στο {MARIA}" in after
    assert _confirmations(world, reference) == 2
    with world.rt.store.read() as session:
        actions = session.scalars(
            select(AuditLog.action).where(AuditLog.action == "confirmation_resent")
        ).all()
    assert actions == ["confirmation_resent"]
    assert client.post(path, data={"csrf_token": csrf_of(page)}).status_code == 429  # and the limit restarts
    assert client.post(path, data={}).status_code == 400  # a form without its CSRF token


def test_nobody_can_send_another_citizens_confirmation(world: World, client: FlaskClient) -> None:
    reference = _book(world, 3, 9, who=2)
    world.rt.bookings.clock.advance(minutes=30)  # type: ignore[attr-defined]
    _as(client, via="email", email=MARIA)
    page = client.get("/my-bookings").get_data(as_text=True)
    answer = client.post(f"/my-bookings/{reference}/resend", data={"csrf_token": csrf_of(page)})
    assert answer.status_code == 404 and reference not in answer.get_data(as_text=True)
    assert _confirmations(world, reference) == 1
    client.post("/logout", data={"csrf_token": csrf_of(page)})
    assert client.get("/my-bookings").status_code == 302  # signed out: to the sign-in page


def test_a_cancelled_or_past_booking_has_no_confirmation_to_send(world: World, client: FlaskClient) -> None:
    reference = _book(world, 3, 9, email=MARIA)
    world.rt.bookings.cancel(reference, Actor.citizen(), reason="cancelled_by_citizen")
    world.rt.bookings.clock.advance(minutes=30)  # type: ignore[attr-defined]
    _as(client, via="email", email=MARIA)
    page = client.get("/my-bookings").get_data(as_text=True)
    assert f"/my-bookings/{reference}/resend" not in page and f"/my-bookings/{reference}.ics" not in page
    refused = client.post(f"/my-bookings/{reference}/resend", data={"csrf_token": csrf_of(page)})
    assert refused.status_code == 409 and "μόνο για επιβεβαιωμένο ραντεβού" in refused.get_data(as_text=True)
    assert client.get(f"/my-bookings/{reference}.ics").status_code == 404


def test_an_anonymised_booking_is_nobodys_any_more(world: World, client: FlaskClient) -> None:
    reference = _book(world, 3, 9, email=MARIA)
    world.rt.bookings.clock.advance(days=40)  # type: ignore[attr-defined]
    retention.purge(world.rt.bookings, retention_days=30)
    _as(client, via="email", email=MARIA)
    page = client.get("/my-bookings").get_data(as_text=True)
    assert reference not in page and "Δεν υπάρχουν προηγούμενα ραντεβού." in page
    gone = client.get(f"/my-bookings/{reference}.ics")
    assert gone.status_code == 404 and "τα στοιχεία του έχουν διαγραφεί" in gone.get_data(as_text=True)


def test_the_municipalitys_own_link_names_it_on_every_page(world: World, client: FlaskClient) -> None:
    login = client.get("/?m=larissa").get_data(as_text=True)
    assert login.count("Δήμος Λαρισαίων") == 2  # the header and the sign-in page itself
    assert "Δήμος Λαρισαίων" not in client.get("/").get_data(as_text=True)  # not known: not named
    assert "Δήμος" not in client.get("/?m=nowhere").get_data(as_text=True).split("<main")[0]
    sign_in(client, world, MARIA)  # from /?m=larissa
    for path in ("/book?m=larissa", "/book/larissa", "/book/email", "/my-bookings", "/no-such-page"):
        header = client.get(path).get_data(as_text=True).split("<main")[0]
        assert "Δήμος Λαρισαίων" in header, path
        assert 'href="/my-bookings"' in header, path  # reachable from every page once signed in
    english = client.get("/my-bookings?lang=en").get_data(as_text=True).split("<main")[0]
    assert "Municipality of Larissa" in english and "My appointments" in english
    page = client.get("/book/email").get_data(as_text=True)
    signed_out = client.post("/logout", data={"csrf_token": csrf_of(page)})
    assert signed_out.headers["Location"] == "/?m=larissa"  # back to the page that names it
    assert 'href="/my-bookings"' not in client.get("/?m=larissa").get_data(as_text=True)


def test_a_page_with_errors_says_so_in_its_title(world: World, client: FlaskClient) -> None:
    page = client.get("/?m=larissa").get_data(as_text=True)
    assert "<title>Είσοδος στην πλατφόρμα" in page
    refused = client.post(
        "/login/email", data={"email": "not an address", "m": "larissa", "csrf_token": csrf_of(page)}
    )
    assert refused.status_code == 422
    assert "<title>Σφάλμα: Είσοδος στην πλατφόρμα – Ραντεβού με τον Δήμο</title>" in refused.get_data(
        as_text=True
    )
    english = client.post(
        "/login/email?lang=en", data={"email": "x", "m": "larissa", "csrf_token": csrf_of(page)}
    ).get_data(as_text=True)
    assert "<title>Error: Sign in – " in english
    sign_in(client, world, MARIA)
    hold_a_time(client, world)
    details = client.get("/book/details?lang=el").get_data(as_text=True)
    assert "<title>Προσθέστε τα στοιχεία σας" in details
    failed = client.post("/book/details", data={"csrf_token": csrf_of(details)}).get_data(as_text=True)
    assert "<title>Σφάλμα: Προσθέστε τα στοιχεία σας" in failed
    assert '<form method="post" action="/book/details"' in failed  # no "#field" fragment follows the form


def test_times_carry_their_date_and_zone_and_closed_days_say_so(world: World, client: FlaskClient) -> None:
    _as(client, via="email", email=MARIA)
    sid = world.service("transfer-of-registration")
    page = client.get(f"/book/larissa/s/{sid}/in_person?day=2026-12-02&tz=Europe/Athens").get_data(
        as_text=True
    )
    assert (
        'aria-label="09:00, Τετάρτη 2 Δεκεμβρίου 2026, ζώνη ώρας Europe/Athens (UTC+02:00)">09:00</button>'
        in page
    )
    # Saturday 5 December: no clerk works, and a screen reader hears it.
    assert '<span class="visually-hidden">Σάββατο 5 Δεκεμβρίου 2026, μη διαθέσιμη</span>' in page
    english = client.get(f"/book/larissa/s/{sid}/in_person?day=2026-12-02&lang=en&tz=Europe/London").get_data(
        as_text=True
    )
    assert (
        'aria-label="07:00, Wednesday 2 December 2026, time zone Europe/London (UTC+00:00)">07:00<' in english
    )
    assert "Saturday 5 December 2026, unavailable" in english


def test_the_error_summary_has_the_sites_focus_style() -> None:
    from pathlib import Path

    import service_api

    css = (Path(service_api.__file__).parent / "static" / "form.css").read_text()
    focus_rule = next(rule for rule in css.split("}") if "a:focus" in rule)
    assert ".error-summary:focus" in focus_rule and "outline: 3px solid var(--focus)" in focus_rule


def test_old_bookings_move_to_the_past_when_they_end(world: World, client: FlaskClient) -> None:
    reference = _book(world, 1, 10, email=MARIA)  # today at 10:00, 30 minutes
    _as(client, via="email", email=MARIA)
    assert reference in _section(client.get("/my-bookings").get_data(as_text=True), "Επόμενα ραντεβού")
    world.rt.bookings.clock.advance(hours=3)  # type: ignore[attr-defined]
    _as(client, via="email", email=MARIA)  # the sign-in of three hours ago has lapsed
    page = client.get("/my-bookings").get_data(as_text=True)
    assert reference in _section(page, "Προηγούμενα και ακυρωμένα")
