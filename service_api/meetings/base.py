"""The meeting-provider interface: create, update and cancel one online meeting per booking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class MeetingRequest:
    """What a provider needs to know about a teleconference booking."""

    booking_reference: str
    subject: str
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC
    attendee_email: str
    attendee_name: str
    organizer_user_id: str = ""  # Graph user id or UPN of the clerk
    organizer_teams_link: str = ""  # the clerk's permanent Teams link (teams-static)
    external_id: str = ""  # what an earlier create returned; "" when there is none yet
    idempotency_token: str = ""  # stable for one booking and sequence: retries must not duplicate


@dataclass(frozen=True)
class Meeting:
    join_url: str
    external_id: str


class MeetingError(Exception):
    """A provider call failed. ``retryable`` tells the outbox to try again, after ``retry_after`` s."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class MeetingProvider(Protocol):
    name: str

    def create(self, request: MeetingRequest) -> Meeting: ...

    def update(self, request: MeetingRequest) -> Meeting: ...

    def cancel(self, request: MeetingRequest) -> None: ...
