"""Writing an absence inside a caller's transaction: when one is recorded, and when its cover is applied."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.domain.kinds import AbsenceKind, AbsenceStatus, ChangeEntity, ChangeOp
from service_api.domain.policy import Actor
from service_api.models import Absence, Staff


def insert_absence(
    session: Session,
    actor: Actor,
    staff: Staff,
    *,
    start: datetime,
    end: datetime,
    reason: str = "",
    kind: str = AbsenceKind.OTHER.value,
    status: AbsenceStatus = AbsenceStatus.APPROVED,
) -> Absence:
    """The absence row with its audit and change-log rows; an approved one stops availability offering
    the clerk, a requested one waits for a supervisor (who reads it from the change feed)."""
    absence = Absence(
        staff_id=staff.id,
        start_at=start,
        end_at=end,
        reason=reason[:200],
        created_by=actor.id,
        kind=kind,
        status=status.value,
        requested_by=actor.id if status == AbsenceStatus.REQUESTED else None,
    )
    session.add(absence)
    session.flush()
    journal.audit(
        session,
        actor,
        "absence_added" if status == AbsenceStatus.APPROVED else "absence_requested",
        None,
        staff_id=staff.id,
        absence_id=absence.id,
        start=start.isoformat(),
        end=end.isoformat(),
        kind=kind,
        status=status.value,
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
    """Whether approved absences of the clerk already cover all of ``[start, end)`` (one absence does)."""
    covering = session.scalar(
        select(func.count())
        .select_from(Absence)
        .where(
            Absence.staff_id == staff_id,
            Absence.start_at <= start,
            Absence.end_at >= end,
            Absence.status == AbsenceStatus.APPROVED.value,
        )
    )
    return bool(covering)
