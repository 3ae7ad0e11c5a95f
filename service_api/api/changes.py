"""The change feed: what changed since a cursor, long-polled, in commit order, never missing a change."""

from __future__ import annotations

import time
from typing import Any

from flask import request

from service_api.api.blueprint import bp
from service_api.api.helpers import query_int, staff_required
from service_api.api.staff_reads import bookings_json
from service_api.booking import change_feed
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import CALENDAR_ROLES, Actor
from service_api.runtime import runtime

MAX_WAIT_SECONDS = 30


@bp.get("/changes")
@staff_required(*CALENDAR_ROLES)
def changes(actor: Actor) -> Any:
    """Without ``since``: the current cursor, to take before an initial load. With it: the changes after it.

    ``wait`` (seconds, at most 30) holds the request open until something concerning the caller
    is committed, so a desktop sees a citizen's new booking within a fraction of a second.
    """
    rt = runtime()
    if "since" not in request.args:
        with rt.store.read() as session:
            return {"cursor": change_feed.latest_cursor(session), "changes": []}
    since = query_int("since", 0, low=0, high=2**62)
    wait = query_int("wait", 0, low=0, high=MAX_WAIT_SECONDS)
    deadline = time.monotonic() + wait
    while True:
        generation = rt.waiter.generation()
        with rt.store.read() as session:
            items, cursor = change_feed.changes_since(session, actor, since)
            if items or time.monotonic() >= deadline:
                break
        since = cursor
        with rt.admission.paused():
            rt.waiter.wait(generation, max(0.0, deadline - time.monotonic()))
    shipped = [item.booking for item in items if item.booking is not None]
    views = iter(bookings_json(actor, shipped, AccessChannel.FEED))
    return {
        "cursor": cursor,
        "changes": [
            {
                "seq": item.seq,
                "entity": item.entity,
                "id": item.entity_id,
                "op": item.op,
                "reference": item.reference,
                "booking": next(views) if item.booking is not None else None,
                "version": item.booking.version if item.booking else item.version,
            }
            for item in items
        ],
    }
