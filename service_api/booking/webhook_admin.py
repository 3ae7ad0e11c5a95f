"""Webhooks as admins run them: register an endpoint, list and remove them, read the delivery log,
send a delivery again (issue 17).

One guarded function per write, each with its audit row; only admins (``policy.require_webhook_admin``).
A secret is stored as given, since it must sign, and never leaves in an answer: views carry its last
four characters. The delivery log holds no body: "send again" queues a copy of the outbox row the
delivery came from (same event and id, a fresh timestamp and signature).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from service_api.booking import journal
from service_api.booking.service import BookingService
from service_api.db import Store
from service_api.domain.errors import DomainError, NotFound, RuleViolation
from service_api.domain.kinds import OutboxKind, OutboxStatus
from service_api.domain.policy import Actor, require_webhook_admin
from service_api.domain.webhooks import (
    MAX_DESCRIPTION_LENGTH,
    MAX_ENDPOINTS,
    PersonalData,
    events_problem,
    ordered_events,
    secret_hint,
    secret_problem,
    url_problem,
)
from service_api.models import Outbox
from service_api.webhooks.models import WebhookDelivery, WebhookEndpoint

DELIVERY_LIST_LIMIT = 100


class EventGone(DomainError):
    """The delivery's event is no longer kept (its booking's data was purged): nothing to send again."""

    code = "webhook_event_gone"
    status = 409


@dataclass(frozen=True)
class DeliveryView:
    """One attempt, as the log shows it."""

    id: int
    endpoint_id: int
    event: str
    event_id: str
    booking_reference: str
    attempt: int
    attempted_at: datetime
    status_code: int | None
    duration_ms: int
    ok: bool
    error: str
    can_send_again: bool

    @classmethod
    def of(cls, row: WebhookDelivery) -> DeliveryView:
        return cls(
            id=row.id,
            endpoint_id=row.endpoint_id,
            event=row.event,
            event_id=row.event_id,
            booking_reference=row.booking_reference,
            attempt=row.attempt,
            attempted_at=row.attempted_at,
            status_code=row.status_code,
            duration_ms=row.duration_ms,
            ok=row.ok,
            error=row.error,
            can_send_again=row.outbox_id is not None,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "webhook_id": self.endpoint_id,
            "event": self.event,
            "event_id": self.event_id,
            "booking_reference": self.booking_reference,
            "attempt": self.attempt,
            "attempted_at": self.attempted_at.isoformat(),
            "status_code": self.status_code,
            "duration_ms": self.duration_ms,
            "ok": self.ok,
            "error": self.error,
            "can_send_again": self.can_send_again,
        }


@dataclass(frozen=True)
class EndpointView:
    """A registered endpoint without its secret (``secret_hint``: its last four characters)."""

    id: int
    url: str
    secret_hint: str
    events: list[str]
    personal_data: str
    description: str
    created_at: datetime
    last_delivery: DeliveryView | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "secret_hint": self.secret_hint,
            "events": self.events,
            "personal_data": self.personal_data,
            "description": self.description,
            "created_at": self.created_at.isoformat(),
            "last_delivery": self.last_delivery.as_json() if self.last_delivery else None,
        }


def _view(endpoint: WebhookEndpoint, last: WebhookDelivery | None) -> EndpointView:
    return EndpointView(
        id=endpoint.id,
        url=endpoint.url,
        secret_hint=secret_hint(endpoint.secret),
        events=ordered_events(endpoint.events or []),
        personal_data=endpoint.personal_data,
        description=endpoint.description,
        created_at=endpoint.created_at,
        last_delivery=DeliveryView.of(last) if last is not None else None,
    )


# ----------------------------------------------------------------- register and remove
def register(
    service: BookingService,
    actor: Actor,
    *,
    url: str,
    secret: str,
    events: Iterable[str],
    personal_data: str = PersonalData.NONE.value,
    description: str = "",
) -> EndpointView:
    """A new endpoint, receiving ``events`` from the next booking write on. 422 naming each bad field."""
    require_webhook_admin(actor)
    chosen = list(events)
    problems = {
        name: problem
        for name, problem in (
            ("url", url_problem(url, allow_local_http=service.config.webhooks_allow_local_http)),
            ("secret", secret_problem(secret)),
            ("events", events_problem(chosen)),
        )
        if problem is not None
    }
    if personal_data not in {level.value for level in PersonalData}:
        problems["personal_data"] = "Use none or contact."
    if len(description) > MAX_DESCRIPTION_LENGTH:
        problems["description"] = f"At most {MAX_DESCRIPTION_LENGTH} characters."
    if problems:
        raise RuleViolation("The webhook cannot be registered as given.", fields=problems)
    now = service.clock()
    with service.transaction() as session:
        if (session.scalar(select(func.count()).select_from(WebhookEndpoint)) or 0) >= MAX_ENDPOINTS:
            raise RuleViolation(f"At most {MAX_ENDPOINTS} webhooks; remove one first.")
        endpoint = WebhookEndpoint(
            url=url,
            secret=secret,
            events=ordered_events(chosen),
            personal_data=personal_data,
            description=description,
            created_by=actor.id,
            created_at=now,
        )
        session.add(endpoint)
        session.flush()
        journal.audit(
            session,
            actor,
            "webhook.registered",
            None,
            webhook_id=endpoint.id,
            events=endpoint.events,
            personal_data=personal_data,
        )
        return _view(endpoint, None)


def remove(service: BookingService, actor: Actor, endpoint_id: int) -> None:
    """Remove an endpoint with its delivery log and the deliveries still queued for it."""
    require_webhook_admin(actor)
    with service.transaction() as session:
        endpoint = session.get(WebhookEndpoint, endpoint_id)
        if endpoint is None:
            raise NotFound("No such webhook.")
        queued = session.execute(
            select(Outbox.id, Outbox.payload).where(
                Outbox.kind == OutboxKind.WEBHOOK_DELIVERY.value, Outbox.status == OutboxStatus.PENDING.value
            )
        ).all()
        dropped = [job_id for job_id, payload in queued if (payload or {}).get("endpoint_id") == endpoint_id]
        if dropped:
            session.execute(delete(Outbox).where(Outbox.id.in_(dropped)))
        session.delete(endpoint)
        journal.audit(
            session, actor, "webhook.removed", None, webhook_id=endpoint_id, dropped_deliveries=len(dropped)
        )


# ----------------------------------------------------------------- reads
def list_endpoints(store: Store, actor: Actor) -> list[EndpointView]:
    """Every endpoint, oldest first, each with its latest delivery attempt."""
    require_webhook_admin(actor)
    with store.read() as session:
        endpoints = session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
        latest = select(func.max(WebhookDelivery.id)).group_by(WebhookDelivery.endpoint_id)
        last = {
            d.endpoint_id: d
            for d in session.scalars(select(WebhookDelivery).where(WebhookDelivery.id.in_(latest)))
        }
        return [_view(endpoint, last.get(endpoint.id)) for endpoint in endpoints]


def deliveries(
    store: Store, actor: Actor, endpoint_id: int, *, limit: int = DELIVERY_LIST_LIMIT
) -> list[DeliveryView]:
    """An endpoint's delivery attempts, newest first."""
    require_webhook_admin(actor)
    with store.read() as session:
        if session.get(WebhookEndpoint, endpoint_id) is None:
            raise NotFound("No such webhook.")
        rows = session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == endpoint_id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
        return [DeliveryView.of(row) for row in rows]


# ----------------------------------------------------------------- send again
@dataclass(frozen=True)
class Resent:
    job_id: int
    webhook_id: int
    event: str
    event_id: str

    def as_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "webhook_id": self.webhook_id,
            "event": self.event,
            "event_id": self.event_id,
            "status": "pending",
        }


def send_again(service: BookingService, actor: Actor, delivery_id: int) -> Resent:
    """Queue the delivery's event for its endpoint once more, due at once (same event id, new signature).

    404 for an unknown delivery; 409 when the event is no longer kept (purged with its booking's data).
    """
    require_webhook_admin(actor)
    with service.transaction() as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        if delivery is None:
            raise NotFound("No such webhook delivery.")
        job = session.get(Outbox, delivery.outbox_id) if delivery.outbox_id is not None else None
        if job is None:
            raise EventGone("This delivery's event is no longer kept, so it cannot be sent again.")
        now = journal.service_now(session)
        copy = Outbox(
            kind=OutboxKind.WEBHOOK_DELIVERY.value,
            booking_id=job.booking_id,
            payload={**job.payload, "resent_from": delivery.id},
            status=OutboxStatus.PENDING.value,
            attempts=0,
            next_attempt_at=now,
            last_error="",
            created_at=now,
        )
        session.add(copy)
        session.flush()
        journal.audit(
            session,
            actor,
            "webhook.resent",
            None,
            booking_id=job.booking_id,
            webhook_id=delivery.endpoint_id,
            delivery_id=delivery.id,
        )
        return Resent(copy.id, delivery.endpoint_id, delivery.event, delivery.event_id)
