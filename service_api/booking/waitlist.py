"""The waitlist's writes (issue 17), one guarded function each: join, leave, offer a freed time, accept
an offer, close the offers that lapsed.

An offer is a hold made through the booking service's one path (``BookingService.create(hold=True)``)
for the citizen, lasting ``waitlist_offer_minutes``; the same transaction claims the entry (waiting →
offered, only if it is still waiting) and queues the offer e-mail, so an entry never has two offers and
a hold never serves two entries (``offer_booking_id`` is unique). Two holds on one clerk's time are
refused by the booking path itself (the exclusion constraint on PostgreSQL, the single writer on
SQLite). Accepting is confirming that hold, which closes the entry in the confirmation's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service_api.booking import journal, transaction
from service_api.booking.service import BookingService, CitizenDetails, KnownAfm, NewBooking
from service_api.booking.waitlist_rows import close_values
from service_api.domain.co_applicants import CoApplicantIn
from service_api.domain.errors import DomainError, NotFound, RuleViolation, SlotUnavailable
from service_api.domain.kinds import WAITLIST_RELEASED, BookingSource, OutboxKind
from service_api.domain.policy import Actor
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import ATHENS
from service_api.domain.waitlist import (
    OPEN_STATUSES,
    AlreadyWaiting,
    EntryStatus,
    PartOfDay,
    check_entry_count,
    check_wish,
)
from service_api.models import Booking, WaitlistEntry
from service_api.security import afm_hash, citizen_key

log = logging.getLogger(__name__)

_OPEN = [s.value for s in OPEN_STATUSES]
ALREADY_WAITING = "You are already on the waitlist of this service in this mode."
NO_ENTRY = "No such waitlist entry."


@dataclass(frozen=True)
class Wanted:
    """What a citizen asks to wait for."""

    service_id: int
    mode: Mode
    first: date
    last: date
    part: PartOfDay


@dataclass(frozen=True)
class Waiter:
    """Who waits: the proved address (offers come by e-mail), and how to speak to them."""

    email: str
    name: str = ""
    afm: str | None = None
    language: str = "el"
    timezone: str = "Europe/Athens"


class _EntryTaken(DomainError):
    """The entry was offered a time (or closed) by another runner meanwhile: this offer is undone."""

    code = "waitlist_entry_taken"
    status = 409


def waiter_key(bookings: BookingService, who: Waiter) -> str:
    return citizen_key(bookings.config.secret_key, who.email, who.afm)


def join(bookings: BookingService, wanted: Wanted, who: Waiter) -> WaitlistEntry:
    """Put the citizen at the end of the service's waitlist; refused with the rule that says why."""
    if not who.email.strip():
        raise RuleViolation(
            "Waitlist offers come by e-mail: sign in with an e-mail address first.",
            fields={"email": "An e-mail address is needed."},
        )
    now = bookings.clock()
    key = waiter_key(bookings, who)
    try:
        with bookings.transaction() as session:
            stamp = bookings.catalogue.read_stamp(session)
            facts = bookings.catalogue.service(session, stamp, wanted.service_id)
            if facts is None or not facts.service.active:
                raise NotFound("No such service.", fields={"service_id": "Unknown service."})
            service = facts.service
            if wanted.mode.value not in service.modes:
                raise RuleViolation(
                    "This service is not offered in this mode.",
                    fields={"mode": "Not offered for this service."},
                )
            check_wish(
                first=wanted.first,
                last=wanted.last,
                today=now.astimezone(facts.zone).date(),
                horizon_last=(now + timedelta(days=service.horizon_days)).astimezone(facts.zone).date(),
                max_days=bookings.config.waitlist_max_days,
            )
            open_entries = session.execute(
                select(WaitlistEntry.service_id, WaitlistEntry.mode).where(
                    WaitlistEntry.citizen_key == key, WaitlistEntry.status.in_(_OPEN)
                )
            ).all()
            if (service.id, wanted.mode.value) in {(s, m) for s, m in open_entries}:
                raise AlreadyWaiting(ALREADY_WAITING)
            check_entry_count(len(open_entries), bookings.config.waitlist_max_entries)
            entry = WaitlistEntry(
                municipality_id=service.municipality_id,
                service_id=service.id,
                mode=wanted.mode.value,
                first_day=wanted.first,
                last_day=wanted.last,
                part_of_day=wanted.part.value,
                status=EntryStatus.WAITING.value,
                citizen_key=key,
                citizen_email=who.email.strip(),
                citizen_name=who.name.strip(),
                citizen_afm_hash=afm_hash(bookings.config.secret_key, who.afm) if who.afm else None,
                language=who.language,
                citizen_timezone=who.timezone,
                created_at=now,
                updated_at=now,
            )
            session.add(entry)
            session.flush()
            journal.audit(session, Actor.citizen(), "waitlist_joined", None, entry=entry.id)
            return entry
    except IntegrityError as exc:  # a concurrent twin of the same request committed first
        raise AlreadyWaiting(ALREADY_WAITING) from exc


def _entry_for_update(session: Session, entry_id: int) -> WaitlistEntry:
    query = select(WaitlistEntry).where(WaitlistEntry.id == entry_id)
    if transaction.is_postgres(session):
        query = query.with_for_update()
    entry = session.scalar(query)
    if entry is None:
        raise NotFound(NO_ENTRY)
    return entry


def entry(bookings: BookingService, entry_id: int) -> tuple[WaitlistEntry, Booking | None]:
    """An entry and its open offer's hold (if any), for the pages the e-mail links to."""
    with bookings.store.read() as session:
        found = session.get(WaitlistEntry, entry_id)
        if found is None:
            raise NotFound(NO_ENTRY)
        offer = session.get(Booking, found.offer_booking_id) if found.offer_booking_id else None
        if offer is not None:
            _ = offer.service.name_el  # loaded for the page, read after the session
        return found, offer


def open_entries(bookings: BookingService, owner_key: str) -> list[WaitlistEntry]:
    """The citizen's entries still waiting or offered a time, in the order they joined."""
    with bookings.store.read() as session:
        return list(
            session.scalars(
                select(WaitlistEntry)
                .where(WaitlistEntry.citizen_key == owner_key, WaitlistEntry.status.in_(_OPEN))
                .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
            )
        )


def leave(bookings: BookingService, entry_id: int, *, owner_key: str | None = None) -> WaitlistEntry:
    """The citizen leaves the list (from the API: ``owner_key`` must be theirs; from the e-mail's signed
    link: none). A time held for them is given back at once, for the next citizen. Leaving twice is
    harmless."""
    now = bookings.clock()
    with bookings.transaction() as session:
        found = _entry_for_update(session, entry_id)
        if owner_key is not None and found.citizen_key != owner_key:
            raise NotFound(NO_ENTRY)  # another citizen's entry is not theirs to know about
        if found.status not in _OPEN:
            return found
        offer_id = found.offer_booking_id if found.status == EntryStatus.OFFERED.value else None
        for name, value in close_values(EntryStatus.LEFT, now).items():
            setattr(found, name, value)
        journal.audit(session, Actor.citizen(), "waitlist_left", None, entry=found.id)
        reference = session.scalar(
            select(Booking.reference).where(Booking.id == offer_id, Booking.status == Status.HELD.value)
        )
    if reference is not None:
        try:
            bookings.cancel(reference, Actor.system(), reason=WAITLIST_RELEASED)
        except DomainError:  # confirmed or lapsed meanwhile: nothing to give back
            log.info("waitlist entry %s left; its offer was no longer held", entry_id)
    return found


def make_offer(bookings: BookingService, entry_id: int, start: datetime) -> Booking | None:
    """Hold ``start`` for the entry's citizen and queue the offer e-mail, if the entry still waits and the
    time is still free; ``None`` when either is no longer so (another runner, another citizen)."""
    with bookings.store.read() as session:
        found = session.get(WaitlistEntry, entry_id)
        if found is None or found.status != EntryStatus.WAITING.value:
            return None
        request = NewBooking(
            found.service_id,
            Mode(found.mode),
            start,
            CitizenDetails(
                name=found.citizen_name,
                email=found.citizen_email,
                phone="",
                language=found.language,
                timezone=found.citizen_timezone,
                via_taxisnet=found.citizen_afm_hash is not None,
                known_afm=(
                    KnownAfm(found.citizen_key, found.citizen_afm_hash)
                    if found.citizen_afm_hash is not None
                    else None
                ),
            ),
            source=BookingSource.WEB.value,
        )
    now = bookings.clock()

    def claim(session: Session, booking_id: int) -> None:
        claimed = session.execute(
            update(WaitlistEntry)
            .where(WaitlistEntry.id == entry_id, WaitlistEntry.status == EntryStatus.WAITING.value)
            .values(status=EntryStatus.OFFERED.value, offer_booking_id=booking_id, updated_at=now)
            .returning(WaitlistEntry.id)
            .execution_options(synchronize_session=False)
        ).first()
        if claimed is None:
            raise _EntryTaken("This waitlist entry was just offered a time.")
        journal.audit(
            session, Actor.system(), "waitlist_offered", None, booking_id=booking_id, entry=entry_id
        )
        journal.enqueue_for(session, OutboxKind.EMAIL_WAITLIST_OFFER, booking_id, entry_id=entry_id)

    try:
        result = bookings.create(
            request,
            Actor.system(),
            hold=True,
            hold_minutes=bookings.config.waitlist_offer_minutes,
            within=claim,
        )
    except (_EntryTaken, SlotUnavailable, RuleViolation):
        return None
    except DomainError as refused:  # the citizen's own limit, a service withdrawn: not this time
        log.info("waitlist entry %s not offered a time: %s", entry_id, refused.code)
        return None
    return result.booking


def accept(bookings: BookingService, entry_id: int, co_applicants: Sequence[CoApplicantIn] = ()) -> Booking:
    """Book the time offered: confirm its hold through the booking service (which closes the entry);
    a joint service's booking then waits for the co-applicants named (issue 18)."""
    found, offer = entry(bookings, entry_id)
    if found.status != EntryStatus.OFFERED.value or offer is None:
        if found.status == EntryStatus.BOOKED.value and offer is not None:
            return offer  # confirmed already: a second click shows the booking
        raise SlotUnavailable("This offer is no longer open.")
    return bookings.confirm(offer.reference, Actor.citizen(), co_applicants=co_applicants)


def close_lapsed(bookings: BookingService) -> int:
    """Offers not confirmed in time end (the entry expires, its hold is cancelled so the time goes to
    the next citizen), and waiting entries whose last day has passed expire. Reads first: an empty pass
    takes no write lock."""
    now = bookings.clock()
    today = now.astimezone(ATHENS).date()
    with bookings.store.read() as session:
        if not _lapsed(session, now, today):
            return 0
    closed = 0
    with bookings.transaction() as session:
        for found, offer in _lapsed(session, now, today, lock=True):
            if offer is not None and offer.status == Status.HELD.value:
                expired = transaction.expire_lapsed_holds(
                    session, staff_ids=[offer.staff_id], now=now, only=[offer.id]
                )
                if not expired:
                    continue  # confirmed at the last moment: the confirmation closes the entry
            booked = offer is not None and offer.status not in (Status.HELD.value, Status.CANCELLED.value)
            outcome = EntryStatus.BOOKED if booked else EntryStatus.EXPIRED
            for name, value in close_values(outcome, now).items():
                setattr(found, name, value)
            journal.audit(session, Actor.system(), f"waitlist_{outcome.value}", None, entry=found.id)
            closed += 1
    return closed


def _lapsed(
    session: Session, now: datetime, today: date, *, lock: bool = False
) -> list[tuple[WaitlistEntry, Booking | None]]:
    query = (
        select(WaitlistEntry, Booking)
        .outerjoin(Booking, Booking.id == WaitlistEntry.offer_booking_id)
        .where(
            (
                (WaitlistEntry.status == EntryStatus.OFFERED.value)
                & (
                    Booking.id.is_(None)
                    | (Booking.status != Status.HELD.value)
                    | (Booking.hold_expires_at <= now)
                )
            )
            | ((WaitlistEntry.status == EntryStatus.WAITING.value) & (WaitlistEntry.last_day < today))
        )
        .order_by(WaitlistEntry.id)
    )
    if lock and transaction.is_postgres(session):
        query = query.with_for_update(of=WaitlistEntry)
    return [(row[0], row[1]) for row in session.execute(query).all()]
