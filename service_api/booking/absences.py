"""Absences: one guarded function per write (record, edit, remove, request, withdraw, approve, reject).

Supervisors of the clerk's municipality and admins record absences, approved at once, and decide
clerks' requests; a clerk requests their own, which blocks nothing until approved. Each write is one
transaction with its audit and change-log rows (entity ABSENCE), so availability and open desktops
follow at once. A write that makes an absence block time answers with the clerk's open bookings in
it: the absence is stored all the same, and covering those bookings is the supervisor's next step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import absence_rows, calendars, cover, journal, transaction
from service_api.booking.service import BookingService
from service_api.domain.errors import Forbidden, InvalidTransition, NotFound, RuleViolation
from service_api.domain.kinds import AbsenceKind, AbsenceStatus, ChangeEntity, ChangeOp
from service_api.domain.policy import Actor, is_supervising_role, supervises
from service_api.domain.timeutil import ensure_utc
from service_api.models import Absence, Booking, Municipality, Staff

MAX_ABSENCE = timedelta(days=366)
MAX_TEAM_RANGE_DAYS = 93
MAX_REQUESTS_RANGE_DAYS = 400


@dataclass(frozen=True)
class AbsenceWritten:
    """The absence as stored and the clerk's open bookings it now overlaps (empty unless it blocks)."""

    absence: Absence
    overlapping: Sequence[Booking] = field(default_factory=list)


def checked_range(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Whole minutes, widened, end after start, at most a year.

    Availability works in whole seconds, and an absence must never be shortened by the rounding (a
    slot could then touch it).
    """
    start, end = ensure_utc(start), ensure_utc(end)
    start = start.replace(second=0, microsecond=0)
    if end.second or end.microsecond:
        end = end.replace(second=0, microsecond=0) + timedelta(minutes=1)
    if end <= start:
        raise RuleViolation(
            "An absence must end after it starts.", fields={"end": "Must be after the start."}
        )
    if end - start > MAX_ABSENCE:
        raise RuleViolation(
            "An absence may last at most a year.", fields={"end": "At most a year after the start."}
        )
    return start, end


def _kind(kind: str) -> str:
    if kind not in set(AbsenceKind):
        raise RuleViolation("Unknown kind of absence.", fields={"kind": f"One of {', '.join(AbsenceKind)}."})
    return kind


def _managed_staff(session: Session, actor: Actor, staff_id: int) -> Staff:
    """The clerk whose absences ``actor`` manages: 404 if unknown, 403 unless they supervise them."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound("No such staff member.")
    _require_manages(actor, staff.municipality_id, "No such staff member.")
    return staff


def _require_manages(actor: Actor, municipality_id: int | None, missing: str) -> None:
    """403 for a clerk; 404 for another municipality's supervisor (its staff are not revealed)."""
    if supervises(actor, municipality_id):
        return
    if not is_supervising_role(actor):
        raise Forbidden("Only a supervisor of this municipality may manage this clerk's absences.")
    raise NotFound(missing)


def _managed_absence(session: Session, actor: Actor, absence_id: int) -> tuple[Absence, Staff]:
    """An absence of a clerk ``actor`` supervises (see ``_require_manages``)."""
    absence = session.get(Absence, absence_id)
    if absence is None:
        raise NotFound("No such absence.")
    staff = session.get(Staff, absence.staff_id)
    assert staff is not None
    _require_manages(actor, staff.municipality_id, "No such absence.")
    return absence, staff


def _journal(
    session: Session, actor: Actor, absence: Absence, staff: Staff, op: ChangeOp, action: str
) -> None:
    journal.audit(
        session,
        actor,
        action,
        None,
        staff_id=staff.id,
        absence_id=absence.id,
        start=absence.start_at.isoformat(),
        end=absence.end_at.isoformat(),
        kind=absence.kind,
        status=absence.status,
    )
    journal.record_change(
        session,
        entity=ChangeEntity.ABSENCE,
        entity_id=absence.id,
        op=op,
        municipality_id=staff.municipality_id,
        staff_id=staff.id,
    )


def _overlapping(service: BookingService, session: Session, absence: Absence) -> Sequence[Booking]:
    if absence.status != AbsenceStatus.APPROVED:
        return []
    return cover.open_bookings(session, absence.staff_id, absence.start_at, absence.end_at, service.clock())


# ---------------------------------------------------------------- supervisors and admins


def record_absence(
    service: BookingService,
    actor: Actor,
    *,
    staff_id: int,
    start: datetime,
    end: datetime,
    kind: str = AbsenceKind.OTHER.value,
    reason: str = "",
) -> AbsenceWritten:
    """Record an approved absence. Bookings inside it stay put and are listed, for the cover plan."""
    start, end = checked_range(start, end)
    kind = _kind(kind)
    with service.transaction() as session:
        staff = _managed_staff(session, actor, staff_id)
        transaction.lock_staff(session, staff_ids=[staff.id])
        absence = absence_rows.insert_absence(
            session, actor, staff, start=start, end=end, reason=reason, kind=kind
        )
        return AbsenceWritten(absence, _overlapping(service, session, absence))


def add_absence(
    service: BookingService, actor: Actor, *, staff_id: int, start: datetime, end: datetime, reason: str = ""
) -> Absence:
    """``record_absence`` for callers that only need the row (the CLI, tests)."""
    return record_absence(service, actor, staff_id=staff_id, start=start, end=end, reason=reason).absence


def edit_absence(
    service: BookingService,
    actor: Actor,
    absence_id: int,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    kind: str | None = None,
    reason: str | None = None,
) -> AbsenceWritten:
    """Change what is given; an approved absence blocks its new range from this commit on."""
    with service.transaction() as session:
        absence, staff = _managed_absence(session, actor, absence_id)
        transaction.lock_staff(session, staff_ids=[staff.id])
        new_start, new_end = checked_range(start or absence.start_at, end or absence.end_at)
        absence.start_at, absence.end_at = new_start, new_end
        if kind is not None:
            absence.kind = _kind(kind)
        if reason is not None:
            absence.reason = reason[:200]
        session.flush()
        _journal(session, actor, absence, staff, ChangeOp.UPDATED, "absence_edited")
        return AbsenceWritten(absence, _overlapping(service, session, absence))


def remove_absence(service: BookingService, actor: Actor, absence_id: int) -> None:
    with service.transaction() as session:
        absence, staff = _managed_absence(session, actor, absence_id)
        _journal(session, actor, absence, staff, ChangeOp.DELETED, "absence_removed")
        session.delete(absence)


def _decide(
    service: BookingService, actor: Actor, absence_id: int, status: AbsenceStatus, reason: str
) -> AbsenceWritten:
    with service.transaction() as session:
        absence, staff = _managed_absence(session, actor, absence_id)
        if actor.id is not None and absence.requested_by == actor.id:
            raise Forbidden("Someone else must decide your own request.")
        if absence.status != AbsenceStatus.REQUESTED:
            raise InvalidTransition(f"This absence is {absence.status}, not a pending request.")
        transaction.lock_staff(session, staff_ids=[staff.id])
        absence.status = status.value
        absence.decided_by = actor.id
        absence.decided_at = service.clock()
        absence.decision_reason = reason[:200]
        session.flush()
        action = "absence_approved" if status == AbsenceStatus.APPROVED else "absence_rejected"
        _journal(session, actor, absence, staff, ChangeOp.UPDATED, action)
        return AbsenceWritten(absence, _overlapping(service, session, absence))


def approve_absence(
    service: BookingService, actor: Actor, absence_id: int, reason: str = ""
) -> AbsenceWritten:
    """A request becomes an absence: from this commit on no new booking is offered with the clerk."""
    return _decide(service, actor, absence_id, AbsenceStatus.APPROVED, reason)


def reject_absence(service: BookingService, actor: Actor, absence_id: int, reason: str = "") -> Absence:
    """A request refused: kept for the clerk to see, it never blocks anything."""
    return _decide(service, actor, absence_id, AbsenceStatus.REJECTED, reason).absence


# ---------------------------------------------------------------- a clerk's own requests


def request_absence(
    service: BookingService,
    actor: Actor,
    *,
    start: datetime,
    end: datetime,
    kind: str = AbsenceKind.LEAVE.value,
    reason: str = "",
) -> Absence:
    """A staff member asks for their own absence; it blocks nothing until a supervisor approves it."""
    start, end = checked_range(start, end)
    kind = _kind(kind)
    with service.transaction() as session:
        staff = session.get(Staff, actor.id) if actor.id is not None else None
        if staff is None:
            raise NotFound("No such staff member.")
        absence = absence_rows.insert_absence(
            session,
            actor,
            staff,
            start=start,
            end=end,
            reason=reason,
            kind=kind,
            status=AbsenceStatus.REQUESTED,
        )
        return absence


def withdraw_request(service: BookingService, actor: Actor, absence_id: int) -> None:
    """A staff member takes back their own pending request; a decided one stays (the supervisor's)."""
    with service.transaction() as session:
        absence = session.get(Absence, absence_id)
        if absence is None or absence.staff_id != actor.id:
            raise NotFound("No such absence request.")
        if absence.status != AbsenceStatus.REQUESTED:
            raise InvalidTransition("Only a pending request may be withdrawn; ask a supervisor.")
        staff = session.get(Staff, absence.staff_id)
        assert staff is not None
        _journal(session, actor, absence, staff, ChangeOp.DELETED, "absence_request_withdrawn")
        session.delete(absence)


# ---------------------------------------------------------------- reads


@dataclass(frozen=True)
class TeamCalendar:
    """What the supervisors' team calendar shows: the staff, their absences, the office's closed days."""

    staff: Sequence[Staff]
    absences: Sequence[Absence]
    closed_days: Sequence[date]


def absences_of(session: Session, staff_id: int) -> Sequence[Absence]:
    """Every absence of a clerk, requests and refusals included (readers filter on status)."""
    return session.scalars(
        select(Absence).where(Absence.staff_id == staff_id).order_by(Absence.start_at, Absence.id)
    ).all()


def team_absences(
    session: Session, actor: Actor, slug: str, first: date, last: date, *, status: str | None = None
) -> TeamCalendar:
    """The team calendar: the municipality's active staff and every absence (requests included) of its
    staff touching the days.

    The days are the municipality's local dates, ``first`` to ``last`` inclusive; ``status`` keeps
    only absences in that state (the list of pending requests).
    """
    municipality = session.scalar(select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise NotFound("No such municipality.")
    _require_manages(actor, municipality.id, "No such municipality.")
    if last < first:
        raise RuleViolation("The range must end after it starts.", fields={"to": "Must not be before from."})
    if status is not None and status not in set(AbsenceStatus):
        raise RuleViolation("Unknown status.", fields={"status": f"One of {', '.join(AbsenceStatus)}."})
    # Pending requests are few: their list may look a year ahead; the calendar shows weeks.
    longest = MAX_REQUESTS_RANGE_DAYS if status == AbsenceStatus.REQUESTED else MAX_TEAM_RANGE_DAYS
    if (last - first).days >= longest:
        raise RuleViolation(f"At most {longest} days at once.", fields={"to": "Range too long."})
    zone = calendars.zone_of(municipality)
    lo = datetime.combine(first, datetime.min.time(), zone)
    hi = datetime.combine(last + timedelta(days=1), datetime.min.time(), zone)
    rows = session.scalars(
        select(Absence)
        .join(Staff, Staff.id == Absence.staff_id)
        .where(
            Staff.municipality_id == municipality.id,
            Absence.start_at < hi,
            Absence.end_at > lo,
            *([Absence.status == status] if status is not None else []),
        )
        .order_by(Absence.staff_id, Absence.start_at, Absence.id)
    ).all()
    absent_ids = {row.staff_id for row in rows}
    staff = [
        member
        for member in session.scalars(
            select(Staff)
            .where(Staff.municipality_id == municipality.id)
            .order_by(Staff.display_name, Staff.id)
        )
        if member.active or member.id in absent_ids
    ]
    return TeamCalendar(staff, rows, sorted(calendars.closed_days(session, municipality.id, first, last)))
