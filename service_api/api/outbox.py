"""The outbox for operators: list jobs (``?status=failed``) and retry a failed one.

Admins see every job, supervisors their municipality's (see ``booking/outbox_admin.py``).
"""

from __future__ import annotations

from typing import Any

from flask import request

from service_api.api.blueprint import bp
from service_api.api.helpers import staff_required
from service_api.booking import outbox_admin
from service_api.domain.errors import RuleViolation
from service_api.domain.kinds import OutboxStatus
from service_api.domain.policy import SUPERVISING_ROLES, Actor
from service_api.runtime import runtime


@bp.get("/outbox")
@staff_required(*SUPERVISING_ROLES)
def list_outbox(actor: Actor) -> Any:
    raw = request.args.get("status")
    try:
        status = OutboxStatus(raw) if raw else None
    except ValueError:
        raise RuleViolation(f"status must be one of {', '.join(OutboxStatus)}.") from None
    jobs = outbox_admin.list_jobs(runtime().store, actor, status=status)
    return {"jobs": [job.as_json() for job in jobs]}


@bp.post("/outbox/<int:job_id>/retry")
@staff_required(*SUPERVISING_ROLES)
def retry_outbox_job(job_id: int, actor: Actor) -> Any:
    return outbox_admin.retry_job(runtime().bookings, actor, job_id).as_json()
