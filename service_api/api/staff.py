"""Staff endpoints: sign-in, a clerk's bookings, and the clerk's actions on a booking."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from flask import Response, request

from service_api.api.blueprint import bp
from service_api.api.helpers import current_principal, parse_body, query_date, staff_required
from service_api.api.schemas import (
    DocumentState,
    IdentityIn,
    Login,
    NotesIn,
    OutcomeIn,
    Refresh,
    StaffCancelIn,
    StaffReschedule,
)
from service_api.api.serialize import iso, staff_json
from service_api.api.staff_reads import booking_json_for, bookings_json
from service_api.auth.staff_tokens import TokenPair
from service_api.booking import booking_reads
from service_api.domain.errors import NotFound, RuleViolation
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import CALENDAR_ROLES, Actor
from service_api.domain.rules import Outcome
from service_api.domain.timeutil import ATHENS
from service_api.gc_pause import gc_paused
from service_api.runtime import runtime

MAX_STAFF_RANGE_DAYS = 92


def _tokens(pair: TokenPair) -> dict[str, Any]:
    return {
        "access_token": pair.access_token,
        "refresh_token": pair.refresh_token,
        "token_type": "Bearer",
        "expires_at": iso(pair.expires_at),
        "staff": staff_json(pair.staff),
        # Issue 14: a temporary password; every other call answers 403 password_change_required.
        "must_change_password": pair.staff.must_change_password,
    }


@bp.post("/auth/login")
def login() -> Any:
    body = parse_body(Login)
    return _tokens(runtime().auth.login(body.username, body.password))


@bp.post("/auth/refresh")
def refresh() -> Any:
    body = parse_body(Refresh)
    return _tokens(runtime().auth.refresh(body.refresh_token))


@bp.post("/auth/logout")
def logout() -> Any:
    current_principal()
    runtime().auth.logout(request.headers["Authorization"][7:].strip())
    return Response(status=204)


@bp.get("/me")
def me() -> Any:
    return staff_json(current_principal().staff)


def athens_range() -> tuple[datetime, datetime]:
    """``from``/``to`` local dates (inclusive) as a UTC half-open range; a week from today by default."""
    today = runtime().bookings.clock().astimezone(ATHENS).date()
    first = query_date("from", today - timedelta(days=today.weekday()))
    last = query_date("to", first + timedelta(days=6))
    if last < first:
        raise RuleViolation("'to' must not be before 'from'.", fields={"to": "Not before 'from'."})
    if (last - first).days > MAX_STAFF_RANGE_DAYS:
        raise RuleViolation(f"Ask for at most {MAX_STAFF_RANGE_DAYS} days.", fields={"to": "Range too long."})
    start = datetime.combine(first, time(0), tzinfo=ATHENS)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=ATHENS)
    return start, end


@bp.get("/me/bookings")
@staff_required(*CALENDAR_ROLES)
def my_bookings(actor: Actor) -> Any:
    start, end = athens_range()
    include_cancelled = request.args.get("include_cancelled", "true") != "false"
    return booking_list(actor, start, end, staff_ids=[actor.id or 0], include_cancelled=include_cancelled)


def booking_list(
    actor: Actor,
    start: datetime,
    end: datetime,
    *,
    staff_ids: list[int] | None,
    municipality_id: int | None = None,
    include_cancelled: bool = True,
) -> dict[str, Any]:
    """A range's bookings as staff see them, logged: a desktop's initial sync asks for thousands at once."""
    with gc_paused():
        with runtime().store.read() as session:
            rows = booking_reads.bookings_with_states(
                session,
                start,
                end,
                staff_ids=staff_ids,
                municipality_id=municipality_id,
                include_cancelled=include_cancelled,
            )
        bookings = [b for b, _states in rows]
        states = [s for _b, s in rows]
        return {
            "from": iso(start),
            "to": iso(end),
            "bookings": bookings_json(actor, bookings, AccessChannel.LIST, document_states=states),
        }


def visible_booking(reference: str, actor: Actor) -> None:
    """404 unless ``actor`` may see the booking; reads nothing of it (nothing to log)."""
    with runtime().store.read() as session:
        if not booking_reads.can_see(actor, booking_reads.booking_by_reference(session, reference)):
            raise NotFound("No such booking.")


def staff_booking_view(reference: str, actor: Actor) -> Any:
    """The booking as the desk's panel shows it, logged; 404 for one ``actor`` may not see."""
    with runtime().store.read() as session:
        booking = booking_reads.booking_by_reference(session, reference)
        if not booking_reads.can_see(actor, booking):
            raise NotFound("No such booking.")
    return booking_json_for(actor, booking)


@bp.put("/bookings/<reference>/documents/<code>")
@staff_required()
def set_document(reference: str, code: str, actor: Actor) -> Any:
    body = parse_body(DocumentState)
    runtime().clerk_actions.set_document_state(reference=reference, code=code, state=body.state, actor=actor)
    return staff_booking_view(reference, actor)


@bp.post("/bookings/<reference>/identity")
@staff_required()
def verify_identity(reference: str, actor: Actor) -> Any:
    body = parse_body(IdentityIn)
    runtime().clerk_actions.verify_identity(
        reference=reference,
        actor=actor,
        document_type=body.document_type,
        name_matches=body.name_matches,
        taxisnet_matches=body.taxisnet_matches,
        note=body.note,
    )
    return staff_booking_view(reference, actor)


@bp.post("/bookings/<reference>/check-in")
@staff_required()
def check_in(reference: str, actor: Actor) -> Any:
    runtime().clerk_actions.check_in(reference=reference, actor=actor)
    return staff_booking_view(reference, actor)


@bp.post("/bookings/<reference>/outcome")
@staff_required()
def outcome(reference: str, actor: Actor) -> Any:
    body = parse_body(OutcomeIn)
    runtime().clerk_actions.record_outcome(
        reference=reference,
        outcome=Outcome(body.outcome),
        actor=actor,
        note=body.note,
        confirm_missing_documents=body.confirm_missing_documents,
    )
    return staff_booking_view(reference, actor)


@bp.put("/bookings/<reference>/notes")
@staff_required()
def notes(reference: str, actor: Actor) -> Any:
    body = parse_body(NotesIn)
    runtime().clerk_actions.update_notes(
        reference=reference, notes=body.notes, actor=actor, expected_version=body.version
    )
    return staff_booking_view(reference, actor)


@bp.post("/bookings/<reference>/cancel")
@staff_required()
def staff_cancel(reference: str, actor: Actor) -> Any:
    visible_booking(reference, actor)
    body = parse_body(StaffCancelIn)
    runtime().bookings.cancel(reference, actor, reason=body.reason)
    return staff_booking_view(reference, actor)


@bp.post("/bookings/<reference>/reschedule")
@staff_required()
def staff_reschedule(reference: str, actor: Actor) -> Any:
    """Move a booking from the desk; the answer shows it even when another clerk now has it."""
    body = parse_body(StaffReschedule)
    runtime().bookings.reschedule(
        reference, body.start, actor, expected_version=body.version, keep_clerk=body.keep_clerk
    )
    with runtime().store.read() as session:
        booking = booking_reads.booking_by_reference(session, reference)
    return booking_json_for(actor, booking)
