"""Supervisor tools: cover a clerk's absence (preview, apply, offer new times) and the figures.

Supervisors act within their municipality, admins anywhere; clerks get 403.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from flask import Response, request
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from service_api.api import bp
from service_api.api.helpers import parse_body, query_date, query_int, staff_required
from service_api.api.schemas import AwareDatetime
from service_api.api.serialize import booking_json, iso
from service_api.booking import cover, stats
from service_api.booking.journal import Actor
from service_api.domain.errors import RuleViolation
from service_api.domain.reallocation import CoverPlan
from service_api.domain.timeutil import ATHENS
from service_api.runtime import runtime

SUPERVISORS = ("supervisor", "admin")

Reference = Annotated[str, Field(min_length=4, max_length=20, pattern=r"^[A-Za-z0-9-]+$")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CoverRangeIn(_In):
    """The absence to cover: aware ISO datetimes, end after start."""

    start: AwareDatetime
    end: AwareDatetime

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if isinstance(start, datetime) and value <= start:
            raise ValueError("must be after start")
        if isinstance(start, datetime) and value - start > timedelta(days=cover.MAX_COVER_DAYS):
            raise ValueError(f"at most {cover.MAX_COVER_DAYS} days after start")
        return value


class CoverAssignmentIn(_In):
    reference: Reference
    version: int = Field(ge=1)
    to_staff_id: int = Field(gt=0)


class CoverApplyIn(CoverRangeIn):
    assignments: list[CoverAssignmentIn] = Field(min_length=1, max_length=cover.MAX_COVER_BOOKINGS)


class OfferRescheduleIn(_In):
    references: list[Reference] = Field(min_length=1, max_length=cover.MAX_COVER_BOOKINGS)


def openapi_body(model: type[BaseModel]) -> dict[str, Any]:
    """A request body for the OpenAPI document with the model's schema inlined (no $defs to resolve)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return {"required": True, "content": {"application/json": {"schema": resolve(schema)}}}


def plan_json(staff_id: int, start: datetime, end: datetime, plan: CoverPlan) -> dict[str, Any]:
    return {
        "staff_id": staff_id,
        "start": iso(start),
        "end": iso(end),
        "assignments": [
            {
                "reference": a.reference,
                "version": a.version,
                "from_staff_id": a.from_staff_id,
                "to_staff_id": a.to_staff_id,
                "start": iso(a.start),
                "end": iso(a.end),
                "mode": a.mode,
                "service_id": a.service_id,
            }
            for a in plan.assignments
        ],
        "unplaced": [
            {
                "reference": u.reference,
                "version": u.version,
                "reason": u.reason,
                "from_staff_id": u.from_staff_id,
                "start": iso(u.start),
                "mode": u.mode,
                "service_id": u.service_id,
            }
            for u in plan.unplaced
        ],
        "loads": [{"staff_id": sid, "load": load} for sid, load in sorted(plan.loads.items())],
    }


@bp.post("/staff/<int:staff_id>/cover-plan")
@staff_required(*SUPERVISORS)
def cover_plan(staff_id: int, actor: Actor) -> Any:
    body = parse_body(CoverRangeIn)
    plan = cover.preview_cover(runtime().bookings, actor, staff_id=staff_id, start=body.start, end=body.end)
    return plan_json(staff_id, body.start, body.end, plan)


@bp.post("/staff/<int:staff_id>/cover-plan/apply")
@staff_required(*SUPERVISORS)
def apply_cover_plan(staff_id: int, actor: Actor) -> Any:
    body = parse_body(CoverApplyIn)
    moved = cover.apply_cover(
        runtime().bookings,
        actor,
        staff_id=staff_id,
        start=body.start,
        end=body.end,
        assignments=[(a.reference, a.to_staff_id) for a in body.assignments],
        expected={a.reference: a.version for a in body.assignments},
    )
    with runtime().store.read() as session:
        rows = cover.bookings_by_reference(session, [b.reference for b in moved])
        return {"moved": [booking_json(b, for_staff=True) for b in rows]}


@bp.post("/bookings/offer-reschedule")
@staff_required(*SUPERVISORS)
def offer_reschedule(actor: Actor) -> Any:
    body = parse_body(OfferRescheduleIn)
    result = cover.offer_reschedule(runtime().bookings, actor, body.references)
    return {
        "offered": result.offered,
        "skipped": [{"reference": ref, "reason": why} for ref, why in result.skipped],
    }, 202


def _stats(actor: Actor) -> stats.Stats:
    today = runtime().bookings.clock().astimezone(ATHENS).date()
    month_start = today.replace(day=1)
    next_month = date(month_start.year + (month_start.month == 12), month_start.month % 12 + 1, 1)
    first = query_date("from", month_start)
    last = query_date("to", next_month - timedelta(days=1))
    period = request.args.get("period", "week")
    if period not in ("week", "month"):
        raise RuleViolation("'period' must be week or month.", fields={"period": "Use week or month."})
    municipality_id = query_int("municipality_id", 0, low=0, high=2**31) or None
    with runtime().store.read() as session:
        return stats.figures(
            session,
            actor,
            first=first,
            last=last,
            period="week" if period == "week" else "month",
            municipality_id=municipality_id,
        )


@bp.get("/stats")
@staff_required(*SUPERVISORS)
def stats_json(actor: Actor) -> Any:
    return _stats(actor).as_json()


@bp.get("/stats.csv")
@staff_required(*SUPERVISORS)
def stats_csv(actor: Actor) -> Any:
    figures = _stats(actor)
    out = io.StringIO()
    out.write("\ufeff")  # a UTF-8 byte order mark: without it Excel shows the Greek names as mojibake
    writer = csv.DictWriter(out, fieldnames=list(stats.CSV_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(figures.csv_rows())
    name = f"stats-{figures.first.isoformat()}-{figures.last.isoformat()}-{figures.period}.csv"
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
