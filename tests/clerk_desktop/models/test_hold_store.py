"""Holds in the clerk's store: shown while the citizen may confirm, gone once they lapse or are given back."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore

WEEK_START = datetime(2026, 11, 30, tzinfo=ATHENS)
EXPIRES = WEEK_START + timedelta(hours=8, minutes=15)


def row(reference: str, *, status: str = "held", version: int = 1, **extra: Any) -> dict[str, Any]:
    start = WEEK_START + timedelta(days=1, hours=9)
    return {
        "reference": reference,
        "status": status,
        "mode": "in_person",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=15)).isoformat(),
        "version": version,
        "service": {"id": 1, "name_el": "Σύμφωνο συμβίωσης", "name_en": "Cohabitation agreement"},
        "citizen": {"name": "", "email": "", "phone": ""},
        "hold_expires_at": EXPIRES.isoformat() if status == "held" else None,
        **extra,
    }


def test_a_hold_is_marked_as_one_and_dropped_only_once_it_has_lapsed() -> None:
    store = BookingStore()
    hold = store.upsert_json(row("H-1"))
    store.upsert_json(row("C-1", status="confirmed"))
    assert hold.is_hold and hold.hold_expires_at == EXPIRES
    assert store.drop_lapsed_holds(EXPIRES - timedelta(seconds=1)) == []
    assert store.drop_lapsed_holds(EXPIRES) == ["H-1"]
    assert store.get("H-1") is None and store.get("C-1") is not None
    # A range answer that still lists the hold at its version does not bring it back...
    week = [Booking.from_json(row("H-1")), Booking.from_json(row("C-1", status="confirmed"))]
    store.replace_range(WEEK_START, WEEK_START + timedelta(days=7), week)
    assert store.get("H-1") is None
    # ...but its confirmation, a newer version, does.
    store.upsert_json(row("H-1", status="confirmed", version=2))
    assert store.get("H-1") is not None and not store.get("H-1").is_hold  # type: ignore[union-attr]


def test_a_hold_given_back_or_expired_on_the_server_leaves_the_store() -> None:
    store = BookingStore()
    for reference, reason in (("H-1", "hold_released"), ("H-2", "hold_expired")):
        store.upsert_json(row(reference))
        store.upsert_json(row(reference, status="cancelled", version=2, cancel_reason=reason))
        assert store.get(reference) is None
    store.upsert_json(row("C-1", status="confirmed"))
    store.upsert_json(row("C-1", status="cancelled", version=2, cancel_reason="cancelled_by_citizen"))
    cancelled = store.get("C-1")
    assert cancelled is not None and cancelled.is_cancelled  # a real cancellation is still shown
    week = [Booking.from_json(row("H-3", status="cancelled", cancel_reason="hold_expired"))]
    store.replace_range(WEEK_START, WEEK_START + timedelta(days=7), week)
    assert store.get("H-3") is None
