"""Webhooks for admins (issue 17): register, list and remove endpoints, read a delivery log, send again.

Every route is the admin's: refused before anything is read, and again by the writer itself
(``policy.require_webhook_admin`` in ``booking/webhook_admin.py``); no answer ever carries a secret.
What a delivery says and how it is signed: ``docs/webhooks.md``.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from service_api import error_words
from service_api.api.blueprint import bp
from service_api.api.helpers import parse_body, query_int, staff_required
from service_api.api.schemas import WebhookIn
from service_api.booking import webhook_admin
from service_api.domain.policy import Actor, Role
from service_api.runtime import runtime


@bp.post("/webhooks")
@staff_required(Role.ADMIN)
def register_webhook(actor: Actor) -> Any:
    body = parse_body(WebhookIn)
    endpoint = webhook_admin.register(
        runtime().bookings,
        actor,
        url=body.url,
        secret=body.secret,
        events=body.events,
        personal_data=body.personal_data,
        description=body.description.strip(),
    )
    return endpoint.as_json(), 201


@bp.get("/webhooks")
@staff_required(Role.ADMIN)
def list_webhooks(actor: Actor) -> Any:
    return {"webhooks": [e.as_json() for e in webhook_admin.list_endpoints(runtime().store, actor)]}


@bp.delete("/webhooks/<int:webhook_id>")
@staff_required(Role.ADMIN)
def remove_webhook(webhook_id: int, actor: Actor) -> Any:
    webhook_admin.remove(runtime().bookings, actor, webhook_id)
    return Response(status=204)


@bp.get("/webhooks/<int:webhook_id>/deliveries")
@staff_required(Role.ADMIN)
def webhook_deliveries(webhook_id: int, actor: Actor) -> Any:
    limit = query_int("limit", webhook_admin.DELIVERY_LIST_LIMIT, low=1, high=500)
    rows = webhook_admin.deliveries(runtime().store, actor, webhook_id, limit=limit)
    # Why an attempt failed, in the reader's language like every refusal (the log keeps the English).
    language = request.accept_languages.best_match(error_words.LANGUAGES, default="en")
    answer = []
    for row in rows:
        shown = row.as_json()
        shown["error"] = error_words.translate(row.error, language)
        answer.append(shown)
    return {"deliveries": answer}


@bp.post("/webhook-deliveries/<int:delivery_id>/retry")
@staff_required(Role.ADMIN)
def send_webhook_again(delivery_id: int, actor: Actor) -> Any:
    return webhook_admin.send_again(runtime().bookings, actor, delivery_id).as_json(), 202
