"""«Τα ραντεβού μου»: a signed-in citizen's upcoming and past bookings.

Reschedule and cancel are the e-mail link's own pages (``web/manage.py``), opened with a manage token
minted for the booking as it is now; «add to calendar» downloads the event of the invitation (same UID
and SEQUENCE); «send the confirmation again» queues the confirmation e-mail once more through the
booking's guarded write (``booking/citizen_bookings.py``: audited, at most once per 15 minutes).
Whose bookings these are: by AFM for a TAXISnet sign-in, by the proved e-mail address otherwise.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, redirect, session, url_for

from service_api.booking import citizen_bookings
from service_api.booking.citizen_bookings import NotResendable, Owner, ResendTooSoon
from service_api.booking.mail_snapshot import booking_mail
from service_api.domain.errors import NotFound
from service_api.domain.kinds import OutboxKind
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode, Status, can_change_time
from service_api.domain.timeutil import utc_offset_label, wall_clock
from service_api.models import Booking, Municipality
from service_api.notifications.invitation import build_invitation
from service_api.notifications.mail import web_link
from service_api.runtime import runtime
from service_api.web.blueprint import bp
from service_api.web.common import citizen_zone, format_when, lang, render, require_citizen, t

NOTICE_KEY = "my_notice"


def owner_of(who: dict[str, Any]) -> Owner:
    """A TAXISnet sign-in is known by its AFM alone; any other by the address it proved."""
    if who.get("via") == "taxisnet":
        return Owner(afm=str(who.get("afm") or "") or None)
    return Owner(email=str(who.get("email") or ""))


@bp.get("/my-bookings")
def my_bookings() -> Response:
    who = require_citizen()
    return _page(who, notice=session.pop(NOTICE_KEY, None))


def _item(
    booking: Booking, municipality: Municipality, zone: ZoneInfo, now: datetime, *, own: bool = True
) -> dict[str, Any]:
    """What the list shows of one booking, and which of its actions are open. ``own``: false for a
    co-applicant (issue 18), who sees it but does not get the booker's links."""
    upcoming = citizen_bookings.is_upcoming(booking, now)
    changeable = own and upcoming and can_change_time(Status(booking.status)) and booking.start_at > now
    item: dict[str, Any] = {
        "booking": booking,
        "municipality": municipality,
        "when": format_when(booking.start_at, zone),
        "upcoming": upcoming,
        "own": own,
        "changeable": changeable,
        "resendable": own
        and upcoming
        and booking.status == Status.CONFIRMED.value
        and bool(booking.citizen_email),
        "join": web_link(booking.meeting_url)
        if upcoming and booking.mode == Mode.TELECONFERENCE.value
        else "",
    }
    if changeable:
        token = runtime().manage_tokens.issue(booking.reference, booking.link_version)
        item["reschedule_url"] = url_for(
            "web.manage_reschedule", reference=booking.reference, token=token, tz=zone.key
        )
        item["cancel_url"] = url_for("web.manage_cancel", reference=booking.reference, token=token)
    return item


def _page(
    who: dict[str, Any],
    *,
    status: int = 200,
    notice: str | None = None,
    problem: str | None = None,
) -> Response:
    rt = runtime()
    zone = citizen_zone()
    now = rt.bookings.clock()
    owner = owner_of(who)
    with rt.store.read() as session_:
        mine = citizen_bookings.bookings_of(session_, owner, secret=rt.config.secret_key, now=now)
    secret = rt.config.secret_key
    upcoming = [
        _item(b, mine.municipalities[b.municipality_id], zone, now, own=owner.owns(secret, b))
        for b in mine.upcoming
    ]
    past = [
        _item(b, mine.municipalities[b.municipality_id], zone, now, own=owner.owns(secret, b))
        for b in mine.past
    ]
    intro = t("my.intro_afm") if owner.afm else t("my.intro_email", email=owner.email)
    return render(
        "web/my_bookings.html",
        status=status,
        title=t("my.title"),
        intro=intro,
        upcoming=upcoming,
        past=past,
        zone=zone.key,
        offset=utc_offset_label(zone, now),
        notice=notice,
        problem=problem,
        failed=problem is not None,
        retention_days=rt.config.retention_days,
    )


def _not_yours() -> Response:
    """Another citizen's, an anonymised and an unknown booking get the same answer."""
    text = t("my.not_found")
    return render("web/message.html", status=404, heading=text, message=text, title=text)


@bp.get("/my-bookings/<reference>.ics")
def my_booking_calendar(reference: str) -> Response:
    """The booking as an iCalendar file to add to a calendar: the invitation's event, published."""
    who = require_citizen()
    rt = runtime()
    now = rt.bookings.clock()
    with rt.store.read() as session_:
        try:
            booking = citizen_bookings.owned_booking(
                session_, owner_of(who), reference, secret=rt.config.secret_key
            )
        except NotFound:
            return _not_yours()
        municipality = session_.get(Municipality, booking.municipality_id)
        assert municipality is not None
        if not citizen_bookings.is_upcoming(booking, now):
            return _not_yours()
        mail = booking_mail(
            booking,
            municipality,
            OutboxKind.EMAIL_CONFIRMATION,
            public_url=rt.config.public_url,
            mail_from=rt.config.mail_from,
            manage_url="",
            language=lang(),
        )
    response = Response(
        build_invitation(mail, now=now, publish=True), content_type="text/calendar; charset=utf-8"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/my-bookings/<reference>/resend")
def my_booking_resend(reference: str) -> Response:
    """Send the confirmation e-mail again; refused, and said so, within 15 minutes of the last one."""
    who = require_citizen()
    try:
        booking = citizen_bookings.resend_confirmation(
            runtime().bookings, owner_of(who), reference, Actor.citizen()
        )
    except NotFound:
        return _not_yours()
    except ResendTooSoon as refused:
        page = _page(
            who,
            status=429,
            problem=t(
                "my.resend_too_soon", reference=reference, time=wall_clock(refused.next_at, citizen_zone())
            ),
        )
        page.headers["Retry-After"] = str(refused.retry_after)
        return page
    except NotResendable:
        return _page(who, status=409, problem=t("my.resend_refused"))
    session[NOTICE_KEY] = t("my.resent", reference=booking.reference, email=booking.citizen_email)
    return redirect(url_for("web.my_bookings"), code=303)  # type: ignore[return-value]
