"""The booking steps of the manual: municipality → group → service → mode → date & time → details → done.

Long because the steps are read in order, one view each; the rules they apply live in the booking
service and ``domain.citizen``.
"""

from __future__ import annotations

import calendar
import contextlib
import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Response, abort, redirect, request, session, url_for

from service_api.booking import booking_reads, catalogue_reads, search_misses
from service_api.booking.service import CitizenDetails, NewBooking
from service_api.domain.calendar_words import MONTHS
from service_api.domain.citizen import (
    EXTRA_MAX_VALUE_LENGTH,
    CheckedDetails,
    Problem,
    check_details,
    sms_choice,
)
from service_api.domain.errors import (
    CitizenLimitReached,
    DomainError,
    NotFound,
    SlotUnavailable,
    TimeNotOffered,
)
from service_api.domain.kinds import HOLD_RELEASED
from service_api.domain.needs import NO_NEEDS, Needs, extra_minutes, limits_staff, slot_minutes
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import utc_offset_label, wall_clock
from service_api.input_guard import in_era
from service_api.models import Booking, Municipality, Service, ServiceGroup
from service_api.runtime import runtime
from service_api.web import co_applicant, needs_form
from service_api.web.blueprint import bp
from service_api.web.common import (
    citizen_zone,
    format_day,
    format_when,
    lang,
    name_of,
    render,
    require_citizen,
    t,
)
from service_api.web.texts import WEEKDAYS_SHORT

WeekRows = list[list[dict[str, Any] | None]]


def _catalogue(slug: str) -> Municipality:
    with runtime().store.read() as session_:
        try:
            return catalogue_reads.municipality_by_slug(session_, slug)
        except NotFound:
            abort(404)


def _service(slug: str, service_id: int) -> tuple[Municipality, ServiceGroup, Service]:
    municipality = _catalogue(slug)
    for group in municipality.groups:
        for service in group.services:
            if service.id == service_id and service.active:
                return municipality, group, service
    abort(404)


# ------------------------------------------------------------------ steps 1–4
@bp.get("/book")
def choose_municipality() -> Response:
    require_citizen()
    with runtime().store.read() as session_:
        municipalities = list(catalogue_reads.municipalities(session_))
    chosen = request.args.get("m", "larissa")
    if "municipality" in request.args:
        slug = request.args["municipality"]
        if any(m.slug == slug for m in municipalities):
            return redirect(url_for("web.choose_group", slug=slug))  # type: ignore[return-value]
    return render(
        "web/municipality.html",
        municipalities=municipalities,
        chosen=chosen,
        step=1,
        title=t("municipality.title"),
    )


@bp.get("/book/<slug>")
def choose_group(slug: str) -> Response:
    require_citizen()
    municipality = _catalogue(slug)
    if request.args.get("group"):
        group = next((g for g in municipality.groups if g.slug == request.args["group"]), None)
        if group is not None:
            return redirect(url_for("web.choose_service", slug=slug, group=group.slug))  # type: ignore[return-value]
    return render("web/group.html", municipality=municipality, step=2, title=t("group.title"))


@bp.get("/book/<slug>/g/<group>")
def choose_service(slug: str, group: str) -> Response:
    require_citizen()
    municipality = _catalogue(slug)
    chosen_group = next((g for g in municipality.groups if g.slug == group), None)
    if chosen_group is None:
        abort(404)
    # Matched as text: int() refuses "²" (a digit to isdigit) and numbers past 4300 digits.
    chosen = next((s for s in chosen_group.services if str(s.id) == request.args.get("service")), None)
    if chosen is not None:
        return redirect(url_for("web.choose_mode", slug=slug, service_id=chosen.id))  # type: ignore[return-value]
    return render(
        "web/service.html", municipality=municipality, group=chosen_group, step=3, title=t("service.title")
    )


@bp.get("/services/<int:service_id>")
def service_info(service_id: int) -> Response:
    with runtime().store.read() as session_:
        service = session_.get(Service, service_id)
        if service is None or not service.active:
            abort(404)
        municipality = session_.get(Municipality, service.municipality_id)
    return render(
        "web/service_info.html",
        service=service,
        municipality=municipality,
        title=t("service.documents_for", name=name_of(service)),
    )


@bp.get("/book/<slug>/s/<int:service_id>")
def choose_mode(slug: str, service_id: int) -> Response:
    require_citizen()
    municipality, group, service = _service(slug, service_id)
    if len(service.modes) == 1 and "mode" not in request.args:
        return redirect(url_for("web.choose_time", slug=slug, service_id=service_id, mode=service.modes[0]))  # type: ignore[return-value]
    if request.args.get("mode") in service.modes:
        return redirect(
            url_for(
                "web.choose_time",
                slug=slug,
                service_id=service_id,  # type: ignore[return-value]
                mode=request.args["mode"],
            )
        )
    return render(
        "web/mode.html",
        municipality=municipality,
        group=group,
        service=service,
        step=4,
        title=t("mode.title"),
    )


# ------------------------------------------------------------------ step 5: calendar
def month_grid(year: int, month: int, free_days: set[date], link: Any) -> WeekRows:
    rows: WeekRows = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row: list[dict[str, Any] | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
            else:
                row.append(
                    {
                        "day": day,
                        "free": day in free_days,
                        "href": link(day) if day in free_days else None,
                        "label": format_day(day),
                    }
                )
        rows.append(row)
    return rows


def calendar_context(
    service: Service,
    mode: str,
    zone: ZoneInfo,
    link: Any,
    needs: Needs = NO_NEEDS,
    *,
    count_miss: bool = False,
) -> dict[str, Any]:
    """Month of free days and the chosen day's times, in the citizen's zone (for ``needs``, issue 18).

    ``count_miss``: a month with nothing free is counted for the capacity view (the booking form's
    search; not the manage page's reschedule, nor a month empty only because a need limits the clerks).
    """
    bookings = runtime().bookings
    now = bookings.clock()
    today = now.astimezone(zone).date()
    month_arg = request.args.get("month", "")
    try:
        first = (
            date.fromisoformat(f"{month_arg}-01")
            if re.fullmatch(r"\d{4}-\d{2}", month_arg)
            else today.replace(day=1)
        )
    except ValueError:
        first = today.replace(day=1)
    horizon_end = (now + timedelta(days=service.horizon_days)).astimezone(zone).date()
    # Between this month and the horizon's: a month past 9999 would overflow the date arithmetic below.
    first = min(max(first, today.replace(day=1)), horizon_end.replace(day=1))
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    with runtime().store.read() as session_:
        slots = runtime().availability.slots(
            session_, service, mode, first - timedelta(days=1), last + timedelta(days=1), now=now, needs=needs
        )
    by_day: dict[date, list[datetime]] = {}
    for slot in slots:
        local = slot.start.astimezone(zone)
        if first <= local.date() <= last:
            by_day.setdefault(local.date(), []).append(slot.start)
    if count_miss and not by_day and not limits_staff(needs):  # issue 18: a month with nothing free
        rt = runtime()
        search_misses.record_if_bookable(
            rt.store.engine,
            secret=rt.config.secret_key,
            address=request.remote_addr or "",
            service=service,
            mode=mode,
            first=first,
            last=last,
            today=today,
            now=now,
        )
    chosen_day: date | None = None
    try:
        chosen_day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        chosen_day = None
    if chosen_day not in by_day:
        chosen_day = None
    next_month = (first + timedelta(days=32)).replace(day=1)
    return {
        "month_label": f"{MONTHS[lang()][first.month - 1]} {first.year}",
        "weekdays": WEEKDAYS_SHORT[lang()],
        "grid": month_grid(
            first.year, first.month, set(by_day), lambda d: link(month=f"{first:%Y-%m}", day=d.isoformat())
        ),
        "previous_month": link(month=f"{(first - timedelta(days=1)):%Y-%m}")
        if first > today.replace(day=1)
        else None,
        "next_month": link(month=f"{next_month:%Y-%m}") if next_month <= horizon_end else None,
        "chosen_day": chosen_day,
        "chosen_day_label": format_day(chosen_day) if chosen_day else "",
        "times": [_time_button(s, chosen_day, zone) for s in by_day.get(chosen_day, [])]
        if chosen_day
        else [],
        "any_free": bool(by_day),
        "zone": zone.key,
        "offset": utc_offset_label(zone, now),
        "month": f"{first:%Y-%m}",
    }


def _time_button(start: datetime, day: date, zone: ZoneInfo) -> dict[str, str]:
    """A time's button: «08:30» to see, and for a screen reader its date and time zone as well."""
    label = wall_clock(start, zone)
    name = t(
        "when.time_name", time=label, day=format_day(day), zone=zone.key, offset=utc_offset_label(zone, start)
    )
    return {"iso": start.isoformat(), "label": label, "name": name}


@bp.get("/book/<slug>/s/<int:service_id>/<mode>")
def choose_time(slug: str, service_id: int, mode: str) -> Response:
    require_citizen()
    municipality, group, service = _service(slug, service_id)
    if mode not in service.modes:
        abort(404)
    zone = citizen_zone()
    needs, needs_errors = needs_form.read_needs(request.args)  # issue 18: asked before the time

    def link(**args: str) -> str:
        params: dict[str, Any] = {"slug": slug, "service_id": service_id, "mode": mode, **args}
        return url_for("web.choose_time", **params, **needs_form.query_args(needs)) + "#times"

    context = calendar_context(service, mode, zone, link, needs, count_miss=True)
    context.update(
        needs_form.form_context(
            needs,
            needs_errors,
            request.args,
            extra_minutes=extra_minutes(needs_form.ALL_EXTRA, service.extra_time_minutes),
        )
    )
    if needs_errors:  # no time is offered until the needs say what the times are for
        context.update(times=[], chosen_day=None)
    message = session.pop("flash", None)
    return render(
        "web/when.html",
        municipality=municipality,
        group=group,
        service=service,
        mode=mode,
        step=5,
        # With extra time asked for, the times offered are that much longer: the caption says so.
        minutes=slot_minutes(needs, service.duration_minutes, service.extra_time_minutes),
        title=t("when.title"),
        action=url_for("web.hold", slug=slug, service_id=service_id, mode=mode),
        message=message,
        failed=bool(message),  # a time that could not be held: the title says «Σφάλμα: …»
        waitlist_url=url_for("web.join_waitlist", slug=slug, service_id=service_id, mode=mode),
        **context,
    )


@bp.post("/book/<slug>/s/<int:service_id>/<mode>/hold")
def hold(slug: str, service_id: int, mode: str) -> Response:
    who = require_citizen()
    municipality, group, service = _service(slug, service_id)
    if mode not in service.modes:
        abort(404)
    needs, needs_errors = needs_form.read_needs(request.form)  # issue 18: the needs the times were for
    back = url_for(
        "web.choose_time",
        slug=slug,
        service_id=service_id,
        mode=mode,
        month=request.form.get("month", ""),
        day=request.form.get("day", ""),
        **needs_form.query_args(needs),
    )
    if needs_errors:  # a hand-made request: the page itself never sends wrong needs
        session["flash"] = next(iter(needs_errors.values()))
        return redirect(back)  # type: ignore[return-value]
    try:
        start = datetime.fromisoformat(request.form.get("start", ""))
        if start.tzinfo is None or not in_era(start):  # year 1 or 9999 overflows converting to UTC
            raise ValueError
    except ValueError:
        session["flash"] = t("when.pick_day")
        return redirect(back)  # type: ignore[return-value]
    _release_hold()
    zone = citizen_zone()
    details = CitizenDetails(
        name=who.get("name", ""),
        email=who.get("email", ""),
        phone="",
        afm=who.get("afm"),
        via_taxisnet=who.get("via") == "taxisnet",
        language=lang(),
        timezone=zone.key,
    )
    try:
        result = runtime().bookings.create(
            NewBooking(service.id, Mode(mode), start, details, source="web", needs=needs),
            Actor.citizen(),
            hold=True,
        )
    except SlotUnavailable:
        session["flash"] = t("when.taken")
        return redirect(back)  # type: ignore[return-value]
    except TimeNotOffered as refused:  # a page left open past the time, or a hand-made request
        session["flash"] = t(f"when.not_offered.{refused.problem}")
        return redirect(back)  # type: ignore[return-value]
    except CitizenLimitReached:
        session["flash"] = t("errors.limit_plain")
        return redirect(back)  # type: ignore[return-value]
    session["held"] = {
        "reference": result.booking.reference,
        # The confirm step's own idempotency key: a repeated confirm (double click, retry, reload
        # after an outage) that finds this booking confirmed shows it instead of an error.
        "key": secrets.token_urlsafe(16),
        "slug": slug,
        "service_id": service.id,
        "mode": mode,
        "month": request.form.get("month", ""),
    }
    return redirect(url_for("web.details"))  # type: ignore[return-value]


def _release_hold() -> None:
    """Choosing another time gives back the one held a moment ago."""
    held = session.pop("held", None)
    if isinstance(held, dict) and held.get("reference"):
        with contextlib.suppress(DomainError):
            runtime().bookings.cancel(held["reference"], Actor.citizen(), reason=HOLD_RELEASED)


# ------------------------------------------------------------------ step 6: details
def _held_booking() -> tuple[dict[str, Any], Booking] | None:
    held = session.get("held")
    if not isinstance(held, dict):
        return None
    with runtime().store.read() as session_:
        try:
            booking = booking_reads.booking_by_reference(session_, held["reference"])
        except NotFound:
            return None
    return held, booking


# How the form words each problem ``domain.citizen`` finds.
PROBLEM_TEXTS = {
    Problem.NAME: "errors.name",
    Problem.NAME_CHARACTERS: "errors.name_characters",
    Problem.EMAIL: "errors.email",
    Problem.PHONE: "errors.phone",
    Problem.REQUIRED: "errors.field_required",
    Problem.FORMAT: "errors.field_format",
    Problem.TOO_LONG: "errors.field_too_long",
}


def validate_details(form: dict[str, str], group: ServiceGroup) -> tuple[CheckedDetails, dict[str, str]]:
    """Clean values and per-field messages in the citizen's language; nothing typed is thrown away."""
    checked = check_details(
        name=form.get("name", ""),
        email=form.get("email", ""),
        phone=form.get("phone", ""),
        extra={f["key"]: form.get(f"extra_{f['key']}", "") for f in group.extra_fields},
        fields=group.extra_fields,
    )
    errors = {key: t(PROBLEM_TEXTS[problem]) for key, problem in checked.problems.items()}
    for found in checked.extra_problems:
        errors[f"extra_{found.field.key}"] = t(
            PROBLEM_TEXTS[found.problem], label=found.field.label(lang()), limit=EXTRA_MAX_VALUE_LENGTH
        )
    if form.get("consent") != "yes":
        errors["consent"] = t("errors.consent")
    return checked, errors


# Where the form shows each problem with the choice of SMS (the field its message links to), and its words.
SMS_PROBLEMS = {
    Problem.MOBILE: ("sms_mobile", "errors.sms_mobile"),
    Problem.NOT_MOBILE: ("sms_mobile", "errors.sms_not_mobile"),
    Problem.MOBILE_NEEDED: ("sms_mobile", "errors.sms_mobile_needed"),
    Problem.MOBILE_WITHOUT_SMS: ("sms_opt_in", "errors.sms_without_opt_in"),
}


def validate_sms(form: dict[str, str], phone: str) -> tuple[str, dict[str, str]]:
    """The mobile the citizen's SMS go to ("" for none) and the problem, worded, with their choice.

    ``phone`` is the contact number when it was valid ("" otherwise: its own message says so, and a
    second one about the SMS would only repeat it).
    """
    opt_in = form.get("sms_opt_in") == "yes"
    mobile = form.get("sms_mobile", "")
    choice = sms_choice(opt_in=opt_in, mobile=mobile, phone=phone)
    if choice.problem is None or (choice.problem is Problem.MOBILE_NEEDED and not phone):
        return choice.mobile, {}
    field, words = SMS_PROBLEMS[choice.problem]
    return "", {field: t(words)}


@bp.route("/book/details", methods=["GET", "POST"])
def details() -> Response:
    who = require_citizen()
    found = _held_booking()
    if found is None:
        repeated = request.method == "POST" and session.get("done_key") == request.form.get("confirm_key")
        if repeated and session.get("done"):
            return redirect(url_for("web.done"))  # type: ignore[return-value]  # a double click
        return redirect(url_for("web.choose_municipality"))  # type: ignore[return-value]
    held, booking = found
    municipality, group, service = _service(held["slug"], held["service_id"])
    zone = citizen_zone()
    typed: dict[str, str] = dict(session.get("typed", {}))
    errors: dict[str, str] = {}
    if (
        request.method == "POST"
        and booking.status in (Status.CONFIRMED, Status.AWAITING_CO_APPLICANT)
        and request.form.get("confirm_key") == held.get("key")
    ):
        return _confirmed(booking.reference, held)  # this very form confirmed it already
    lost = (
        booking.status != Status.HELD
        or (booking.hold_expires_at or booking.start_at) <= runtime().bookings.clock()
    )
    verified_email = who.get("email", "")
    sms_offered = runtime().config.sms_enabled
    if request.method == "POST":
        typed = {k: v for k, v in request.form.items() if k not in ("csrf_token", "email")}
        session["typed"] = typed
        # The booking goes to the address the citizen proved, never to one typed here.
        clean, errors = validate_details({**typed, "email": verified_email}, group)
        mobile = ""
        if sms_offered:
            mobile, sms_errors = validate_sms(typed, clean.phone if "phone" not in errors else "")
            errors.update(sms_errors)
        if not verified_email:
            errors["email"] = t("errors.email_unverified")
        co_entries = co_applicant.form_entries(typed, service)  # issue 18
        errors.update(co_applicant.form_problems(co_entries, service, verified_email))
        if not errors:
            if lost:
                return _back_to_calendar(held)
            try:
                runtime().bookings.confirm(
                    booking.reference,
                    Actor.citizen(),
                    CitizenDetails(
                        name=clean.name,
                        email=clean.email,
                        phone=clean.phone,
                        afm=who.get("afm"),
                        extra=clean.extra,
                        via_taxisnet=who.get("via") == "taxisnet",
                        language=lang(),
                        timezone=zone.key,
                        mobile=mobile,
                    ),
                    co_applicants=co_entries,
                )
            except SlotUnavailable:
                return _back_to_calendar(held)
            except DomainError:
                # The same form sent twice at once: the other request confirmed it a moment ago.
                if _status_of(booking.reference) in (Status.CONFIRMED, Status.AWAITING_CO_APPLICANT):
                    return _confirmed(booking.reference, held)
                raise
            return _confirmed(booking.reference, held)
    elif lost:
        return _back_to_calendar(held)
    defaults = {"name": who.get("name", ""), "phone": ""}
    values = {**defaults, **typed}
    until = (booking.hold_expires_at or booking.start_at).astimezone(zone)
    return render(
        "web/details.html",
        municipality=municipality,
        group=group,
        service=service,
        booking=booking,
        values=values,
        verified_email=verified_email,
        sms_offered=sms_offered,
        errors=errors,
        step=6,
        title=t("details.title"),
        when=format_when(booking.start_at, zone),
        until=wall_clock(until, zone),
        retention_days=runtime().config.retention_days,
        confirm_key=held.get("key", ""),
        needs_lines=needs_form.summary_lines(booking.needs),
        status=422 if errors else 200,
    )


def _status_of(reference: str) -> str | None:
    with runtime().store.read() as session_:
        try:
            return booking_reads.booking_by_reference(session_, reference).status
        except NotFound:
            return None


def _confirmed(reference: str, held: dict[str, Any]) -> Response:
    session.pop("held", None)
    session["done"] = reference
    session["done_key"] = held.get("key", "")
    return redirect(url_for("web.done"))  # type: ignore[return-value]


def _back_to_calendar(held: dict[str, Any]) -> Response:
    """The hold was lost: back to step 5 with a clear message; what was typed stays in the session."""
    session.pop("held", None)
    session["flash"] = t("when.lost")
    return redirect(
        url_for(
            "web.choose_time",
            slug=held["slug"],
            service_id=held["service_id"],  # type: ignore[return-value]
            mode=held["mode"],
            month=held.get("month", ""),
        )
    )


@bp.get("/book/done")
def done() -> Response:
    require_citizen()
    reference = session.get("done")
    if not reference:
        return redirect(url_for("web.choose_municipality"))  # type: ignore[return-value]
    session.pop("typed", None)
    rt = runtime()
    with rt.store.read() as session_:
        booking = booking_reads.booking_by_reference(session_, reference)
        municipality = session_.get(Municipality, booking.municipality_id)
    token = rt.manage_tokens.issue(booking.reference, booking.link_version)
    zone = citizen_zone()
    return render(
        "web/done.html",
        booking=booking,
        municipality=municipality,
        when=format_when(booking.start_at, zone),
        token=token,
        title=t("done.title"),
        needs_lines=needs_form.summary_lines(booking.needs),
        co_waiting=co_applicant.waiting_text(booking),
    )
