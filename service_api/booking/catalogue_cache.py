"""The catalogue facts every booking write needs, read once per process and kept until they change.

A booking needs its service (with group and municipality), the municipality's own holidays and the
weekly plans of the clerks qualified for the service and mode. Those rows change only through staff
and catalogue writes, and each of them appends a 'staff' or 'catalogue' row to the change log. The
newest such row's sequence number (one lookup in a partial index, read in the booking's first
statement) is the *stamp*. Facts are kept under the stamp that was current when they were read, and
reused only by a request that sees that same stamp, so a write never uses facts older than the last
catalogue change it can see, and reads them once instead of on every request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from service_api.booking import calendars
from service_api.domain.availability import ServiceRules
from service_api.domain.closures import ClosureRule, closed_hours
from service_api.domain.errors import RuleViolation
from service_api.domain.working_plan import WorkingPlan
from service_api.models import Service, ServiceGroup

T = TypeVar("T")


@dataclass(frozen=True)
class ServiceFacts:
    """A service as the booking rules see it.

    ``service`` is detached from any session, with its group and municipality loaded: it may be
    read from any thread (the reply to a new booking shows its names) but never attached again.
    """

    service: Service
    zone: ZoneInfo
    rules: ServiceRules
    municipal_holidays: tuple[ClosureRule, ...]

    @property
    def id(self) -> int:
        return self.service.id

    @property
    def municipality_id(self) -> int:
        return self.service.municipality_id

    def closed_on(self, day: date) -> bool:
        return day in calendars.closed_days_from(self.municipal_holidays, day, day)

    def closed_at(self, start: datetime, end: datetime) -> bool:
        """Whether the office is shut on that day or during any of ``[start, end)`` (closed hours)."""
        first, last = start.astimezone(self.zone).date(), end.astimezone(self.zone).date()
        if calendars.closed_days_from(self.municipal_holidays, first, last):
            return True
        s, e = int(start.timestamp()), int(end.timestamp())
        hours = closed_hours(self.municipal_holidays, first, last, self.zone)
        return any(h.start_s < e and s < h.end_s for h in hours)


class CatalogueCache:
    """Service facts and qualified plans per process, kept under the catalogue stamp."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp = -1
        self._entries: dict[tuple[Any, ...], Any] = {}

    def read_stamp(self, session: Session) -> int:
        return int(session.scalar(select(calendars.catalogue_stamp())) or 0)

    def service(self, session: Session, stamp: int, service_id: int) -> ServiceFacts | None:
        """The facts of a service (active or not), or None when there is no such service.

        Only services that exist are kept: ids are the client's to choose, and a cache of every
        id anyone ever asked for would grow without bound.
        """
        return self._get(
            stamp, ("service", service_id), lambda: _load_service(session, service_id), keep_none=False
        )

    def qualified_plans(
        self, session: Session, stamp: int, facts: ServiceFacts, mode: str
    ) -> dict[int, WorkingPlan]:
        """``calendars.qualified_plans``; shared between requests, so callers must not change it."""
        return self._get(
            stamp,
            ("plans", facts.id, mode),
            lambda: calendars.qualified_plans(session, facts.service, mode),
        )

    def _get(self, stamp: int, key: tuple[Any, ...], load: Callable[[], T], *, keep_none: bool = True) -> T:
        with self._lock:
            if stamp > self._stamp:
                self._stamp = stamp
                self._entries.clear()
            if stamp == self._stamp and key in self._entries:
                return self._entries[key]
        # Read after the stamp, in the caller's transaction: at least as new as the stamp says.
        value = load()
        with self._lock:
            # Kept only under the stamp it was read with: a newer stamp seen meanwhile means the
            # value may be too old for it, an older one (a request that started earlier) is ignored.
            if stamp == self._stamp and (keep_none or value is not None):
                self._entries[key] = value
        return value


def _load_service(session: Session, service_id: int) -> ServiceFacts | None:
    service = session.scalar(
        select(Service)
        .options(joinedload(Service.group).joinedload(ServiceGroup.municipality))
        .where(Service.id == service_id)
    )
    if service is None:
        return None
    if (
        service.duration_minutes > calendars.MAX_DURATION.total_seconds() // 60
        or max(service.buffer_before_minutes, service.buffer_after_minutes)
        > calendars.MAX_BUFFER.total_seconds() // 60
    ):
        # The catalogue file refuses these; the reads around a slot rely on the caps.
        raise RuleViolation(
            "This service is set up longer than bookings allow. Please tell the municipality."
        )
    group = service.group
    municipality = group.municipality
    holidays = calendars.holiday_rows(session, municipality.id)
    # Out of the session now, so no later statement of this transaction can touch or expire them.
    for instance in (service, group, municipality):
        session.expunge(instance)
    return ServiceFacts(service, calendars.zone_of(municipality), calendars.rules_of(service), holidays)
