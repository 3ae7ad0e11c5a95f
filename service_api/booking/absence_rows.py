"""Writing an absence inside a caller's transaction: when one is recorded, and when its cover is applied."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.domain.kinds import ChangeEntity, ChangeOp
from service_api.domain.policy import Actor
from service_api.models import Absence, Staff


def insert_absence(
    session: Session, actor: Actor, staff: Staff, *, start: datetime, end: datetime, reason: str = ""
) -> Absence:
    """The absence row with its audit and change-log rows, so availability stops offering the clerk."""
    absence = Absence(staff_id=staff.id, start_at=start, end_at=end, reason=reason[:200], created_by=actor.id)
    session.add(absence)
    session.flush()
    journal.audit(
        session,
        actor,
        "absence_added",
        None,
        staff_id=staff.id,
        absence_id=absence.id,
        start=start.isoformat(),
        end=end.isoformat(),
    )
    journal.record_change(
        session,
        entity=ChangeEntity.ABSENCE,
        entity_id=absence.id,
        op=ChangeOp.CREATED,
        municipality_id=staff.municipality_id,
        staff_id=staff.id,
    )
    return absence


def is_recorded(session: Session, staff_id: int, *, start: datetime, end: datetime) -> bool:
    """Whether recorded absences of the clerk already cover all of ``[start, end)`` (one absence does)."""
    covering = session.scalar(
        select(func.count())
        .select_from(Absence)
        .where(Absence.staff_id == staff_id, Absence.start_at <= start, Absence.end_at >= end)
    )
    return bool(covering)
