"""The snapshot an e-mail or a calendar file about a booking is built from, taken from the stored rows.

The job runner's e-mails and the citizen's «add to calendar» download both start here, so the event a
citizen downloads is the one their invitation holds (same UID, same SEQUENCE, same words).
"""

from __future__ import annotations

from service_api.domain import needs_words
from service_api.domain.kinds import OutboxKind
from service_api.models import Booking, Municipality
from service_api.notifications.mail import BookingMail


def booking_mail(
    booking: Booking,
    municipality: Municipality,
    kind: OutboxKind,
    *,
    public_url: str,
    mail_from: str,
    manage_url: str,
    language: str | None = None,
) -> BookingMail:
    """What ``kind`` says about ``booking``, in its language (or ``language``), with its service loaded."""
    wanted = language or booking.language
    language = wanted if wanted in ("el", "en") else "el"
    service = booking.service
    greek = language == "el"
    return BookingMail(
        kind=kind,
        reference=booking.reference,
        language=language,
        timezone=booking.citizen_timezone,
        citizen_name=booking.citizen_name,
        citizen_email=booking.citizen_email,
        service_name=service.name_el if greek else service.name_en,
        mode=booking.mode,
        start=booking.start_at,
        end=booking.end_at,
        documents=[d["el" if greek else "en"] for d in service.required_documents],
        meeting_url=booking.meeting_url,
        manage_url=manage_url,
        public_url=public_url,
        municipality_name=municipality.name_el if greek else municipality.name_en,
        municipality_address=(municipality.address_el if greek else municipality.address_en)
        or municipality.address_el,
        municipality_email=municipality.contact_email,
        municipality_phone=municipality.phone,
        event_timezone=municipality.timezone,
        sequence=booking.sequence,
        mail_from=mail_from,
        needs=tuple(needs_words.need_lines(booking.needs, language)),  # issue 18
        needs_title=needs_words.TITLE[language],
    )
