"""The rules of webhooks (issue 17): the signature as documented, what a URL and a secret may be, bodies."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from service_api.domain import webhooks
from service_api.domain.webhooks import BookingFacts, Contact

DOCS = Path(__file__).resolve().parents[3] / "docs" / "webhooks.md"
SECRET = "test-secret-0123456789"


def docs_verifier() -> Callable[..., bool]:
    """``verify_dimos_signature`` exactly as docs/webhooks.md gives it to receivers."""
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    snippet = next(block for block in blocks if "def verify_dimos_signature" in block)
    scope: dict[str, Any] = {}
    exec(snippet, scope)  # noqa: S102 - our own documentation, checked as the receivers will run it
    verifier: Callable[..., bool] = scope["verify_dimos_signature"]
    return verifier


def test_the_header_is_t_and_v1_the_hmac_sha256_of_timestamp_dot_body() -> None:
    body = b'{"event":"booking.created"}'
    header = webhooks.signature_header(SECRET, 1_764_568_800, body)
    expected = hmac.new(SECRET.encode(), b"1764568800." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1764568800,v1={expected}"


def test_the_documented_snippet_verifies_a_signature_and_refuses_a_forgery_or_a_replay() -> None:
    verify = docs_verifier()
    body = webhooks.delivery_body(
        event="booking.cancelled",
        event_id="evt_1",
        occurred_at="2026-12-01T06:00:00Z",
        booking={},
        contact=None,
    )
    header = webhooks.signature_header(SECRET, 1_764_568_800, body)
    assert verify(SECRET, header, body, now=1_764_568_800 + 299)
    assert not verify(SECRET, header, body.replace(b"cancelled", b"created"), now=1_764_568_800)
    assert not verify("another-secret-entirely", header, body, now=1_764_568_800)
    assert not verify(SECRET, header, body, now=1_764_568_800 + 301)
    assert not verify(SECRET, "v1=abc", body, now=1_764_568_800)
    # The service's own verifier agrees with the receivers'.
    assert webhooks.verify(SECRET, header, body, now=1_764_568_800 + 299)
    assert not webhooks.verify(SECRET, header, body + b" ", now=1_764_568_800)
    assert not webhooks.verify(SECRET, header, body, now=1_764_568_800 - 301)


@pytest.mark.parametrize(
    ("url", "local", "refused"),
    [
        ("https://crm.larissa.gr/hooks", False, None),
        ("https://crm.larissa.gr:8443/hooks?token=x", False, None),
        ("http://127.0.0.1:5000/h", True, None),
        ("http://127.8.0.1/h", True, None),
        ("http://localhost/h", True, None),
        ("http://[::1]:9000/h", True, None),
        ("http://127.0.0.1:5000/h", False, "Only https://"),
        ("http://10.0.0.5/h", True, "only to this machine"),
        ("http://localhost.evil.example/h", True, "only to this machine"),
        ("https://user:secret@crm.larissa.gr/h", False, "user name or password"),
        ("https://token@crm.larissa.gr/h", False, "user name or password"),
        ("file:///etc/passwd", True, "https://"),
        ("https:///no-host", False, "https://"),
        ("https://crm.larissa.gr/a b", False, "no spaces"),
        ("https://crm.larissa.gr/\x00", False, "control characters"),
        ("https://crm.larissa.gr:70000/", False, "Not a valid URL"),
        ("https://crm.larissa.gr/" + "x" * 480, False, "At most 500"),
    ],
)
def test_what_a_url_may_be(url: str, local: bool, refused: str | None) -> None:
    problem = webhooks.url_problem(url, allow_local_http=local)
    assert (problem is None) if refused is None else (problem is not None and refused in problem), problem


def test_secrets_events_and_the_hint() -> None:
    assert webhooks.secret_problem("x" * 15) == "At least 16 characters."
    assert webhooks.secret_problem("x" * 16) is None
    assert webhooks.secret_problem("x" * 201) == "At most 200 characters."
    assert webhooks.secret_problem("tab\tin-the-secret") is not None
    assert webhooks.events_problem([]) == "Choose at least one event."
    assert webhooks.events_problem(["booking.created", "booking.moved"]) == "Unknown events: booking.moved."
    assert webhooks.ordered_events(["booking.completed", "booking.created", "booking.completed"]) == [
        "booking.created",
        "booking.completed",
    ]
    assert webhooks.secret_hint("abcdefghijklmnopWXYZ") == "…WXYZ"


def test_a_body_names_the_citizen_only_when_contact_is_given() -> None:
    facts = BookingFacts(
        reference="7KQ4-M9TZ",
        municipality="larissa",
        service_id=4,
        service="transfer-of-registration",
        mode="in_person",
        start=datetime(2026, 12, 3, 7, tzinfo=UTC),
        end=datetime(2026, 12, 3, 7, 15, tzinfo=UTC),
        status="confirmed",
        clerk_id=2,
    )
    snapshot = webhooks.booking_snapshot(facts, outcome="completed")
    plain = webhooks.delivery_body(
        event="booking.completed", event_id="evt_1", occurred_at="x", booking=snapshot, contact=None
    )
    full = webhooks.delivery_body(
        event="booking.completed",
        event_id="evt_1",
        occurred_at="x",
        booking=snapshot,
        contact=Contact("Μαρία", "maria@example.org", "+306941234567"),
    )
    assert json.loads(plain)["booking"] == {
        "reference": "7KQ4-M9TZ",
        "municipality": "larissa",
        "service": {"id": 4, "slug": "transfer-of-registration"},
        "mode": "in_person",
        "start": "2026-12-03T07:00:00Z",
        "end": "2026-12-03T07:15:00Z",
        "status": "confirmed",
        "clerk_id": 2,
        "outcome": "completed",
    }
    assert "Μαρία".encode() in full  # UTF-8, not \\u escapes
    assert json.loads(full)["booking"]["citizen"]["email"] == "maria@example.org"
