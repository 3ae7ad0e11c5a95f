"""The connection check a citizen runs before a teleconference (issue 18): what a result may say.

The browser reports it; these rules decide what is stored, so junk never reaches the booking and the
clerk reads the same few words whatever a page sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import urlsplit

from service_api.domain.errors import RuleViolation
from service_api.domain.kinds import OutboxKind
from service_api.domain.rules import Mode, Status

TEAMS_HOSTS = ("teams.microsoft.com", "teams.live.com")
TEAMS_PROVIDERS = ("graph", "teams-static")  # a meeting per booking, or each clerk's own Teams link


def is_teams_url(url: str) -> bool:
    """A Microsoft Teams meeting link (the ``graph`` provider's, or a clerk's own Teams link)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith(f".{d}") for d in TEAMS_HOSTS)


def joins_with_teams(meeting_url: str, provider: str) -> bool:
    """Whether the citizen joins through Teams (its «continue on this browser» and guest steps) or a
    plain browser meeting such as Jitsi; before the meeting exists the configured provider says."""
    return is_teams_url(meeting_url) if meeting_url else provider in TEAMS_PROVIDERS


class BrowserCheck(StrEnum):
    OK = "ok"
    UNSUPPORTED = "unsupported"  # no RTCPeerConnection or no mediaDevices: Teams will not run in it


class DeviceCheck(StrEnum):
    OK = "ok"
    DENIED = "denied"  # the citizen or the browser refused the permission (NotAllowedError)
    MISSING = "missing"  # no such device (NotFoundError)
    ERROR = "error"  # anything else: in use by another program, hardware error
    NOT_TESTED = "not_tested"  # the browser could not even ask


# A booking whose appointment is still ahead: checking the connection later says nothing useful.
OPEN_STATUSES = frozenset({Status.HELD, Status.CONFIRMED, Status.CHECKED_IN})
FIELDS = ("browser", "camera", "microphone")


@dataclass(frozen=True)
class PreflightResult:
    browser: BrowserCheck
    camera: DeviceCheck
    microphone: DeviceCheck

    @property
    def ready(self) -> bool:
        """Everything Teams needs worked: the clerk sees a tick instead of a warning."""
        return (
            self.browser is BrowserCheck.OK
            and self.camera is DeviceCheck.OK
            and self.microphone is DeviceCheck.OK
        )


def parse_result(form: Mapping[str, str]) -> PreflightResult:
    """The result a page posted, or ``RuleViolation`` (400) naming the fields that say nothing we know."""
    problems: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, known in (("browser", BrowserCheck), ("camera", DeviceCheck), ("microphone", DeviceCheck)):
        value = str(form.get(name, ""))
        if value not in {k.value for k in known}:
            problems[name] = "Not a known result."
        values[name] = value
    if problems:
        raise RuleViolation("The connection check sent a result we do not understand.", fields=problems)
    return PreflightResult(
        BrowserCheck(values["browser"]), DeviceCheck(values["camera"]), DeviceCheck(values["microphone"])
    )


# At most one stored result per booking in this time: a page posting in a loop cannot flood the audit
# log and the change feed. A later post is answered 200 with ``saved: false`` (the page needs no retry).
RECORD_EVERY = timedelta(minutes=1)


def should_store(
    previous: PreflightResult | None, checked_at: datetime | None, result: PreflightResult, now: datetime
) -> bool:
    """Whether ``result`` is worth a write: it differs from the stored one and that one is a minute old.

    An unchanged result tells the clerk nothing new, so it is not written (its time stays the first).
    """
    if previous == result:
        return False
    return checked_at is None or now - checked_at >= RECORD_EVERY


def stored_result(browser: str | None, camera: str | None, microphone: str | None) -> PreflightResult | None:
    """The result kept on a booking, or None when it has none (or something no longer known)."""
    if browser is None or camera is None or microphone is None:
        return None
    try:
        return PreflightResult(BrowserCheck(browser), DeviceCheck(camera), DeviceCheck(microphone))
    except ValueError:
        return None


def check_may_record(mode: str, status: str) -> None:
    """Only a teleconference still ahead takes a check: an in-person or closed booking refuses it (409)."""
    if mode != Mode.TELECONFERENCE.value:
        raise RuleViolation("Only a teleconference booking takes a connection check.")
    if status not in OPEN_STATUSES:
        raise RuleViolation("This booking is closed or cancelled; its connection check is no longer kept.")


# The e-mails that carry the link: the confirmation, a change of time, and the day-before reminder.
LINK_KINDS = frozenset(
    {OutboxKind.EMAIL_CONFIRMATION, OutboxKind.EMAIL_RESCHEDULED, OutboxKind.EMAIL_REMINDER}
)


def wants_link(kind: OutboxKind, mode: str) -> bool:
    """Whether a message about a booking carries the «test your connection» link."""
    return kind in LINK_KINDS and mode == Mode.TELECONFERENCE.value
