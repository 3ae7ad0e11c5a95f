"""Webhook events of booking writes: one outbox row per subscribed endpoint, in the write's transaction.

Called by the writers where the event happens (created and confirmed in ``BookingService.create`` and
``confirm``, ``reschedule``, ``cancel``, ``transaction.record_move`` for a reassignment, the outcome in
``clerk_actions.record_outcome``), so an event is queued exactly when its booking change commits.
A hold is no booking yet: it has no events until it is confirmed.

The outbox row holds the event as it was (``domain.webhooks.booking_snapshot``: nothing that names the
citizen); the job runner adds the citizen's contact details at sending time, for an endpoint that asked
for them (``webhooks/delivery.py``).
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import journal
from service_api.domain.kinds import OutboxKind
from service_api.domain.rules import Status
from service_api.domain.webhooks import BookingFacts, WebhookEvent, booking_snapshot, utc_text
from service_api.models import Booking, Municipality, Service
from service_api.webhooks.models import WebhookEndpoint

# Every booking write reads this (a handful of rows at most): which endpoints want which events.
_SUBSCRIPTIONS = select(WebhookEndpoint.id, WebhookEndpoint.events).order_by(WebhookEndpoint.id)


def new_event_id() -> str:
    """The event's id, the same in every delivery of it (retries, "send again", every endpoint)."""
    return "evt_" + secrets.token_hex(12)


def booking_event(session: Session, event: WebhookEvent, booking: Booking, **details: Any) -> int:
    """Queue ``event`` about ``booking`` (as it is now) for every endpoint subscribed to it.

    ``details`` go into the body's ``booking`` object (``previous``, ``outcome``, ``cancelled_by``).
    Returns how many deliveries were queued.
    """
    endpoint_ids = [eid for eid, events in session.execute(_SUBSCRIPTIONS) if event.value in (events or ())]
    if not endpoint_ids:
        return 0
    names = session.execute(
        select(Municipality.slug, Service.slug)
        .join(Service, Service.municipality_id == Municipality.id)
        .where(Service.id == booking.service_id)
    ).first()
    municipality, service = names if names is not None else ("", "")
    facts = BookingFacts(
        reference=booking.reference,
        municipality=municipality,
        service_id=booking.service_id,
        service=service,
        mode=booking.mode,
        start=booking.start_at,
        end=booking.end_at,
        status=booking.status,
        clerk_id=booking.staff_id,
    )
    snapshot = booking_snapshot(facts, **details)
    occurred_at = utc_text(journal.service_now(session))
    event_id = new_event_id()
    for endpoint_id in endpoint_ids:
        journal.enqueue_for(
            session,
            OutboxKind.WEBHOOK_DELIVERY,
            booking.id,
            endpoint_id=endpoint_id,
            event=event.value,
            event_id=event_id,
            occurred_at=occurred_at,
            booking=snapshot,
        )
    return len(endpoint_ids)


def was_booked(status: str) -> bool:
    """Whether a booking in ``status`` had its ``created`` event: every status but a hold's."""
    # Issue 18: a joint booking waiting for its co-applicants has its event when they confirm.
    return status not in (Status.HELD.value, Status.AWAITING_CO_APPLICANT.value)
