"""The job runner's heartbeat and what ``/healthz`` reads from it: is a runner alive, is the outbox moving."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from service_api.config import Config
from service_api.db import Store
from service_api.domain.kinds import OutboxKind, OutboxStatus
from service_api.models import JobHeartbeat, Outbox

# A runner gone for this long is forgotten: its row only told that it once ran.
FORGET_AFTER = timedelta(days=1)


def beat(session: Session, *, runner: str, started_at: datetime, now: datetime) -> None:
    """Record that ``runner`` is alive at ``now`` (inside the caller's write)."""
    result = session.execute(update(JobHeartbeat).where(JobHeartbeat.runner == runner).values(beat_at=now))
    if not getattr(result, "rowcount", 0):
        session.execute(delete(JobHeartbeat).where(JobHeartbeat.beat_at < now - FORGET_AFTER))
        session.add(JobHeartbeat(runner=runner, started_at=started_at, beat_at=now))


@dataclass(frozen=True)
class JobsHealth:
    """The newest heartbeat of any runner and how long the longest-waiting due outbox row has waited."""

    last_heartbeat: datetime | None
    oldest_due: datetime | None
    now: datetime
    silent_limit: timedelta
    backlog_limit: timedelta

    @property
    def heartbeat_age(self) -> float | None:
        return None if self.last_heartbeat is None else (self.now - self.last_heartbeat).total_seconds()

    @property
    def backlog_age(self) -> float:
        return 0.0 if self.oldest_due is None else max(0.0, (self.now - self.oldest_due).total_seconds())

    @property
    def problems(self) -> list[str]:
        """Why the service is unhealthy. No heartbeat at all is no problem by itself (a runner may not
        have started yet, or runs elsewhere); a backlog then tells that nothing drains the outbox."""
        found = []
        age = self.heartbeat_age
        if age is not None and age > self.silent_limit.total_seconds():
            found.append("job runner silent")
        if self.backlog_age > self.backlog_limit.total_seconds():
            found.append("outbox backlog")
        return found

    def as_json(self) -> dict[str, object]:
        return {
            "last_heartbeat": self.last_heartbeat.isoformat() if self.last_heartbeat else None,
            "heartbeat_age_seconds": None if self.heartbeat_age is None else round(self.heartbeat_age, 1),
            "oldest_due_outbox_age_seconds": round(self.backlog_age, 1),
            "problems": self.problems,
        }


def jobs_health(store: Store, config: Config, *, now: datetime) -> JobsHealth:
    """Read the heartbeat and the backlog. A row waits since it was first due: a retried row since it
    was created (its next attempt moves on with every failure, its wait does not).

    Webhook deliveries are left out of the backlog: a municipality's receiver that is down is its own
    outage, and must not take every service process out of a load balancer (their log tells it).
    """
    waiting_since = case((Outbox.attempts == 0, Outbox.next_attempt_at), else_=Outbox.created_at)
    with store.read() as session:
        last = session.scalar(select(func.max(JobHeartbeat.beat_at)))
        oldest = session.scalar(
            select(func.min(waiting_since)).where(
                Outbox.status == OutboxStatus.PENDING,
                waiting_since <= now,
                Outbox.kind != OutboxKind.WEBHOOK_DELIVERY.value,
            )
        )
    return JobsHealth(
        last_heartbeat=_aware(last),
        oldest_due=_aware(oldest),
        now=now,
        silent_limit=timedelta(seconds=config.health_runner_silent_seconds),
        backlog_limit=timedelta(seconds=config.health_outbox_backlog_seconds),
    )


def _aware(value: datetime | str | None) -> datetime | None:
    """Aggregates may skip the column's type on SQLite: parse and mark as UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
