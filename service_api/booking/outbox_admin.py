"""Seeing and retrying outbox jobs: what an operator does after an SMTP or meeting-provider outage.

Admins see every job; supervisors those of their municipality's bookings. A retry is one guarded write
with its audit row. What a job row holds is its kind, its booking and why it failed (without
addresses): never the citizen's details, which the runner reads from the booking when it sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from service_api.booking import journal
from service_api.booking.service import BookingService
from service_api.db import Store
from service_api.domain.errors import InvalidTransition, NotFound
from service_api.domain.kinds import OutboxStatus
from service_api.domain.policy import Actor, municipality_scope, require_supervising_role, supervises
from service_api.models import Booking, Outbox

LIST_LIMIT = 500


@dataclass(frozen=True)
class OutboxEntry:
    """One job as an operator sees it."""

    id: int
    kind: str
    status: str
    attempts: int
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    booking_reference: str | None
    municipality_id: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "created_at": self.created_at.isoformat(),
            "next_attempt_at": self.next_attempt_at.isoformat(),
            "booking_reference": self.booking_reference,
            "municipality_id": self.municipality_id,
        }


def _entries(actor: Actor) -> Select[Outbox, str, int]:
    query = select(Outbox, Booking.reference, Booking.municipality_id).outerjoin(
        Booking, Booking.id == Outbox.booking_id
    )
    scope = municipality_scope(actor)
    if scope is not None:
        query = query.where(Booking.municipality_id == scope)
    return query


def _entry(row: Outbox, reference: str | None, municipality_id: int | None) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        kind=row.kind,
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        booking_reference=reference,
        municipality_id=municipality_id,
    )


def list_jobs(
    store: Store, actor: Actor, *, status: OutboxStatus | None = None, limit: int = LIST_LIMIT
) -> list[OutboxEntry]:
    """Jobs the actor supervises, newest first; ``status`` narrows them (``FAILED``: what needs a hand)."""
    require_supervising_role(actor, "Only supervisors and admins see the outbox.")
    query = _entries(actor).order_by(Outbox.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Outbox.status == status)
    with store.read() as session:
        return [_entry(job, reference, muni) for job, reference, muni in session.execute(query)]


def _reopen(job: Outbox, now: datetime) -> None:
    """Due at once, with a fresh retry period: its wait (and its give-up clock) starts again."""
    job.status = OutboxStatus.PENDING.value
    job.attempts = 0
    job.next_attempt_at = now
    job.created_at = now
    job.locked_until = None
    job.claimed_by = None


def retry_job(service: BookingService, actor: Actor, job_id: int) -> OutboxEntry:
    """Put a failed job back in the queue. 404 for a job the actor does not supervise; 409 unless failed."""
    now = service.clock()
    with service.transaction() as session:
        found = session.execute(_entries(actor).where(Outbox.id == job_id).with_for_update(of=Outbox)).first()
        if found is None:
            raise NotFound("No such outbox job.")
        job, reference, municipality_id = found
        if not supervises(actor, municipality_id):
            raise NotFound("No such outbox job.")
        if job.status != OutboxStatus.FAILED:
            raise InvalidTransition(f"Only a failed job can be retried; this one is {job.status}.")
        _reopen(job, now)
        journal.audit(session, actor, "outbox.retry", None, booking_id=job.booking_id, job_id=job.id)
        return _entry(job, reference, municipality_id)


def retry_all_failed(service: BookingService, actor: Actor) -> int:
    """Every failed job the actor supervises back in the queue, in one write; returns how many."""
    require_supervising_role(actor, "Only supervisors and admins retry outbox jobs.")
    now = service.clock()
    with service.transaction() as session:
        failed = _entries(actor).where(Outbox.status == OutboxStatus.FAILED).with_for_update(of=Outbox)
        jobs = [job for job, _, _ in session.execute(failed)]
        for job in jobs:
            _reopen(job, now)
        if jobs:
            journal.audit(session, actor, "outbox.retry", None, job_ids=[job.id for job in jobs])
        return len(jobs)
