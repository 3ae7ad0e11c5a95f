"""Reads for accessibility needs (issue 18): which clerks offer what, applied to slots and plans.

The search and the booking path filter with the same ``domain.needs.qualifies``, read under the
same transaction, so a time offered for an interpreter is re-checked with the same rule when booked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking.catalogue_cache import ServiceFacts
from service_api.domain import needs as needs_rules
from service_api.domain.availability import Slot
from service_api.domain.needs import Needs, StaffSupport
from service_api.models import Staff

T = TypeVar("T")


def staff_supports(session: Session, staff_ids: Iterable[int]) -> dict[int, StaffSupport]:
    """The support each of these clerks offers (none for a clerk who set nothing)."""
    ids = sorted(set(staff_ids))
    if not ids:
        return {}
    rows = session.execute(select(Staff.id, Staff.supports).where(Staff.id.in_(ids)))
    return {int(sid): needs_rules.support_from_json(stored) for sid, stored in rows}


def only_qualifying(session: Session, slots: list[Slot], needs: Needs, *, municipality_id: int) -> list[Slot]:
    """The slots with only the clerks who can serve ``needs``; slots left with none are dropped."""
    if not needs_rules.limits_staff(needs):
        return slots
    rows = session.execute(
        select(Staff.id, Staff.supports).where(
            Staff.municipality_id == municipality_id, Staff.active.is_(True)
        )
    )
    supports = {int(sid): needs_rules.support_from_json(stored) for sid, stored in rows}
    allowed = needs_rules.qualifying_ids(supports, needs)
    kept = []
    for slot in slots:
        ids = tuple(sid for sid in slot.staff_ids if sid in allowed)
        if ids:
            kept.append(slot if len(ids) == len(slot.staff_ids) else replace(slot, staff_ids=ids))
    return kept


def qualifying_plans(session: Session, plans: Mapping[int, T], needs: Needs) -> dict[int, T]:
    """``plans`` of only the clerks who can serve ``needs``: the booking path's half of the filter."""
    if not needs_rules.limits_staff(needs):
        return dict(plans)
    supports = staff_supports(session, plans)
    allowed = needs_rules.qualifying_ids(supports, needs)
    return {sid: plan for sid, plan in plans.items() if sid in allowed}


def facts_for(facts: ServiceFacts, needs: Needs) -> ServiceFacts:
    """The service's facts with the slot lengthened by the citizen's extra time, if asked for."""
    extra = needs_rules.extra_minutes(needs, facts.service.extra_time_minutes)
    if not extra:
        return facts
    return replace(facts, rules=replace(facts.rules, duration_minutes=facts.rules.duration_minutes + extra))
