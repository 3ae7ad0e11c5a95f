"""Webhooks: which events exist, what an endpoint may be, what a delivery says and how it is signed.

Pure Python. The service enqueues one outbox row per event and endpoint (``booking/webhook_events.py``),
the job runner sends it (``webhooks/delivery.py``), and a receiver checks the signature as
``docs/webhooks.md`` shows:

    X-Dimos-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>

A body carries the booking's reference, municipality, service, mode, times (UTC), status and clerk id,
and what the event adds (the previous time or clerk, the outcome); the citizen's name, e-mail and phone
only for an endpoint registered with ``personal_data: contact``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

SIGNATURE_HEADER = "X-Dimos-Signature"
EVENT_HEADER = "X-Dimos-Event"
DELIVERY_HEADER = "X-Dimos-Event-Id"
SIGNATURE_VERSION = "v1"
# What a receiver should accept between the timestamp and its own clock (the docs' snippet uses it).
DEFAULT_TOLERANCE_SECONDS = 300
MAX_URL_LENGTH = 500
MIN_SECRET_LENGTH = 16
MAX_SECRET_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 200
# More would be a mistake (a loop registering the same URL), and every booking write reads them all.
MAX_ENDPOINTS = 50
# The secret: printable ASCII without spaces, so it is the same bytes wherever it is pasted.
_SECRET = re.compile(r"[!-~]+")
_LOOPBACK_NAMES = frozenset({"localhost"})


class WebhookEvent(StrEnum):
    """What happened to a booking. ``completed``: the clerk recorded the outcome (a no-show too)."""

    CREATED = "booking.created"
    RESCHEDULED = "booking.rescheduled"
    CANCELLED = "booking.cancelled"
    REASSIGNED = "booking.reassigned"
    COMPLETED = "booking.completed"


class PersonalData(StrEnum):
    """How much of the citizen an endpoint receives: ``none`` (the default) or ``contact``."""

    NONE = "none"
    CONTACT = "contact"


# ----------------------------------------------------------------- what an endpoint may be
def url_problem(url: str, *, allow_local_http: bool) -> str | None:
    """Why ``url`` cannot receive deliveries (``None``: it can).

    HTTPS only; plain HTTP only to this machine (localhost, 127.0.0.0/8, ::1) and only where
    ``allow_local_http`` (development, tests). Never a user name or password in the URL: the secret
    signs, and credentials in a URL end up in logs.
    """
    if not url:
        return "Give the URL that receives the deliveries."
    if len(url) > MAX_URL_LENGTH:
        return f"At most {MAX_URL_LENGTH} characters."
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "A URL has no spaces or control characters."
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "Not a valid URL."
    del port  # read only to refuse a malformed one
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "Give an https:// URL."
    if "@" in parts.netloc:
        return "A webhook URL must not carry a user name or password."
    if parts.scheme == "http":
        if not allow_local_http:
            return "Only https:// URLs receive deliveries."
        if not _is_loopback(parts.hostname):
            return "Plain http:// is allowed only to this machine (localhost); use https://."
    return None


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secret_problem(secret: str) -> str | None:
    """Why ``secret`` cannot sign deliveries (``None``: it can)."""
    if len(secret) < MIN_SECRET_LENGTH:
        return f"At least {MIN_SECRET_LENGTH} characters."
    if len(secret) > MAX_SECRET_LENGTH:
        return f"At most {MAX_SECRET_LENGTH} characters."
    if not _SECRET.fullmatch(secret):
        return "Only letters, digits and punctuation (no spaces, no accented letters)."
    return None


def events_problem(events: Iterable[str]) -> str | None:
    """Why this list of events cannot be subscribed to (``None``: it can)."""
    chosen = list(events)
    if not chosen:
        return "Choose at least one event."
    known = {e.value for e in WebhookEvent}
    unknown = sorted(set(chosen) - known)
    if unknown:
        return f"Unknown events: {', '.join(unknown)}."
    return None


def ordered_events(events: Iterable[str]) -> list[str]:
    """The events once each, in the order of ``WebhookEvent`` (how lists show them)."""
    chosen = set(events)
    return [e.value for e in WebhookEvent if e.value in chosen]


def secret_hint(secret: str) -> str:
    """What a list shows of a secret: its last four characters, never more."""
    return "…" + secret[-4:]


# ----------------------------------------------------------------- the signature
def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``"<timestamp>.<body>"`` keyed with ``secret``."""
    signed = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """The value of ``X-Dimos-Signature``: ``t=<timestamp>,v1=<signature>``."""
    return f"t={timestamp},{SIGNATURE_VERSION}={signature(secret, timestamp, body)}"


def verify(
    secret: str, header: str, body: bytes, *, now: float, tolerance: int = DEFAULT_TOLERANCE_SECONDS
) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` at a time within ``tolerance`` of ``now``."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        fields.setdefault(key, []).append(value)
    stamps = fields.get("t", [])
    if len(stamps) != 1 or not stamps[0].isdigit():
        return False
    timestamp = int(stamps[0])
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in fields.get(SIGNATURE_VERSION, []))


# ----------------------------------------------------------------- what a delivery says
@dataclass(frozen=True)
class BookingFacts:
    """What every delivery says about a booking: nothing that names the citizen."""

    reference: str
    municipality: str  # slug
    service_id: int
    service: str  # slug
    mode: str
    start: datetime
    end: datetime
    status: str
    clerk_id: int


@dataclass(frozen=True)
class Contact:
    """The citizen's contact details, sent only to an endpoint registered with ``contact``."""

    name: str
    email: str
    phone: str


def utc_text(moment: datetime) -> str:
    """An instant as ISO 8601 in UTC with a ``Z``: ``2026-12-03T07:00:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def booking_snapshot(facts: BookingFacts, **details: Any) -> dict[str, Any]:
    """The ``booking`` object of a body at the moment of the event, without personal data.

    ``details`` adds what the event needs: ``previous`` (start, end, clerk_id) for a move, ``outcome``
    for a completion, ``cancelled_by`` (citizen, staff or system) for a cancellation.
    """
    snapshot: dict[str, Any] = {
        "reference": facts.reference,
        "municipality": facts.municipality,
        "service": {"id": facts.service_id, "slug": facts.service},
        "mode": facts.mode,
        "start": utc_text(facts.start),
        "end": utc_text(facts.end),
        "status": facts.status,
        "clerk_id": facts.clerk_id,
    }
    snapshot.update(details)
    return snapshot


def previous_time(start: datetime, end: datetime, clerk_id: int) -> dict[str, Any]:
    """Where a moved booking was: its old start, end and clerk."""
    return {"start": utc_text(start), "end": utc_text(end), "clerk_id": clerk_id}


def delivery_body(
    *,
    event: str,
    event_id: str,
    occurred_at: str,
    booking: Mapping[str, Any],
    contact: Contact | None,
) -> bytes:
    """The exact bytes POSTed (and signed): compact UTF-8 JSON.

    ``contact`` is added as ``booking.citizen`` only when the endpoint asked for it.
    """
    shown = dict(booking)
    if contact is not None:
        shown["citizen"] = {"name": contact.name, "email": contact.email, "phone": contact.phone}
    document = {"id": event_id, "event": event, "occurred_at": occurred_at, "booking": shown}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
