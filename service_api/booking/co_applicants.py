"""Joint appointments (issue 18): the writes that belong to co-applicants themselves.

A co-applicant confirms (after signing in), cancels for everyone, is released with the booking when
the deadline passes, and has their identity checked at the desk. Each is one guarded write
(``BookingService.transaction``) that writes audit, change log and outbox beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service_api.booking import co_applicant_rows as rows
from service_api.booking import journal, transaction, webhook_events
from service_api.booking.service import BookingService
from service_api.domain import co_applicants as co_rules
from service_api.domain import lifecycle
from service_api.domain.co_applicants import CoApplicantStatus
from service_api.domain.errors import NotFound, RuleViolation, SlotUnavailable
from service_api.domain.kinds import ChangeOp, IdentityDocument, OutboxKind
from service_api.domain.policy import Actor, require_sees_booking
from service_api.domain.rules import Status
from service_api.domain.webhooks import WebhookEvent
from service_api.models import Booking, BookingCoApplicant
from service_api.security import afm_hash, citizen_key

_DOCUMENTS = frozenset(d.value for d in IdentityDocument)


@dataclass(frozen=True)
class SignedIn:
    """Who confirms: the address their e-mail code proved, or TAXISnet's AFM and name."""

    email: str = ""
    afm: str = ""
    name: str = ""


def _row(session: Session, booking: Booking, position: int) -> BookingCoApplicant:
    row = session.get(BookingCoApplicant, (booking.id, position))
    if row is None:
        raise NotFound("No such co-applicant.")
    return row


class CoApplicants:
    """The co-applicants' own writes, over the one booking service."""

    def __init__(self, bookings: BookingService) -> None:
        self.bookings = bookings

    def confirm(self, *, reference: str, position: int, who: SignedIn) -> Booking:
        """The co-applicant takes part. When the last one confirms, the booking is confirmed and
        everyone gets the confirmation (with its invitation and, later, the meeting link)."""
        now = self.bookings.clock()
        secret = self.bookings.config.secret_key
        with self.bookings.transaction() as session:
            booking = transaction.booking_for_update(session, reference=reference)
            row = _row(session, booking, position)
            if row.status == CoApplicantStatus.CONFIRMED.value:
                return booking
            if booking.status != Status.AWAITING_CO_APPLICANT.value or row.deadline <= now:
                raise SlotUnavailable("This joint appointment can no longer be confirmed.")
            if not who.afm and who.email.strip().lower() != row.email.strip().lower():
                raise RuleViolation(
                    "Sign in with the e-mail address the invitation was sent to.",
                    fields={"email": "Not the invited address."},
                )
            row.status = CoApplicantStatus.CONFIRMED.value
            row.confirmed_at = now
            row.via_taxisnet = bool(who.afm)
            row.afm_hash = afm_hash(secret, who.afm) if who.afm else None
            row.citizen_key = citizen_key(secret, row.email, who.afm or None)
            if who.name.strip() and not row.name:
                row.name = who.name.strip()[:200]
            journal.audit(session, Actor.citizen(), "co_applicant_confirmed", booking, position=position)
            everyone = rows.of_booking(session, booking.id)
            if co_rules.all_confirmed([r.status for r in everyone]):
                booking.status = Status.CONFIRMED.value
                transaction.touch(booking, now=now)
                journal.audit(session, Actor.system(), "confirmed", booking)
                self.bookings.after_confirm(session, booking)
                rows.notify_all(session, OutboxKind.EMAIL_CONFIRMATION, booking)
                webhook_events.booking_event(session, WebhookEvent.CREATED, booking)
            else:
                transaction.touch(booking, now=now)
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
            return booking

    def cancel(self, *, reference: str, position: int) -> Booking:
        """The co-applicant cancels: the booking goes for everyone, and the others are told."""
        with self.bookings.store.read() as session:
            booking = transaction.booking_for_update(session, reference=reference, lock=False)
            _row(session, booking, position)
        return self.bookings.cancel(
            reference,
            Actor.citizen(),
            reason=co_rules.CANCELLED_BY_CO_APPLICANT,
            by_co_applicant=position,
        )

    def release_lapsed(self) -> int:
        """Cancel every joint booking whose co-applicants did not all confirm in time, telling the
        booker and each co-applicant; the time is free again (the waitlist round sees it). Safe with
        two runners: each booking is locked and re-checked before it is released."""
        now = self.bookings.clock()
        with self.bookings.store.read() as session:
            due = list(
                session.scalars(
                    select(Booking.reference)
                    .join(BookingCoApplicant, BookingCoApplicant.booking_id == Booking.id)
                    .where(
                        Booking.status == Status.AWAITING_CO_APPLICANT.value,
                        BookingCoApplicant.status == CoApplicantStatus.INVITED.value,
                        BookingCoApplicant.deadline <= now,
                    )
                    .distinct()
                )
            )
        released = 0
        for reference in due:
            with self.bookings.transaction() as session:
                booking = transaction.booking_for_update(session, reference=reference)
                if booking.status != Status.AWAITING_CO_APPLICANT.value:
                    continue  # confirmed, cancelled or released by another runner meanwhile
                booking.status = Status.CANCELLED.value
                booking.cancel_reason = co_rules.RELEASED_REASON
                booking.sequence += 1
                booking.link_version += 1
                transaction.touch(booking, now=now)
                journal.audit(session, Actor.system(), "cancelled", booking, reason=co_rules.RELEASED_REASON)
                journal.enqueue(session, OutboxKind.EMAIL_CO_APPLICANT_RELEASED, booking)
                rows.notify_all(session, OutboxKind.EMAIL_CO_APPLICANT_RELEASED, booking)
                journal.booking_changed(session, booking, ChangeOp.CANCELLED)
                released += 1
        return released

    def verify_identity(
        self, *, reference: str, position: int, actor: Actor, document_type: str, name_matches: bool
    ) -> Booking:
        """The clerk saw the co-applicant's identity document, whose name matches."""
        if document_type not in _DOCUMENTS:
            raise RuleViolation(
                "Unknown identity document.",
                fields={"document_type": "Use identity_card, passport or other."},
            )
        if not name_matches:
            raise RuleViolation(
                "Identity cannot be confirmed when the name does not match.",
                fields={"name_matches": "The name on the document must match the booking."},
            )
        now = self.bookings.clock()
        with self.bookings.transaction() as session:
            booking = transaction.booking_for_update(session, reference=reference)
            require_sees_booking(actor, municipality_id=booking.municipality_id, staff_id=booking.staff_id)
            lifecycle.require_not_cancelled(booking.status)
            row = _row(session, booking, position)
            if row.status != CoApplicantStatus.CONFIRMED.value:
                raise RuleViolation("This co-applicant has not confirmed yet.")
            row.document_type = document_type
            row.verified_by = actor.id
            row.verified_at = now
            transaction.touch(booking, now=now)
            journal.audit(
                session,
                actor,
                "co_applicant_identity_verified",
                booking,
                position=position,
                document_type=document_type,
            )
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
            return booking
