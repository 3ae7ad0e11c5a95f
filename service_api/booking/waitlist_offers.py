"""The waitlist's background round: close lapsed offers, then offer freed times in first-come order.

Run by the job runner (``jobs.JobRunner.maybe_offer_waitlist``) on every pass; restart-safe and
idempotent because everything it knows is in the database: an entry is offered a time only by
``waitlist.make_offer``, whose transaction claims the entry and holds the time through the booking
path, so two runners working at once never offer one entry twice nor one clerk's time twice.
Which times are free comes from the availability cache, which catches up with the change log (a
cancellation, a reschedule, a new working plan, a retired absence) and with lapsed holds by itself.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select

from service_api.booking import waitlist
from service_api.booking.availability_cache import AvailabilityCache
from service_api.booking.calendars import zone_of
from service_api.booking.service import BookingService
from service_api.domain.waitlist import EntryStatus, FreeTime, PartOfDay, Wish, plan_offers
from service_api.models import Municipality, Service, WaitlistEntry

# How many times one round plans again after offers that could not be made (bounded work per pass).
REPLANS = 3


def planned_offers(
    bookings: BookingService, availability: AvailabilityCache, *, skip: frozenset[int] = frozenset()
) -> list[tuple[int, datetime]]:
    """Who would be offered which free time now, first come first served, per service and mode;
    ``skip``: entries left out of this plan (their offer just failed)."""
    now = bookings.clock()
    plan: list[tuple[int, datetime]] = []
    with bookings.store.read() as session:
        waiting = session.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.status == EntryStatus.WAITING.value)
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        ).all()
        queues: dict[tuple[int, str], list[WaitlistEntry]] = defaultdict(list)
        for entry in waiting:
            if entry.id not in skip:
                queues[(entry.service_id, entry.mode)].append(entry)
        for (service_id, mode), entries in queues.items():
            service = session.get(Service, service_id)
            if service is None or not service.active:
                continue
            municipality = session.get(Municipality, service.municipality_id)
            assert municipality is not None
            zone = zone_of(municipality)
            first = min(e.first_day for e in entries)
            last = max(e.last_day for e in entries)
            slots = availability.slots(session, service, mode, first, last, now=now)
            wishes = [
                Wish(e.id, e.created_at, e.first_day, e.last_day, PartOfDay(e.part_of_day)) for e in entries
            ]
            plan += plan_offers(wishes, [FreeTime(s.start, s.capacity) for s in slots], zone)
    return plan


def offer_round(bookings: BookingService, availability: AvailabilityCache) -> int:
    """One round: lapsed offers end (their times free up), then each planned offer is made if it still
    can be. An entry whose offer could not be made (the citizen's own booking limit, a time taken
    meanwhile) must not keep the time from the citizens after it: the round plans again without it.
    Returns how many offers were made."""
    waitlist.close_lapsed(bookings)
    made = 0
    skip: frozenset[int] = frozenset()
    for _ in range(REPLANS):
        failed = set()
        for entry_id, start in planned_offers(bookings, availability, skip=skip):
            if waitlist.make_offer(bookings, entry_id, start) is not None:
                made += 1
            else:
                failed.add(entry_id)
        if not failed:
            break
        skip |= failed
    return made
