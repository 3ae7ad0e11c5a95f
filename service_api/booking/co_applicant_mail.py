"""Joint appointments (issue 18): the booking's e-mail, addressed to a co-applicant instead of the booker.

The job runner builds a booking's e-mail as usual (``mail_snapshot``); for an outbox row whose payload
names a co-applicant, this gives it their address, their name and their own link, so they get the same
confirmation (with its calendar invitation and meeting link), reminder and cancellation as the booker.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from service_api.co_applicant_links import CoApplicantLinks
from service_api.domain.co_applicants import CoApplicantStatus
from service_api.domain.kinds import OutboxKind
from service_api.domain.rules import Status
from service_api.models import Booking, BookingCoApplicant
from service_api.notifications.mail import BookingMail

CO_APPLICANT_KINDS = frozenset(
    {OutboxKind.EMAIL_CO_APPLICANT_INVITATION, OutboxKind.EMAIL_CO_APPLICANT_RELEASED}
)


def readdress(
    session: Session,
    booking: Booking,
    kind: OutboxKind,
    mail: BookingMail,
    payload: dict[str, Any],
    *,
    public_url: str,
    secret: str,
) -> BookingMail | None:
    """``mail`` for the co-applicant the payload names (None: nothing to send any more); the booker's
    own e-mails of the joint kinds lose the manage links that no longer lead anywhere."""
    position = payload.get("co_applicant")
    if type(position) is not int:
        if kind == OutboxKind.EMAIL_CO_APPLICANT_RELEASED:
            return replace(mail, manage_url="")
        return mail
    row = session.get(BookingCoApplicant, (booking.id, position))
    if row is None or not row.email:
        return None
    if kind == OutboxKind.EMAIL_CO_APPLICANT_INVITATION and (
        booking.status != Status.AWAITING_CO_APPLICANT.value or row.status != CoApplicantStatus.INVITED.value
    ):
        return None  # confirmed, cancelled or released before the invitation went
    link = CoApplicantLinks(secret).url(
        public_url, booking.reference, position, booking.link_version, booking.language
    )
    named = replace(mail, citizen_email=row.email, citizen_name=row.name or row.email)
    if kind == OutboxKind.EMAIL_CO_APPLICANT_INVITATION:
        return replace(named, manage_url="", offer_url=link, leave_url="", held_until=row.deadline)
    if kind in (OutboxKind.EMAIL_CANCELLED, OutboxKind.EMAIL_CO_APPLICANT_RELEASED):
        return replace(named, manage_url="")
    return replace(named, manage_url=link, reschedulable=False)
