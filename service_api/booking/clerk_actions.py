"""What a clerk records on a booking at the desk: documents, identity, check-in, outcome, notes; meetings.

None of these moves the clerk's time, so each is logged as an ``annotated`` change: open desktops
refresh the booking, the availability cache keeps its answers. Each method is one guarded write
transaction (``BookingService.transaction``) built from the blocks of ``booking.transaction``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from service_api.booking import co_applicant_rows, journal, transaction, webhook_events
from service_api.booking.service import BookingService
from service_api.domain import lifecycle, rules
from service_api.domain.errors import RuleViolation
from service_api.domain.kinds import ChangeOp, DocumentState, IdentityDocument
from service_api.domain.policy import Actor, require_sees_booking
from service_api.domain.rules import Status
from service_api.domain.webhooks import WebhookEvent
from service_api.models import Booking, BookingDocument, IdentityVerification

_DOCUMENT_STATES = frozenset(s.value for s in DocumentState)
_IDENTITY_DOCUMENTS = frozenset(d.value for d in IdentityDocument)
MAX_NOTES = 5000


def _booking_of_staff(session: Session, reference: str, actor: Actor) -> Booking:
    """The booking locked for the change, if ``actor`` may see it (404 otherwise: existence not revealed)."""
    booking = transaction.booking_for_update(session, reference=reference)
    require_sees_booking(actor, municipality_id=booking.municipality_id, staff_id=booking.staff_id)
    return booking


class ClerkActions:
    """The desk's writes on one booking; reads ``bookings.clock`` at each call so tests can move it."""

    def __init__(self, bookings: BookingService) -> None:
        self.bookings = bookings

    def set_document_state(self, *, reference: str, code: str, state: str, actor: Actor) -> Booking:
        """Tick a required document on the booking's checklist (received, missing, not applicable)."""
        if state not in _DOCUMENT_STATES:
            raise RuleViolation(
                "Unknown document state.",
                fields={"state": "Use received, missing, not_applicable or pending."},
            )
        now = self.bookings.clock()
        with self.bookings.transaction() as session:
            booking = _booking_of_staff(session, reference, actor)
            lifecycle.require_not_cancelled(booking.status)
            doc = session.get(BookingDocument, (booking.id, code))
            if doc is None:
                raise RuleViolation(
                    "This service does not ask for that document.", fields={"code": "Unknown document."}
                )
            doc.state, doc.updated_by, doc.updated_at = state, actor.id, now
            transaction.touch(booking, now=now)
            journal.audit(session, actor, "document", booking, code=code, state=state)
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
            return booking

    def verify_identity(
        self,
        *,
        reference: str,
        actor: Actor,
        document_type: str,
        name_matches: bool,
        taxisnet_matches: bool | None = None,
        note: str = "",
    ) -> Booking:
        """Record that the clerk saw an identity document whose name matches (and TAXISnet's, if used)."""
        if document_type not in _IDENTITY_DOCUMENTS:
            raise RuleViolation(
                "Unknown identity document.",
                fields={"document_type": "Use identity_card, passport or other."},
            )
        now = self.bookings.clock()
        with self.bookings.transaction() as session:
            booking = _booking_of_staff(session, reference, actor)
            lifecycle.require_not_cancelled(booking.status)
            if booking.status == Status.HELD.value:
                raise RuleViolation(f"A booking that is {booking.status} cannot be verified.")
            if not name_matches:
                raise RuleViolation(
                    "Identity cannot be confirmed when the name does not match.",
                    fields={"name_matches": "The name on the document must match the booking."},
                )
            if booking.citizen_via_taxisnet and taxisnet_matches is not True:
                raise RuleViolation(
                    "This citizen came through TAXISnet: confirm that the TAXISnet name and AFM match.",
                    fields={"taxisnet_matches": "Required for TAXISnet bookings."},
                )
            record = session.get(IdentityVerification, booking.id)
            if record is None:
                record = IdentityVerification(booking_id=booking.id)
                session.add(record)
            record.document_type = document_type
            record.name_matches = name_matches
            record.taxisnet_matches = taxisnet_matches
            record.note = note
            record.verified_by = actor.id
            record.verified_at = now
            transaction.touch(booking, now=now)
            journal.audit(session, actor, "identity_verified", booking, document_type=document_type)
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
            return booking

    def check_in(self, *, reference: str, actor: Actor) -> Booking:
        """The citizen has arrived (or joined the call): only on the booking's day (``lifecycle``)."""
        now = self.bookings.clock()
        with self.bookings.transaction() as session:
            booking = _booking_of_staff(session, reference, actor)
            lifecycle.check_check_in(booking.status, booking.start_at, now)
            rules.check_transition(Status(booking.status), Status.CHECKED_IN)
            booking.status = Status.CHECKED_IN.value
            booking.checked_in_at = now
            transaction.touch(booking, now=now)
            journal.audit(session, actor, "checked_in", booking)
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
            return booking

    def record_outcome(
        self,
        *,
        reference: str,
        outcome: rules.Outcome,
        actor: Actor,
        note: str = "",
        confirm_missing_documents: bool = False,
    ) -> Booking:
        """Close a booking. Anything but a no-show needs the identity check first; a no-show needs a
        start that has passed and no check-in; «completed» with documents not received needs
        ``confirm_missing_documents`` (the audit then lists them)."""
        now = self.bookings.clock()
        with self.bookings.transaction() as session:
            booking = _booking_of_staff(session, reference, actor)
            lifecycle.require_not_cancelled(booking.status)
            if outcome is rules.Outcome.NO_SHOW:
                lifecycle.check_no_show(
                    booking.status, booking.checked_in_at is not None, booking.start_at, now
                )
            target = rules.status_for_outcome(outcome)
            rules.check_transition(Status(booking.status), target)
            if outcome is not rules.Outcome.NO_SHOW:  # issue 18: everyone of a joint appointment
                co_applicant_rows.require_everyone_verified(session, booking)
            if outcome is not rules.Outcome.NO_SHOW and session.get(IdentityVerification, booking.id) is None:
                raise RuleViolation(
                    "Verify the citizen's identity before completing the appointment.",
                    fields={"identity": "Identity not verified yet."},
                )
            required = list(booking.service.required_documents)
            missing = lifecycle.missing_documents(required, {d.code: d.state for d in booking.documents})
            lifecycle.check_completion(outcome, missing, len(required), confirmed=confirm_missing_documents)
            booking.status = target.value
            booking.outcome = outcome.value
            booking.outcome_note = note
            transaction.touch(booking, now=now)
            details: dict[str, object] = {"outcome": outcome.value}
            if outcome is rules.Outcome.COMPLETED and missing:
                details["missing_documents"] = [d.code for d in missing]
            journal.audit(session, actor, "outcome", booking, **details)
            webhook_events.booking_event(session, WebhookEvent.COMPLETED, booking, outcome=outcome.value)
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
            return booking

    def update_notes(
        self, *, reference: str, notes: str, actor: Actor, expected_version: int | None = None
    ) -> Booking:
        """The clerk's free-text notes, refused if the booking changed since the clerk loaded it."""
        now = self.bookings.clock()
        with self.bookings.transaction() as session:
            booking = _booking_of_staff(session, reference, actor)
            lifecycle.require_not_cancelled(booking.status)
            transaction.check_version(booking, expected_version=expected_version)
            booking.notes = notes[:MAX_NOTES]
            transaction.touch(booking, now=now)
            journal.audit(session, actor, "notes", booking)
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
            return booking

    def record_meeting(self, *, reference: str, join_url: str, external_id: str) -> None:
        """Store what the meeting provider returned, so the clerk's calendar and the e-mail show the link."""
        now = self.bookings.clock()
        with self.bookings.transaction() as session:
            booking = transaction.booking_for_update(session, reference=reference)
            if booking.meeting_url == join_url and booking.meeting_external_id == external_id:
                return
            booking.meeting_url = join_url
            booking.meeting_external_id = external_id
            transaction.touch(booking, now=now)
            journal.audit(session, Actor.system(), "meeting_linked", booking)
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
