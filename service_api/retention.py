"""The retention purge: forget what the service knows of citizens whose appointments are long past.

``service-api purge`` and the job runner's daily pass both run :func:`purge`. A booking keeps what
statistics need (service, clerk, times, mode, status, outcome, the service's own reasons); its
citizen's details, the free text staff typed about it, its outbox work and its e-mails in the outbox
folder go. Records of sign-in that have expired go with them, whoever they belong to, and entries of
the access log older than its own kept period (``DIMOS_ACCESS_LOG_DAYS``). A citizen's erasure on
request (``booking/data_protection.erase``) anonymises their bookings with the same :func:`anonymise`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session

from service_api.auth import email_code, taxisnet
from service_api.auth.models import CitizenEmailCode, CitizenLoginState, CitizenSession
from service_api.booking import access_log, journal
from service_api.booking.service import BookingService
from service_api.domain.needs import anonymised_needs
from service_api.domain.policy import Actor
from service_api.domain.retention import (
    IDEMPOTENCY_KEY_LIFETIME,
    SERVICE_REASONS,
    kept_audit_details,
    retention_cutoff,
)
from service_api.domain.rules import references_in
from service_api.models import (
    AuditLog,
    Booking,
    BookingCoApplicant,
    IdempotencyKey,
    IdentityVerification,
    Outbox,
    RetentionRun,
)

CHUNK = 500


@dataclass(frozen=True)
class PurgeReport:
    """What one purge forgot, for the operator and the job runner's log."""

    anonymised: int
    sign_ins_deleted: int
    expired_deleted: int
    mails_deleted: int
    access_log_deleted: int


log = logging.getLogger(__name__)


def purge(service: BookingService, *, retention_days: int, access_log_days: int | None = None) -> PurgeReport:
    """Forget every citizen whose appointment ended more than ``retention_days`` (at least 1) ago, and
    access-log entries older than ``access_log_days`` (default: the configured period)."""
    now = service.clock()
    cutoff = retention_cutoff(now, retention_days)
    anonymised = anonymise_bookings(service, cutoff=cutoff)
    sign_ins = taxisnet.purge_login_audit(service.store, before=cutoff)
    expired = sweep_expired(service, now=now)
    mails = forget_mails(service, before=cutoff)
    log_days = service.config.access_log_days if access_log_days is None else access_log_days
    accesses = access_log.purge(service, before=retention_cutoff(now, log_days))
    return PurgeReport(anonymised, sign_ins, expired, mails, accesses)


def anonymise_bookings(service: BookingService, *, cutoff: datetime) -> int:
    """Anonymise bookings whose appointment ended before ``cutoff``; returns how many."""
    now = service.clock()
    if cutoff >= now:
        raise ValueError("Only appointments that have passed may be anonymised.")
    with service.transaction() as session:
        past = select(Booking.id).where(Booking.end_at < cutoff, Booking.anonymised_at.is_(None))
        ids = list(session.scalars(past))
        anonymise(session, ids, now=now)
        session.add(RetentionRun(at=now, cutoff=cutoff.date(), anonymised=len(ids)))
        journal.audit(
            session, Actor.system(), "retention_purge", None, anonymised=len(ids), cutoff=cutoff.isoformat()
        )
        return len(ids)


def anonymise(session: Session, ids: list[int], *, now: datetime) -> None:
    """Forget the citizen of each of these bookings, in the caller's write transaction; what statistics
    count stays. Their outbox work and Idempotency-Keys go (payloads and errors may name the address)."""
    for start in range(0, len(ids), CHUNK):
        _anonymise_chunk(session, ids[start : start + CHUNK], now=now)


def _anonymise_chunk(session: Session, ids: list[int], *, now: datetime) -> None:
    session.execute(
        update(Booking)
        .where(Booking.id.in_(ids))
        .values(
            citizen_name="",
            citizen_email="",
            citizen_phone="",
            citizen_mobile="",
            sms_opt_in=False,
            citizen_afm_hash=None,
            citizen_key="",
            citizen_extra={},
            notes="",
            outcome_note="",
            meeting_url="",
            cancel_reason=case((Booking.cancel_reason.in_(SERVICE_REASONS), Booking.cancel_reason), else_=""),
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(IdentityVerification).where(IdentityVerification.booking_id.in_(ids)).values(note="")
    )
    # Issue 18: a joint booking's co-applicants are forgotten with it.
    session.execute(
        update(BookingCoApplicant)
        .where(BookingCoApplicant.booking_id.in_(ids))
        .values(email="", name="", afm_hash=None, citizen_key="")
        .execution_options(synchronize_session=False)
    )
    audits = session.execute(select(AuditLog.id, AuditLog.details).where(AuditLog.booking_id.in_(ids))).all()
    scrubbed = [
        {"id": audit_id, "details": kept}
        for audit_id, details in audits
        if (kept := kept_audit_details(details)) != details
    ]
    if scrubbed:
        session.execute(update(AuditLog), scrubbed)
    # Issue 18: which needs were served stays for the figures; the interpreter's language (the
    # citizen's own words) goes with the rest of what named them.
    needs = session.execute(select(Booking.id, Booking.needs).where(Booking.id.in_(ids))).all()
    kept_needs = [
        {"id": booking_id, "needs": kept}
        for booking_id, stored in needs
        if (kept := anonymised_needs(stored)) != stored
    ]
    if kept_needs:
        session.execute(update(Booking), kept_needs)
    # Sent, failed or moot by now: their payloads and errors may name the citizen's address.
    session.execute(delete(Outbox).where(Outbox.booking_id.in_(ids)))
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.booking_id.in_(ids)))


def sweep_expired(service: BookingService, *, now: datetime) -> int:
    """Delete expired citizen sessions (web and API: they hold e-mails and AFMs), sign-in codes and
    login states past their sweep time, and Idempotency-Keys past their lifetime; returns how many."""
    statements = (
        delete(CitizenSession).where(CitizenSession.expires_at < now),
        delete(CitizenEmailCode).where(CitizenEmailCode.expires_at < now - email_code.SWEEP_AFTER),
        delete(CitizenLoginState).where(CitizenLoginState.expires_at < now - taxisnet.STATE_SWEEP_AFTER),
        delete(IdempotencyKey).where(IdempotencyKey.created_at < now - IDEMPOTENCY_KEY_LIFETIME),
    )
    with service.transaction() as session:
        return sum(session.execute(statement).rowcount for statement in statements)  # type: ignore[attr-defined]


def forget_mails(service: BookingService, *, before: datetime) -> int:
    """Delete the outbox folder's e-mails about anonymised bookings, and any written before ``before``
    (sign-in codes name no booking); returns how many."""
    folder: Path = service.config.outbox_dir
    if not folder.is_dir():
        return 0
    stale: list[Path] = []
    named: dict[Path, set[str]] = {}
    for path in folder.glob("*.eml"):
        try:
            if datetime.fromtimestamp(path.stat().st_mtime, UTC) < before:
                stale.append(path)
            else:
                named[path] = references_in(_subject(path))
        except FileNotFoundError:
            continue  # sent and deleted meanwhile (an erasure)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the nightly purge
            log.warning("could not read an e-mail in the outbox folder: %s", type(exc).__name__)
    forgotten = _anonymised_references(service, set().union(*named.values()))
    doomed = stale + [path for path, references in named.items() if references & forgotten]
    for path in doomed:
        path.unlink(missing_ok=True)
    return len(doomed)


def forget_mails_about(service: BookingService, references: set[str], only_to: set[str] | None = None) -> int:
    """Delete the outbox folder's e-mails about these bookings (a citizen erased on request); with
    ``only_to``, just those addressed to one of these addresses (a co-applicant erased from a joint
    booking whose booker's own mails stay)."""
    folder: Path = service.config.outbox_dir
    if not references or only_to == set() or not folder.is_dir():
        return 0
    deleted = 0
    for path in folder.glob("*.eml"):
        # One unreadable, vanished or malformed file must not hide the others (the erasure has committed).
        try:
            if references_in(_subject(path)) & references and (
                only_to is None or _recipients(path) & only_to
            ):
                path.unlink(missing_ok=True)
                deleted += 1
        except FileNotFoundError:
            continue
        except Exception as exc:  # noqa: BLE001 - the file's headers, not our code: log the kind, go on
            log.warning("could not check or delete an e-mail in the outbox folder: %s", type(exc).__name__)
    return deleted


def _subject(path: Path) -> str:
    with path.open("rb") as file:
        return str(BytesHeaderParser(policy=policy.default).parse(file)["Subject"] or "")


def _recipients(path: Path) -> set[str]:
    """The mail's To and Cc addresses in lower case, as the co-applicant check compares them."""
    with path.open("rb") as file:
        headers = BytesHeaderParser(policy=policy.default).parse(file)
    return {
        address.addr_spec.lower()
        for field in ("To", "Cc")
        for address in getattr(headers[field], "addresses", ()) or ()
    }


def _anonymised_references(service: BookingService, references: set[str]) -> set[str]:
    found: set[str] = set()
    wanted = sorted(references)
    with service.store.read() as session:
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            query = select(Booking.reference).where(
                Booking.reference.in_(chunk), Booking.anonymised_at.is_not(None)
            )
            found.update(session.scalars(query))
    return found
