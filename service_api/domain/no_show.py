"""No-show rescue (issue 18): when a booking counts as «missing», which free times to offer, and who of a
meeting's attendance report is the citizen. Pure rules: plain values in, plain values out."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from service_api.domain.errors import DomainError
from service_api.domain.rules import Status

DEFAULT_RESCUE_MINUTES = 5
MAX_RESCUE_MINUTES = 120
# How many free times a «we missed you» e-mail offers.
CHOICES = 3
# The attendance report is asked for this long after the meeting's end (Teams needs a few minutes)...
ATTENDANCE_DELAY = timedelta(minutes=10)
# ...and asked again with growing waits until this long after the end; then the clerk decides alone.
ATTENDANCE_GIVE_UP = timedelta(days=2)


class Attendance:
    """What the provider's report said of the citizen (``BookingRescue.attendance``)."""

    JOINED = "joined"
    ABSENT = "absent"
    # Someone other than the clerk joined but could not be matched to the citizen: the clerk decides.
    UNCLEAR = "unclear"
    UNKNOWN = ""


class RescueRefused(DomainError):
    """409: the booking is not (or no longer) missing, or the «we missed you» e-mail already went."""

    code = "rescue_refused"
    status = 409


def rescue_due_at(start: datetime, minutes: int) -> datetime:
    """When a citizen who has not arrived counts as missing."""
    return start + timedelta(minutes=max(0, minutes))


def is_missing(
    *,
    status: str,
    checked_in: bool,
    joined: bool,
    start: datetime,
    end: datetime,
    now: datetime,
    minutes: int,
) -> bool:
    """Confirmed, neither checked in nor seen in the meeting, ``minutes`` after the start and before the end:
    the moment the clerk may still save the appointment by a call or an e-mail."""
    return (
        status == Status.CONFIRMED.value
        and not checked_in
        and not joined
        and rescue_due_at(start, minutes) <= now < end
    )


def require_missed_you_allowed(*, missing: bool, already_sent: datetime | None) -> None:
    """Once per booking, and only while it is missing."""
    if already_sent is not None:
        raise RescueRefused("The «we missed you» e-mail was already sent for this booking.")
    if not missing:
        raise RescueRefused("The citizen is not missing from this appointment.")


def next_choices(starts: Iterable[datetime], *, after: datetime, count: int = CHOICES) -> list[datetime]:
    """The first ``count`` distinct free starts after ``after``, earliest first."""
    return sorted({s for s in starts if s > after})[:count]


@dataclass(frozen=True)
class AttendeeRecord:
    """One attendance record of a meeting report (Graph ``attendanceRecord``), reduced to what matters."""

    email: str
    name: str
    role: str
    seconds: int
    first_join: datetime | None


def plain_name(name: str) -> str:
    """A display name as people type it in any form: without accents (NFD, combining marks dropped),
    casefolded, final sigma as sigma, spaces collapsed — «ΠΟΛΙΤΗΣ  1» is «Πολίτης 1»."""
    decomposed = unicodedata.normalize("NFD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace("ς", "σ").split())


def _same_name(a: str, b: str) -> bool:
    plain = plain_name(a)
    return bool(plain) and plain == plain_name(b)


def _others(records: Sequence[AttendeeRecord]) -> list[AttendeeRecord]:
    return [r for r in records if r.role.casefold() != "organizer"]


def citizen_record(records: Sequence[AttendeeRecord], *, email: str, name: str) -> AttendeeRecord | None:
    """The citizen's record: matched by e-mail address, else by display name (a guest who joins from the
    browser gives only a name); the organiser never counts. Several joins of one person are one record."""
    guests = _others(records)
    if email:
        for record in guests:
            if record.email and record.email.casefold() == email.casefold():
                return record
    for record in guests:
        if _same_name(record.name, name):
            return record
    return None


@dataclass(frozen=True)
class AttendanceReading:
    """What a report says of the citizen. ``guests``/``guest_seconds``: attendees who were neither the
    organiser, nor known staff, nor matched to the citizen (counted only; no names are kept)."""

    attendance: str
    record: AttendeeRecord | None
    guests: int = 0
    guest_seconds: int = 0


def read_attendance(
    records: Sequence[AttendeeRecord], *, email: str, name: str, staff_emails: Collection[str]
) -> AttendanceReading:
    """Joined when the citizen's record is found; absent only when nobody but the organiser and known
    staff joined at all. A guest who could not be matched (a nickname, Latin letters) may well be the
    citizen, so that is «unclear» and the outcome is left to the clerk — never an automatic no-show."""
    found = citizen_record(records, email=email, name=name)
    if found is not None:
        return AttendanceReading(Attendance.JOINED, found)
    staff = {e.casefold() for e in staff_emails if e}
    unknown = [r for r in _others(records) if not (r.email and r.email.casefold() in staff)]
    if not unknown:
        return AttendanceReading(Attendance.ABSENT, None)
    return AttendanceReading(
        Attendance.UNCLEAR, None, guests=len(unknown), guest_seconds=sum(r.seconds for r in unknown)
    )


def attendance_retry_after(attempts: int) -> timedelta:
    """Five minutes, ten, twenty, ... capped at six hours: a report not ready yet, or Graph down."""
    return timedelta(minutes=min(360, 5 * 2 ** max(0, attempts - 1)))
