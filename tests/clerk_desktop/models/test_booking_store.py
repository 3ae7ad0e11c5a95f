"""A range load that left the server before a live change must not undo that change.

The week view loads its range in the background while the change feed keeps delivering. When the
feed's newer booking arrives first and the load's older answer second, the clerk must still see
the booking (in memory and in the offline cache); these tests fail when the answer simply
replaces the range.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from clerk_desktop.client.cache import LocalCache
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore

WEEK_START = datetime(2026, 11, 30, tzinfo=ATHENS)
WEEK_END = WEEK_START + timedelta(days=7)


def row(reference: str, hour: int, *, version: int = 1, status: str = "confirmed") -> dict[str, Any]:
    start = WEEK_START + timedelta(days=1, hours=hour)
    return {
        "reference": reference,
        "status": status,
        "mode": "in_person",
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=15)).isoformat(),
        "version": version,
        "service": {"id": 1, "name_el": "Σύμφωνο συμβίωσης", "name_en": "Cohabitation agreement"},
        "citizen": {"name": f"Citizen {reference}", "email": "c@example.org", "phone": "+302410000000"},
    }


def references(store: BookingStore) -> set[str]:
    return {b.reference for b in store.between(WEEK_START, WEEK_END)}


def test_a_booking_the_feed_delivered_during_a_load_survives_the_older_answer() -> None:
    store = BookingStore()
    store.replace_range(WEEK_START, WEEK_END, [Booking.from_json(row("OLD-1", 9))])
    mark = store.mark()  # the week load asks the server now...
    store.upsert_json(row("NEW-1", 10))  # ...the feed brings a booking made meanwhile...
    stale_answer = [Booking.from_json(row("OLD-1", 9)), Booking.from_json(row("OTHER", 11))]
    store.replace_range(WEEK_START, WEEK_END, stale_answer, as_of=mark)  # ...then the older answer
    assert references(store) == {"OLD-1", "NEW-1", "OTHER"}


def test_a_cancellation_during_a_load_is_not_brought_back_by_the_older_answer() -> None:
    store = BookingStore()
    store.replace_range(WEEK_START, WEEK_END, [Booking.from_json(row("GONE", 9))])
    mark = store.mark()
    store.remove("GONE")  # a tombstone from the feed
    store.replace_range(WEEK_START, WEEK_END, [Booking.from_json(row("GONE", 9))], as_of=mark)
    assert references(store) == set()


def test_a_load_without_changes_meanwhile_replaces_the_range() -> None:
    store = BookingStore()
    store.upsert_json(row("MOVED-AWAY", 9))
    mark = store.mark()
    store.replace_range(WEEK_START, WEEK_END, [Booking.from_json(row("FRESH", 12))], as_of=mark)
    assert references(store) == {"FRESH"}


def test_an_older_version_of_a_booking_never_replaces_a_newer_one() -> None:
    store = BookingStore()
    store.upsert_json(row("REF", 9, version=3, status="checked_in"))
    kept = store.upsert_json(row("REF", 9, version=2))
    booking = store.get("REF")
    assert booking is not None and booking.status == "checked_in" and kept.version == 3
    store.upsert_json(row("REF", 9, version=4, status="completed"))
    assert store.get("REF").status == "completed"  # type: ignore[union-attr]


def test_the_offline_cache_keeps_a_change_made_while_a_load_was_in_flight(tmp_path: Path) -> None:
    cache = LocalCache(tmp_path / "cache.sqlite3")
    start, end = "2026-11-29T22:00:00", "2026-12-06T22:00:00"
    cache.replace_range(start, end, [row("OLD-1", 9), row("GONE", 10)])
    mark = cache.mark()
    cache.upsert(row("NEW-1", 11))
    cache.remove("GONE")
    cache.replace_range(start, end, [row("OLD-1", 9), row("GONE", 10)], as_of=mark)
    assert [b["reference"] for b in cache.bookings_between(start, end)] == ["OLD-1", "NEW-1"]
    cache.replace_range(start, end, [row("OLD-1", 9)])  # no mark: exactly what the server says
    assert [b["reference"] for b in cache.bookings_between(start, end)] == ["OLD-1"]
    cache.close()


def test_two_loads_of_one_range_finishing_out_of_order_keep_what_the_feed_brought() -> None:
    """Load A is asked, then load B; B's answer (with Y) comes first, the feed repeats Y, A comes last."""
    store = BookingStore()
    mark_a = store.mark()
    mark_b = store.mark()
    store.replace_range(WEEK_START, WEEK_END, [Booking.from_json(row("Y", 10))], as_of=mark_b)
    store.upsert_json(row("Y", 10))  # the feed delivers what the store already shows
    store.replace_range(WEEK_START, WEEK_END, [], as_of=mark_a)  # load A, older than Y
    assert references(store) == {"Y"}


def test_a_late_answer_does_not_bring_back_a_booking_the_feed_removed() -> None:
    store = BookingStore()
    store.upsert_json(row("MOVED", 9, version=2))
    store.remove("MOVED", 3)  # reassigned to a colleague: the tombstone is version 3
    store.upsert_json(row("MOVED", 9, version=2))  # this clerk's checklist tick, answered late
    store.replace_range(WEEK_START, WEEK_END, [Booking.from_json(row("MOVED", 9, version=3))])  # cached week
    assert references(store) == set()
    store.upsert_json(row("MOVED", 9, version=4))  # moved back to this clerk later: shown again
    assert references(store) == {"MOVED"}


def test_the_offline_cache_keeps_the_newest_version_and_honours_removals(tmp_path: Path) -> None:
    cache = LocalCache(tmp_path / "cache.sqlite3")
    start, end = "2026-11-29T22:00:00", "2026-12-06T22:00:00"
    cache.upsert(row("REF", 9, version=3, status="checked_in"))
    cache.upsert(row("REF", 9, version=2))  # an action's answer that left the server earlier
    assert [b["status"] for b in cache.bookings_between(start, end)] == ["checked_in"]
    cache.remove("REF", 4)
    cache.upsert(row("REF", 9, version=3))
    assert cache.bookings_between(start, end) == []
    cache.close()


def test_clear_forgets_every_booking_and_the_calendar(qtbot: Any) -> None:
    store = BookingStore()
    store.replace_range(WEEK_START, WEEK_END, [Booking.from_json(row("AAA", 9))])
    store.remove("BBB", 3)
    store.set_calendar({"holidays": [{"date": "2026-12-25", "name": "Χριστούγεννα"}]})
    store.offline = True
    with qtbot.waitSignals([store.reset, store.calendar_changed]):
        store.clear()
    assert len(store) == 0 and references(store) == set()
    assert store.holidays == {} and not store.offline
    store.upsert_json(row("BBB", 10, version=1))  # the previous sign-in's tombstone is gone too
    assert references(store) == {"BBB"}
