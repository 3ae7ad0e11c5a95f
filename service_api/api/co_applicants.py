"""Joint appointments (issue 18) over the API: the clerk's identity check of a co-applicant."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, staff_required
from service_api.api.schemas import CoApplicantBody, CoApplicantIdentityIn
from service_api.api.staff import staff_booking_view
from service_api.booking.co_applicants import CoApplicants
from service_api.domain.co_applicants import CoApplicantIn
from service_api.domain.policy import Actor
from service_api.runtime import runtime


def co_applicants_in(bodies: Sequence[CoApplicantBody]) -> list[CoApplicantIn]:
    """The co-applicants a booking request named, for the booking service."""
    return [CoApplicantIn(email=str(b.email), name=b.name) for b in bodies]


@bp.post("/bookings/<reference>/co-applicants/<int:position>/identity")
@staff_required()
def verify_co_applicant_identity(reference: str, position: int, actor: Actor) -> Any:
    body = parse_body(CoApplicantIdentityIn)
    CoApplicants(runtime().bookings).verify_identity(
        reference=reference,
        position=position,
        actor=actor,
        document_type=body.document_type,
        name_matches=body.name_matches,
    )
    return staff_booking_view(reference, actor)
