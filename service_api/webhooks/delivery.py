"""One webhook outbox job: build the body, sign it, POST it, and log the attempt.

The job runner (``jobs.py``) calls :meth:`WebhookSender.deliver` for each ``webhook.delivery`` row and
turns a :class:`DeliveryFailed` into its usual retry with backoff (and, after
``DIMOS_OUTBOX_GIVE_UP_HOURS``, a failed job). A 2xx answer is a delivery; any other answer, a timeout
or a refused connection is retried. Each attempt leaves a ``webhook_delivery`` row: when, the status
code, how long, why it failed; never the body.

Deliveries of one booking to one endpoint go in order: a later event waits while an earlier one is
still pending (being retried), so a receiver never hears "cancelled" before "created".
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from service_api.db import Store
from service_api.domain.kinds import OutboxKind, OutboxStatus
from service_api.domain.webhooks import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    Contact,
    PersonalData,
    delivery_body,
    signature_header,
)
from service_api.models import Booking, Outbox
from service_api.webhooks.client import WebhookClient, WebhookHttpError
from service_api.webhooks.models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

# How soon a later event looks again whether the earlier one of its booking has gone.
ORDER_WAIT_SECONDS = 2.0
MAX_ERROR = 300


class DeliveryFailed(Exception):
    """Not delivered this time; the outbox retries after ``retry_after`` s (its backoff when None).

    ``count``: whether this was an attempt (a wait for an earlier event is not).
    """

    def __init__(self, message: str, *, retry_after: float | None = None, count: bool = True) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.count = count


@dataclass(frozen=True)
class _Target:
    url: str
    secret: str
    contact: Contact | None
    attempt: int


@dataclass
class WebhookSender:
    """Sends webhook outbox jobs. ``clock`` is the service's (log times, due times); ``wall`` gives the
    signature's timestamp, which receivers compare with their own clock, so it is always real time."""

    store: Store
    clock: Callable[[], datetime]
    client: WebhookClient = field(default_factory=WebhookClient)
    wall: Callable[[], float] = time.time

    def deliver(self, job_id: int, booking_id: int | None, payload: dict[str, Any]) -> None:
        """Deliver the event of outbox row ``job_id``; raises :class:`DeliveryFailed` to be retried."""
        endpoint_id = payload.get("endpoint_id")
        if not isinstance(endpoint_id, int):
            return  # not a delivery this version wrote: nothing to send it to
        target = self._target(job_id, booking_id, endpoint_id)
        if target is None:
            return  # the endpoint was removed meanwhile: its deliveries go with it
        event, event_id = str(payload.get("event", "")), str(payload.get("event_id", ""))
        body = delivery_body(
            event=event,
            event_id=event_id,
            occurred_at=str(payload.get("occurred_at", "")),
            booking=dict(payload.get("booking") or {}),
            contact=target.contact,
        )
        headers = {
            SIGNATURE_HEADER: signature_header(target.secret, int(self.wall()), body),
            EVENT_HEADER: event,
            DELIVERY_HEADER: event_id,
        }
        attempted_at = self.clock()
        started = time.monotonic()
        error, status = "", None
        try:
            status = self.client.post(target.url, body, headers).status_code
        except WebhookHttpError as exc:
            error = str(exc)
        else:
            if not 200 <= status < 300:
                error = f"the receiver answered HTTP {status}"
        duration = int((time.monotonic() - started) * 1000)
        reference = str((payload.get("booking") or {}).get("reference", ""))
        self._log(
            WebhookDelivery(
                endpoint_id=endpoint_id,
                outbox_id=job_id,
                event=event[:40],
                event_id=event_id[:40],
                booking_reference=reference[:20],
                attempt=target.attempt,
                attempted_at=attempted_at,
                status_code=status,
                duration_ms=duration,
                ok=not error,
                error=error[:MAX_ERROR],
            )
        )
        if error:
            raise DeliveryFailed(error)

    def _target(self, job_id: int, booking_id: int | None, endpoint_id: int) -> _Target | None:
        """Where and how to send, or None when the endpoint is gone; waits for an earlier event."""
        with self.store.read() as session:
            endpoint = session.get(WebhookEndpoint, endpoint_id)
            if endpoint is None:
                return None
            self._wait_for_earlier(session, job_id, booking_id, endpoint_id)
            attempts = session.scalar(select(Outbox.attempts).where(Outbox.id == job_id)) or 0
            contact = None
            if endpoint.personal_data == PersonalData.CONTACT and booking_id is not None:
                booking = session.get(Booking, booking_id)
                if booking is not None and booking.anonymised_at is None:
                    contact = Contact(booking.citizen_name, booking.citizen_email, booking.citizen_phone)
            return _Target(endpoint.url, endpoint.secret, contact, attempts + 1)

    def _wait_for_earlier(self, session: Any, job_id: int, booking_id: int | None, endpoint_id: int) -> None:
        if booking_id is None:
            return
        earlier = session.execute(
            select(Outbox.next_attempt_at, Outbox.payload)
            .where(
                Outbox.booking_id == booking_id,
                Outbox.kind == OutboxKind.WEBHOOK_DELIVERY.value,
                Outbox.status == OutboxStatus.PENDING.value,
                Outbox.id < job_id,
            )
            .order_by(Outbox.id)
        ).all()
        due = [when for when, payload in earlier if (payload or {}).get("endpoint_id") == endpoint_id]
        if due:
            wait = max(ORDER_WAIT_SECONDS, (min(due) - self.clock()).total_seconds())
            raise DeliveryFailed(
                "waiting for an earlier event of this booking", retry_after=wait, count=False
            )

    def _log(self, row: WebhookDelivery) -> None:
        """The attempt's log row. Its loss must not make the runner send the event again (the outbox
        row's outcome is what counts), so a failure here is told and passed over."""
        try:
            with self.store.write() as session:
                session.add(row)
        except Exception as exc:
            log.warning(
                "could not log a webhook delivery attempt (job %s): %s", row.outbox_id, type(exc).__name__
            )
