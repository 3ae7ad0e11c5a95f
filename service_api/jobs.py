"""The job runner: drains the outbox (meetings, e-mails) with retries, and purges old personal data.

Rows are claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (any number of runners) and under
SQLite's single writer otherwise; a claim is a lease, so a crashed runner's work comes back.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from service_api.booking import staffing
from service_api.config import Config
from service_api.meetings.base import MeetingError, MeetingProvider, MeetingRequest
from service_api.meetings.factory import provider_for
from service_api.models import Booking, Municipality, Outbox, RetentionRun, Staff
from service_api.notifications.mailer import DeliveryError, Mailer
from service_api.notifications.messages import BookingMail, compose
from service_api.runtime import Runtime

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BATCH = 20


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


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

    @classmethod
    def build(cls, runtime: Runtime) -> JobRunner:
        config: Config = runtime.config
        return cls(runtime, provider_for(config), Mailer(config.smtp_url, config.outbox_dir))

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
                    Outbox.status == "pending",
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
                row.locked_until = now + LEASE
            return [row.id for row in rows]

    def run_once(self) -> int:
        """Process every due job once; returns how many were handled."""
        handled = 0
        while True:
            ids = self.claim()
            if not ids:
                break
            for job_id in ids:
                self._process(job_id)
                handled += 1
        self.maybe_purge()
        return handled

    def _process(self, job_id: int) -> None:
        with self.runtime.store.read() as session:
            job = session.get(Outbox, job_id)
            if job is None:
                return
            kind, booking_id, payload = job.kind, job.booking_id, dict(job.payload)
        error: str = ""
        try:
            if kind.startswith("meeting."):
                self._meeting(kind, booking_id, payload, job_id)
            elif kind.startswith("email."):
                self._email(kind, booking_id, job_id)
            else:
                raise GiveUp(f"unknown job kind {kind}")
        except Retry as exc:
            self._finish(job_id, retry=exc)
            return
        except GiveUp as exc:
            error = str(exc)
            log.warning("outbox job %s (%s) failed for good: %s", job_id, kind, error)
            self._finish(job_id, failed=error)
            return
        self._finish(job_id)

    def _finish(self, job_id: int, *, retry: Retry | None = None, failed: str | None = None) -> None:
        now = self.now
        with self.runtime.store.write() as session:
            job = session.get(Outbox, job_id)
            if job is None:
                return
            job.locked_until = None
            if retry is not None:
                if retry.count:
                    job.attempts += 1
                job.last_error = str(retry)[:2000]
                if job.attempts >= MAX_ATTEMPTS:
                    job.status = "failed"
                    log.warning("outbox job %s gave up after %s attempts: %s", job_id, job.attempts, retry)
                else:
                    delay = (
                        timedelta(seconds=retry.after) if retry.after is not None else backoff(job.attempts)
                    )
                    job.next_attempt_at = now + delay
            elif failed is not None:
                job.attempts += 1
                job.status = "failed"
                job.last_error = failed[:2000]
            else:
                job.attempts += 1
                job.status = "done"
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

    def _meeting(self, kind: str, booking_id: int | None, payload: dict[str, object], job_id: int) -> None:
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
            if kind == "meeting.cancel" or booking.status == "cancelled":
                if booking.meeting_external_id:
                    self.provider.cancel(self._meeting_request(booking, staff, booking.meeting_external_id))
                return
            organiser_changed = previous is not None and previous.id != staff.id
            if kind == "meeting.update" and organiser_changed and self.provider.name == "graph":
                # A Teams meeting belongs to its organiser's calendar: move it by cancel + create.
                if booking.meeting_external_id:
                    assert previous is not None
                    self.provider.cancel(
                        self._meeting_request(booking, previous, booking.meeting_external_id)
                    )
                meeting = self.provider.create(self._meeting_request(booking, staff, ""))
            elif kind == "meeting.update" and booking.meeting_external_id:
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
        self.runtime.bookings.record_meeting(booking.reference, meeting.join_url, meeting.external_id)

    # ------------------------------------------------------------ e-mails
    def _email(self, kind: str, booking_id: int | None, job_id: int) -> None:
        with self.runtime.store.read() as session:
            booking = session.get(Booking, booking_id) if booking_id else None
            if booking is None or booking.anonymised_at is not None or not booking.citizen_email:
                return
            if booking.mode == "teleconference" and kind != "email.cancelled":
                pending_meeting = session.scalar(
                    select(Outbox.id).where(
                        Outbox.booking_id == booking.id,
                        Outbox.kind.like("meeting.%"),
                        Outbox.status == "pending",
                        Outbox.id < job_id,
                    )
                )
                if pending_meeting is not None:
                    # The invitation must carry the join link: wait for the meeting job first.
                    raise Retry("waiting for the meeting link", after=2, count=False)
            municipality = session.get(Municipality, booking.municipality_id)
            assert municipality is not None
            language = booking.language if booking.language in ("el", "en") else "el"
            service = booking.service
            mail = BookingMail(
                kind=kind,
                reference=booking.reference,
                language=language,
                timezone=booking.citizen_timezone,
                citizen_name=booking.citizen_name,
                citizen_email=booking.citizen_email,
                service_name=service.name_el if language == "el" else service.name_en,
                mode=booking.mode,
                start=booking.start_at,
                documents=[d["el" if language == "el" else "en"] for d in service.required_documents],
                meeting_url=booking.meeting_url,
                manage_url=self.manage_url(booking),
                municipality_name=municipality.name_el if language == "el" else municipality.name_en,
                mail_from=self.runtime.config.mail_from,
            )
        try:
            self.mailer.send(compose(mail))
        except DeliveryError as exc:
            if exc.retryable:
                raise Retry(str(exc)) from exc
            raise GiveUp(str(exc)) from exc

    def manage_url(self, booking: Booking) -> str:
        token = self.runtime.manage_tokens.issue(booking.reference, booking.link_version)
        return f"{self.runtime.config.public_url}/manage/{booking.reference}?token={token}"

    # ------------------------------------------------------------ retention
    def maybe_purge(self) -> int:
        """Once a day: anonymise bookings past the retention period."""
        with self.runtime.store.read() as session:
            last = session.scalar(select(RetentionRun.at).order_by(RetentionRun.at.desc()).limit(1))
        if last is not None and self.now - last < timedelta(days=1):
            return 0
        return staffing.purge_personal_data(
            self.runtime.bookings, retention_days=self.runtime.config.retention_days
        )

    def run_forever(self, stop: threading.Event, interval: float = 2.0) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:
                log.exception("job runner pass failed; trying again shortly")
            stop.wait(interval)
