"""Bookings, services and slots as JSON: staff see everything, citizens only their own booking."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from service_api.domain import needs as needs_rules
from service_api.domain.kinds import DocumentState
from service_api.domain.no_show import rescue_due_at
from service_api.domain.timeutil import ATHENS
from service_api.models import Booking, IdentityVerification, Service, ServiceGroup, Staff

NOT_YET_SEEN = DocumentState.PENDING.value  # a required document with no state stored yet


def iso(moment: datetime | None, zone: ZoneInfo = ATHENS) -> str | None:
    """ISO 8601 with the offset of ``zone`` (the instant is the same; the offset helps people read it)."""
    return moment.astimezone(zone).isoformat() if moment is not None else None


@lru_cache(maxsize=65_536)
def slot_instant(moment: datetime, zone: ZoneInfo) -> str:
    """``iso`` for the instants of free slots: the same few thousand are asked for again and again."""
    return moment.astimezone(zone).isoformat()


def service_json(service: Service) -> dict[str, Any]:
    return {
        "id": service.id,
        "slug": service.slug,
        "name_el": service.name_el,
        "name_en": service.name_en,
        "duration_minutes": service.duration_minutes,
        "slot_interval_minutes": service.slot_interval_minutes,
        "modes": list(service.modes),
        "required_documents": list(service.required_documents),
        "lead_time_minutes": service.lead_time_minutes,
        "horizon_days": service.horizon_days,
        "max_active_per_citizen": service.max_active_per_citizen,
        "extra_time_minutes": service.extra_time_minutes,  # issue 18
        # Issue 18: joint appointments.
        "co_applicants": service.co_applicants,
        "co_applicants_required": service.co_applicants_required,
        "co_applicant_confirm_hours": service.co_applicant_confirm_hours,
    }


def group_json(group: ServiceGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "slug": group.slug,
        "name_el": group.name_el,
        "name_en": group.name_en,
        "extra_fields": list(group.extra_fields),
        "services": [service_json(s) for s in group.services if s.active],
    }


def _documents(booking: Booking, service: Service, states: dict[str, str] | None) -> list[dict[str, Any]]:
    if states is None:
        states = {d.code: d.state for d in booking.documents}
    return [
        {
            "code": d["code"],
            "el": d["el"],
            "en": d["en"],
            "state": states.get(d["code"], NOT_YET_SEEN),
        }
        for d in service.required_documents
    ]


def _identity(record: IdentityVerification | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "document_type": record.document_type,
        "name_matches": record.name_matches,
        "taxisnet_matches": record.taxisnet_matches,
        "note": record.note,
        "verified_by": record.verified_by,
        "verified_at": iso(record.verified_at),
    }


def preflight_json(booking: Booking) -> dict[str, Any] | None:
    """Issue 18: the citizen's latest connection check (``domain/preflight.py``), or None before one."""
    if booking.preflight_checked_at is None:
        return None
    return {
        "checked_at": iso(booking.preflight_checked_at),
        "browser": booking.preflight_browser,
        "camera": booking.preflight_camera,
        "microphone": booking.preflight_microphone,
    }


def co_applicants_json(
    booking: Booking, zone: ZoneInfo, *, with_checks: bool = False
) -> list[dict[str, Any]]:
    """The booking's co-applicants; ``with_checks`` adds what the desk recorded (staff views only)."""
    rows = []
    for row in booking.co_applicants:
        item: dict[str, Any] = {
            "position": row.position,
            "email": row.email,
            "name": row.name,
            "status": row.status,
            "deadline": iso(row.deadline, zone),
            "confirmed_at": iso(row.confirmed_at, zone),
        }
        if with_checks:
            item["via_taxisnet"] = row.via_taxisnet
            item["identity"] = (
                {
                    "document_type": row.document_type,
                    "verified_by": row.verified_by,
                    "verified_at": iso(row.verified_at),
                }
                if row.verified_at is not None
                else None
            )
        rows.append(item)
    return rows


def booking_json(
    booking: Booking,
    *,
    for_staff: bool,
    zone: ZoneInfo = ATHENS,
    document_states: dict[str, str] | None = None,
) -> dict[str, Any]:
    service = booking.service
    data: dict[str, Any] = {
        "reference": booking.reference,
        "status": booking.status,
        "mode": booking.mode,
        "start": iso(booking.start_at, zone),
        "end": iso(booking.end_at, zone),
        "service": {
            "id": service.id,
            "name_el": service.name_el,
            "name_en": service.name_en,
            "duration_minutes": service.duration_minutes,
            "group": {
                "slug": service.group.slug,
                "name_el": service.group.name_el,
                "name_en": service.group.name_en,
            },
        },
        "citizen": {
            "name": booking.citizen_name,
            "email": booking.citizen_email,
            "phone": booking.citizen_phone,
            "mobile": booking.citizen_mobile or None,
            "sms_opt_in": booking.sms_opt_in,
        },
        "meeting_url": booking.meeting_url or None,
        "documents": _documents(booking, service, document_states),
        "version": booking.version,
        "hold_expires_at": iso(booking.hold_expires_at, zone),
        "language": booking.language,
        "timezone": booking.citizen_timezone,
        "preflight": preflight_json(booking),  # issue 18
        "needs": needs_json(booking.needs),  # issue 18
        # Issue 18: who books together with the citizen and whether they confirmed.
        "co_applicants": co_applicants_json(booking, zone),
    }
    if for_staff:
        data["co_applicants"] = co_applicants_json(
            booking, zone, with_checks=True
        )  # and their identity check
        staff: Staff = booking.staff
        data.update(
            {
                "municipality_id": booking.municipality_id,
                "staff": {"id": staff.id, "name": staff.display_name},
                "citizen": {
                    **data["citizen"],
                    "extra": dict(booking.citizen_extra),
                    "via_taxisnet": booking.citizen_via_taxisnet,
                    "has_afm": booking.citizen_afm_hash is not None,
                },
                "notes": booking.notes,
                "outcome": booking.outcome,
                "outcome_note": booking.outcome_note,
                "checked_in_at": iso(booking.checked_in_at),
                "identity": _identity(booking.identity),
                "cancel_reason": booking.cancel_reason or None,
                "source": booking.source,
                "created_at": iso(booking.created_at),
                "updated_at": iso(booking.updated_at),
                "rescue": rescue_json(booking),  # issue 18: no-show rescue
            }
        )
    return data


def needs_json(stored: dict[str, Any] | None) -> dict[str, Any]:
    """A booking's accessibility needs (issue 18) as the API always shows them: codes and language."""
    needs = needs_rules.needs_from_json(stored)
    return {"codes": [need.value for need in needs.ordered()], "language": needs.language}


def staff_json(staff: Staff) -> dict[str, Any]:
    return {
        "id": staff.id,
        "username": staff.username,
        "name": staff.display_name,
        "email": staff.email,
        "role": staff.role,
        "municipality_id": staff.municipality_id,
        "teams_link": staff.teams_link or None,
    }


def rescue_json(booking: Booking) -> dict[str, Any]:
    """Issue 18: when the citizen counts as missing, whether «we missed you» went, and the attendance the
    meeting provider reported (``joined`` / ``absent`` / ``unclear`` — an unmatched guest joined, the clerk
    decides — or null while unknown); with ``unclear``, ``attended_seconds`` are the unmatched guests'."""
    record = booking.rescue
    return {
        "minutes": booking.service.no_show_rescue_minutes,
        "due_at": iso(rescue_due_at(booking.start_at, booking.service.no_show_rescue_minutes)),
        "missed_you_sent_at": iso(record.missed_you_sent_at) if record is not None else None,
        "attendance": (record.attendance or None) if record is not None else None,
        "joined_at": iso(record.joined_at) if record is not None else None,
        "attended_seconds": record.attended_seconds if record is not None else None,
    }
