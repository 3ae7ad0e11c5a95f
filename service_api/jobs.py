"""The job runner: drains the outbox (meetings, e-mails, SMS, webhooks) with retries, reminds citizens the day
before their appointment, and purges old personal data.

It runs in ``service-api run-jobs`` (``--once`` for a single pass) and inside ``service-api serve``
(unless ``--no-jobs``); both therefore send the confirmation, change and cancellation e-mails with their
calendar invitations, and the reminders.

Rows are claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (any number of runners) and under
SQLite's single writer otherwise; a claim is a lease, so a crashed runner's work comes back. The lease
is renewed while a row is worked on, and its outcome is written until the database answers (see
``outbox_lease``), so a slow mail server or a restarting database does not send a message twice; each
message's ``Message-ID`` is derived from its row, so a receiving server can drop a repeat anyway.
A failing job is retried with backoff for ``DIMOS_OUTBOX_GIVE_UP_HOURS`` before it is marked failed
(``service-api outbox list --failed`` / ``retry``). Every pass writes the runner's heartbeat.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from functools import partial
from time import monotonic
from typing import Any

from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session

from service_api import job_health, ratelimits, retention
from service_api.auth import citizen_tokens, web_sessions
from service_api.booking import (
    attendance,  # issue 18
    co_applicant_mail,  # issue 18
    journal,
    rescue_mail,  # issue 18
    waitlist_offers,
)
from service_api.booking import co_applicant_rows as co_rows
from service_api.booking.co_applicants import CoApplicants
from service_api.booking.mail_snapshot import booking_mail
from service_api.config import Config
from service_api.domain.kinds import OutboxKind, OutboxStatus
from service_api.domain.preflight import wants_link as wants_preflight_link
from service_api.domain.rules import Mode, Status
from service_api.domain.timeutil import ATHENS, local_day_bounds, local_to_utc
from service_api.meetings.base import MeetingError, MeetingProvider, MeetingRequest
from service_api.meetings.factory import provider_for
from service_api.models import Booking, Municipality, Outbox, RetentionRun, Staff
from service_api.notifications.channels import Contact, Notice, NotificationChannel, channel_for, channels
from service_api.notifications.mailer import DeliveryError, Mailer
from service_api.notifications.sms_gateway import SmsGateway
from service_api.outbox_lease import LeaseKeeper, retry_write
from service_api.runtime import Runtime
from service_api.security import PreflightLinks, WaitlistLinks
from service_api.webhooks.delivery import DeliveryFailed, WebhookSender

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
# How long a runner keeps writing a job's outcome while the database does not answer.
FINISH_PATIENCE = 600.0
BATCH = 20
REMINDER_KIND = OutboxKind.EMAIL_REMINDER
# Each channel's reminder is a job of its own (see notifications.channels).
REMINDER_KINDS = (OutboxKind.EMAIL_REMINDER, OutboxKind.SMS_REMINDER)
MEETING_KINDS = tuple(k for k in OutboxKind if k.is_meeting)
# Reminders go out on the day before the appointment, not before this hour (Europe/Athens).
REMINDER_HOUR = time(9)
# How often a running job runner looks for tomorrow's bookings.
REMINDER_CHECK_EVERY = timedelta(minutes=5)
# How often a running job runner looks for ended Teams meetings whose attendance is due (issue 18).
ATTENDANCE_CHECK_EVERY = timedelta(minutes=1)
# Any constant works: names the PostgreSQL lock that keeps two runners from scheduling the same reminder.
REMINDER_LOCK = 7_432_002


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def runner_name() -> str:
    """This runner among all: host, process and instance (the heartbeat's key, the lease's owner)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(3)}"


_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def without_addresses(message: str) -> str:
    """Outbox rows and log lines keep why a job failed, never whom it was for."""
    return _ADDRESS.sub("<address>", message)


def _known_kind(kind: str) -> OutboxKind | None:
    try:
        return OutboxKind(kind)
    except ValueError:
        return None


class Retry(Exception):
    def __init__(self, message: str, *, after: float | None = None, count: bool = True) -> None:
        super().__init__(message)
        self.after = after
        self.count = count


class GiveUp(Exception):
    pass


@dataclass
class JobRunner:
    runtime: Runtime
    provider: MeetingProvider
    mailer: Mailer
    lease: timedelta = LEASE
    give_up_after: timedelta = timedelta(hours=72)
    finish_patience: float = FINISH_PATIENCE
    name: str = field(default_factory=runner_name)
    sms: SmsGateway | None = None
    _started_at: datetime | None = field(default=None, init=False, repr=False)
    # Sent, but the database never took the "done": finished without sending when met again.
    _sent_unrecorded: set[int] = field(default_factory=set, init=False, repr=False)
    _reminders_checked_at: datetime | None = field(default=None, init=False, repr=False)
    _attendance_checked_at: datetime | None = field(default=None, init=False, repr=False)  # issue 18
    _counters_purged_at: float = field(default=0.0, init=False, repr=False)
    webhooks: WebhookSender | None = None  # made at the first webhook job (tests give their own)
    _channels: list[NotificationChannel] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self._channels = channels(self.mailer, self.sms)

    @classmethod
    def build(cls, runtime: Runtime) -> JobRunner:
        config: Config = runtime.config
        return cls(
            runtime,
            provider_for(config),
            Mailer(config.smtp_url, config.outbox_dir),
            lease=timedelta(seconds=config.outbox_lease_seconds),
            give_up_after=timedelta(hours=config.outbox_give_up_hours),
            sms=SmsGateway.from_config(config),
        )

    @property
    def now(self) -> datetime:
        return self.runtime.bookings.clock()

    # ------------------------------------------------------------ claiming
    def claim(self, limit: int = BATCH) -> list[int]:
        now = self.now
        store = self.runtime.store
        with store.write() as session:
            query = (
                select(Outbox)
                .where(
                    Outbox.status == OutboxStatus.PENDING,
                    Outbox.next_attempt_at <= now,
                    or_(Outbox.locked_until.is_(None), Outbox.locked_until <= now),
                )
                .order_by(Outbox.id)
                .limit(limit)
            )
            if store.is_postgres:
                query = query.with_for_update(skip_locked=True)
            rows = session.scalars(query).all()
            for row in rows:
                row.locked_until = now + self.lease
                row.claimed_by = self.name
            return [row.id for row in rows]

    def renew(self, job_id: int) -> bool:
        """Extend this runner's lease on ``job_id``; False when it is no longer this runner's to work.

        Called before each job of a batch and every third of a lease while it is worked on, so a slow
        batch never lets another runner take (and send) a job this one is still about to send.
        """
        now = self.now
        with self.runtime.store.write() as session:
            result = session.execute(
                update(Outbox)
                .where(
                    Outbox.id == job_id,
                    Outbox.claimed_by == self.name,
                    Outbox.status == OutboxStatus.PENDING,
                )
                .values(locked_until=now + self.lease)
            )
            renewed = bool(getattr(result, "rowcount", 0))
            job_health.beat(session, runner=self.name, started_at=self._started_at or now, now=now)
        return renewed

    def heartbeat(self) -> None:
        """Tell ``/healthz`` this runner is alive."""
        now = self.now
        if self._started_at is None:
            self._started_at = now
        with self.runtime.store.write() as session:
            job_health.beat(session, runner=self.name, started_at=self._started_at, now=now)

    def run_once(self) -> int:
        """Schedule tomorrow's reminders, process every due job once; returns how many were handled."""
        self.heartbeat()
        self.maybe_send_reminders()
        self.maybe_release_co_applicants()
        self.maybe_offer_waitlist()
        self.maybe_check_attendance()  # issue 18
        handled = 0
        while True:
            ids = self.claim()
            if not ids:
                break
            for job_id in ids:
                if not self.renew(job_id):
                    continue  # its lease lapsed and another runner has it
                with LeaseKeeper(partial(self.renew, job_id), self.lease.total_seconds() / 3):
                    self._process(job_id)
                handled += 1
        self.maybe_purge()
        self.maybe_purge_rate_limits()
        return handled

    def maybe_purge_rate_limits(self) -> int:
        """Every ten minutes: drop the rate-limit counters of windows that have passed, and the
        citizens' web sessions and API tokens past their expiry (they already open nothing)."""
        if self._counters_purged_at and monotonic() - self._counters_purged_at < 600:
            return 0
        self._counters_purged_at = monotonic()
        web_sessions.purge_expired(self.runtime.store, now=self.now)
        citizen_tokens.purge_expired(self.runtime.store, now=self.now)
        return ratelimits.purge_expired(self.runtime.store.engine)

    def _process(self, job_id: int) -> None:
        if job_id in self._sent_unrecorded:
            self._record(job_id)
            return
        with self.runtime.store.read() as session:
            job = session.get(Outbox, job_id)
            if job is None:
                return
            kind, booking_id, payload = job.kind, job.booking_id, dict(job.payload)
        error: str = ""
        try:
            known = _known_kind(kind)
            if known is None:
                raise GiveUp(f"unknown job kind {kind}")
            if known.is_meeting:
                self._meeting(known, booking_id, payload, job_id)
            elif known.is_webhook:
                self._webhook(job_id, booking_id, payload)
            else:
                self._notify(known, booking_id, job_id, payload)
        except Retry as exc:
            self._record(job_id, retry=exc)
            return
        except GiveUp as exc:
            error = without_addresses(str(exc))
            log.warning("outbox job %s (%s) failed for good: %s", job_id, kind, error)
            self._record(job_id, failed=error)
            return
        self._sent_unrecorded.add(job_id)
        self._record(job_id)
        self._sent_unrecorded.discard(job_id)

    def _record(self, job_id: int, *, retry: Retry | None = None, failed: str | None = None) -> None:
        """Write the outcome, waiting out a database that does not answer (bounded by
        ``finish_patience``): a send that is not recorded would be sent again."""
        retry_write(lambda: self._finish(job_id, retry=retry, failed=failed), patience=self.finish_patience)

    def _finish(self, job_id: int, *, retry: Retry | None = None, failed: str | None = None) -> None:
        now = self.now
        with self.runtime.store.write() as session:
            job = session.get(Outbox, job_id)
            if job is None:
                return
            job.locked_until = None
            job.claimed_by = None
            if retry is not None:
                if retry.count:
                    job.attempts += 1
                job.last_error = without_addresses(str(retry))[:2000]
                if now - job.created_at >= self.give_up_after:
                    job.status = OutboxStatus.FAILED.value
                    log.warning(
                        "outbox job %s (%s) failed after %s attempts in %s; retry it with "
                        "`service-api outbox retry %s`: %s",
                        job_id,
                        job.kind,
                        job.attempts,
                        self.give_up_after,
                        job_id,
                        job.last_error,
                    )
                else:
                    delay = (
                        timedelta(seconds=retry.after) if retry.after is not None else backoff(job.attempts)
                    )
                    job.next_attempt_at = now + delay
            elif failed is not None:
                job.attempts += 1
                job.status = OutboxStatus.FAILED.value
                job.last_error = failed[:2000]
            else:
                job.attempts += 1
                job.status = OutboxStatus.DONE.value
                job.done_at = now

    # ------------------------------------------------------------ meetings
    def _meeting_request(self, booking: Booking, staff: Staff, external_id: str) -> MeetingRequest:
        return MeetingRequest(
            booking_reference=booking.reference,
            subject=f"{booking.service.name_el} – {booking.reference}",
            start=booking.start_at,
            end=booking.end_at,
            attendee_email=booking.citizen_email,
            attendee_name=booking.citizen_name,
            organizer_user_id=staff.graph_user_id or staff.email,
            organizer_teams_link=staff.teams_link,
            external_id=external_id,
            idempotency_token=f"{booking.reference}-{booking.sequence}-{staff.id}",
        )

    def _meeting(
        self, kind: OutboxKind, booking_id: int | None, payload: dict[str, object], job_id: int
    ) -> None:
        with self.runtime.store.read() as session:
            booking = session.get(Booking, booking_id) if booking_id else None
            if booking is None:
                return
            staff = booking.staff
            _ = booking.service.name_el
            previous_id = payload.get("previous_staff_id")
            previous = session.get(Staff, previous_id) if isinstance(previous_id, int) else None
            session.expunge_all()
        try:
            if kind == OutboxKind.MEETING_CANCEL or booking.status == Status.CANCELLED.value:
                if booking.meeting_external_id:
                    self.provider.cancel(self._meeting_request(booking, staff, booking.meeting_external_id))
                return
            organiser_changed = previous is not None and previous.id != staff.id
            if kind == OutboxKind.MEETING_UPDATE and organiser_changed and self.provider.name == "graph":
                # A Teams meeting belongs to its organiser's calendar: move it by cancel + create.
                if booking.meeting_external_id:
                    assert previous is not None
                    self.provider.cancel(
                        self._meeting_request(booking, previous, booking.meeting_external_id)
                    )
                meeting = self.provider.create(self._meeting_request(booking, staff, ""))
            elif kind == OutboxKind.MEETING_UPDATE and booking.meeting_external_id:
                meeting = self.provider.update(
                    self._meeting_request(booking, staff, booking.meeting_external_id)
                )
            else:
                meeting = self.provider.create(
                    self._meeting_request(booking, staff, booking.meeting_external_id)
                )
        except MeetingError as exc:
            if exc.retryable:
                raise Retry(str(exc), after=exc.retry_after) from exc
            raise GiveUp(str(exc)) from exc
        self.runtime.clerk_actions.record_meeting(
            reference=booking.reference, join_url=meeting.join_url, external_id=meeting.external_id
        )

    # ------------------------------------------------------------ webhooks
    def _webhook(self, job_id: int, booking_id: int | None, payload: dict[str, Any]) -> None:
        if self.webhooks is None:
            self.webhooks = WebhookSender(self.runtime.store, clock=lambda: self.now)
        try:
            self.webhooks.deliver(job_id, booking_id, payload)
        except DeliveryFailed as exc:
            raise Retry(str(exc), after=exc.retry_after, count=exc.count) from exc

    # ------------------------------------------------------------ e-mails and SMS
    def _notify(
        self, kind: OutboxKind, booking_id: int | None, job_id: int, payload: dict[str, Any] | None = None
    ) -> None:
        """An e-mail or an SMS to the citizen, by the channel of its kind (``notifications.channels``)."""
        channel = channel_for(self._channels, kind)
        with self.runtime.store.read() as session:
            booking = session.get(Booking, booking_id) if booking_id else None
            if booking is None or booking.anonymised_at is not None:
                return
            if not channel.reaches(
                Contact(booking.citizen_email, booking.citizen_mobile, booking.sms_opt_in)
            ):
                return
            if (
                kind
                in (OutboxKind.EMAIL_CONFIRMATION, OutboxKind.EMAIL_RESCHEDULED, OutboxKind.SMS_CONFIRMATION)
                and booking.status == Status.CANCELLED.value
            ):
                return  # cancelled meanwhile: the cancellation follows, a stale invitation must not
            if kind in REMINDER_KINDS and not self._reminder_still_due(booking, payload or {}):
                return
            offer = kind == OutboxKind.EMAIL_WAITLIST_OFFER
            if offer and not self._offer_still_open(booking):
                return  # confirmed, given back or lapsed before its e-mail went
            if (
                booking.mode == Mode.TELECONFERENCE.value
                and kind.is_email
                and kind != OutboxKind.EMAIL_CANCELLED
            ):
                pending_meeting = session.scalar(
                    select(Outbox.id).where(
                        Outbox.booking_id == booking.id,
                        Outbox.kind.in_(MEETING_KINDS),
                        Outbox.status == OutboxStatus.PENDING,
                        Outbox.id < job_id,
                    )
                )
                if pending_meeting is not None:
                    # The invitation must carry the join link: wait for the meeting job first.
                    raise Retry("waiting for the meeting link", after=2, count=False)
            municipality = session.get(Municipality, booking.municipality_id)
            assert municipality is not None
            mail = booking_mail(
                booking,
                municipality,
                kind,
                public_url=self.runtime.config.public_url,
                mail_from=self.runtime.config.mail_from,
                manage_url="" if offer else self.manage_url(booking),
            )
            if offer:
                mail = replace(mail, **self.offer_links(booking, payload or {}))
            if wants_preflight_link(kind, booking.mode):  # issue 18: «test your connection»
                mail = replace(mail, preflight_url=self.preflight_url(booking))
            if kind == OutboxKind.EMAIL_MISSED_YOU:  # issue 18: the next free times, one click each
                choices = rescue_mail.missed_you_choices(
                    session,
                    booking,
                    payload or {},
                    secret=self.runtime.config.secret_key,
                    public_url=self.runtime.config.public_url,
                )
                if choices is None:
                    return  # moved, cancelled or closed before the e-mail went
                mail = replace(mail, choices=choices)
            # Issue 18: the same e-mail to a co-applicant (their address, name and link).
            if "co_applicant" in (payload or {}) or kind in co_applicant_mail.CO_APPLICANT_KINDS:
                readdressed = co_applicant_mail.readdress(
                    session,
                    booking,
                    kind,
                    mail,
                    payload or {},
                    public_url=self.runtime.config.public_url,
                    secret=self.runtime.config.secret_key,
                )
                if readdressed is None:
                    return
                mail = readdressed
            notice = Notice(
                kind,
                job_id,
                mail,
                mobile=booking.citizen_mobile if kind.is_sms else "",
                short_manage_url=self.short_manage_url(booking) if kind.is_sms else "",
            )
        try:
            channel.send(notice, now=self.now)
        except DeliveryError as exc:
            if exc.retryable:
                raise Retry(str(exc)) from exc
            raise GiveUp(str(exc)) from exc

    def _offer_still_open(self, booking: Booking) -> bool:
        expires = booking.hold_expires_at
        return booking.status == Status.HELD.value and expires is not None and expires > self.now

    def offer_links(self, booking: Booking, payload: dict[str, Any]) -> dict[str, Any]:
        """A waitlist offer's e-mail: until when the time is held, the links to take it or leave the list."""
        entry_id = payload.get("entry_id")
        if not isinstance(entry_id, int):
            raise GiveUp("waitlist offer without its entry")
        token = WaitlistLinks(self.runtime.config.secret_key).issue(entry_id)
        base = f"{self.runtime.config.public_url}/waitlist/{entry_id}"
        query = f"lang={'en' if booking.language == 'en' else 'el'}&token={token}"  # pages in their language
        return {
            "held_until": booking.hold_expires_at,
            "offer_url": f"{base}?{query}",
            "leave_url": f"{base}/leave?{query}",
        }

    # ------------------------------------------------------------ co-applicants (issue 18)
    def maybe_release_co_applicants(self) -> int:
        """Release joint bookings whose co-applicants missed their deadline; every pass, so the time
        is free again within seconds. A failure must not hold up the outbox: the next pass retries."""
        try:
            return CoApplicants(self.runtime.bookings).release_lapsed()
        except Exception:
            log.exception("releasing joint bookings past their deadline failed; trying again shortly")
            return 0

    # ------------------------------------------------------------ waitlist
    def maybe_offer_waitlist(self) -> int:
        """Offer freed times to waiting citizens (``booking/waitlist_offers``); every pass, as lapsed offers
        must pass on within seconds. A failure here must not hold up the outbox: the next pass retries."""
        try:
            return waitlist_offers.offer_round(self.runtime.bookings, self.runtime.availability)
        except Exception:
            log.exception("offering freed times to the waitlist failed; trying again on the next pass")
            return 0

    # ------------------------------------------------------------ attendance (issue 18)
    def maybe_check_attendance(self) -> int:
        """With the Graph provider, read ended Teams meetings' attendance reports (``booking/attendance``);
        a failure here must not hold up the outbox: the next pass retries."""
        read = getattr(self.provider, "attendance", None)
        if self.provider.name != "graph" or read is None:
            return 0
        now = self.now
        if (
            self._attendance_checked_at is not None
            and now - self._attendance_checked_at < ATTENDANCE_CHECK_EVERY
        ):
            return 0
        self._attendance_checked_at = now
        try:
            return attendance.check_round(self.runtime.bookings, read)
        except Exception:
            log.exception("reading attendance reports failed; trying again on the next pass")
            return 0

    def manage_url(self, booking: Booking) -> str:
        token = self.runtime.manage_tokens.issue(booking.reference, booking.link_version)
        return f"{self.runtime.config.public_url}/manage/{booking.reference}?token={token}"

    def short_manage_url(self, booking: Booking) -> str:
        """The manage link's short form, for an SMS (``/m/<code>`` redirects to the full link)."""
        code = self.runtime.manage_tokens.short(booking.reference, booking.link_version)
        return f"{self.runtime.config.public_url}/m/{code}"

    def preflight_url(self, booking: Booking) -> str:
        """The «test your connection» page of a teleconference (issue 18), in the citizen's language."""
        code = PreflightLinks(self.runtime.config.secret_key).code(booking.reference)
        return f"{self.runtime.config.public_url}/t/{code}?lang={'en' if booking.language == 'en' else 'el'}"

    # ------------------------------------------------------------ reminders
    def maybe_send_reminders(self) -> int:
        """Every few minutes: :meth:`schedule_reminders`. Called by :meth:`run_once`, so the runner of
        ``service-api run-jobs`` and the one inside ``service-api serve`` both send the reminders."""
        now = self.now
        if self._reminders_checked_at is not None and now - self._reminders_checked_at < REMINDER_CHECK_EVERY:
            return 0
        self._reminders_checked_at = now
        try:
            return self.schedule_reminders()
        except Exception:
            # A failure here must not hold up the outbox; the next check tries again.
            log.exception("scheduling reminders failed; trying again in a few minutes")
            return 0

    def _reminder_candidates(self, session: Session, now: datetime) -> list[tuple[OutboxKind, Booking]]:
        """Confirmed bookings of tomorrow (Europe/Athens) whose citizen has no reminder of this version,
        with the reminder each lacks: an e-mail when it has an address, an SMS when they opted in.

        A booking made today is left out: its confirmation has only just gone.
        """
        today = now.astimezone(ATHENS).date()
        first, last = local_day_bounds(today + timedelta(days=1), ATHENS)
        today_began = local_day_bounds(today, ATHENS)[0]
        bookings = session.scalars(
            select(Booking).where(
                Booking.status == Status.CONFIRMED.value,
                Booking.start_at >= first,
                Booking.start_at < last,
                Booking.anonymised_at.is_(None),
                or_(Booking.citizen_email != "", Booking.sms_opt_in.is_(True)),
                Booking.created_at < today_began,
            )
        ).all()
        if not bookings:
            return []
        sent = {
            (row.kind, row.booking_id, row.payload.get("sequence"))
            for row in session.scalars(
                select(Outbox).where(
                    Outbox.kind.in_(REMINDER_KINDS), Outbox.booking_id.in_([b.id for b in bookings])
                )
            )
        }
        wanted = []
        for booking in bookings:
            contact = Contact(booking.citizen_email, booking.citizen_mobile, booking.sms_opt_in)
            for kind in REMINDER_KINDS:
                reaches = channel_for(self._channels, kind).reaches(contact)
                if reaches and (kind.value, booking.id, booking.sequence) not in sent:
                    wanted.append((kind, booking))
        return wanted

    def schedule_reminders(self) -> int:
        """Queue an ``email.reminder`` (and an ``sms.reminder``) for each confirmed booking of tomorrow
        that has none yet; returns how many were queued.

        At most one per booking and version: the outbox row carries the booking's ``sequence``, so a
        booking moved to another time of tomorrow is reminded of its new time, and nothing twice. The
        e-mail is due at 09:00 (Europe/Athens) of the day before, or at once when that has passed.
        Reading first keeps the frequent empty passes from taking SQLite's write lock.
        """
        now = self.now
        store = self.runtime.store
        with store.read() as session:
            if not self._reminder_candidates(session, now):
                return 0
        due = max(now, local_to_utc(now.astimezone(ATHENS).date(), REMINDER_HOUR, ATHENS))
        with store.write() as session:
            if store.is_postgres:
                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": REMINDER_LOCK})
            wanted = self._reminder_candidates(session, now)
            for kind, booking in wanted:
                journal.enqueue(session, kind, booking, due=due, sequence=booking.sequence)
                if kind == OutboxKind.EMAIL_REMINDER:  # issue 18: a joint booking's co-applicants too
                    co_rows.notify_all(session, kind, booking, confirmed_only=True, due=due)
            return len(wanted)

    def _reminder_still_due(self, booking: Booking, payload: dict[str, Any]) -> bool:
        """A queued reminder is dropped when the booking changed, was cancelled or has begun meanwhile."""
        return (
            booking.status == Status.CONFIRMED.value
            and payload.get("sequence") == booking.sequence
            and booking.start_at > self.now
        )

    # ------------------------------------------------------------ retention
    def maybe_purge(self) -> int:
        """Once a day: forget citizens past the retention period, and expired sign-ins and keys."""
        with self.runtime.store.read() as session:
            last = session.scalar(select(RetentionRun.at).order_by(RetentionRun.at.desc()).limit(1))
        if last is not None and self.now - last < timedelta(days=1):
            return 0
        report = retention.purge(self.runtime.bookings, retention_days=self.runtime.config.retention_days)
        return report.anonymised

    def run_forever(self, stop: threading.Event, interval: float = 2.0) -> None:
        log.info("job runner %s started", self.name)
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("job runner pass failed; trying again shortly")
            stop.wait(interval)
