"""How long each service's waitlist is (issue 17): the demand no free time met, for supervisors."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from service_api.domain.waitlist import OPEN_STATUSES, EntryStatus
from service_api.models import Service, WaitlistEntry


def lengths(session: Session, *, municipality_id: int | None) -> list[dict[str, Any]]:
    """Per service with anyone on its list: citizens waiting, and of them those holding an offer now.

    ``municipality_id`` is the reader's scope (``policy.statistics_scope``; None: every municipality).
    """
    offered = func.sum(case((WaitlistEntry.status == EntryStatus.OFFERED.value, 1), else_=0))
    query = (
        select(Service.id, Service.name_el, Service.name_en, func.count(WaitlistEntry.id), offered)
        .join(WaitlistEntry, WaitlistEntry.service_id == Service.id)
        .where(WaitlistEntry.status.in_([s.value for s in OPEN_STATUSES]))
        .group_by(Service.id, Service.name_el, Service.name_en)
        .order_by(Service.id)
    )
    if municipality_id is not None:
        query = query.where(WaitlistEntry.municipality_id == municipality_id)
    return [
        {"service_id": sid, "name_el": el, "name_en": en, "waiting": int(count), "offered": int(held or 0)}
        for sid, el, en, count, held in session.execute(query).all()
    ]
