"""Microsoft Graph provider: one Teams meeting (an Outlook event in the clerk's calendar) per booking."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from service_api.domain.no_show import AttendeeRecord
from service_api.meetings import graph_wire
from service_api.meetings.base import Meeting, MeetingError, MeetingRequest

log = logging.getLogger(__name__)

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
TOKEN_REFRESH_MARGIN = 60.0  # seconds before expiry at which a cached token is no longer used
BACKOFF_BASE = 0.5  # seconds: 0.5, 1, 2, ... between attempts when Graph gives no Retry-After
CANCEL_COMMENT = "This online appointment has been cancelled."


class _NotFound(MeetingError):
    """Graph answered 404; callers that can recover (update, cancel) catch this one."""


class GraphProvider:
    """Creates, moves and cancels Teams meetings through Graph with app-only (client-credentials) auth."""

    name = "graph"

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        base_url: str = "https://graph.microsoft.com/v1.0",
        *,
        session: requests.Session | None = None,
        timeout: float = 10.0,
        max_attempts: int = 4,
        sleep: Callable[[float], None] = time.sleep,
        max_inline_wait: float = 10.0,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.base_url = base_url.rstrip("/")
        self.session = session if session is not None else requests.Session()
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.sleep = sleep
        self.max_inline_wait = max_inline_wait
        self._token: str | None = None
        self._token_expires = 0.0  # time.monotonic() value
        self._token_lock = threading.Lock()

    # ----------------------------------------------------------------- provider interface

    def create(self, request: MeetingRequest) -> Meeting:
        if request.external_id:
            # A retried outbox job that already got an event: never make a second one.
            return self.update(request)
        return self._create_event(request)

    def update(self, request: MeetingRequest) -> Meeting:
        parsed = graph_wire.parse_external_id(request.external_id)
        if parsed is None:
            # Nothing of ours to change (no id yet, or one left by another provider).
            return self._create_event(request)
        user, event_id = parsed
        if request.organizer_user_id and request.organizer_user_id.casefold() != user.casefold():
            # Reassigned to another clerk: Graph cannot change an event's organizer, so the old
            # clerk's event is cancelled and the new clerk organises a fresh one.
            self._cancel_event(user, event_id)
            return self._create_event(request)
        patch = {
            "subject": request.subject,
            "start": graph_wire.graph_time(request.start),
            "end": graph_wire.graph_time(request.end),
            "attendees": graph_wire.attendees(request),
        }
        try:
            event = self._graph("PATCH", self._event_path(user, event_id), "update event", json=patch)
        except _NotFound:
            # Deleted or cancelled in Outlook meanwhile: the booking still needs a meeting.
            log.info("graph event gone on update; creating a new one")
            return self._create_event(request)
        return self._meeting(user, event)

    def cancel(self, request: MeetingRequest) -> None:
        parsed = graph_wire.parse_external_id(request.external_id)
        if parsed is None:
            return None
        self._cancel_event(*parsed)
        return None

    # ----------------------------------------------------------------- attendance (issue 18)

    def attendance(self, external_id: str, join_url: str) -> list[AttendeeRecord] | None:
        """Who joined the booking's Teams meeting, from its latest attendance report; None while Graph
        has no report yet (the meeting has not ended, or Teams has not made it). Errors as ``MeetingError``.

        The event id is not the online meeting's id: the meeting is found by its join URL
        (``GET /users/{id}/onlineMeetings?$filter=JoinWebUrl eq '...'``), as Graph documents.
        """
        parsed = graph_wire.parse_external_id(external_id)
        if parsed is None or not join_url:
            raise MeetingError("The booking has no Graph meeting to read attendance from.", retryable=False)
        user = parsed[0]
        escaped = join_url.replace("'", "''")
        found = self._graph(
            "GET",
            f"/users/{graph_wire.seg(user)}/onlineMeetings",
            "find online meeting",
            params={"$filter": f"JoinWebUrl eq '{escaped}'"},
        )
        meetings = [m for m in found.get("value") or [] if isinstance(m, Mapping) and m.get("id")]
        if not meetings:
            return None
        meeting_path = (
            f"/users/{graph_wire.seg(user)}/onlineMeetings/{graph_wire.seg(str(meetings[0]['id']))}"
        )
        reports = [
            r
            for r in self._graph("GET", meeting_path + "/attendanceReports", "list attendance reports").get(
                "value"
            )
            or []
            if isinstance(r, Mapping) and r.get("id")
        ]
        if not reports:
            return None
        latest = max(reports, key=lambda r: str(r.get("meetingEndDateTime") or ""))
        path = f"{meeting_path}/attendanceReports/{graph_wire.seg(str(latest['id']))}/attendanceRecords"
        return [
            graph_wire.attendee(r)
            for r in self._pages(path, "list attendance records")
            if isinstance(r, Mapping)
        ]

    def _pages(self, path: str, what: str, limit: int = 20) -> list[Any]:
        """Every item of a Graph collection, following ``@odata.nextLink`` (bounded)."""
        items: list[Any] = []
        page = self._graph("GET", path, what)
        for _ in range(limit):
            items += page.get("value") or []
            following = page.get("@odata.nextLink")
            if not isinstance(following, str) or not following.startswith(self.base_url):
                break
            page = self._graph("GET", following[len(self.base_url) :], what)
        return items

    # ----------------------------------------------------------------- event operations

    def _create_event(self, request: MeetingRequest) -> Meeting:
        user = request.organizer_user_id
        if not user:
            raise MeetingError("The assigned clerk has no Microsoft 365 user configured.", retryable=False)
        body: dict[str, Any] = {
            "subject": request.subject,
            "body": {
                "contentType": "text",
                "content": f"Online appointment, booking reference {request.booking_reference}.",
            },
            "start": graph_wire.graph_time(request.start),
            "end": graph_wire.graph_time(request.end),
            "attendees": graph_wire.attendees(request),
            "isOnlineMeeting": True,
            "onlineMeetingProvider": "teamsForBusiness",
            "allowNewTimeProposals": False,
        }
        if request.idempotency_token:
            # Graph returns the already-created event when a POST with this id is repeated,
            # which covers a response lost to a timeout here or in the outbox.
            body["transactionId"] = request.idempotency_token
        event = self._graph("POST", f"/users/{graph_wire.seg(user)}/events", "create event", json=body)
        return self._meeting(user, event)

    def _cancel_event(self, user: str, event_id: str) -> None:
        try:
            self._graph(
                "POST",
                self._event_path(user, event_id) + "/cancel",
                "cancel event",
                json={"comment": CANCEL_COMMENT},
            )
        except _NotFound:
            # Already cancelled (moved to Deleted Items) or deleted: the goal is reached.
            log.info("graph event already gone on cancel")

    def _meeting(self, user: str, event: Mapping[str, Any]) -> Meeting:
        """Build the result, reading the event once more if Graph has not attached the Teams link yet."""
        event_id = event.get("id")
        if not isinstance(event_id, str) or not event_id:
            raise MeetingError("Graph returned an event without an id.", retryable=True)
        join_url = graph_wire.join_url(event)
        if join_url is None:
            again = self._graph(
                "GET",
                self._event_path(user, event_id),
                "read event",
                params={"$select": "id,onlineMeeting"},
            )
            join_url = graph_wire.join_url(again)
        if join_url is None:
            # The event exists; a retry reaches it again through transactionId or external_id.
            raise MeetingError("Graph has not attached the Teams meeting to the event yet.", retryable=True)
        return Meeting(join_url=join_url, external_id=f"{user}|{event_id}")

    @staticmethod
    def _event_path(user: str, event_id: str) -> str:
        return f"/users/{graph_wire.seg(user)}/events/{graph_wire.seg(event_id)}"

    # ----------------------------------------------------------------- HTTP plumbing

    def _graph(
        self,
        method: str,
        path: str,
        what: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """One Graph call with auth; a 401 means the cached token went stale, so fetch one and retry once."""
        url = self.base_url + path
        refreshed = False
        while True:
            headers = {
                "Authorization": f"Bearer {self._access_token()}",
                "Prefer": 'outlook.timezone="UTC"',
                "Accept": "application/json",
            }
            response = self._send(method, url, what, headers=headers, json=json, params=params)
            if response.status_code == 401 and not refreshed:
                log.info("graph rejected the cached token (%s); fetching a new one", what)
                self._drop_token()
                refreshed = True
                continue
            break
        if response.status_code == 404:
            raise _NotFound(graph_wire.graph_error(what, response), retryable=False)
        if not response.ok:
            raise MeetingError(graph_wire.graph_error(what, response), retryable=False)
        if response.status_code in (202, 204) or not response.content:
            return {}
        return graph_wire.json_object(response, what)

    def _access_token(self) -> str:
        """The cached app token, fetched anew when within a minute of expiry."""
        with self._token_lock:
            if self._token is not None and time.monotonic() < self._token_expires:
                return self._token
            response = self._send(
                "POST",
                self.token_url,
                "token request",
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "scope": GRAPH_SCOPE,
                },
            )
            if not response.ok:
                raise MeetingError(graph_wire.token_error(response), retryable=False)
            payload = graph_wire.json_object(response, "token request")
            token = payload.get("access_token")
            if not isinstance(token, str) or not token:
                raise MeetingError("The token endpoint returned no access_token.", retryable=False)
            try:
                lifetime = float(payload.get("expires_in", 0))
            except (TypeError, ValueError):
                lifetime = 0.0
            self._token = token
            self._token_expires = time.monotonic() + lifetime - TOKEN_REFRESH_MARGIN
            return token

    def _drop_token(self) -> None:
        with self._token_lock:
            self._token = None
            self._token_expires = 0.0

    def _send(
        self,
        method: str,
        url: str,
        what: str,
        *,
        headers: Mapping[str, str] | None = None,
        json: Mapping[str, Any] | None = None,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send with retries on throttling, server errors and network failures; return any other answer.

        Waits are short and inline; a longer wait is handed back to the outbox as ``retry_after``
        so a worker thread is not held for minutes.
        """
        failure, retry_after = what, None
        for attempt in range(1, self.max_attempts + 1):
            retry_after = None
            try:
                response = self.session.request(
                    method, url, headers=headers, json=json, data=data, params=params, timeout=self.timeout
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                failure = f"{what}: {type(exc).__name__}"
            else:
                if response.status_code not in RETRYABLE_STATUSES:
                    return response
                retry_after = graph_wire.retry_after(response)
                failure = f"{what}: HTTP {response.status_code}"
            if retry_after is not None and retry_after > self.max_inline_wait:
                log.warning("%s; server asks to wait %.0f s, leaving it to the outbox", failure, retry_after)
                raise MeetingError(
                    f"{failure}, retry after {retry_after:g} s.", retryable=True, retry_after=retry_after
                )
            if attempt == self.max_attempts:
                break
            wait = retry_after if retry_after is not None else BACKOFF_BASE * 2 ** (attempt - 1)
            log.warning(
                "%s (attempt %d of %d); retrying in %.1f s", failure, attempt, self.max_attempts, wait
            )
            self.sleep(wait)
        log.warning("%s; giving up after %d attempts", failure, self.max_attempts)
        raise MeetingError(
            f"{failure} after {self.max_attempts} attempts.", retryable=True, retry_after=retry_after
        )
