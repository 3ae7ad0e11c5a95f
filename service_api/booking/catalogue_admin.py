"""Guarded writes of the catalogue: municipalities, groups, services and closures (issue 14).

One function per kind of change. Each opens the booking service's transaction, asks the policy,
writes, audits and calls ``journal.catalogue_changed`` so availability caches and open desktops
follow at once. Bookings are never touched: a service's new duration or grid applies to new
bookings only, a retired service keeps its bookings, and a closure over bookings lists them so the
supervisor can offer the citizens a new time (``cover.offer_reschedule``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from service_api.booking import calendars, journal
from service_api.booking.service import BookingService
from service_api.domain.closures import ClosureKind, closed_hours, closure_problems
from service_api.domain.errors import InvalidTransition, NotFound, RuleViolation
from service_api.domain.policy import (
    Actor,
    require_catalogue_admin,
    require_may_edit_service,
    require_supervises,
    supervises,
)
from service_api.domain.rules import ACTIVE_STATUSES
from service_api.domain.timeutil import local_day_bounds
from service_api.models import Booking, Holiday, Municipality, Service, ServiceGroup

MUNICIPALITY_FIELDS = (
    "name_el",
    "name_en",
    "timezone",
    "contact_email",
    "phone",
    "address_el",
    "address_en",
)
GROUP_FIELDS = ("name_el", "name_en", "position", "extra_fields")
SERVICE_FIELDS = (
    "name_el",
    "name_en",
    "description_el",
    "description_en",
    "group_id",
    "position",
    "duration_minutes",
    "slot_interval_minutes",
    "modes",
    "lead_time_minutes",
    "horizon_days",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "max_active_per_citizen",
    "required_documents",
    "active",
    "extra_time_minutes",  # issue 18
    "no_show_rescue_minutes",  # issue 18
    # Issue 18: joint appointments.
    "co_applicants",
    "co_applicants_required",
    "co_applicant_confirm_hours",
)


# ----------------------------------------------------------------- municipalities
def municipality_in_scope(session: Session, actor: Actor, slug: str, *, write: bool) -> Municipality:
    """The municipality by slug: 404 if unknown; for a write, 403 unless the actor supervises it."""
    municipality = session.scalar(select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise NotFound("No such municipality.")
    if write:
        require_supervises(actor, municipality.id, "You may change only your own municipality.")
    return municipality


def create_municipality(service: BookingService, actor: Actor, fields: Mapping[str, Any]) -> Municipality:
    """A new municipality (admins only); its groups, services and staff come next."""
    require_catalogue_admin(actor, "Only an administrator may create a municipality.")
    with service.transaction() as session:
        if session.scalar(select(Municipality.id).where(Municipality.slug == fields["slug"])) is not None:
            raise RuleViolation("That slug is taken.", fields={"slug": "Already used by a municipality."})
        municipality = Municipality(slug=fields["slug"], **_only(fields, MUNICIPALITY_FIELDS))
        session.add(municipality)
        session.flush()
        _changed(session, actor, "municipality_created", municipality=municipality.slug, fields=dict(fields))
        return municipality


def update_municipality(
    service: BookingService, actor: Actor, slug: str, changes: Mapping[str, Any]
) -> Municipality:
    """Contact, address and names (admins). The time zone is read-only once the municipality has a
    booking: stored bookings are instants, and their wall-clock times would silently shift."""
    require_catalogue_admin(actor, "Only an administrator may change a municipality's settings.")
    with service.transaction() as session:
        municipality = municipality_in_scope(session, actor, slug, write=True)
        zone = changes.get("timezone")
        if zone is not None and zone != municipality.timezone and has_bookings(session, municipality.id):
            raise InvalidTransition(
                "The time zone cannot change once the municipality has bookings.",
                fields={"timezone": "Read-only: bookings exist."},
            )
        before = _apply(municipality, changes, MUNICIPALITY_FIELDS)
        _changed(session, actor, "municipality_updated", municipality=slug, before=before)
        return municipality


def has_bookings(session: Session, municipality_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Booking.municipality_id == municipality_id))))


# ----------------------------------------------------------------- groups
def create_group(service: BookingService, actor: Actor, slug: str, fields: Mapping[str, Any]) -> ServiceGroup:
    require_catalogue_admin(actor, "Only an administrator may create a service group.")
    with service.transaction() as session:
        municipality = municipality_in_scope(session, actor, slug, write=True)
        taken = session.scalar(
            select(ServiceGroup.id).where(
                ServiceGroup.municipality_id == municipality.id, ServiceGroup.slug == fields["slug"]
            )
        )
        if taken is not None:
            raise RuleViolation("That slug is taken.", fields={"slug": "Already used in this municipality."})
        group = ServiceGroup(
            municipality_id=municipality.id, slug=fields["slug"], **_only(fields, GROUP_FIELDS)
        )
        session.add(group)
        session.flush()
        _changed(session, actor, "group_created", group_id=group.id, municipality=slug)
        return group


def update_group(
    service: BookingService, actor: Actor, group_id: int, changes: Mapping[str, Any]
) -> ServiceGroup:
    with service.transaction() as session:
        group = session.get(ServiceGroup, group_id)
        if group is None or not supervises(actor, group.municipality_id):
            raise NotFound("No such service group.")
        require_catalogue_admin(actor, "Only an administrator may change a service group.")
        before = _apply(group, changes, GROUP_FIELDS)
        _changed(session, actor, "group_updated", group_id=group.id, before=before)
        return group


# ----------------------------------------------------------------- services
def create_service(service: BookingService, actor: Actor, slug: str, fields: Mapping[str, Any]) -> Service:
    """A new service in one of the municipality's groups (admins only), offered at once."""
    require_catalogue_admin(actor, "Only an administrator may create a service.")
    with service.transaction() as session:
        municipality = municipality_in_scope(session, actor, slug, write=True)
        group = _group_of(session, municipality.id, fields["group_id"])
        taken = session.scalar(
            select(Service.id).where(Service.group_id == group.id, Service.slug == fields["slug"])
        )
        if taken is not None:
            raise RuleViolation("That slug is taken.", fields={"slug": "Already used in this group."})
        row = Service(municipality_id=municipality.id, slug=fields["slug"], active=True)
        _apply(row, {**fields, "group_id": group.id}, SERVICE_FIELDS)
        session.add(row)
        session.flush()
        _changed(session, actor, "service_created", service_id=row.id, municipality=slug)
        return row


def update_service(
    service: BookingService, actor: Actor, service_id: int, changes: Mapping[str, Any]
) -> Service:
    """Edit, retire (``active`` false: no new bookings, existing ones stay) or reactivate a service.

    Existing bookings keep their times and length; the new duration and grid apply to new ones.
    """
    with service.transaction() as session:
        row = session.get(Service, service_id)
        if row is None:
            raise NotFound("No such service.")
        require_may_edit_service(actor, row.municipality_id, changes.keys())
        if "group_id" in changes:
            _group_of(session, row.municipality_id, changes["group_id"])
        before = _apply(row, changes, SERVICE_FIELDS)
        action = "service_updated"
        if "active" in before:
            action = "service_reactivated" if row.active else "service_retired"
        _changed(session, actor, action, service_id=row.id, before=before)
        return row


def _group_of(session: Session, municipality_id: int, group_id: int) -> ServiceGroup:
    group = session.get(ServiceGroup, group_id)
    if group is None or group.municipality_id != municipality_id:
        raise RuleViolation(
            "Choose a group of this municipality.", fields={"group_id": "Not a group of this municipality."}
        )
    return group


# ----------------------------------------------------------------- closures
# The field a duplicate closure is reported under: the one that says when it falls, for each kind.
DUPLICATE_FIELD = {ClosureKind.ONCE: "date", ClosureKind.ANNUAL: "day", ClosureKind.EASTER: "easter_offset"}


@dataclass(frozen=True)
class ClosureAdded:
    """The stored closure and the open bookings it falls on (within its next year), to offer new times."""

    closure: Holiday
    affected: Sequence[Booking]


def add_closure(
    service: BookingService, actor: Actor, slug: str, *, kind: ClosureKind, fields: Mapping[str, Any]
) -> ClosureAdded:
    """A local holiday or one-off closure of a municipality (its supervisors and admins).

    Bookings it falls on stay booked: the answer lists them and the supervisor decides whether to
    e-mail their citizens an offer of a new time.
    """
    on: date | None = fields.get("date")
    start, end = fields.get("start"), fields.get("end")
    problems = closure_problems(
        kind=kind,
        on=on,
        month=fields.get("month"),
        day=fields.get("day"),
        easter_offset=fields.get("easter_offset"),
        start=start,
        end=end,
    )
    if problems:
        raise RuleViolation("Some fields are not valid.", fields=problems)
    now = service.clock()
    with service.transaction() as session:
        municipality = municipality_in_scope(session, actor, slug, write=True)
        row = Holiday(
            municipality_id=municipality.id,
            year=on.year if on is not None and kind == ClosureKind.ONCE else None,
            month=on.month if on is not None and kind == ClosureKind.ONCE else fields.get("month"),
            day=on.day if on is not None and kind == ClosureKind.ONCE else fields.get("day"),
            easter_offset=fields.get("easter_offset") if kind == ClosureKind.EASTER else None,
            start=start,
            end=end,
            name_el=fields["name_el"],
            name_en=fields["name_en"],
        )
        if any(
            calendars.closure_rule(r) == calendars.closure_rule(row)
            for r in _closures_of(session, municipality.id)
        ):
            raise RuleViolation(
                "This closure is already recorded.", fields={DUPLICATE_FIELD[kind]: "Already closed then."}
            )
        session.add(row)
        session.flush()
        _changed(
            session,
            actor,
            "closure_added",
            closure_id=row.id,
            municipality=slug,
            rule=repr(calendars.closure_rule(row)),
        )
        affected = bookings_in_closure(session, municipality, row, now=now)
        return ClosureAdded(row, affected)


def remove_closure(service: BookingService, actor: Actor, closure_id: int) -> None:
    """Open again: the days or hours of the closure are offered at once."""
    with service.transaction() as session:
        row = session.get(Holiday, closure_id)
        if row is None or not supervises(actor, row.municipality_id):
            raise NotFound("No such closure.")
        session.delete(row)
        _changed(
            session,
            actor,
            "closure_removed",
            closure_id=closure_id,
            name_en=row.name_en,
            rule=repr(calendars.closure_rule(row)),
        )


def _closures_of(session: Session, municipality_id: int) -> Sequence[Holiday]:
    return session.scalars(
        select(Holiday).where(Holiday.municipality_id == municipality_id).order_by(Holiday.id)
    ).all()


def municipality_for_staff(session: Session, actor: Actor, slug: str) -> Municipality:
    """The municipality for its own staff and admins; 404 for another municipality's staff."""
    municipality = municipality_in_scope(session, actor, slug, write=False)
    if not supervises(actor, municipality.id) and actor.municipality_id != municipality.id:
        raise NotFound("No such municipality.")
    return municipality


def closures(session: Session, actor: Actor, slug: str) -> tuple[Municipality, Sequence[Holiday]]:
    """A municipality's closures, for its staff and admins (404 for another municipality's staff)."""
    municipality = municipality_for_staff(session, actor, slug)
    return municipality, _closures_of(session, municipality.id)


def next_dates(row: Holiday, today: date, count: int = 2) -> list[date]:
    """The closure's next days from ``today`` (a table shows when a moving feast falls)."""
    return calendars.closure_rule(row).dates(today, today + timedelta(days=366 * count))[:count]


def bookings_in_closure(
    session: Session, municipality: Municipality, row: Holiday, *, now: datetime
) -> list[Booking]:
    """Open bookings of the municipality that a closure falls on, from now to a year ahead."""
    rule = calendars.closure_rule(row)
    zone = calendars.zone_of(municipality)
    today = now.astimezone(zone).date()
    spans: list[tuple[datetime, datetime]] = []
    for day in rule.dates(today, today + timedelta(days=366)):
        if rule.start is None or rule.end is None:
            spans.append(local_day_bounds(day, zone))
        else:
            hours = closed_hours([rule], day, day, zone)
            spans.extend((h.start, h.end) for h in hours)
    found: list[Booking] = []
    for lo, hi in spans:
        found.extend(
            session.scalars(
                select(Booking)
                .where(
                    Booking.municipality_id == municipality.id,
                    Booking.status.in_([s.value for s in ACTIVE_STATUSES]),
                    Booking.start_at < hi,
                    Booking.end_at > lo,
                    Booking.start_at > now,
                )
                .order_by(Booking.start_at)
            )
        )
    return found


# ----------------------------------------------------------------- shared
def _only(fields: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    return {key: fields[key] for key in allowed if key in fields}


def _apply(row: Any, changes: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, Any]:
    """Set the changed fields; returns their values before, for the audit row."""
    before = {}
    for key, value in _only(changes, allowed).items():
        old = getattr(row, key)
        if old != value:
            before[key] = old.isoformat() if isinstance(old, time) else old
            setattr(row, key, value)
    return before


def _changed(session: Session, actor: Actor, action: str, **details: Any) -> None:
    session.flush()
    journal.audit(session, actor, action, None, **details)
    journal.catalogue_changed(session)
