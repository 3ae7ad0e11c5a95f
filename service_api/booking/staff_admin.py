"""Staff accounts administered by the office: create, edit, deactivate and reactivate (issue 14).

One guarded function per change. Permissions come from ``domain/policy.py``; every change writes an
audit row and a STAFF change-log row, so availability caches and open desktops follow at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.booking.service import BookingService
from service_api.domain.errors import DomainError, Forbidden, NotFound, RuleViolation
from service_api.domain.kinds import ChangeEntity, ChangeOp
from service_api.domain.needs import StaffSupport
from service_api.domain.policy import (
    Actor,
    can_see_staff,
    needs_municipality,
    staff_change_refusal,
    staff_creation_refusal,
    works_with_bookings,
)
from service_api.domain.rules import UPCOMING_STATUSES, Mode, Status
from service_api.models import (
    Booking,
    Municipality,
    Service,
    Staff,
    StaffPasswordLink,
    StaffQualification,
    StaffToken,
)

# A password nobody can sign in with (werkzeug's check refuses it): a new account before its
# owner sets one, or an account whose password a supervisor has reset to a link.
UNUSABLE_PASSWORD = "!"


@dataclass(frozen=True)
class Qualification:
    """A service a clerk serves, and in which modes."""

    service_id: int
    modes: frozenset[str]


class StaffChanges(TypedDict, total=False):
    """The fields of a staff record a write may set; a field left out is left as it is."""

    username: str
    display_name: str
    email: str
    role: str
    municipality: str | None  # slug; None only for admins
    active: bool
    qualifications: list[Qualification]
    teams_link: str
    graph_user_id: str
    supports: StaffSupport  # issue 18


REQUIRED_ON_CREATE = ("username", "display_name", "role")


class StaffHasBookings(DomainError):
    """Deactivating (or moving) a clerk would leave upcoming bookings without a clerk."""

    code = "staff_has_upcoming_bookings"
    status = 409

    def __init__(self, staff_id: int, bookings: Sequence[Booking]) -> None:
        super().__init__(
            f"This clerk still has {len(bookings)} upcoming booking(s). Move them to colleagues first: "
            f"POST /api/v1/staff/{staff_id}/cover-plan (preview), then /cover-plan/apply.",
        )
        self.details = {
            "cover_plan": f"/api/v1/staff/{staff_id}/cover-plan",
            "bookings": [
                {
                    "reference": b.reference,
                    "start": b.start_at.isoformat(),
                    "end": b.end_at.isoformat(),
                    "service_id": b.service_id,
                    "status": b.status,
                }
                for b in bookings
            ],
        }


class QualificationHasBookings(StaffHasBookings):
    """Removing a service or mode from a clerk would leave their upcoming bookings of it unservable."""

    code = "qualification_has_upcoming_bookings"

    def __init__(self, staff_id: int, bookings: Sequence[Booking]) -> None:
        super().__init__(staff_id, bookings)
        self.message = (
            f"{len(bookings)} upcoming booking(s) of this clerk need the qualification being removed. "
            "Reassign them to a qualified colleague first, or keep the qualification until they are served."
        )


def _served_by(qualifications: Iterable[StaffQualification]) -> set[tuple[int, str]]:
    """The (service, mode) pairs these qualification rows cover."""
    pairs = set()
    for q in qualifications:
        for mode, on in ((Mode.IN_PERSON.value, q.in_person), (Mode.TELECONFERENCE.value, q.teleconference)):
            if on:
                pairs.add((q.service_id, mode))
    return pairs


def _refuse_lost_qualifications(
    session: Session, staff: Staff, new_rows: Sequence[StaffQualification], now: datetime
) -> None:
    """409 listing the upcoming bookings of a (service, mode) the new qualifications no longer cover."""
    before = _served_by(staff.qualifications)
    lost = before - _served_by(new_rows)
    if not lost:
        return
    stranded = [b for b in upcoming_bookings(session, staff.id, now) if (b.service_id, b.mode) in lost]
    if stranded:
        raise QualificationHasBookings(staff.id, stranded)


def upcoming_bookings(session: Session, staff_id: int, now: datetime) -> Sequence[Booking]:
    """Bookings that still need this clerk: not ended, not cancelled, not a lapsed hold."""
    query = (
        select(Booking)
        .where(
            Booking.staff_id == staff_id,
            Booking.status.in_([s.value for s in UPCOMING_STATUSES]),
            Booking.end_at > now,
            or_(Booking.status != Status.HELD.value, Booking.hold_expires_at > now),
        )
        .order_by(Booking.start_at)
    )
    return session.scalars(query).all()


def revoke_tokens(session: Session, staff_id: int, now: datetime) -> None:
    """End every sign-in of this staff member and void their unused set-password links."""
    session.execute(
        update(StaffToken)
        .where(StaffToken.staff_id == staff_id, StaffToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.execute(
        update(StaffPasswordLink)
        .where(StaffPasswordLink.staff_id == staff_id, StaffPasswordLink.used_at.is_(None))
        .values(used_at=now)
    )


def visible_staff(session: Session, actor: Actor, staff_id: int) -> Staff:
    """The staff member, or 404 when unknown or outside what ``actor`` may see."""
    staff = session.get(Staff, staff_id)
    if staff is None or not can_see_staff(actor, staff_id=staff_id, municipality_id=staff.municipality_id):
        raise NotFound("No such staff member.")
    return staff


def _municipality_id(session: Session, slug: str | None) -> int | None:
    if slug is None:
        return None
    found = session.scalar(select(Municipality.id).where(Municipality.slug == slug))
    if found is None:
        raise RuleViolation("No such municipality.", fields={"municipality": f"No municipality {slug!r}."})
    return found


def _check_username(session: Session, username: str, staff_id: int | None) -> None:
    other = session.scalar(select(Staff.id).where(Staff.username == username))
    if other is not None and other != staff_id:
        raise RuleViolation("This username is taken.", fields={"username": "Taken; choose another."})


def _check_home(role: str, municipality_id: int | None) -> None:
    if needs_municipality(role) and municipality_id is None:
        raise RuleViolation(
            "Clerks and supervisors belong to a municipality.",
            fields={"municipality": "Required for clerks and supervisors."},
        )


def _qualification_rows(
    session: Session, qualifications: Iterable[Qualification], municipality_id: int | None, role: str
) -> list[StaffQualification]:
    """Rows for the qualifications; 422 naming each one that is unknown or not offered."""
    qualifications = list(qualifications)
    if qualifications and not works_with_bookings(role):
        raise RuleViolation(
            "The data-protection officer serves no citizens.",
            fields={"qualifications": "None for the data-protection officer."},
        )
    rows: list[StaffQualification] = []
    problems: dict[str, str] = {}
    seen: set[int] = set()
    for index, q in enumerate(qualifications):
        key = f"qualifications.{index}"
        service = session.get(Service, q.service_id)
        if service is None or service.municipality_id != municipality_id:
            problems[f"{key}.service_id"] = "No such service in this staff member's municipality."
            continue
        if q.service_id in seen:
            problems[f"{key}.service_id"] = "Listed twice."
            continue
        seen.add(q.service_id)
        not_offered = sorted(q.modes - set(service.modes))
        if not q.modes or not_offered:
            problems[f"{key}.modes"] = (
                f"The service is not offered {', '.join(not_offered)}."
                if not_offered
                else "Name at least one mode."
            )
            continue
        rows.append(
            StaffQualification(
                service_id=q.service_id,
                in_person="in_person" in q.modes,
                teleconference="teleconference" in q.modes,
            )
        )
    if problems:
        raise RuleViolation("Some qualifications are not valid.", fields=problems)
    return rows


def _journal(session: Session, actor: Actor, staff: Staff, op: ChangeOp, action: str, **details: Any) -> None:
    journal.audit(session, actor, action, None, staff_id=staff.id, **details)
    journal.record_change(
        session,
        entity=ChangeEntity.STAFF,
        entity_id=staff.id,
        op=op,
        municipality_id=staff.municipality_id,
        staff_id=staff.id,
    )


def create_account(service: BookingService, actor: Actor, fields: StaffChanges) -> int:
    """A new staff account without a usable password: its owner sets one from a link or a temporary one."""
    missing = {name: "Required." for name in REQUIRED_ON_CREATE if not fields.get(name)}
    if missing:
        raise RuleViolation("Some fields are missing.", fields=missing)
    role = fields["role"]
    with service.transaction() as session:
        if "municipality" in fields:
            municipality_id = _municipality_id(session, fields["municipality"])
        else:
            municipality_id = actor.municipality_id if needs_municipality(role) else None
        refusal = staff_creation_refusal(actor, role=role, municipality_id=municipality_id)
        if refusal:
            raise Forbidden(refusal)
        _check_home(role, municipality_id)
        _check_username(session, fields["username"], None)
        staff = Staff(
            username=fields["username"],
            display_name=fields["display_name"],
            role=role,
            municipality_id=municipality_id,
            email=fields.get("email", ""),
            teams_link=fields.get("teams_link", ""),
            graph_user_id=fields.get("graph_user_id", ""),
            password_hash=UNUSABLE_PASSWORD,
            active=fields.get("active", True),
            supports=fields["supports"].to_json() if "supports" in fields else {},
        )
        staff.qualifications = _qualification_rows(
            session, fields.get("qualifications", []), municipality_id, role
        )
        session.add(staff)
        session.flush()
        _journal(session, actor, staff, ChangeOp.CREATED, "staff_created", role=role, username=staff.username)
        return staff.id


def update_account(service: BookingService, actor: Actor, staff_id: int, changes: StaffChanges) -> None:
    """Apply the given fields only. Deactivating or moving a clerk with upcoming bookings is refused
    (409, listing them) until the cover plan has moved them; deactivating ends every sign-in."""
    with service.transaction() as session:
        staff = visible_staff(session, actor, staff_id)
        new_municipality = (
            _municipality_id(session, changes["municipality"])
            if "municipality" in changes
            else staff.municipality_id
        )
        new_role = changes.get("role", staff.role)
        refusal = staff_change_refusal(
            actor,
            target_id=staff.id,
            target_role=staff.role,
            municipality_id=staff.municipality_id,
            fields=changes.keys(),
            new_role=changes.get("role"),
            new_municipality_id=new_municipality,
        )
        if refusal:
            raise Forbidden(refusal)
        _check_home(new_role, new_municipality)
        if "username" in changes:
            _check_username(session, changes["username"], staff.id)
        now = service.clock()
        moving = new_municipality != staff.municipality_id
        # A clerk who becomes the dpo leaves the calendar: like a move, only once nobody waits for them.
        leaving_calendar = works_with_bookings(staff.role) and not works_with_bookings(new_role)
        deactivating = staff.active and changes.get("active") is False
        reactivating = not staff.active and changes.get("active") is True
        if moving or deactivating or leaving_calendar:
            waiting = upcoming_bookings(session, staff.id, now)
            if waiting:
                raise StaffHasBookings(staff.id, waiting)
        old_municipality = staff.municipality_id
        for name in ("username", "display_name", "email", "teams_link", "graph_user_id", "active"):
            if name in changes:
                setattr(staff, name, changes[name])
        if "supports" in changes:  # issue 18
            staff.supports = changes["supports"].to_json()
        staff.role = new_role
        staff.municipality_id = new_municipality
        if "qualifications" in changes:
            rows = _qualification_rows(session, changes["qualifications"], new_municipality, new_role)
            if not moving:  # a move is refused above while any booking waits
                _refuse_lost_qualifications(session, staff, rows, now)
            staff.qualifications = rows
        elif moving or leaving_calendar:
            # The old municipality's services are not served from the new one; the dpo serves none.
            staff.qualifications = []
        if deactivating:
            revoke_tokens(session, staff.id, now)
        session.flush()
        if deactivating:
            action = "staff_deactivated"
        elif reactivating:
            action = "staff_reactivated"
        else:
            action = "staff_updated"
        _journal(session, actor, staff, ChangeOp.UPDATED, action, fields=sorted(changes))
        if moving and old_municipality is not None:
            # The old municipality's desktops drop the clerk too.
            journal.record_change(
                session,
                entity=ChangeEntity.STAFF,
                entity_id=staff.id,
                op=ChangeOp.UPDATED,
                municipality_id=old_municipality,
                staff_id=staff.id,
            )
