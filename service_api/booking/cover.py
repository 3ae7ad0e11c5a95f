"""Covering a clerk's absence: preview a fair plan, apply it all or nothing, offer new times for the rest.

``preview_cover`` only reads. ``apply_cover`` is one transaction (``BookingService.transaction``)
built from the blocks of ``booking.transaction``: it locks the bookings and then the clerks
involved (the order every write takes), refuses with nothing changed when a booking is no longer
what the supervisor previewed or a colleague is no longer free, and leaves the same audit,
change-log and outbox records as ``BookingService.reassign`` for each booking it moves
(``transaction.record_move``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from service_api.booking import absence_rows, calendars, journal, transaction
from service_api.booking.service import BookingService
from service_api.domain import rules
from service_api.domain.availability import Busy, ServiceRules, StaffCalendar, free_staff_at
from service_api.domain.errors import NotFound, NotQualified, RuleViolation, SlotUnavailable, VersionConflict
from service_api.domain.kinds import COVER_REASON, OutboxKind, OutboxStatus
from service_api.domain.policy import Actor, require_supervising_role, supervises
from service_api.domain.reallocation import BookingToMove, CoverCandidate, CoverPlan, plan_cover
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import ensure_utc
from service_api.models import Booking, Municipality, Outbox, Service, Staff, StaffQualification

MAX_COVER_DAYS = 92
MAX_COVER_BOOKINGS = 2000
OPEN_STATUSES = (Status.CONFIRMED.value, Status.HELD.value)


@dataclass(frozen=True)
class OfferResult:
    offered: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reference, why)


def check_range(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    start, end = ensure_utc(start), ensure_utc(end)
    if end <= start:
        raise RuleViolation("The range must end after it starts.", fields={"end": "Must be after the start."})
    if end - start > timedelta(days=MAX_COVER_DAYS):
        raise RuleViolation(
            f"Cover at most {MAX_COVER_DAYS} days at once.", fields={"end": "Range too long."}
        )
    return start, end


def _absent_staff(session: Session, actor: Actor, staff_id: int) -> Staff:
    """The clerk whose bookings are covered, if the actor supervises them; 404 for other municipalities."""
    require_supervising_role(actor, "Only a supervisor may plan the cover of an absence.")
    staff = session.get(Staff, staff_id)
    if staff is None or staff.municipality_id is None or not supervises(actor, staff.municipality_id):
        raise NotFound("No such staff member.")
    return staff


def open_bookings(
    session: Session, staff_id: int, start: datetime, end: datetime, now: datetime
) -> Sequence[Booking]:
    """Confirmed bookings and live holds of a clerk that overlap the range, in time order."""
    return session.scalars(
        select(Booking)
        .where(
            Booking.staff_id == staff_id,
            Booking.start_at < end,
            Booking.end_at > start,
            Booking.anonymised_at.is_(None),
            Booking.status.in_(OPEN_STATUSES),
            or_(Booking.status != Status.HELD.value, Booking.hold_expires_at > now),
        )
        .order_by(Booking.start_at, Booking.id)
        .limit(MAX_COVER_BOOKINGS)
    ).all()


def _qualifications(session: Session, municipality_id: int, exclude: int) -> dict[int, set[tuple[int, str]]]:
    """(service, mode) pairs each active colleague of the municipality serves, the absent clerk left out."""
    rows = session.execute(
        select(
            StaffQualification.staff_id,
            StaffQualification.service_id,
            StaffQualification.in_person,
            StaffQualification.teleconference,
        )
        .join(Staff, Staff.id == StaffQualification.staff_id)
        .join(Service, Service.id == StaffQualification.service_id)
        .where(
            Staff.municipality_id == municipality_id,
            Service.municipality_id == municipality_id,
            Staff.active.is_(True),
            Staff.id != exclude,
        )
    )
    qualified: dict[int, set[tuple[int, str]]] = {}
    for staff_id, service_id, in_person, teleconference in rows:
        modes = qualified.setdefault(staff_id, set())
        if in_person:
            modes.add((service_id, Mode.IN_PERSON.value))
        if teleconference:
            modes.add((service_id, Mode.TELECONFERENCE.value))
    return qualified


def preview_cover(
    service: BookingService, actor: Actor, *, staff_id: int, start: datetime, end: datetime
) -> CoverPlan:
    """Who could take each open booking of ``staff_id`` in ``[start, end)``: a proposal, nothing written."""
    start, end = check_range(start, end)
    now = service.clock()
    with service.store.read() as session:
        absent = _absent_staff(session, actor, staff_id)
        municipality_id = absent.municipality_id
        assert municipality_id is not None
        rows = open_bookings(session, staff_id, start, end, now)
        if not rows:
            return CoverPlan()
        municipality = _municipality(session, municipality_id)
        zone = calendars.zone_of(municipality)
        qualified = _qualifications(session, municipality_id, exclude=staff_id)
        ids = sorted(s for s, modes in qualified.items() if modes)
        lo = min(start, rows[0].start_at)
        hi = max(end, max(b.end_at for b in rows))
        cals = calendars.staff_calendars(session, ids, lo, hi, now=now)
        load = calendars.daily_load(session, ids, start, end)
        services = session.scalars(select(Service).where(Service.id.in_({b.service_id for b in rows}))).all()
        service_rules: Mapping[int, ServiceRules] = {s.id: calendars.rules_of(s) for s in services}
        first_day = lo.astimezone(zone).date()
        last_day = hi.astimezone(zone).date()
        closed = calendars.closed_days(session, municipality_id, first_day, last_day)
        return plan_cover(
            [
                BookingToMove(
                    reference=b.reference,
                    service_id=b.service_id,
                    mode=b.mode,
                    start=b.start_at,
                    end=b.end_at,
                    buffer_before_minutes=b.buffer_before_minutes,
                    buffer_after_minutes=b.buffer_after_minutes,
                    version=b.version,
                    from_staff_id=b.staff_id,
                )
                for b in rows
            ],
            [
                CoverCandidate(cal, frozenset(qualified[cal.staff_id]), load.get(cal.staff_id, 0))
                for cal in cals
            ],
            zone=zone,
            closed_days=closed,
            rules=service_rules,
        )


def _municipality(session: Session, municipality_id: int) -> Municipality:
    municipality = session.get(Municipality, municipality_id)
    if municipality is None:
        raise NotFound("No such municipality.")
    return municipality


def bookings_by_reference(session: Session, references: Sequence[str]) -> list[Booking]:
    """Bookings with what their JSON needs loaded, in the order of ``references``."""
    rows = session.scalars(
        select(Booking)
        .where(Booking.reference.in_(list(references)))
        .options(
            selectinload(Booking.service).selectinload(Service.group),
            selectinload(Booking.staff),
            selectinload(Booking.documents),
            selectinload(Booking.identity),
        )
    ).all()
    by_reference = {b.reference: b for b in rows}
    return [by_reference[r] for r in references if r in by_reference]


def _locked_booking(session: Session, reference: str) -> Booking:
    try:
        return transaction.booking_for_update(session, reference=reference)
    except NotFound as exc:
        raise NotFound(f"No booking {reference}.", fields={reference: "No such booking."}) from exc


def apply_cover(
    service: BookingService,
    actor: Actor,
    *,
    staff_id: int,
    start: datetime,
    end: datetime,
    assignments: Iterable[tuple[str, int]],
    expected: Mapping[str, int],
) -> list[Booking]:
    """Move every booking of the plan to its colleague in one transaction, or none of them.

    Refused with nothing changed when a booking's version is not the one previewed
    (``VersionConflict`` naming it) or a colleague can no longer take it (``SlotUnavailable``).
    """
    start, end = check_range(start, end)
    targets: dict[str, int] = {}
    for reference, target_id in assignments:
        if reference in targets:
            raise RuleViolation(
                f"Booking {reference} appears twice in the plan.", fields={reference: "Listed twice."}
            )
        targets[reference] = target_id
    if not targets:
        raise RuleViolation("The plan moves no booking.", fields={"assignments": "At least one."})
    if len(targets) > MAX_COVER_BOOKINGS:
        raise RuleViolation("The plan is too long.", fields={"assignments": f"At most {MAX_COVER_BOOKINGS}."})
    unversioned = [r for r in targets if r not in expected]
    if unversioned:
        raise RuleViolation(
            "Every booking of the plan needs the version that was previewed.",
            fields=dict.fromkeys(unversioned, "Version missing."),
        )
    now = service.clock()
    with service.transaction() as session:
        absent = _absent_staff(session, actor, staff_id)
        # Bookings first (in reference order), then the clerks (in id order): the order of every write.
        rows = [_locked_booking(session, reference) for reference in sorted(targets)]
        for booking in rows:
            if booking.version != expected[booking.reference]:
                raise VersionConflict(
                    f"Booking {booking.reference} was changed meanwhile (now version {booking.version}, "
                    f"the plan had {expected[booking.reference]}). "
                    "Nothing was moved; preview the cover again.",
                    fields={booking.reference: "Changed since the preview."},
                )
        for booking in rows:
            transaction.require_may_move(actor, booking)
            if booking.staff_id != staff_id:
                raise RuleViolation(
                    f"Booking {booking.reference} is not {absent.display_name}'s.",
                    fields={booking.reference: "Booked with another clerk."},
                )
            if not (booking.start_at < end and booking.end_at > start):
                raise RuleViolation(
                    f"Booking {booking.reference} is outside the absence.",
                    fields={booking.reference: "Outside the range."},
                )
            if not rules.can_change_time(Status(booking.status)):
                raise RuleViolation(
                    f"Booking {booking.reference} is {booking.status} and cannot be moved.",
                    fields={booking.reference: f"Booking is {booking.status}."},
                )
        people = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_(set(targets.values()))))}
        services: dict[int, Service] = {}
        qualified: dict[tuple[int, str], list[int]] = {}
        for booking in rows:
            target = people.get(targets[booking.reference])
            if (
                target is None
                or not target.active
                or target.municipality_id != booking.municipality_id
                or target.id == staff_id
            ):
                raise RuleViolation(
                    f"The colleague chosen for {booking.reference} does not work for this municipality.",
                    fields={booking.reference: "Unknown clerk."},
                )
            if booking.service_id not in services:
                services[booking.service_id] = transaction.active_service(
                    session, service_id=booking.service_id
                )
            key = (booking.service_id, booking.mode)
            if key not in qualified:
                qualified[key] = calendars.qualified_staff_ids(
                    session, services[booking.service_id], booking.mode
                )
            if target.id not in qualified[key]:
                raise NotQualified(
                    f"{target.display_name} is not qualified for booking {booking.reference} in its mode.",
                    staff=target.display_name,
                    fields={booking.reference: "Not qualified for this service and mode."},
                )
        target_ids = sorted(set(targets.values()))
        transaction.lock_staff(session, staff_ids=[staff_id, *target_ids])
        # Under the locks: the colleagues' calendars read once, then each placement checked with the
        # rule ``clerk_choice.pick_clerk`` applies (``free_staff_at``, no lead time, as for ``reassign``) and
        # added to the calendar, so a later booking of the plan sees the earlier ones.
        transaction.expire_lapsed_holds(session, staff_ids=target_ids, now=now)
        ordered = sorted(rows, key=lambda b: (b.start_at, b.reference))
        lo, hi = ordered[0].start_at, max(b.end_at for b in ordered)
        cals = {
            cal.staff_id: StaffCalendar(cal.staff_id, cal.plan, cal.absences, list(cal.busy))
            for cal in calendars.staff_calendars(session, target_ids, lo, hi, now=now)
        }
        zone = calendars.zone_of(_municipality(session, ordered[0].municipality_id))
        closed = calendars.closed_days(
            session, ordered[0].municipality_id, lo.astimezone(zone).date(), hi.astimezone(zone).date()
        )
        service_rules = {sid: calendars.rules_of(svc) for sid, svc in services.items()}
        for booking in ordered:
            target = people[targets[booking.reference]]
            calendar = cals[target.id]
            free = free_staff_at(
                service_rules[booking.service_id],
                [calendar],
                start=booking.start_at,
                zone=zone,
                closed_days=closed,
            )
            if not free:
                raise SlotUnavailable(
                    f"{target.display_name} is no longer free for booking {booking.reference}. "
                    "Nothing was moved; preview the cover again.",
                    fields={booking.reference: "Colleague not free or not working then."},
                )
            assert isinstance(calendar.busy, list)
            calendar.busy.append(
                Busy(
                    booking.start_at,
                    booking.end_at,
                    booking.buffer_before_minutes,
                    booking.buffer_after_minutes,
                )
            )
            transaction.record_move(
                session,
                booking,
                actor=actor,
                to_staff=target.id,
                old_start=booking.start_at,
                reason=COVER_REASON,
                now=now,
                meeting_provider=service.config.meeting_provider,
            )
        if not absence_rows.is_recorded(session, staff_id, start=start, end=end):
            # Covering an absence records it, in the same transaction: from this commit on no new
            # booking is offered with the absent clerk (before, citizens kept booking them).
            absence_rows.insert_absence(session, actor, absent, start=start, end=end)
        session.flush()
        return ordered


def offer_reschedule(service: BookingService, actor: Actor, references: Iterable[str]) -> OfferResult:
    """E-mail each citizen a link to choose a new time, in one audited transaction.

    Bookings that are no longer confirmed, already started or already have an offer waiting in the
    outbox are skipped (and said so); a booking the supervisor may not move refuses the whole action.
    """
    now = service.clock()
    refs = list(dict.fromkeys(references))
    if not refs:
        raise RuleViolation("Name at least one booking.", fields={"references": "At least one."})
    result = OfferResult()
    with service.transaction() as session:
        rows = [_locked_booking(session, reference) for reference in sorted(refs)]
        for booking in rows:
            transaction.require_may_move(actor, booking)
        pending = set(
            session.scalars(
                select(Outbox.booking_id).where(
                    Outbox.booking_id.in_([b.id for b in rows]),
                    Outbox.kind == OutboxKind.EMAIL_OFFER_RESCHEDULE,
                    Outbox.status == OutboxStatus.PENDING,
                )
            )
        )
        by_reference = {b.reference: b for b in rows}
        for reference in refs:
            booking = by_reference[reference]
            if booking.status != Status.CONFIRMED.value:
                result.skipped.append((reference, f"booking is {booking.status}"))
            elif booking.start_at <= now:
                result.skipped.append((reference, "appointment already started"))
            elif booking.id in pending:
                result.skipped.append((reference, "offer already waiting to be sent"))
            elif not booking.citizen_email:
                result.skipped.append((reference, "no e-mail address: call the citizen"))
            else:
                journal.enqueue(session, OutboxKind.EMAIL_OFFER_RESCHEDULE, booking)
                journal.audit(session, actor, "offer_reschedule", booking, reason=COVER_REASON)
                result.offered.append(reference)
    return result
