"""The one guarded path for every booking write: create, hold, confirm, reschedule, cancel, reassign.

Every method is one transaction that locks the clerk it touches, re-checks availability with the
domain rules under that lock, and writes the audit log, the change log and the outbox beside the
booking. The API, the web form and the job runner all call these methods and nothing else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, any_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, joinedload

from service_api.booking import calendars, journal, new_rows
from service_api.booking.catalogue_cache import CatalogueCache, ServiceFacts
from service_api.booking.journal import Actor
from service_api.config import Config
from service_api.db import Store
from service_api.domain import rules
from service_api.domain.assignment import by_load
from service_api.domain.availability import WorkingPeriod, free_staff_at
from service_api.domain.errors import (
    Forbidden,
    IdempotencyMismatch,
    NotFound,
    RuleViolation,
    SlotUnavailable,
    VersionConflict,
)
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import ensure_utc, local_day_bounds, utcnow
from service_api.models import (
    Booking,
    BookingDocument,
    IdempotencyKey,
    Service,
    ServiceGroup,
    Staff,
)
from service_api.security import afm_hash, citizen_key

MAX_ASSIGN_ATTEMPTS = 5

# The citizen's upcoming bookings of a service, and the catalogue stamp, in one round trip.
_UPCOMING_AND_STAMP = select(
    select(func.count())
    .select_from(Booking)
    .where(
        Booking.citizen_key == bindparam("key"),
        Booking.service_id == bindparam("service_id"),
        Booking.end_at > bindparam("now"),
        calendars.busy_condition(bindparam("now")),  # type: ignore[arg-type]
        calendars.status_in(s.value for s in rules.UPCOMING_STATUSES),
    )
    .scalar_subquery(),
    calendars.catalogue_stamp(),
)

# PostgreSQL only: the first clerk of a ranked list whose row no other transaction has locked.
_RANKED: Any = bindparam("ranked", type_=ARRAY(Integer))
_FIRST_UNLOCKED = (
    select(Staff.id)
    .where(Staff.id == any_(_RANKED))
    .order_by(func.array_position(_RANKED, Staff.id))
    .limit(1)
    .with_for_update(skip_locked=True)
)


@dataclass(frozen=True)
class CitizenDetails:
    name: str
    email: str
    phone: str
    afm: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    via_taxisnet: bool = False
    language: str = "el"
    timezone: str = "Europe/Athens"


@dataclass(frozen=True)
class NewBooking:
    service_id: int
    mode: Mode
    start: datetime
    citizen: CitizenDetails
    source: str = "api"

    def fingerprint(self) -> str:
        """What an Idempotency-Key promises: the same key must come with the same request."""
        body = {
            "service_id": self.service_id,
            "mode": self.mode.value,
            "start": ensure_utc(self.start).isoformat(),
            "citizen": [self.citizen.name, self.citizen.email.lower(), self.citizen.phone, self.citizen.afm],
            "extra": sorted(self.citizen.extra.items()),
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class CreateResult:
    booking: Booking
    replayed: bool = False


class _RetryCreate(Exception):
    """Another request with the same key committed first (or a reference clashed): run it again."""


class BookingService:
    """Owns every write to bookings. ``clock`` is injectable so tests can travel in time."""

    def __init__(self, store: Store, config: Config, clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.catalogue = CatalogueCache()
        # Called after every committed write, e.g. to wake long-polling change-feed requests.
        self.after_commit: list[Callable[[], None]] = []

    # ----------------------------------------------------------------- helpers
    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A write transaction whose database-level refusals surface as domain errors."""
        try:
            with self.store.write() as session:
                yield session
        except IntegrityError as exc:
            if "booking_no_overlap" in str(exc.orig):
                raise SlotUnavailable(
                    "This time was just taken by someone else. Please choose another."
                ) from exc
            raise
        except OperationalError as exc:
            if "deadlock" in str(exc.orig).lower():
                raise SlotUnavailable("This time is being booked right now. Please try again.") from exc
            raise
        for callback in self.after_commit:
            callback()

    def _lock_staff(self, session: Session, staff_ids: list[int]) -> None:
        """Per-clerk lock, taken in id order so two writers never deadlock (SQLite already serialises)."""
        if self.store.is_postgres and staff_ids:
            session.execute(
                select(Staff.id)
                .where(Staff.id.in_(sorted(set(staff_ids))))
                .order_by(Staff.id)
                .with_for_update()
            )

    def _lock_first_available(self, session: Session, ranked: list[int]) -> int:
        """Lock the first clerk of ``ranked`` no other transaction holds, else wait for the first.

        Concurrent bookings would otherwise all pick the same least-loaded clerk and queue on one
        row lock; ``SKIP LOCKED`` lets each take the next free clerk in load order instead.
        """
        if not self.store.is_postgres or len(ranked) == 1:
            self._lock_staff(session, ranked[:1])
            return ranked[0]
        taken = session.connection().scalar(_FIRST_UNLOCKED, {"ranked": ranked})
        if taken is not None:
            return int(taken)
        self._lock_staff(session, ranked[:1])
        return ranked[0]

    def _booking(self, session: Session, reference: str, *, lock: bool = True) -> Booking:
        query = select(Booking).where(Booking.reference == reference)
        if lock and self.store.is_postgres:
            query = query.with_for_update()
        booking = session.scalar(query)
        if booking is None or booking.anonymised_at is not None:
            raise NotFound("No such booking.")
        return booking

    def _service(self, session: Session, service_id: int, *, with_municipality: bool = False) -> Service:
        if with_municipality:
            # Group and municipality come in the same query: the rules and the reply need both.
            service = session.scalar(
                select(Service)
                .options(joinedload(Service.group).joinedload(ServiceGroup.municipality))
                .where(Service.id == service_id)
            )
        else:
            service = session.get(Service, service_id)
        if service is None or not service.active:
            raise NotFound("No such service.")
        return service

    def _expire_holds(
        self, session: Session, staff_ids: list[int], now: datetime, *, only: list[int] | None = None
    ) -> set[int]:
        """Turn lapsed holds into cancellations so they free the clerk, also for the constraint.

        One guarded UPDATE: a hold confirmed by a concurrent request in the meantime is no longer
        'held' when this runs (PostgreSQL re-checks the WHERE after waiting for that row), so it is
        left alone. Returns the ids actually expired.
        """
        if not staff_ids or only == []:
            return set()
        statement = (
            update(Booking)
            .where(
                Booking.staff_id.in_(staff_ids),
                Booking.status == Status.HELD.value,
                Booking.hold_expires_at <= now,
            )
            .values(
                status=Status.CANCELLED.value,
                cancel_reason="hold_expired",
                version=Booking.version + 1,
                updated_at=now,
            )
            .returning(Booking.id, Booking.municipality_id, Booking.staff_id)
            .execution_options(synchronize_session="fetch")
        )
        if only is not None:
            statement = statement.where(Booking.id.in_(only))
        expired = session.execute(statement).all()
        for booking_id, municipality_id, staff_id in expired:
            journal.audit(session, Actor.system(), "hold_expired", None, booking_id=booking_id)
            journal.record_change(
                session,
                entity="booking",
                entity_id=booking_id,
                op="cancelled",
                municipality_id=municipality_id,
                staff_id=staff_id,
            )
        return {booking_id for booking_id, _, _ in expired}

    def _facts(self, session: Session, service_id: int, stamp: int | None = None) -> ServiceFacts:
        """The service's facts from the catalogue cache; ``stamp`` if the caller read it already."""
        if stamp is None:
            stamp = self.catalogue.read_stamp(session)
        facts = self.catalogue.service(session, stamp, service_id)
        if facts is None or not facts.service.active:
            raise NotFound("No such service.")
        return facts

    def _pick_clerk(
        self,
        session: Session,
        facts: ServiceFacts,
        plans: Mapping[int, list[WorkingPeriod]],
        start: datetime,
        now: datetime,
        *,
        stamp: int | None = None,
        prefer: int | None = None,
        exclude_booking_id: int | None = None,
        enforce_lead_time: bool = True,
    ) -> int:
        """Lock and return a free clerk of ``plans`` for ``start``: ``prefer`` if free, else the least loaded.

        ``plans`` are as of the catalogue ``stamp``: under the lock the chosen clerk's plan is read
        again if a staff change committed since.

        Reads only the clerks' time around ``start`` (see ``calendars.MAX_BUFFER``), so the cost
        stays flat however full their diaries are.
        """
        zone, rules_ = facts.zone, facts.rules
        end = start + timedelta(minutes=rules_.duration_minutes)
        local_day = start.astimezone(zone).date()
        if facts.closed_on(local_day):
            raise SlotUnavailable("The municipality is closed on that day.")
        if not plans:
            raise SlotUnavailable("No clerk serves this service in this mode.")
        tried: set[int] = set()
        for _ in range(MAX_ASSIGN_ATTEMPTS):
            cals, load = calendars.calendars_around(
                session,
                {sid: plan for sid, plan in plans.items() if sid not in tried},
                start,
                end,
                now=now,
                load_window=local_day_bounds(local_day, zone),
                exclude_booking_id=exclude_booking_id,
            )
            free = free_staff_at(
                rules_,
                cals,
                start=start,
                zone=zone,
                now=now if enforce_lead_time else None,
            )
            if not free:
                break
            if prefer in free:
                # Keep the booking with its clerk: wait for them rather than skip to another.
                self._lock_staff(session, [prefer])
                chosen = prefer
            else:
                chosen = self._lock_first_available(session, by_load(free, load))
            # Re-read under the lock: another transaction may have booked this clerk meanwhile.
            fresh, lapsed = calendars.clerk_calendar(
                session,
                chosen,
                start,
                end,
                now=now,
                exclude_booking_id=exclude_booking_id,
                plan=plans[chosen],
                stamp=stamp,
            )
            # A lapsing hold in the way may have been confirmed just now: then the clerk is taken.
            if free_staff_at(rules_, [fresh], start=start, zone=zone) and self._expire_holds(
                session, [chosen], now, only=lapsed
            ) == set(lapsed):
                return chosen
            tried.add(chosen)
        raise SlotUnavailable("This time is no longer available. Please choose another.")

    # ----------------------------------------------------------------- create
    def create(
        self,
        request: NewBooking,
        actor: Actor,
        *,
        hold: bool = False,
        idempotency_key: str | None = None,
    ) -> CreateResult:
        """Book a slot (or hold it for ``hold_minutes`` when ``hold``), assigning the least-loaded clerk."""
        for _attempt in range(2):
            try:
                return self._create(request, actor, hold=hold, idempotency_key=idempotency_key)
            except _RetryCreate:
                continue
        raise SlotUnavailable("Please retry the request.")

    def _create(
        self, request: NewBooking, actor: Actor, *, hold: bool, idempotency_key: str | None
    ) -> CreateResult:
        now = self.clock()
        start = ensure_utc(request.start)
        fingerprint = request.fingerprint()
        try:
            with self._write() as session:
                if idempotency_key is not None:
                    existing = session.get(IdempotencyKey, idempotency_key)
                    if existing is not None:
                        if existing.request_hash != fingerprint:
                            raise IdempotencyMismatch(
                                "This Idempotency-Key was already used with a different request."
                            )
                        booking = session.get(Booking, existing.booking_id) if existing.booking_id else None
                        if booking is None:
                            raise NotFound("The booking made with this Idempotency-Key no longer exists.")
                        return CreateResult(booking, replayed=True)
                    # Claim the key first: a concurrent twin blocks here (PostgreSQL) until we commit.
                    session.add(IdempotencyKey(key=idempotency_key, request_hash=fingerprint))
                    session.flush()
                key = citizen_key(self.config.secret_key, request.citizen.email, request.citizen.afm)
                # One round trip for the citizen's upcoming bookings and the catalogue stamp.
                upcoming, stamp_row = (
                    session.connection()
                    .execute(_UPCOMING_AND_STAMP, {"key": key, "service_id": request.service_id, "now": now})
                    .one()
                )
                stamp = int(stamp_row or 0)
                facts = self._facts(session, request.service_id, stamp)
                service = facts.service
                mode = request.mode.value
                if mode not in service.modes:
                    raise RuleViolation(
                        "This service is not offered in this mode.",
                        fields={"mode": "Not offered for this service."},
                    )
                rules.check_citizen_limit(int(upcoming or 0), service.max_active_per_citizen)
                plans = self.catalogue.qualified_plans(session, stamp, facts, mode)
                staff_id = self._pick_clerk(session, facts, plans, start, now, stamp=stamp)
                values = new_rows.booking_values(
                    reference=rules.new_reference(),  # a clash (1 in 10^12) fails the insert: retried
                    municipality_id=service.municipality_id,
                    service_id=service.id,
                    staff_id=staff_id,
                    mode=mode,
                    status=(Status.HELD if hold else Status.CONFIRMED).value,
                    start_at=start,
                    end_at=start + timedelta(minutes=service.duration_minutes),
                    buffer_before_minutes=service.buffer_before_minutes,
                    buffer_after_minutes=service.buffer_after_minutes,
                    hold_expires_at=now + timedelta(minutes=self.config.hold_minutes) if hold else None,
                    citizen_name=request.citizen.name.strip(),
                    citizen_email=request.citizen.email.strip(),
                    citizen_phone=request.citizen.phone.strip(),
                    citizen_afm_hash=(
                        afm_hash(self.config.secret_key, request.citizen.afm) if request.citizen.afm else None
                    ),
                    citizen_key=key,
                    citizen_extra=dict(request.citizen.extra),
                    citizen_via_taxisnet=request.citizen.via_taxisnet,
                    language=request.citizen.language,
                    citizen_timezone=request.citizen.timezone,
                    source=request.source,
                    created_at=now,
                    updated_at=now,
                )
                codes = [doc["code"] for doc in service.required_documents]
                outbox = [] if hold else self._confirmation_work(mode)
                booking_id = new_rows.insert_booking(
                    session,
                    values,
                    new_rows.SideRows(
                        document_codes=codes,
                        actor=actor,
                        action="held" if hold else "created",
                        outbox_kinds=outbox,
                        idempotency_key=idempotency_key,
                    ),
                )
                journal.record_change(
                    session,
                    entity="booking",
                    entity_id=booking_id,
                    op="created",
                    municipality_id=service.municipality_id,
                    staff_id=staff_id,
                )
                return CreateResult(new_rows.written_booking(booking_id, values, codes, service))
        except IntegrityError as exc:
            message = str(exc.orig).lower()
            if idempotency_key is not None and "idempotency_key" in message:
                raise _RetryCreate() from exc
            if "booking.reference" in message or "uq_booking_reference" in message:
                raise _RetryCreate() from exc
            raise

    @staticmethod
    def _confirmation_work(mode: str) -> list[str]:
        """Outbox work a confirmed booking starts: its meeting (teleconference), then the e-mail."""
        if mode == Mode.TELECONFERENCE.value:
            return ["meeting.create", "email.confirmation"]
        return ["email.confirmation"]

    def _after_confirm(self, session: Session, booking: Booking) -> None:
        for kind in self._confirmation_work(booking.mode):
            journal.enqueue(session, kind, booking)

    # ----------------------------------------------------------------- hold → confirm
    def confirm(self, reference: str, actor: Actor, citizen: CitizenDetails | None = None) -> Booking:
        """Turn a live hold into a booking, with the details the citizen typed after choosing the time."""
        now = self.clock()
        with self._write() as session:
            booking = self._booking(session, reference)
            lapsed = (
                booking.status == Status.HELD.value
                and booking.hold_expires_at
                and booking.hold_expires_at <= now
            )
            if lapsed or booking.cancel_reason == "hold_expired":
                raise SlotUnavailable(
                    f"The {self.config.hold_minutes} minutes to confirm this time have passed. "
                    "Please choose a time again."
                )
            rules.check_transition(Status(booking.status), Status.CONFIRMED)
            if citizen is not None:
                booking.citizen_name = citizen.name.strip()
                booking.citizen_email = citizen.email.strip()
                booking.citizen_phone = citizen.phone.strip()
                booking.citizen_key = citizen_key(self.config.secret_key, citizen.email, citizen.afm)
                booking.citizen_extra = dict(citizen.extra)
                booking.language = citizen.language
                booking.citizen_timezone = citizen.timezone
                if citizen.afm:
                    booking.citizen_afm_hash = afm_hash(self.config.secret_key, citizen.afm)
            booking.status = Status.CONFIRMED.value
            booking.hold_expires_at = None
            self._touch(booking, now)
            journal.audit(session, actor, "confirmed", booking)
            self._after_confirm(session, booking)
            journal.booking_changed(session, booking, "annotated")
            return booking

    def _touch(self, booking: Booking, now: datetime) -> None:
        booking.version += 1
        booking.updated_at = now

    @staticmethod
    def _check_version(booking: Booking, expected_version: int | None) -> None:
        if expected_version is not None and booking.version != expected_version:
            raise VersionConflict(
                "This booking was changed meanwhile (now version "
                f"{booking.version}, you had {expected_version}). Reload it and try again."
            )

    # ----------------------------------------------------------------- reschedule
    def reschedule(
        self, reference: str, new_start: datetime, actor: Actor, *, expected_version: int | None = None
    ) -> Booking:
        """Move a booking to another time, keeping its reference; the same clerk if free, else another."""
        now = self.clock()
        new_start = ensure_utc(new_start)
        with self._write() as session:
            booking = self._booking(session, reference)
            self._check_version(booking, expected_version)
            if not rules.can_change_time(Status(booking.status)):
                raise RuleViolation(f"A booking that is {booking.status} cannot be rescheduled.")
            if booking.start_at <= now:
                raise RuleViolation("An appointment that has already started cannot be rescheduled.")
            stamp = self.catalogue.read_stamp(session)
            facts = self._facts(session, booking.service_id, stamp)
            service = facts.service
            old_start, old_staff = booking.start_at, booking.staff_id
            staff_id = self._pick_clerk(
                session,
                facts,
                self.catalogue.qualified_plans(session, stamp, facts, booking.mode),
                new_start,
                now,
                stamp=stamp,
                prefer=booking.staff_id,
                exclude_booking_id=booking.id,
            )
            booking.staff_id = staff_id
            booking.start_at = new_start
            booking.end_at = new_start + timedelta(minutes=service.duration_minutes)
            booking.link_version += 1
            booking.sequence += 1
            self._touch(booking, now)
            journal.audit(
                session,
                actor,
                "rescheduled",
                booking,
                from_start=old_start.isoformat(),
                to_start=new_start.isoformat(),
                from_staff=old_staff,
                to_staff=staff_id,
            )
            if booking.status == Status.CONFIRMED.value:
                if booking.mode == Mode.TELECONFERENCE.value:
                    journal.enqueue(session, "meeting.update", booking, previous_staff_id=old_staff)
                journal.enqueue(session, "email.rescheduled", booking)
            journal.booking_changed(session, booking, "updated", previous_staff_id=old_staff)
            return booking

    # ----------------------------------------------------------------- cancel
    def cancel(
        self, reference: str, actor: Actor, *, reason: str = "", expected_version: int | None = None
    ) -> Booking:
        now = self.clock()
        with self._write() as session:
            booking = self._booking(session, reference)
            self._check_version(booking, expected_version)
            if booking.status == Status.CANCELLED.value:
                return booking  # cancelling twice is harmless: the citizen clicked the link again
            rules.check_transition(Status(booking.status), Status.CANCELLED)
            was_confirmed = booking.status == Status.CONFIRMED.value
            booking.status = Status.CANCELLED.value
            booking.cancel_reason = reason[:200] or f"cancelled_by_{actor.kind}"
            booking.sequence += 1
            booking.link_version += 1
            self._touch(booking, now)
            journal.audit(session, actor, "cancelled", booking, reason=reason)
            if was_confirmed:
                if booking.mode == Mode.TELECONFERENCE.value:
                    journal.enqueue(session, "meeting.cancel", booking)
                journal.enqueue(session, "email.cancelled", booking)
            journal.booking_changed(session, booking, "cancelled")
            return booking

    # ----------------------------------------------------------------- reassign
    def reassignment_candidates(self, reference: str) -> list[int]:
        """Clerks who could take this booking at its time: qualified, working, free."""
        now = self.clock()
        with self.store.read() as session:
            booking = self._booking(session, reference, lock=False)
            facts = self._facts(session, booking.service_id)
            if facts.closed_on(booking.start_at.astimezone(facts.zone).date()):
                return []
            staff_ids = [
                s
                for s in calendars.qualified_staff_ids(session, facts.service, booking.mode)
                if s != booking.staff_id
            ]
            cals = calendars.staff_calendars(session, staff_ids, booking.start_at, booking.end_at, now=now)
            return free_staff_at(facts.rules, cals, start=booking.start_at, zone=facts.zone)

    def reassign(
        self,
        reference: str,
        target_staff_id: int,
        actor: Actor,
        *,
        reason: str = "",
        new_start: datetime | None = None,
        expected_version: int | None = None,
    ) -> Booking:
        """Move a booking to another clerk (optionally at another time); refused unless they can take it."""
        now = self.clock()
        with self._write() as session:
            booking = self._booking(session, reference)
            self._check_version(booking, expected_version)
            self._check_supervises(session, actor, booking)
            if not rules.can_change_time(Status(booking.status)):
                raise RuleViolation(f"A booking that is {booking.status} cannot be reassigned.")
            facts = self._facts(session, booking.service_id)
            service = facts.service
            target = session.get(Staff, target_staff_id)
            if target is None or not target.active or target.municipality_id != booking.municipality_id:
                raise RuleViolation(
                    "That clerk does not work for this municipality.", fields={"staff_id": "Unknown clerk."}
                )
            if target_staff_id not in calendars.qualified_staff_ids(session, service, booking.mode):
                raise RuleViolation(
                    f"{target.display_name} is not qualified for this service in this mode.",
                    fields={"staff_id": "Not qualified for this service and mode."},
                )
            start = ensure_utc(new_start) if new_start is not None else booking.start_at
            old_staff, old_start = booking.staff_id, booking.start_at
            self._lock_staff(session, [old_staff, target_staff_id])
            try:
                self._pick_clerk(
                    session,
                    facts,
                    calendars.working_plans(session, [target_staff_id]),
                    start,
                    now,
                    exclude_booking_id=booking.id,
                    enforce_lead_time=False,
                )
            except SlotUnavailable as exc:
                raise SlotUnavailable(
                    f"{target.display_name} is not free or not working at that time."
                ) from exc
            if start != old_start:
                booking.start_at = start
                booking.end_at = start + timedelta(minutes=service.duration_minutes)
                booking.link_version += 1
            self.record_move(
                session, booking, actor, to_staff=target_staff_id, old_start=old_start, reason=reason, now=now
            )
            return booking

    def record_move(
        self,
        session: Session,
        booking: Booking,
        actor: Actor,
        *,
        to_staff: int,
        old_start: datetime,
        reason: str,
        now: datetime,
    ) -> None:
        """Hand a booking (already checked free) to another clerk: audit, citizen notice, change log.

        The citizen hears of it only when something changes for them: a new time, or a meeting that
        belongs to the clerk (Teams) and so gets a new link; a Jitsi room or a desk stays the same.
        """
        old_staff = booking.staff_id
        booking.staff_id = to_staff
        time_changed = booking.start_at != old_start
        self._touch(booking, now)
        journal.audit(
            session,
            actor,
            "reassigned",
            booking,
            from_staff=old_staff,
            to_staff=to_staff,
            reason=reason,
            from_start=old_start.isoformat(),
            to_start=booking.start_at.isoformat(),
        )
        meeting_follows_clerk = self.config.meeting_provider in ("teams-static", "graph")
        if booking.status == Status.CONFIRMED.value:
            tele = booking.mode == Mode.TELECONFERENCE.value
            if tele and (meeting_follows_clerk or time_changed):
                booking.sequence += 1
                journal.enqueue(session, "meeting.update", booking, previous_staff_id=old_staff)
                journal.enqueue(session, "email.rescheduled", booking)
            elif time_changed:
                booking.sequence += 1
                journal.enqueue(session, "email.rescheduled", booking)
        journal.booking_changed(session, booking, "updated", previous_staff_id=old_staff)

    def _check_supervises(self, session: Session, actor: Actor, booking: Booking) -> None:
        if actor.kind == "system" or actor.role == "admin":
            return
        if actor.role != "supervisor" or actor.municipality_id != booking.municipality_id:
            raise Forbidden("Only a supervisor of this municipality may move bookings between clerks.")

    # ----------------------------------------------------------------- clerk actions
    def _staff_booking(self, session: Session, reference: str, actor: Actor) -> Booking:
        booking = self._booking(session, reference)
        if actor.role == "admin":
            return booking
        if actor.role == "supervisor" and actor.municipality_id == booking.municipality_id:
            return booking
        if actor.role == "clerk" and actor.id == booking.staff_id:
            return booking
        raise NotFound("No such booking.")  # do not reveal bookings of others

    def set_document_state(self, reference: str, code: str, state: str, actor: Actor) -> Booking:
        if state not in ("pending", "received", "missing", "not_applicable"):
            raise RuleViolation(
                "Unknown document state.",
                fields={"state": "Use received, missing, not_applicable or pending."},
            )
        now = self.clock()
        with self._write() as session:
            booking = self._staff_booking(session, reference, actor)
            doc = session.get(BookingDocument, (booking.id, code))
            if doc is None:
                raise RuleViolation(
                    "This service does not ask for that document.", fields={"code": "Unknown document."}
                )
            doc.state, doc.updated_by, doc.updated_at = state, actor.id, now
            self._touch(booking, now)
            journal.audit(session, actor, "document", booking, code=code, state=state)
            journal.booking_changed(session, booking, "annotated")
            return booking

    def verify_identity(
        self,
        reference: str,
        actor: Actor,
        *,
        document_type: str,
        name_matches: bool,
        taxisnet_matches: bool | None = None,
        note: str = "",
    ) -> Booking:
        from service_api.models import IdentityVerification

        if document_type not in ("identity_card", "passport", "other"):
            raise RuleViolation(
                "Unknown identity document.",
                fields={"document_type": "Use identity_card, passport or other."},
            )
        now = self.clock()
        with self._write() as session:
            booking = self._staff_booking(session, reference, actor)
            if booking.status in (Status.CANCELLED.value, Status.HELD.value):
                raise RuleViolation(f"A booking that is {booking.status} cannot be verified.")
            if not name_matches:
                raise RuleViolation(
                    "Identity cannot be confirmed when the name does not match.",
                    fields={"name_matches": "The name on the document must match the booking."},
                )
            if booking.citizen_via_taxisnet and taxisnet_matches is not True:
                raise RuleViolation(
                    "This citizen came through TAXISnet: confirm that the TAXISnet name and AFM match.",
                    fields={"taxisnet_matches": "Required for TAXISnet bookings."},
                )
            record = session.get(IdentityVerification, booking.id)
            if record is None:
                record = IdentityVerification(booking_id=booking.id)
                session.add(record)
            record.document_type = document_type
            record.name_matches = name_matches
            record.taxisnet_matches = taxisnet_matches
            record.note = note
            record.verified_by = actor.id
            record.verified_at = now
            self._touch(booking, now)
            journal.audit(session, actor, "identity_verified", booking, document_type=document_type)
            journal.booking_changed(session, booking, "annotated")
            return booking

    def check_in(self, reference: str, actor: Actor) -> Booking:
        now = self.clock()
        with self._write() as session:
            booking = self._staff_booking(session, reference, actor)
            rules.check_transition(Status(booking.status), Status.CHECKED_IN)
            booking.status = Status.CHECKED_IN.value
            booking.checked_in_at = now
            self._touch(booking, now)
            journal.audit(session, actor, "checked_in", booking)
            journal.booking_changed(session, booking, "annotated")
            return booking

    def record_outcome(self, reference: str, outcome: rules.Outcome, actor: Actor, note: str = "") -> Booking:
        """Close a booking. Anything but a no-show needs the identity check first."""
        from service_api.models import IdentityVerification

        now = self.clock()
        with self._write() as session:
            booking = self._staff_booking(session, reference, actor)
            target = rules.status_for_outcome(outcome)
            rules.check_transition(Status(booking.status), target)
            if outcome is not rules.Outcome.NO_SHOW and session.get(IdentityVerification, booking.id) is None:
                raise RuleViolation(
                    "Verify the citizen's identity before completing the appointment.",
                    fields={"identity": "Identity not verified yet."},
                )
            booking.status = target.value
            booking.outcome = outcome.value
            booking.outcome_note = note
            self._touch(booking, now)
            journal.audit(session, actor, "outcome", booking, outcome=outcome.value)
            journal.booking_changed(session, booking, "annotated")
            return booking

    def update_notes(
        self, reference: str, notes: str, actor: Actor, *, expected_version: int | None = None
    ) -> Booking:
        now = self.clock()
        with self._write() as session:
            booking = self._staff_booking(session, reference, actor)
            self._check_version(booking, expected_version)
            booking.notes = notes[:5000]
            self._touch(booking, now)
            journal.audit(session, actor, "notes", booking)
            journal.booking_changed(session, booking, "annotated")
            return booking

    def record_meeting(self, reference: str, join_url: str, external_id: str) -> None:
        """Store what the meeting provider returned, so the clerk's calendar and the e-mail show the link."""
        now = self.clock()
        with self._write() as session:
            booking = self._booking(session, reference)
            if booking.meeting_url == join_url and booking.meeting_external_id == external_id:
                return
            booking.meeting_url = join_url
            booking.meeting_external_id = external_id
            self._touch(booking, now)
            journal.audit(session, Actor.system(), "meeting_linked", booking)
            journal.booking_changed(session, booking, "annotated")

    def run_in_write(self, work: Callable[[Session], Any]) -> Any:
        """For the few writes that are not about one booking (absences, purge) but share the guard."""
        with self._write() as session:
            return work(session)
