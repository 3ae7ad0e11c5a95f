"""What Microsoft Graph's messages look like: the JSON we send and read, and its error shapes.

Kept apart from ``graph.py`` (which holds the token, the retries and the calls) so each reads alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import requests

from service_api.domain.no_show import AttendeeRecord
from service_api.meetings.base import MeetingError, MeetingRequest


def attendee(record: Mapping[str, Any]) -> AttendeeRecord:
    """A Graph ``attendanceRecord`` reduced to what the no-show rule reads."""
    identity = record.get("identity")
    name = identity.get("displayName") if isinstance(identity, Mapping) else ""
    joins: list[datetime] = []
    for interval in record.get("attendanceIntervals") or []:
        raw = interval.get("joinDateTime") if isinstance(interval, Mapping) else None
        if isinstance(raw, str):
            try:
                joins.append(datetime.fromisoformat(raw.replace("Z", "+00:00")))
            except ValueError:
                continue
    seconds = record.get("totalAttendanceInSeconds")
    return AttendeeRecord(
        email=str(record.get("emailAddress") or ""),
        name=str(name or ""),
        role=str(record.get("role") or ""),
        seconds=seconds if isinstance(seconds, int) else 0,
        first_join=min(joins) if joins else None,
    )


def seg(value: str) -> str:
    """Quote a path segment: event ids are base64 and may hold '/', '+' or '='."""
    return quote(value, safe="@")


def parse_external_id(external_id: str) -> tuple[str, str] | None:
    user, sep, event_id = external_id.partition("|")
    if not sep or not user or not event_id:
        return None
    return user, event_id


def graph_time(moment: datetime) -> dict[str, str]:
    if moment.tzinfo is None:
        raise MeetingError("Meeting times must be timezone-aware.", retryable=False)
    return {"dateTime": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"}


def attendees(request: MeetingRequest) -> list[dict[str, Any]]:
    address: dict[str, str] = {"address": request.attendee_email}
    if request.attendee_name:
        address["name"] = request.attendee_name
    return [{"emailAddress": address, "type": "required"}]


def join_url(event: Mapping[str, Any]) -> str | None:
    online = event.get("onlineMeeting")
    if isinstance(online, Mapping):
        url = online.get("joinUrl")
        if isinstance(url, str) and url:
            return url
    return None


def retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value.isdigit():
        return None  # absent, or an HTTP date (Graph sends seconds): fall back to backoff
    return float(value)


def json_object(response: requests.Response, what: str) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        # A success status with an unreadable body (a proxy, a truncated reply): worth another try.
        raise MeetingError(f"{what}: HTTP {response.status_code} with a non-JSON body.", retryable=True)
    return payload


def graph_error(what: str, response: requests.Response) -> str:
    code, message = "", ""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        code = str(error.get("code") or "")
        message = str(error.get("message") or "")
    detail = f": {code}" if code else ""
    detail += f": {message[:300]}" if message else ""
    return f"{what}: HTTP {response.status_code}{detail}"


def token_error(response: requests.Response) -> str:
    """The token endpoint speaks OAuth2 (``error``/``error_description``), not Graph's error shape."""
    code, description = "", ""
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        code = str(payload.get("error") or "")
        description = str(payload.get("error_description") or "")
    detail = f": {code}" if code else ""
    detail += f": {description[:300]}" if description else ""
    return f"token request: HTTP {response.status_code}{detail}"
