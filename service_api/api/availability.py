"""What anyone may read before booking: the municipalities, their services, and the free times.

The availability search also counts a citizen's search that found nothing (issue 18's capacity view).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import request

from service_api.api.blueprint import bp
from service_api.api.helpers import bearer_token, current_principal, query_date
from service_api.api.serialize import group_json, slot_instant
from service_api.auth.citizen_tokens import is_citizen_token
from service_api.booking import catalogue_reads, search_misses
from service_api.domain.errors import RuleViolation
from service_api.domain.needs import NO_NEEDS, Needs, limits_staff, parse_needs
from service_api.domain.rules import Mode
from service_api.domain.timeutil import local_day_bounds, utc_offset_label, zone_or_none
from service_api.models import Service
from service_api.runtime import runtime

MAX_AVAILABILITY_DAYS = 62


@bp.get("/municipalities")
def list_municipalities() -> Any:
    with runtime().store.read() as session:
        return {
            "municipalities": [
                {
                    "id": m.id,  # how a staff booking's ``municipality_id`` names it
                    "slug": m.slug,
                    "name_el": m.name_el,
                    "name_en": m.name_en,
                    "timezone": m.timezone,
                    "contact_email": m.contact_email,
                    "phone": m.phone,
                    "address_el": m.address_el,  # where a citizen comes: the desk's printed slip says it
                    "address_en": m.address_en,
                }
                for m in catalogue_reads.municipalities(session)
            ]
        }


@bp.get("/municipalities/<slug>/services")
def list_services(slug: str) -> Any:
    with runtime().store.read() as session:
        municipality = catalogue_reads.municipality_by_slug(session, slug)
        return {
            "municipality": {
                "slug": municipality.slug,
                "name_el": municipality.name_el,
                "name_en": municipality.name_en,
            },
            "groups": [group_json(g) for g in municipality.groups],
        }


def _count_miss(
    service: Service, mode: str, first: date, last: date, needs: Needs, *, today: date, now: datetime
) -> None:
    """A citizen's search that found nothing, for the capacity view (issue 18): not a clerk's (any
    staff token), not one empty only because a need limits the clerks, once per client a day."""
    token = bearer_token()
    if (token and not is_citizen_token(token)) or limits_staff(needs):
        return
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


@bp.get("/services/<int:service_id>/availability")
def service_availability(service_id: int) -> Any:
    mode = request.args.get("mode", "")
    if mode not in {m.value for m in Mode}:
        raise RuleViolation(
            "mode must be in_person or teleconference.", fields={"mode": "in_person or teleconference"}
        )
    tz_name = request.args.get("tz", "Europe/Athens")
    zone = zone_or_none(tz_name)
    if zone is None:
        raise RuleViolation(
            f"Unknown time zone {tz_name!r}.", fields={"tz": "An IANA zone such as Europe/Athens."}
        )
    mine = request.args.get("mine", "0")
    if mine not in {"0", "1"}:
        raise RuleViolation("mine must be 0 or 1.", fields={"mine": "0 or 1"})
    # Which slots the signed-in clerk could take themselves (the desk's «Νέα κράτηση» marks them).
    me = current_principal().actor.id if mine == "1" else None
    bookings = runtime().bookings
    today = bookings.clock().astimezone(zone).date()
    first = query_date("from", today)
    last = query_date("to", first + timedelta(days=13))
    if last < first:
        raise RuleViolation("'to' must not be before 'from'.", fields={"to": "Not before 'from'."})
    if (last - first).days >= MAX_AVAILABILITY_DAYS:
        raise RuleViolation(
            f"Ask for at most {MAX_AVAILABILITY_DAYS} days at a time.", fields={"to": "Range too long."}
        )
    needs = _query_needs()
    with runtime().store.read() as session:
        service = catalogue_reads.service_by_id(session, service_id)
        # The citizen's days may straddle two municipal days; ask a day wider and trim below.
        slots = runtime().availability.slots(
            session,
            service,
            mode,
            first - timedelta(days=1),
            last + timedelta(days=1),
            now=bookings.clock(),
            needs=needs,
        )
    shown_from, _ = local_day_bounds(first, zone)
    _, shown_until = local_day_bounds(last, zone)
    visible = [s for s in slots if shown_from <= s.start < shown_until]
    now = bookings.clock()
    if not visible:  # issue 18: demand no free time met, counted for the supervisors' capacity view
        _count_miss(service, mode, first, last, needs, today=today, now=now)
    return {
        "service_id": service_id,
        "mode": mode,
        "timezone": tz_name,
        "utc_offset": utc_offset_label(zone, visible[0].start if visible else now),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "needs": needs.to_json() or {"codes": []},
        "slots": [
            {
                "start": slot_instant(s.start, zone),
                "end": slot_instant(s.end, zone),
                "capacity": s.capacity,
                **({"mine": me in s.staff_ids} if me is not None else {}),
            }
            for s in visible
        ],
    }


def _query_needs() -> Needs:
    """Issue 18: ``needs`` (codes, comma-separated) and ``needs_language`` of an availability search."""
    codes = [c for c in request.args.get("needs", "").split(",") if c.strip()]
    return parse_needs(codes, request.args.get("needs_language", "")) if codes else NO_NEEDS
