"""A clerk's secret iCalendar feed (/ical/<token>.ics), its management, and the week view's shading."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, request

from service_api.api.blueprint import bp
from service_api.api.helpers import staff_required
from service_api.api.serialize import iso
from service_api.api.staff import athens_range
from service_api.api.staff_reads import recorded
from service_api.booking import ical_feed, ical_links, plan_reads, staffing
from service_api.domain.errors import NotFound
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import CALENDAR_ROLES, Actor
from service_api.models import Staff
from service_api.runtime import runtime

# Outside /api/v1: calendar programs subscribe to this URL and send no credentials but the token.
ical_bp = Blueprint("ical", __name__)

FEED_CACHE_CONTROL = "private, max-age=300"


@bp.post("/me/ical-feed")
@staff_required(*CALENDAR_ROLES)
def rotate_ical_feed(actor: Actor) -> Any:
    token = staffing.rotate_ical_token(runtime().bookings, actor)
    return {"url": feed_url(token)}, 201


def feed_url(token: str) -> str:
    return f"{runtime().config.public_url}/ical/{token}.ics"


@bp.get("/me/calendar-link")
@staff_required(*CALENDAR_ROLES)
def my_calendar_link(actor: Actor) -> Any:
    """The current secret feed URL, the same every time (made on first use): Outlook keeps working."""
    return {"url": feed_url(ical_links.current_feed_token(runtime().bookings, actor))}


@bp.post("/me/calendar-link/rotate")
@staff_required(*CALENDAR_ROLES)
def rotate_my_calendar_link(actor: Actor) -> Any:
    """A new secret feed URL; the old one answers 404 from now on."""
    return {"url": feed_url(ical_links.rotate_feed_token(runtime().bookings, actor))}, 201


@bp.delete("/me/ical-feed")
@staff_required(*CALENDAR_ROLES)
def revoke_ical_feed(actor: Actor) -> Any:
    ical_feed.revoke_ical_token(runtime().bookings, actor)
    return Response(status=204)


@ical_bp.get("/ical/<token>.ics")
def ical_feed_document(token: str) -> Any:
    now = runtime().bookings.clock()
    with runtime().store.read() as session:
        feed = ical_feed.calendar_for_token(session, runtime().config.secret_key, token, now)
    if feed is None:
        # One answer for unknown, rotated and revoked tokens alike.
        raise NotFound("No such calendar feed.")
    response = Response(feed.body, content_type="text/calendar; charset=utf-8")
    response.headers["Cache-Control"] = FEED_CACHE_CONTROL
    response.add_etag()
    answer = response.make_conditional(request)
    # A 304 carries nothing (the calendar program's copy is current), and neither does a HEAD.
    if answer.status_code == 200 and request.method == "GET":
        owner = Actor.staff(feed.staff.id, feed.staff.role, feed.staff.municipality_id)
        recorded(owner, feed.bookings, AccessChannel.CALENDAR_FEED)
    return answer


@bp.get("/me/calendar")
@staff_required(*CALENDAR_ROLES)
def my_calendar(actor: Actor) -> Any:
    """Holidays, absences and the weekly plan of the signed-in staff member over Athens dates."""
    start, end = athens_range()
    first, last = start.date(), end.date() - timedelta(days=1)
    with runtime().store.read() as session:
        staff = session.get(Staff, actor.id)
        if staff is None:
            raise NotFound("No such staff member.")
        holidays = ical_feed.holidays_between(session, staff.municipality_id, first, last)
        absences = ical_feed.absences_between(session, staff.id, start, end)
        return {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "holidays": [{"date": day.isoformat(), "name": name} for day, name in holidays],
            "absences": [
                {"id": a.id, "start": iso(a.start_at), "end": iso(a.end_at), "reason": a.reason}
                for a in absences
            ],
            "working_periods": [
                {"weekday": p.weekday, "start": p.start.strftime("%H:%M"), "end": p.end.strftime("%H:%M")}
                for p in plan_reads.weekly_periods_in_force(session, staff.id, first)
            ],
        }
