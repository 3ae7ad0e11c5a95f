"""Writes about staff rather than one booking: accounts from the CLI, feed tokens.

Absences live in ``booking.absences``; their two oldest writes are still reachable from here.
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from service_api.booking import ical_links, journal, working_plans
from service_api.booking.absences import add_absence as add_absence
from service_api.booking.absences import remove_absence as remove_absence
from service_api.booking.service import BookingService
from service_api.domain.errors import RuleViolation
from service_api.domain.kinds import ChangeEntity, ChangeOp
from service_api.domain.policy import Actor, Role, needs_municipality
from service_api.domain.working_plan import WorkingPeriod as PlanPeriod
from service_api.models import (
    Staff,
    StaffQualification,
)
from service_api.passwords import require_acceptable_password
from service_api.security import hash_password

ROLES = tuple(Role)


def create_staff(
    service: BookingService,
    *,
    username: str,
    display_name: str | None = None,
    role: str | None = None,
    password: str | None = None,
    municipality_id: int | None = None,
    email: str | None = None,
    services: list[tuple[int, bool, bool]] | None = None,
    plan: list[tuple[int, time, time]] | None = None,
    teams_link: str | None = None,
    graph_user_id: str | None = None,
    plan_from: date | None = None,
) -> int:
    """Create a staff account, or update one: only what is given changes (``None``: left as it is).

    Run again to add a service, it never wipes the plan, the password, the e-mail or the Teams link.
    A new account needs a display name (the username by default), a role and a password; its
    municipality is required unless it is an admin's. ``municipality_id`` changes an existing account
    only when given (or when ``role`` is given: an admin's is then ``None``). ``plan`` replaces the
    whole plan (every version) unless ``plan_from`` says from which day it applies.
    """
    if role is not None and role not in ROLES:
        raise RuleViolation(f"Role must be one of {', '.join(ROLES)}.")
    if password is not None:
        require_acceptable_password(password, username=username)

    with service.transaction() as session:
        staff = session.scalar(select(Staff).where(Staff.username == username))
        if staff is None:
            if role is None or password is None:
                raise RuleViolation(f"A new account ({username}) needs a role and a password.")
            if needs_municipality(role) and municipality_id is None:
                raise RuleViolation("Clerks and supervisors belong to a municipality.")
            staff = Staff(username=username, display_name=display_name or username, active=True)
            session.add(staff)
        if display_name is not None:
            staff.display_name = display_name
        if role is not None:
            staff.role = role
            staff.municipality_id = municipality_id
        elif municipality_id is not None:
            staff.municipality_id = municipality_id
        if email is not None:
            staff.email = email
        if password is not None:
            staff.password_hash = hash_password(password)
            staff.must_change_password = False
        if teams_link is not None:
            staff.teams_link = teams_link
        if graph_user_id is not None:
            staff.graph_user_id = graph_user_id
        if services is not None:
            staff.qualifications = [
                StaffQualification(service_id=sid, in_person=ip, teleconference=tc)
                for sid, ip, tc in services
            ]
        session.flush()
        if plan is not None:
            periods = [PlanPeriod(d, s, e) for d, s, e in plan]
            if plan_from is None:
                working_plans.replace_whole_plan(session, staff, periods)
            else:
                working_plans.write_version(session, staff, plan_from, periods, None)
        journal.audit(session, Actor.system(), "staff_saved", None, staff_id=staff.id, role=staff.role)
        # Qualifications and plans decide availability: the change log tells every process to recompute.
        journal.record_change(
            session,
            entity=ChangeEntity.STAFF,
            entity_id=staff.id,
            op=ChangeOp.UPDATED,
            municipality_id=staff.municipality_id,
            staff_id=staff.id,
        )
        return staff.id


def rotate_ical_token(service: BookingService, actor: Actor) -> str:
    """A new secret calendar-feed token for a clerk; the old URL stops working at once (``ical_links``)."""
    return ical_links.rotate_feed_token(service, actor)
