"""The calendar invitation of a booking (iCalendar, iTIP REQUEST or CANCEL), as RFC 5545/5546 want it.

One VEVENT per booking, with a UID that never changes (``{reference}@{host of the public URL}``) and the
booking's SEQUENCE, which the booking service raises on every reschedule, cancellation and change of
clerk: calendar programs then update or remove the event they already hold instead of adding another.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from service_api.domain.rules import Mode
from service_api.domain.timeutil import ATHENS, zone_or_none
from service_api.ical_times import event_times
from service_api.ical_zones import VTIMEZONES
from service_api.notifications.mail import INVITATION_METHODS, BookingMail, format_when, web_link

PRODID = "-//Dimos//Municipal appointments//EL"


def invitation_uid(mail: BookingMail) -> str:
    host = urlsplit(mail.public_url).hostname or mail.sender_address.rpartition("@")[2] or "dimos"
    return f"{mail.reference}@{host}"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = value
    return address


def _description(mail: BookingMail, zone: ZoneInfo, cancelled: bool) -> str:
    t = mail.texts
    lines = [
        f"{t['reference']}: {mail.reference}",
        f"{t['service']}: {mail.service_name}",
        f"{t['when']}: {format_when(mail.start, zone, mail.language, mail.end)} ({zone.key})",
        f"{t['mode']}: {t.get(mail.mode, mail.mode)}",
    ]
    if cancelled:
        return "\n".join([t["intro.email.cancelled"], "", *lines])
    if mail.mode == Mode.TELECONFERENCE:
        join = web_link(mail.meeting_url)
        lines.append(f"{t['join']}: {join}" if join else t["join_pending"])
        if web_link(mail.preflight_url):  # issue 18
            lines.append(f"{t['preflight']}: {mail.preflight_url}")
    elif mail.municipality_address:
        lines.append(f"{t['where']}: {mail.municipality_address}")
    if mail.documents:
        lines += ["", f"{t['documents']}:"] + [f"- {d}" for d in mail.documents]
    return "\n".join(lines)


def build_invitation(mail: BookingMail, *, now: datetime, publish: bool = False) -> bytes:
    """The VCALENDAR of the e-mail of ``mail.kind``: METHOD:REQUEST, or METHOD:CANCEL when cancelled.

    ``publish``: the same event as a file the citizen downloads to add to a calendar (METHOD:PUBLISH,
    without the attendee line an invitation has), with the invitation's UID and SEQUENCE so a calendar
    that already holds the invitation updates it instead of adding a second event.

    Pure: everything comes from ``mail`` and ``now`` (the DTSTAMP). Times are in the municipality's
    zone (Europe/Athens) with its VTIMEZONE, so calendars show them right whatever the reader's zone;
    a time in the hour lived twice when summer time ends is written in UTC (``event_times``).
    """
    method = INVITATION_METHODS.get(mail.kind, "REQUEST")
    cancelled = method == "CANCEL"
    if publish:
        method = "PUBLISH"
    t = mail.texts
    zone = zone_or_none(mail.event_timezone) or ATHENS
    vtimezone = VTIMEZONES.get(zone.key)
    start, end = event_times(mail.start, mail.finish, zone if vtimezone else ZoneInfo("UTC"))
    teleconference = mail.mode == Mode.TELECONFERENCE
    join = web_link(mail.meeting_url) if teleconference else ""

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if vtimezone:
        cal.add_component(Timezone.from_ical(vtimezone))

    event = Event()
    event.add("uid", invitation_uid(mail))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", mail.sequence)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{mail.service_name} – {mail.municipality_name}")
    if teleconference:
        event.add("location", join or t["teleconference"])
    else:
        event.add("location", mail.municipality_address or mail.municipality_name)
    event.add("description", _description(mail, zone, cancelled))
    if join and not cancelled:
        event.add("url", join)
    event.add("organizer", _address(mail.organizer_email, mail.municipality_name))
    if not publish:  # RFC 5546: a published event names no attendees
        event.add(
            "attendee",
            _address(
                mail.citizen_email,
                mail.citizen_name,
                cutype="INDIVIDUAL",
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="FALSE",
            ),
        )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("class", "PUBLIC")
    cal.add_component(event)
    return cal.to_ical()
