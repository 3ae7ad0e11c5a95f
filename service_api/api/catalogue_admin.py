"""Catalogue administration: municipalities, service groups, services and closures (issue 14).

Admins change everything; a supervisor changes their municipality's services' descriptions and
required documents and its closures (``domain/policy.py``). Lists carry every field a table needs,
retired services included, so a desktop can edit without a second read.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, staff_required
from service_api.api.schemas import (
    ClosureIn,
    GroupIn,
    GroupPatch,
    MunicipalityIn,
    MunicipalityPatch,
    ServiceIn,
    ServicePatch,
)
from service_api.api.staff_reads import bookings_json
from service_api.booking import calendars, catalogue_admin, catalogue_reads, cover
from service_api.domain.closures import ClosureKind
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import SUPERVISING_ROLES, SUPERVISOR_SERVICE_FIELDS, Actor, sees_everything
from service_api.domain.rules import Status
from service_api.models import Holiday, Municipality, Service, ServiceGroup
from service_api.runtime import runtime

ADMIN_ONLY = ("admin",)


def municipality_json(m: Municipality) -> dict[str, Any]:
    return {
        "id": m.id,
        "slug": m.slug,
        "name_el": m.name_el,
        "name_en": m.name_en,
        "timezone": m.timezone,
        "contact_email": m.contact_email,
        "phone": m.phone,
        "address_el": m.address_el,
        "address_en": m.address_en,
    }


def admin_service_json(s: Service) -> dict[str, Any]:
    return {
        "id": s.id,
        "slug": s.slug,
        "group_id": s.group_id,
        "municipality_id": s.municipality_id,
        "active": s.active,
        "position": s.position,
        **{
            key: getattr(s, key)
            for key in catalogue_admin.SERVICE_FIELDS
            if key not in ("group_id", "position", "active")
        },
    }


def admin_group_json(g: ServiceGroup) -> dict[str, Any]:
    return {
        "id": g.id,
        "slug": g.slug,
        "municipality_id": g.municipality_id,
        "name_el": g.name_el,
        "name_en": g.name_en,
        "position": g.position,
        "extra_fields": list(g.extra_fields),
    }


@bp.post("/municipalities")
@staff_required(*ADMIN_ONLY)
def create_municipality(actor: Actor) -> Any:
    body = parse_body(MunicipalityIn)
    row = catalogue_admin.create_municipality(runtime().bookings, actor, body.model_dump())
    return municipality_json(row), 201


@bp.patch("/municipalities/<slug>")
@staff_required(*SUPERVISING_ROLES)
def update_municipality(slug: str, actor: Actor) -> Any:
    body = parse_body(MunicipalityPatch)
    row = catalogue_admin.update_municipality(
        runtime().bookings, actor, slug, body.model_dump(exclude_unset=True)
    )
    return municipality_json(row)


@bp.get("/municipalities/<slug>/catalogue")
@staff_required(*SUPERVISING_ROLES)
def municipality_catalogue(slug: str, actor: Actor) -> Any:
    """Everything the «Διαχείριση» services tab shows: settings, groups, every service (retired too),
    and which service fields this reader may change."""
    with runtime().store.read() as session:
        catalogue_admin.municipality_for_staff(session, actor, slug)
        municipality = catalogue_reads.municipality_by_slug(session, slug)
        return {
            "municipality": municipality_json(municipality),
            "timezone_locked": catalogue_admin.has_bookings(session, municipality.id),
            "editable_service_fields": sorted(
                catalogue_admin.SERVICE_FIELDS if sees_everything(actor) else SUPERVISOR_SERVICE_FIELDS
            ),
            "groups": [
                {**admin_group_json(g), "services": [admin_service_json(s) for s in g.services]}
                for g in municipality.groups
            ],
        }


@bp.post("/municipalities/<slug>/groups")
@staff_required(*ADMIN_ONLY)
def create_group(slug: str, actor: Actor) -> Any:
    body = parse_body(GroupIn)
    row = catalogue_admin.create_group(runtime().bookings, actor, slug, body.model_dump())
    return admin_group_json(row), 201


@bp.patch("/groups/<int:group_id>")
@staff_required(*SUPERVISING_ROLES)
def update_group(group_id: int, actor: Actor) -> Any:
    body = parse_body(GroupPatch)
    row = catalogue_admin.update_group(
        runtime().bookings, actor, group_id, body.model_dump(exclude_unset=True)
    )
    return admin_group_json(row)


@bp.post("/municipalities/<slug>/services")
@staff_required(*ADMIN_ONLY)
def create_service(slug: str, actor: Actor) -> Any:
    body = parse_body(ServiceIn)
    row = catalogue_admin.create_service(runtime().bookings, actor, slug, body.model_dump())
    return admin_service_json(row), 201


@bp.patch("/services/<int:service_id>")
@staff_required(*SUPERVISING_ROLES)
def update_service(service_id: int, actor: Actor) -> Any:
    body = parse_body(ServicePatch)
    row = catalogue_admin.update_service(
        runtime().bookings, actor, service_id, body.model_dump(exclude_unset=True)
    )
    return admin_service_json(row)


def closure_json(row: Holiday, today: Any) -> dict[str, Any]:
    rule = calendars.closure_rule(row)
    return {
        "id": row.id,
        "kind": rule.kind.value,
        "date": f"{row.year:04d}-{row.month:02d}-{row.day:02d}" if rule.kind == ClosureKind.ONCE else None,
        "month": row.month if rule.kind == ClosureKind.ANNUAL else None,
        "day": row.day if rule.kind == ClosureKind.ANNUAL else None,
        "easter_offset": row.easter_offset,
        "start": row.start.strftime("%H:%M") if row.start else None,
        "end": row.end.strftime("%H:%M") if row.end else None,
        "whole_day": rule.whole_day,
        "name_el": row.name_el,
        "name_en": row.name_en,
        "next_dates": [d.isoformat() for d in catalogue_admin.next_dates(row, today)],
    }


@bp.get("/municipalities/<slug>/closures")
@staff_required()
def list_closures(slug: str, actor: Actor) -> Any:
    """The municipality's own closures, and the national holidays of this year and the next (computed,
    read-only), for its staff and admins."""
    today = runtime().bookings.clock().date()
    with runtime().store.read() as session:
        municipality, rows = catalogue_admin.closures(session, actor, slug)
        years = (today.year, today.year + 1)
        greek = {d: n for y in years for d, n in calendars.national_holiday_names(y).items()}
        english = {d: n for y in years for d, n in calendars.national_holiday_names(y, "en").items()}
        return {
            "municipality": municipality.slug,
            "closures": [closure_json(r, today) for r in rows],
            "national_holidays": [
                {"date": d.isoformat(), "name_el": name, "name_en": english.get(d, name)}
                for d, name in sorted(greek.items())
            ],
        }


@bp.post("/municipalities/<slug>/closures")
@staff_required(*SUPERVISING_ROLES)
def add_closure(slug: str, actor: Actor) -> Any:
    """Store the closure; answer with the open bookings it falls on and, when asked, e-mail their
    citizens an offer of a new time (the mechanism of ``POST /bookings/offer-reschedule``)."""
    body = parse_body(ClosureIn)
    service = runtime().bookings
    added = catalogue_admin.add_closure(
        service,
        actor,
        slug,
        kind=ClosureKind(body.kind),
        fields=body.model_dump(exclude={"kind", "offer_reschedule"}),
    )
    references = [b.reference for b in added.affected]
    offered: dict[str, Any] | None = None
    confirmed = [b.reference for b in added.affected if b.status == Status.CONFIRMED.value]
    with runtime().store.read() as session:
        falls_on = cover.bookings_by_reference(session, references)
    affected = bookings_json(actor, falls_on, AccessChannel.LIST)
    if body.offer_reschedule and confirmed:
        result = cover.offer_reschedule(service, actor, confirmed)
        offered = {
            "offered": result.offered,
            "skipped": [{"reference": ref, "reason": why} for ref, why in result.skipped],
        }
    return {
        "closure": closure_json(added.closure, service.clock().date()),
        "affected_bookings": affected,
        "offer_reschedule": offered
        if offered is not None
        else {"method": "POST", "path": "/api/v1/bookings/offer-reschedule", "references": confirmed},
        "affected_references": references,
    }, 201


@bp.delete("/closures/<int:closure_id>")
@staff_required(*SUPERVISING_ROLES)
def delete_closure(closure_id: int, actor: Actor) -> Any:
    catalogue_admin.remove_closure(runtime().bookings, actor, closure_id)
    return Response(status=204)
