"""The waitlist pages (issue 17): join from the calendar when no time suits; from the offer e-mail's
signed links, confirm the time held for you or leave the list. No script needed; Greek and English."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, redirect, request, url_for

from service_api.booking import catalogue_reads, waitlist
from service_api.booking.waitlist import Waiter, Wanted
from service_api.domain.co_applicants import CoApplicantIn
from service_api.domain.errors import DomainError, NotFound
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import wall_clock
from service_api.domain.waitlist import EntryStatus, PartOfDay
from service_api.error_words import translate
from service_api.models import Booking, Municipality, Service, ServiceGroup, WaitlistEntry
from service_api.runtime import runtime
from service_api.security import WaitlistLinks
from service_api.web import co_applicant
from service_api.web.blueprint import bp
from service_api.web.common import (
    booking_zone,
    citizen_zone,
    format_day,
    format_when,
    lang,
    render,
    require_citizen,
    t,
)

# The form's fields; a refusal naming one of them is shown under it.
FIELDS = ("from", "to", "part_of_day")


def service_of(slug: str, service_id: int) -> tuple[Municipality, ServiceGroup, Service]:
    """The active service of the municipality's catalogue, or a 404."""
    with runtime().store.read() as session_:
        try:
            municipality = catalogue_reads.municipality_by_slug(session_, slug)
        except NotFound:
            abort(404)
        for group in municipality.groups:
            for service in group.services:
                if service.id == service_id and service.active:
                    return municipality, group, service
    abort(404)


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        return None


@bp.route("/book/<slug>/s/<int:service_id>/<mode>/waitlist", methods=["GET", "POST"])
def join_waitlist(slug: str, service_id: int, mode: str) -> Response:
    who = require_citizen()
    municipality, group, service = service_of(slug, service_id)
    if mode not in service.modes:
        abort(404)
    rt = runtime()
    today = rt.bookings.clock().astimezone(citizen_zone()).date()
    example = (today + timedelta(days=7)).isoformat()
    values = {"from": today.isoformat(), "to": (today + timedelta(days=13)).isoformat(), "part_of_day": "any"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.form.get(name, "").strip()[:20] for name in FIELDS}
        first, last = _day(values["from"]), _day(values["to"])
        for name, day in (("from", first), ("to", last)):
            if day is None:
                errors[name] = t("waitlist.bad_date", example=example)
        part = values["part_of_day"] if values["part_of_day"] in set(PartOfDay) else ""
        if not part:
            errors["part_of_day"] = t("waitlist.part")
        if not who.get("email"):
            errors["from"] = t("waitlist.no_email")
        if not errors and first is not None and last is not None:
            try:
                entry = waitlist.join(
                    rt.bookings,
                    Wanted(service.id, Mode(mode), first, last, PartOfDay(part)),
                    Waiter(
                        email=who.get("email", ""),
                        name=who.get("name", ""),
                        afm=who.get("afm"),
                        language=lang(),
                        timezone=citizen_zone().key,
                    ),
                )
            except DomainError as refused:
                # The refusal's own words, in the page's language, under the field it names.
                field = next((k for k in refused.fields if k in FIELDS), "from")
                errors[field] = translate(refused.message, lang())
            else:
                token = WaitlistLinks(rt.config.secret_key).issue(entry.id)
                return render(
                    "web/waitlist_joined.html",
                    heading=t("waitlist.joined"),
                    message=t(
                        "waitlist.joined_text",
                        first=format_day(entry.first_day),
                        last=format_day(entry.last_day),
                    ),
                    leave_url=url_for("web.leave_waitlist", entry_id=entry.id, token=token),
                    title=t("waitlist.joined"),
                )
    return render(
        "web/waitlist.html",
        municipality=municipality,
        group=group,
        service=service,
        mode=mode,
        values=values,
        errors=errors,
        example=example,
        email=who.get("email", ""),
        minutes=rt.config.waitlist_offer_minutes,
        title=t("waitlist.title"),
        status=422 if errors else 200,
    )


def _opened(entry_id: int) -> str:
    """The link's token when it opens this entry; a 404 page for anything else."""
    token = request.values.get("token", "")
    if WaitlistLinks(runtime().config.secret_key).read(token) != entry_id:
        abort(404)
    return token


@bp.get("/waitlist/<int:entry_id>")
def waitlist_offer(entry_id: int) -> Response:
    token = _opened(entry_id)
    try:
        entry, offer = waitlist.entry(runtime().bookings, entry_id)
    except NotFound:
        abort(404)
    live = _offer_live(entry, offer, runtime().bookings.clock())
    zone = citizen_zone() if request.args.get("tz") else None
    if live and offer is not None:
        return _offer_page(offer, entry_id, token, zone)
    state = {
        EntryStatus.WAITING.value: "waiting",
        EntryStatus.BOOKED.value: "booked",
    }.get(entry.status, "closed")
    return render(
        "web/waitlist_joined.html",
        heading=t("waitlist.title"),
        message=t(f"waitlist.status.{state}"),
        leave_url=url_for("web.leave_waitlist", entry_id=entry_id, token=token) if state == "waiting" else "",
        title=t("waitlist.title"),
    )


def _offer_live(entry: WaitlistEntry, offer: Booking | None, now: datetime) -> bool:
    """The offer may still be taken: offered, its time held, the hold not run out (the job that
    closes lapsed offers may not have run yet)."""
    return (
        entry.status == EntryStatus.OFFERED.value
        and offer is not None
        and offer.status == Status.HELD.value
        and offer.hold_expires_at is not None
        and offer.hold_expires_at > now
    )


def _offer_page(
    offer: Booking,
    entry_id: int,
    token: str,
    zone: ZoneInfo | None,
    errors: dict[str, str] | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    """The time held for the citizen; a service that takes co-applicants asks for them here too."""
    shown = zone or booking_zone(offer)
    return render(
        "web/waitlist_offer.html",
        offer=offer,
        service=offer.service,
        when=format_when(offer.start_at, shown),
        until=wall_clock(offer.hold_expires_at or offer.start_at, shown),
        token=token,
        entry_id=entry_id,
        errors=errors or {},
        values=values or {},
        title=t("waitlist.offer_title"),
        status=422 if errors else 200,
    )


@bp.post("/waitlist/<int:entry_id>/confirm")
def confirm_waitlist_offer(entry_id: int) -> Response:
    token = _opened(entry_id)
    rt = runtime()
    try:
        found, offer = waitlist.entry(rt.bookings, entry_id)
        already = found.status == EntryStatus.BOOKED.value
    except NotFound:
        found, offer, already = None, None, False  # gone (erased): accept() says so as a closed offer
    co_entries: list[CoApplicantIn] = []
    if found is not None and offer is not None and _offer_live(found, offer, rt.bookings.clock()):
        # Issue 18: a joint service's co-applicants, named on the offer page as on the details page.
        co_entries = co_applicant.form_entries(request.form, offer.service)
        problems = co_applicant.form_problems(co_entries, offer.service, offer.citizen_email)
        if problems:
            return _offer_page(offer, entry_id, token, None, problems, request.form)
    if already:
        return _already_booked()
    try:
        booking = waitlist.accept(rt.bookings, entry_id, co_entries)
    except DomainError:  # lapsed, given back, or unknown: said the same way
        if _booked_meanwhile(entry_id):  # a second click that lost the race to the first
            return _already_booked()
        return render(
            "web/waitlist_joined.html",
            status=409,
            heading=t("waitlist.title"),
            message=t("waitlist.status.closed"),
            leave_url="",
            title=t("waitlist.title"),
        )
    manage = rt.manage_tokens.issue(booking.reference, booking.link_version)
    return redirect(  # type: ignore[return-value]
        url_for("web.manage", reference=booking.reference, token=manage, notice="waitlist_booked")
    )


def _already_booked() -> Response:
    """Booked already: the offer's link (valid for long, perhaps forwarded) must not hand out a fresh
    manage link, which would outlive the revocation a reschedule makes."""
    return render(
        "web/waitlist_joined.html",
        heading=t("waitlist.title"),
        message=t("waitlist.status.booked"),
        leave_url="",
        title=t("waitlist.title"),
    )


def _booked_meanwhile(entry_id: int) -> bool:
    try:
        entry, _ = waitlist.entry(runtime().bookings, entry_id)
    except NotFound:
        return False
    return entry.status == EntryStatus.BOOKED.value


@bp.route("/waitlist/<int:entry_id>/leave", methods=["GET", "POST"])
def leave_waitlist(entry_id: int) -> Response:
    token = _opened(entry_id)
    if request.method == "POST":
        try:
            waitlist.leave(runtime().bookings, entry_id)
        except NotFound:
            abort(404)
        return render("web/waitlist_joined.html", heading=t("waitlist.left"), message="", leave_url="")
    return render("web/waitlist_leave.html", token=token, entry_id=entry_id, title=t("waitlist.leave_title"))
