"""The one guarded path for every booking write: create, hold, confirm, reschedule, cancel, reassign.

Every method is one transaction that locks the clerk it touches, re-checks availability with the
domain rules under that lock, and writes the audit log, the change log and the outbox beside the
booking. The API, the web form and the job runner all call these methods and nothing else.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, UniqueConstraint, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service_api import metrics, outage
from service_api.booking import (
    booking_reads,
    calendars,
    clerk_choice,
    journal,
    needs_reads,
    new_rows,
    transaction,
    waitlist_rows,
    webhook_events,
)
from service_api.booking import co_applicant_rows as co_rows
from service_api.booking.catalogue_cache import CatalogueCache, ServiceFacts
from service_api.booking.journal import Actor
from service_api.config import Config
from service_api.db import Store
from service_api.domain import citizen as citizen_rules
from service_api.domain import lifecycle, policy, rules
from service_api.domain.availability import free_staff_at
from service_api.domain.co_applicants import CoApplicantIn
from service_api.domain.errors import (
    ClerkNotQualified,
    DomainError,
    Forbidden,
    IdempotencyMismatch,
    InvalidTransition,
    NotFound,
    NotQualified,
    RuleViolation,
    SlotUnavailable,
    TimeNotOffered,
    Unavailable,
)
from service_api.domain.kinds import HOLD_EXPIRED, HOLD_RELEASED, ChangeEntity, ChangeOp, OutboxKind
from service_api.domain.needs import NO_NEEDS, Needs, needs_from_json
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import ensure_utc, utcnow
from service_api.domain.webhooks import WebhookEvent, previous_time
from service_api.domain.working_plan import WorkingPlan
from service_api.models import Booking, IdempotencyKey, Service, Staff
from service_api.security import afm_hash, citizen_key, keyed_hash

# Refusals that mean "run the create again": a concurrent twin of the same key, a reference clash.
_IDEMPOTENCY_KEY_TAKEN = cast(Table, IdempotencyKey.__table__).primary_key.name
_REFERENCE_TAKEN = next(
    c.name
    for c in cast(Table, Booking.__table__).constraints
    if isinstance(c, UniqueConstraint) and [col.name for col in c.columns] == ["reference"]
)

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


@dataclass(frozen=True)
class KnownAfm:
    """An AFM proved earlier whose digits are not kept (a waitlist entry): its two keyed hashes."""

    citizen_key: str
    afm_hash: str


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
    # The mobile (E.164) SMS go to, when the citizen opted in (``domain.citizen.sms_choice``); else "".
    mobile: str = ""
    # Booked for a TAXISnet identity on its behalf (a waitlist offer): counted and listed by its AFM.
    known_afm: KnownAfm | None = None

    @property
    def sms_opt_in(self) -> bool:
        return bool(self.mobile)


@dataclass(frozen=True)
class NewBooking:
    service_id: int
    mode: Mode
    start: datetime
    citizen: CitizenDetails
    source: str = "api"
    # Issue 18: accessibility needs; they lengthen the slot or limit the clerks (``domain.needs``).
    needs: Needs = NO_NEEDS

    def fingerprint(self, secret: str, *, hold: bool = False, walk_in: bool = False) -> str:
        """What an Idempotency-Key promises: the same key must come with the same request.

        Keyed with the service's secret: the request holds the citizen's name, e-mail, phone and AFM,
        and a plain hash would let anyone holding a candidate identity confirm it against the table.
        A walk-in asks for "now", not for a start: its resend a minute later is the same request.
        """
        body = {
            "service_id": self.service_id,
            "mode": self.mode.value,
            "start": "walk-in" if walk_in else ensure_utc(self.start).isoformat(),
            "citizen": [self.citizen.name, self.citizen.email.lower(), self.citizen.phone, self.citizen.afm],
            "extra": sorted(self.citizen.extra.items()),
            # A held booking is not what a retry asking for a confirmed one wants, nor another language.
            "hold": hold,
            "language": self.citizen.language,
            "timezone": self.citizen.timezone,
            "source": self.source,
        }
        if self.citizen.mobile:  # left out otherwise: keys stored before SMS existed still match
            body["sms_mobile"] = self.citizen.mobile
        if self.citizen.known_afm is not None:
            body["known_afm"] = self.citizen.known_afm.afm_hash
        if self.needs:  # likewise for keys stored before needs existed
            needs: list[str | None] = [need.value for need in self.needs.ordered()]
            body["needs"] = [*needs, self.needs.language]
        return keyed_hash(secret, "idempotency", json.dumps(body, sort_keys=True))


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
    def transaction(self) -> AbstractContextManager[Session]:
        """The guarded write transaction (see ``transaction.guarded_write``) with this process's
        after-commit hooks: the one way every module opens a write."""
        return transaction.guarded_write(self.store, after_commit=self.after_commit, clock=self.clock)

    def _facts(
        self, session: Session, service_id: int, stamp: int | None = None, *, existing: bool = False
    ) -> ServiceFacts:
        """The service's facts from the catalogue cache; ``stamp`` if the caller read it already.

        ``existing``: for a booking already made, which a retired service keeps managing (moved,
        reassigned); only new bookings need the service active.
        """
        if stamp is None:
            stamp = self.catalogue.read_stamp(session)
        facts = self.catalogue.service(session, stamp, service_id)
        if facts is None or not (facts.service.active or existing):
            raise NotFound("No such service.")
        return facts

    # ----------------------------------------------------------------- create
    def create(
        self,
        request: NewBooking,
        actor: Actor,
        *,
        hold: bool = False,
        idempotency_key: str | None = None,
        prefer: int | None = None,
        walk_in: bool = False,
        hold_minutes: int | None = None,
        within: Callable[[Session, int], None] | None = None,
        co_applicants: Sequence[CoApplicantIn] = (),
    ) -> CreateResult:
        """Book a slot (or hold it for ``hold_minutes`` when ``hold``), assigning the least-loaded clerk.

        ``prefer``: this clerk when qualified and free then (staff booking for a caller at their desk).
        ``walk_in``: ``request.start`` is ignored; the booking takes the first start that is "now" for a
        walk-in (``domain.front_desk``), or ``NothingFreeNow`` says when the next one is.
        ``hold_minutes``: how long this hold lasts (a waitlist offer's), instead of ``config.hold_minutes``.
        ``within``: called with the session and the new booking's id inside the same transaction (a
        waitlist offer claims its entry there); whatever it raises undoes the booking.
        ``co_applicants``: people who book together with the citizen (issue 18): the booking then
        waits for them (``awaiting_coapplicant``), holding the time, and they are invited.
        """
        try:
            for _attempt in range(2):
                try:
                    result = self._create(
                        request,
                        actor,
                        hold=hold,
                        idempotency_key=idempotency_key,
                        prefer=prefer,
                        walk_in=walk_in,
                        hold_minutes=hold_minutes,
                        within=within,
                        co_applicants=co_applicants,
                    )
                except _RetryCreate:
                    continue
                if not hold and not result.replayed:
                    metrics.BOOKINGS_CREATED.inc()
                return result
            raise SlotUnavailable("Please retry the request.")
        except DomainError as exc:
            metrics.booking_refused(exc.code)
            raise

    def _create(
        self,
        request: NewBooking,
        actor: Actor,
        *,
        hold: bool,
        idempotency_key: str | None,
        prefer: int | None = None,
        walk_in: bool = False,
        hold_minutes: int | None = None,
        within: Callable[[Session, int], None] | None = None,
        co_applicants: Sequence[CoApplicantIn] = (),
    ) -> CreateResult:
        now = self.clock()
        start = ensure_utc(request.start)
        fingerprint = request.fingerprint(self.config.secret_key, hold=hold, walk_in=walk_in)
        if co_applicants:  # issue 18: the same key must name the same co-applicants (left out otherwise)
            named = json.dumps([[c.email.strip().lower(), c.name.strip()] for c in co_applicants])
            fingerprint = keyed_hash(self.config.secret_key, "idempotency", f"{fingerprint}\n{named}")
        # Known before the commit, so an outage at the commit can still be settled (see below).
        reference = rules.new_reference()  # a clash (1 in 10^12) fails the insert: retried
        try:
            with self.transaction() as session:
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
                    session.add(IdempotencyKey(key=idempotency_key, request_hash=fingerprint, created_at=now))
                    session.flush()
                who = request.citizen
                key = (
                    who.known_afm.citizen_key
                    if who.known_afm is not None
                    else citizen_key(self.config.secret_key, who.email, who.afm, phone=who.phone)
                )
                # One round trip for the citizen's upcoming bookings and the catalogue stamp.
                upcoming, stamp_row = (
                    session.connection()
                    .execute(_UPCOMING_AND_STAMP, {"key": key, "service_id": request.service_id, "now": now})
                    .one()
                )
                stamp = int(stamp_row or 0)
                facts = self._facts(session, request.service_id, stamp)
                service = facts.service
                citizen_rules.require_valid_extra_fields(
                    values=request.citizen.extra, fields=service.group.extra_fields, answers_required=not hold
                )
                if not policy.may_book_for_municipality(actor, service.municipality_id):
                    raise Forbidden("You may book only for your own municipality's services.")
                mode = request.mode.value
                if mode not in service.modes:
                    raise RuleViolation(
                        "This service is not offered in this mode.",
                        fields={"mode": "Not offered for this service."},
                    )
                rules.check_citizen_limit(int(upcoming or 0), service.max_active_per_citizen)
                awaiting = co_rows.check_request(
                    service, co_applicants, booker_email=request.citizen.email, hold=hold
                )
                plans = self.catalogue.qualified_plans(session, stamp, facts, mode)
                plans, facts = _with_needs(session, plans, facts, request.needs)
                if walk_in:
                    staff_id, start = clerk_choice.pick_walk_in(
                        session, facts=facts, plans=plans, now=now, stamp=stamp, prefer=prefer
                    )
                else:
                    staff_id = clerk_choice.pick_clerk(
                        session, facts=facts, plans=plans, start=start, now=now, stamp=stamp, prefer=prefer
                    )
                values = new_rows.booking_values(
                    reference=reference,
                    municipality_id=service.municipality_id,
                    service_id=service.id,
                    staff_id=staff_id,
                    mode=mode,
                    status=(
                        Status.HELD
                        if hold
                        else Status.AWAITING_CO_APPLICANT
                        if awaiting
                        else Status.CONFIRMED
                    ).value,
                    start_at=start,
                    end_at=start + timedelta(minutes=facts.rules.duration_minutes),
                    buffer_before_minutes=service.buffer_before_minutes,
                    buffer_after_minutes=service.buffer_after_minutes,
                    hold_expires_at=(
                        now + timedelta(minutes=hold_minutes or self.config.hold_minutes) if hold else None
                    ),
                    citizen_name=request.citizen.name.strip(),
                    citizen_email=request.citizen.email.strip(),
                    citizen_phone=request.citizen.phone.strip(),
                    citizen_afm_hash=(
                        afm_hash(self.config.secret_key, request.citizen.afm)
                        if request.citizen.afm
                        else who.known_afm.afm_hash
                        if who.known_afm is not None
                        else None
                    ),
                    citizen_key=key,
                    citizen_extra=dict(request.citizen.extra),
                    citizen_via_taxisnet=request.citizen.via_taxisnet,
                    language=request.citizen.language,
                    citizen_timezone=request.citizen.timezone,
                    citizen_mobile=request.citizen.mobile,
                    sms_opt_in=request.citizen.sms_opt_in,
                    source=request.source,
                    needs=request.needs.to_json(),
                    created_at=now,
                    updated_at=now,
                )
                codes = [doc["code"] for doc in service.required_documents]
                has_email = bool(values["citizen_email"])
                outbox = (
                    []
                    if hold or awaiting
                    else self._confirmation_work(mode, has_email=has_email, sms=request.citizen.sms_opt_in)
                )
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
                booking = new_rows.written_booking(booking_id, values, codes, service)
                if awaiting:  # issue 18: invited now; confirmed (and announced) when they confirm
                    booking.co_applicants = co_rows.invite(
                        session,
                        booking_id=booking_id,
                        service=service,
                        start=start,
                        entries=co_applicants,
                        now=now,
                    )
                if not hold and not awaiting:
                    webhook_events.booking_event(session, WebhookEvent.CREATED, booking)
                journal.record_change(
                    session,
                    entity=ChangeEntity.BOOKING,
                    entity_id=booking_id,
                    op=ChangeOp.CREATED,
                    municipality_id=service.municipality_id,
                    staff_id=staff_id,
                )
                if within is not None:
                    within(session, booking_id)
                if not hold:  # booked: the citizen's waitlist entries of this service are done
                    waitlist_rows.leave_on_booking(
                        session, citizen_key=key, service_id=service.id, booking_id=booking_id, now=now
                    )
                return CreateResult(booking)
        except IntegrityError as exc:
            refused = transaction.refused_constraint(exc)
            if idempotency_key is not None and refused == _IDEMPOTENCY_KEY_TAKEN:
                raise _RetryCreate() from exc
            if refused == _REFERENCE_TAKEN:
                raise _RetryCreate() from exc
            raise
        except Exception as exc:
            if not outage.is_outage(exc):
                raise
            return self._settle_after_outage(reference, exc)

    def _settle_after_outage(self, reference: str, error: BaseException) -> CreateResult:
        """The database failed mid-write, perhaps after the commit: find out, then tell the truth.

        The booking either committed (answer it, as if nothing happened) or did not (503, safe to
        retry). While the database stays out of reach we keep asking for ``outage_settle_seconds``.
        """
        deadline = time.monotonic() + self.config.outage_settle_seconds
        while True:
            try:
                with self.store.read() as session:
                    return CreateResult(booking_reads.booking_by_reference(session, reference))
            except NotFound:
                raise Unavailable(
                    "The database was unavailable and the booking was not made. Please try again.",
                    retry_after=outage.RETRY_AFTER_SECONDS,
                ) from error
            except Exception as again:
                if not outage.is_outage(again) or time.monotonic() >= deadline:
                    raise Unavailable(
                        "The database is unavailable, so we cannot yet tell whether the booking was made. "
                        "Retry with the same Idempotency-Key: it books at most once.",
                        retry_after=outage.RETRY_AFTER_SECONDS,
                    ) from error
                time.sleep(0.25)

    @staticmethod
    def _confirmation_work(mode: str, *, has_email: bool = True, sms: bool = False) -> list[OutboxKind]:
        """Outbox work a confirmed booking starts: its meeting (teleconference), then the e-mail (if any)
        and the SMS (if the citizen opted in), each a job of its own."""
        work = [OutboxKind.MEETING_CREATE] if mode == Mode.TELECONFERENCE.value else []
        if has_email:
            work.append(OutboxKind.EMAIL_CONFIRMATION)
        return [*work, OutboxKind.SMS_CONFIRMATION] if sms else work

    def after_confirm(self, session: Session, booking: Booking) -> None:
        """The work a booking confirmed inside ``session`` starts (a joint booking's last confirmation)."""
        self._after_confirm(session, booking)

    def _after_confirm(self, session: Session, booking: Booking) -> None:
        sms = booking.sms_opt_in and bool(booking.citizen_mobile)
        for kind in self._confirmation_work(booking.mode, has_email=bool(booking.citizen_email), sms=sms):
            journal.enqueue(session, kind, booking)

    # ----------------------------------------------------------------- hold → confirm
    def confirm(
        self,
        reference: str,
        actor: Actor,
        citizen: CitizenDetails | None = None,
        co_applicants: Sequence[CoApplicantIn] = (),
    ) -> Booking:
        """Turn a live hold into a booking, with the details the citizen typed after choosing the time.
        With ``co_applicants`` it waits for them instead (issue 18)."""
        try:
            booking = self._confirm(reference, actor, citizen, co_applicants)
        except DomainError as exc:
            metrics.booking_refused(exc.code)
            raise
        metrics.BOOKINGS_CREATED.inc()
        return booking

    def _confirm(
        self,
        reference: str,
        actor: Actor,
        citizen: CitizenDetails | None,
        co_applicants: Sequence[CoApplicantIn] = (),
    ) -> Booking:
        now = self.clock()
        with self.transaction() as session:
            booking = transaction.booking_for_update(session, reference=reference)
            lapsed = (
                booking.status == Status.HELD.value
                and booking.hold_expires_at
                and booking.hold_expires_at <= now
            )
            if lapsed or booking.cancel_reason == HOLD_EXPIRED:
                raise SlotUnavailable(
                    f"The {self.config.hold_minutes} minutes to confirm this time have passed. "
                    "Please choose a time again."
                )
            if booking.status == Status.AWAITING_CO_APPLICANT.value:
                # Confirmed by the booker already (a second click, a replayed request): only the
                # co-applicants' confirmations move it on, never a second confirm without them.
                raise InvalidTransition(
                    "This booking is already confirmed and waits for its co-applicants.",
                    current=booking.status,
                    target=Status.CONFIRMED.value,
                )
            rules.check_transition(Status(booking.status), Status.CONFIRMED)
            if citizen is not None:
                # A hold made before a service was withdrawn may still be confirmed: no active check.
                stamp = self.catalogue.read_stamp(session)
                facts = self.catalogue.service(session, stamp, booking.service_id)
                citizen_rules.require_valid_extra_fields(
                    values=citizen.extra, fields=facts.service.group.extra_fields if facts else []
                )
                booking.citizen_name = citizen.name.strip()
                booking.citizen_email = citizen.email.strip()
                booking.citizen_phone = citizen.phone.strip()
                if citizen.afm or booking.citizen_afm_hash is None:
                    # A TAXISnet hold stays counted by its AFM when confirmed without one (the API).
                    booking.citizen_key = citizen_key(
                        self.config.secret_key, citizen.email, citizen.afm, phone=citizen.phone
                    )
                booking.citizen_extra = dict(citizen.extra)
                booking.citizen_mobile = citizen.mobile
                booking.sms_opt_in = citizen.sms_opt_in
                booking.language = citizen.language
                booking.citizen_timezone = citizen.timezone
                if citizen.afm:
                    booking.citizen_afm_hash = afm_hash(self.config.secret_key, citizen.afm)
            service = session.get(Service, booking.service_id)
            awaiting = co_rows.check_request(service, co_applicants, booker_email=booking.citizen_email)
            booking.status = (Status.AWAITING_CO_APPLICANT if awaiting else Status.CONFIRMED).value
            booking.hold_expires_at = None
            transaction.touch(booking, now=now)
            journal.audit(session, actor, "confirmed", booking)
            if awaiting:  # issue 18: announced when the co-applicants confirm
                co_rows.invite(
                    session,
                    booking_id=booking.id,
                    service=service,
                    start=booking.start_at,
                    entries=co_applicants,
                    now=now,
                )
                # The citizen has taken the time (a waitlist offer too): their entry closes now.
                waitlist_rows.leave_on_booking(
                    session,
                    citizen_key=booking.citizen_key,
                    service_id=booking.service_id,
                    booking_id=booking.id,
                    now=now,
                )
                journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
                return booking
            self._after_confirm(session, booking)
            waitlist_rows.leave_on_booking(
                session,
                citizen_key=booking.citizen_key,
                service_id=booking.service_id,
                booking_id=booking.id,
                now=now,
            )
            webhook_events.booking_event(session, WebhookEvent.CREATED, booking)
            journal.booking_changed(session, booking, ChangeOp.ANNOTATED)
            return booking

    # ----------------------------------------------------------------- reschedule
    def reschedule(
        self,
        reference: str,
        new_start: datetime,
        actor: Actor,
        *,
        expected_version: int | None = None,
        keep_clerk: bool = False,
        missed: bool = False,
    ) -> Booking:
        """Move a booking to another time, keeping its reference; the same clerk if free, else another.

        ``missed`` (issue 18): the citizen missed the appointment and follows a «we missed you» link
        (checked by the caller, ``booking/no_show.py``), so a booking whose start has passed may move.

        ``keep_clerk``: only its own clerk may take the new time (a clerk moving it in their own week).
        Staff may move the bookings the policy lets them change; the citizen's manage token is checked
        by the caller.
        """
        now = self.clock()
        new_start = ensure_utc(new_start)
        with self.transaction() as session:
            booking = transaction.booking_for_update(session, reference=reference)
            if actor.kind == policy.ActorKind.STAFF:
                policy.require_may_change_booking(
                    actor, municipality_id=booking.municipality_id, staff_id=booking.staff_id
                )
            transaction.check_version(booking, expected_version=expected_version)
            _require_time_changeable(Status(booking.status))
            if booking.start_at <= now and not missed:
                raise RuleViolation("An appointment that has already started cannot be rescheduled.")
            stamp = self.catalogue.read_stamp(session)
            facts = self._facts(session, booking.service_id, stamp, existing=True)
            old_start, old_end, old_staff = booking.start_at, booking.end_at, booking.staff_id
            plans = self.catalogue.qualified_plans(session, stamp, facts, booking.mode)
            plans, facts = _with_needs(session, plans, facts, needs_from_json(booking.needs))
            if keep_clerk:
                staff_id = _own_clerk_at(
                    session, booking, facts=facts, plans=plans, start=new_start, now=now, stamp=stamp
                )
            else:
                staff_id = clerk_choice.pick_clerk(
                    session,
                    facts=facts,
                    plans=plans,
                    start=new_start,
                    now=now,
                    stamp=stamp,
                    prefer=booking.staff_id,
                    exclude_booking_id=booking.id,
                )
            booking.staff_id = staff_id
            booking.start_at = new_start
            booking.end_at = new_start + timedelta(minutes=facts.rules.duration_minutes)
            booking.link_version += 1
            transaction.reset_rescue(session, booking)
            booking.sequence += 1
            transaction.touch(booking, now=now)
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
                    journal.enqueue(session, OutboxKind.MEETING_UPDATE, booking, previous_staff_id=old_staff)
                _email_citizen(session, OutboxKind.EMAIL_RESCHEDULED, booking)
                # Issue 18: a joint booking's co-applicants get the new time (and their new link).
                co_rows.notify_all(session, OutboxKind.EMAIL_RESCHEDULED, booking, confirmed_only=True)
            if webhook_events.was_booked(booking.status):
                webhook_events.booking_event(
                    session,
                    WebhookEvent.RESCHEDULED,
                    booking,
                    previous=previous_time(old_start, old_end, old_staff),
                )
            journal.booking_changed(session, booking, ChangeOp.UPDATED, previous_staff_id=old_staff)
            return booking

    # ----------------------------------------------------------------- cancel
    def cancel(
        self,
        reference: str,
        actor: Actor,
        *,
        reason: str = "",
        expected_version: int | None = None,
        by_co_applicant: int | None = None,
    ) -> Booking:
        now = self.clock()
        with self.transaction() as session:
            booking = transaction.booking_for_update(session, reference=reference)
            if actor.kind == policy.ActorKind.STAFF:
                policy.require_may_change_booking(
                    actor, municipality_id=booking.municipality_id, staff_id=booking.staff_id
                )
            transaction.check_version(booking, expected_version=expected_version)
            if booking.status == Status.CANCELLED.value:
                return booking  # cancelling twice is harmless: the citizen clicked the link again
            if reason == HOLD_RELEASED and booking.status != Status.HELD.value:
                # Giving back a hold must never cancel what it became: a doubled details form could
                # leave the hold in a session after the other request confirmed it.
                raise InvalidTransition(
                    "Only a time still held can be given back.",
                    current=booking.status,
                    target=Status.CANCELLED.value,
                )
            rules.check_transition(Status(booking.status), Status.CANCELLED)
            was_confirmed = booking.status == Status.CONFIRMED.value
            was_booked = webhook_events.was_booked(booking.status)
            previous_status = booking.status
            booking.status = Status.CANCELLED.value
            booking.cancel_reason = reason[:200] or f"cancelled_by_{actor.kind}"
            booking.sequence += 1
            booking.link_version += 1
            transaction.touch(booking, now=now)
            journal.audit(session, actor, "cancelled", booking, reason=reason)
            if was_confirmed:
                if booking.mode == Mode.TELECONFERENCE.value:
                    journal.enqueue(session, OutboxKind.MEETING_CANCEL, booking)
                _email_citizen(session, OutboxKind.EMAIL_CANCELLED, booking)
            # Issue 18: a joint booking's co-applicants are told (and a waiting booker).
            co_rows.on_cancel(session, booking, previous=previous_status, by_position=by_co_applicant)
            if was_booked:
                webhook_events.booking_event(
                    session, WebhookEvent.CANCELLED, booking, cancelled_by=str(actor.kind)
                )
            journal.booking_changed(session, booking, ChangeOp.CANCELLED)
        metrics.BOOKINGS_CANCELLED.inc()
        return booking

    # ----------------------------------------------------------------- reassign
    def reassignment_candidates(self, reference: str) -> list[int]:
        """Clerks who could take this booking at its time: qualified, working, free."""
        now = self.clock()
        with self.store.read() as session:
            booking = transaction.booking_for_update(session, reference=reference, lock=False)
            facts = self._facts(session, booking.service_id, existing=True)
            if facts.closed_at(booking.start_at, booking.end_at):
                return []
            staff_ids = [
                s
                for s in calendars.qualified_staff_ids(session, facts.service, booking.mode)
                if s != booking.staff_id
            ]
            needs = needs_from_json(booking.needs)
            staff_ids = list(needs_reads.qualifying_plans(session, dict.fromkeys(staff_ids), needs))
            facts = needs_reads.facts_for(facts, needs)
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
        with self.transaction() as session:
            booking = transaction.booking_for_update(session, reference=reference)
            transaction.check_version(booking, expected_version=expected_version)
            transaction.require_may_move(actor, booking)
            if not rules.can_change_time(Status(booking.status)):
                raise RuleViolation(f"A booking that is {booking.status} cannot be reassigned.")
            facts = self._facts(session, booking.service_id, existing=True)
            service = facts.service
            target = session.get(Staff, target_staff_id)
            if target is None or not target.active or target.municipality_id != booking.municipality_id:
                raise RuleViolation(
                    "That clerk does not work for this municipality.", fields={"staff_id": "Unknown clerk."}
                )
            if target_staff_id not in calendars.qualified_staff_ids(session, service, booking.mode):
                raise NotQualified(
                    f"{target.display_name} is not qualified for this service in this mode.",
                    staff=target.display_name,
                    fields={"staff_id": "Not qualified for this service and mode."},
                )
            needs = needs_from_json(booking.needs)
            if not needs_reads.qualifying_plans(session, {target_staff_id: None}, needs):
                raise NotQualified(
                    f"{target.display_name} does not offer the support this citizen asked for.",
                    staff=target.display_name,
                    fields={"staff_id": "Does not offer the support asked for."},
                )
            facts = needs_reads.facts_for(facts, needs)
            start = ensure_utc(new_start) if new_start is not None else booking.start_at
            old_staff, old_start = booking.staff_id, booking.start_at
            transaction.lock_staff(session, staff_ids=[old_staff, target_staff_id])
            try:
                clerk_choice.pick_clerk(
                    session,
                    facts=facts,
                    plans=calendars.working_plans(session, [target_staff_id]),
                    start=start,
                    now=now,
                    exclude_booking_id=booking.id,
                    enforce_lead_time=False,
                )
            except SlotUnavailable as exc:
                raise SlotUnavailable(
                    f"{target.display_name} is not free or not working at that time."
                ) from exc
            if start != old_start:
                booking.start_at = start
                booking.end_at = start + timedelta(minutes=facts.rules.duration_minutes)
                booking.link_version += 1
                transaction.reset_rescue(session, booking)
            transaction.record_move(
                session,
                booking,
                actor=actor,
                to_staff=target_staff_id,
                old_start=old_start,
                reason=reason,
                now=now,
                meeting_provider=self.config.meeting_provider,
            )
            return booking


# ----------------------------------------------------------------- accessibility needs (issue 18)
def _with_needs(
    session: Session, plans: Mapping[int, WorkingPlan], facts: ServiceFacts, needs: Needs
) -> tuple[dict[int, WorkingPlan], ServiceFacts]:
    """The clerks who can serve ``needs`` and the facts with the slot they ask for: the search's rule."""
    if not needs:
        return dict(plans), facts
    kept = needs_reads.qualifying_plans(session, plans, needs)
    if plans and not kept:
        raise SlotUnavailable(
            "No clerk offers the support asked for in this service and mode.",
            fields={"needs": "No clerk offers this support."},
        )
    return kept, needs_reads.facts_for(facts, needs)


# ----------------------------------------------------------------- reschedule and cancel helpers
def _require_time_changeable(status: Status) -> None:
    """Only bookings not yet served move; a cancelled or closed one says so in the desk's own codes."""
    if rules.can_change_time(status):
        return
    if status == Status.CANCELLED:
        raise lifecycle.BookingCancelled("The appointment has been cancelled; it cannot be rescheduled.")
    if status in (Status.COMPLETED, Status.NO_SHOW):
        raise lifecycle.BookingClosed("The appointment already has its outcome; it cannot be rescheduled.")
    raise RuleViolation(f"A booking that is {status.value} cannot be rescheduled.")


def _own_clerk_at(
    session: Session,
    booking: Booking,
    *,
    facts: ServiceFacts,
    plans: Mapping[int, WorkingPlan],
    start: datetime,
    now: datetime,
    stamp: int,
) -> int:
    """The booking's own clerk, locked and free at ``start``; each refusal says which rule failed."""
    own = booking.staff_id
    if own not in plans:
        raise ClerkNotQualified(
            "The booking's clerk no longer serves this service in this mode; let another clerk take it.",
            fields={"keep_clerk": "The clerk is not qualified for this service and mode."},
        )
    clerk_choice.refuse_if_never_offered(facts, plans, start=start, now=now)  # past, off-grid…: its reason
    try:
        return clerk_choice.pick_clerk(
            session,
            facts=facts,
            plans={own: plans[own]},
            start=start,
            now=now,
            stamp=stamp,
            prefer=own,
            exclude_booking_id=booking.id,
        )
    except TimeNotOffered as exc:  # offered by others, but outside this clerk's hours
        raise SlotUnavailable("The booking's clerk does not work at that time.") from exc


def _email_citizen(session: Session, kind: OutboxKind, booking: Booking) -> None:
    """Queue the citizen's e-mail, unless the booking has no address (a caller booked at the desk)."""
    if booking.citizen_email.strip():
        journal.enqueue(session, kind, booking)
