"""An in-memory Microsoft Graph calendar and token endpoint on loopback, for testing the Graph provider."""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

TENANT = "00000000-0000-0000-0000-00000000beef"
CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret"
GRAPH_PREFIX = "/v1.0"
TOKEN_PATH = f"/{TENANT}/oauth2/v2.0/token"
PATCHABLE = ("subject", "body", "start", "end", "attendees", "location", "isOnlineMeeting", "showAs")


@dataclass
class _Failure:
    status: int
    retry_after: int | None
    after_processing: bool  # do the work, then answer the failure (a reply lost after success)


class GraphTestServer:
    """A fake of the Graph endpoints the provider uses, behaving like Graph where the client depends on it.

    Use as a context manager; ``url`` is the Graph base, ``token_url`` the OAuth2 endpoint.
    """

    def __init__(self, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.events: dict[str, dict[str, dict[str, Any]]] = {}
        self.requests: list[tuple[str, str]] = []
        self.token_requests = 0
        self.token_lifetime = 3599  # expires_in, seconds
        self.join_url_delay = 0  # responses per new event that still show onlineMeeting: null
        self._tokens: set[str] = set()
        self._failures: list[_Failure] = []
        self._stalls = 0
        self.release = threading.Event()  # set on exit: lets stalled replies go out
        self._pending_join: dict[str, int] = {}
        # Issue 18: the Teams meeting behind each online event, and its attendance reports.
        self.meetings: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="graph-test-server",
            daemon=True,
        )
        port = self._httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{port}"
        self.url = self.origin + GRAPH_PREFIX
        self.token_url = self.origin + TOKEN_PATH

    # --------------------------------------------------------------- lifecycle

    def __enter__(self) -> GraphTestServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # --------------------------------------------------------------- scripting

    def fail_next(
        self, status: int, count: int = 1, retry_after: int | None = None, *, after_processing: bool = False
    ) -> None:
        """Answer the next ``count`` Graph calls with ``status`` and a Graph error body.

        With ``after_processing`` the call takes effect first, as when a gateway times out after
        the mailbox has already saved the event.
        """
        with self.lock:
            self._failures.extend(_Failure(status, retry_after, after_processing) for _ in range(count))

    def stall_next(self, count: int = 1) -> None:
        """Process the next ``count`` Graph calls but hold their replies until the server stops."""
        with self.lock:
            self._stalls += count

    def revoke_tokens(self) -> None:
        """Make every issued token invalid, as when a token is revoked or has expired server-side."""
        with self.lock:
            self._tokens.clear()

    def attend(self, join_url: str, records: list[dict[str, Any]]) -> None:
        """Teams made the meeting's attendance report (after it ended) with these ``attendanceRecord``s."""
        with self.lock:
            meeting = next(m for m in self.meetings.values() if m["joinWebUrl"] == join_url)
            meeting["reports"].append(
                {
                    "id": secrets.token_hex(4) + "-d5eb-427d-a5c0-" + secrets.token_hex(6),
                    "totalParticipantCount": len(records),
                    "meetingStartDateTime": "2026-12-02T07:00:00.000Z",
                    "meetingEndDateTime": "2026-12-02T07:30:00.000Z",
                    "records": records,
                }
            )

    @staticmethod
    def attendance_record(
        *, email: str, name: str, seconds: int, joined: str, role: str = "Attendee"
    ) -> dict[str, Any]:
        """One ``attendanceRecord`` as Graph v1.0 documents it (one join interval)."""
        return {
            "id": secrets.token_hex(8),
            "emailAddress": email,
            "totalAttendanceInSeconds": seconds,
            "role": role,
            "identity": {"id": secrets.token_hex(8), "displayName": name, "tenantId": None},
            "attendanceIntervals": [
                {"joinDateTime": joined, "leaveDateTime": joined, "durationInSeconds": seconds}
            ],
        }

    def all_events(self) -> list[dict[str, Any]]:
        with self.lock:
            return [event for mailbox in self.events.values() for event in mailbox.values()]

    # --------------------------------------------------------------- token endpoint

    def handle_token(self, form: dict[str, str]) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            self.token_requests += 1
            if form.get("grant_type") != "client_credentials":
                return (
                    400,
                    _oauth_error("unsupported_grant_type", "AADSTS70003: grant type not supported."),
                    {},
                )
            if form.get("client_id") != self.client_id:
                return 400, _oauth_error("unauthorized_client", "AADSTS700016: Application not found."), {}
            if form.get("client_secret") != self.client_secret:
                return (
                    401,
                    _oauth_error("invalid_client", "AADSTS7000215: Invalid client secret provided."),
                    {},
                )
            if form.get("scope") != "https://graph.microsoft.com/.default":
                return 400, _oauth_error("invalid_scope", "AADSTS1002012: The provided scope is invalid."), {}
            token = "eyJ0eXAi." + secrets.token_urlsafe(24)
            self._tokens.add(token)
            lifetime = self.token_lifetime
            return (
                200,
                {
                    "token_type": "Bearer",
                    "expires_in": lifetime,
                    "ext_expires_in": lifetime,
                    "access_token": token,
                },
                {},
            )

    # --------------------------------------------------------------- Graph endpoints

    def handle_graph(
        self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any] | None, dict[str, str], bool]:
        """Return (status, JSON body, extra headers, stall) for one Graph call."""
        with self.lock:
            self.requests.append((method, path))
            auth = headers.get("authorization", "")
            if not auth.startswith("Bearer ") or auth[len("Bearer ") :] not in self._tokens:
                return (
                    401,
                    _graph_error("InvalidAuthenticationToken", "Access token is empty or invalid."),
                    {},
                    False,
                )
            failure = self._failures.pop(0) if self._failures else None
            if failure is not None and not failure.after_processing:
                return (*_failure_reply(failure), False)
            status, payload = self._route(method, path, query, body)
            stall = False
            if self._stalls and status < 400:
                self._stalls -= 1
                stall = True
            if failure is not None:
                return (*_failure_reply(failure), stall)
            return status, payload, {}, stall

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, dict[str, Any] | None]:
        parts = [unquote(p) for p in path[len(GRAPH_PREFIX) :].strip("/").split("/")]
        if len(parts) >= 3 and parts[0] == "users" and parts[2] == "onlineMeetings" and method == "GET":
            return self._online_meetings(parts[1], parts[3:], query)
        if len(parts) < 3 or parts[0] != "users" or parts[2] != "events":
            return 400, _graph_error("BadRequest", f"Resource not found for the segment '{parts[0]}'.")
        user = parts[1]
        mailbox = self.events.setdefault(user, {})
        if len(parts) == 3:
            if method != "POST":
                return 405, _graph_error("Request_BadRequest", "Method not allowed.")
            return self._create(user, mailbox, body)
        event = mailbox.get(parts[3])
        if event is None or event["isCancelled"]:
            # A cancelled event moves to Deleted Items and its id no longer resolves.
            return 404, _graph_error("ErrorItemNotFound", "The specified object was not found in the store.")
        if len(parts) == 4 and method == "GET":
            return 200, self._view(event, query)
        if len(parts) == 4 and method == "PATCH":
            return self._patch(event, body)
        if len(parts) == 5 and parts[4] == "cancel" and method == "POST":
            data = _json_body(body)
            if data is None:
                return 400, _graph_error("RequestBodyRead", "Cannot read the request body.")
            event["isCancelled"] = True
            event["cancelComment"] = data.get("comment", "")
            return 202, None
        return 405, _graph_error("Request_BadRequest", "Method not allowed.")

    def _create(
        self, user: str, mailbox: dict[str, dict[str, Any]], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        data = _json_body(body)
        if data is None:
            return 400, _graph_error("RequestBodyRead", "Cannot read the request body.")
        for field in ("start", "end"):
            moment = data.get(field)
            if not isinstance(moment, dict) or not moment.get("dateTime") or not moment.get("timeZone"):
                return 400, _graph_error("ErrorInvalidRequest", f"Missing or invalid '{field}'.")
        transaction = data.get("transactionId")
        if transaction:
            for existing in mailbox.values():
                if existing.get("transactionId") == transaction:
                    return 201, self._view(existing, {})
        event_id = "AAMkAG" + base64.b64encode(secrets.token_bytes(33)).decode()
        event: dict[str, Any] = {
            "id": event_id,
            "subject": data.get("subject", ""),
            "body": data.get("body", {"contentType": "text", "content": ""}),
            "start": data["start"],
            "end": data["end"],
            "attendees": data.get("attendees", []),
            "organizer": {"emailAddress": {"address": user}},
            "isOnlineMeeting": bool(data.get("isOnlineMeeting", False)),
            "onlineMeetingProvider": data.get("onlineMeetingProvider", "unknown"),
            "allowNewTimeProposals": data.get("allowNewTimeProposals", True),
            "isCancelled": False,
            "onlineMeeting": None,
        }
        if transaction:
            event["transactionId"] = transaction
        if event["isOnlineMeeting"] and event["onlineMeetingProvider"] == "teamsForBusiness":
            thread = secrets.token_hex(16)
            event["onlineMeeting"] = {
                "joinUrl": f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{thread}%40thread.v2/0"
            }
            self._pending_join[event_id] = self.join_url_delay
            meeting_id = "MSp" + secrets.token_urlsafe(24)
            self.meetings[meeting_id] = {
                "id": meeting_id,
                "user": user,
                "joinWebUrl": event["onlineMeeting"]["joinUrl"],
                "reports": [],
            }
        mailbox[event_id] = event
        return 201, self._view(event, {})

    def _online_meetings(
        self, user: str, rest: list[str], query: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any]]:
        """GET onlineMeetings?$filter=JoinWebUrl eq '…', its attendanceReports and their attendanceRecords."""
        mine = {k: m for k, m in self.meetings.items() if m["user"] == user}
        if not rest:
            wanted = re.fullmatch(r"JoinWebUrl eq '(.*)'", (query.get("$filter") or [""])[0])
            if wanted is None:
                return 400, _graph_error("BadRequest", "Filter by JoinWebUrl is required.")
            url = wanted.group(1).replace("''", "'")
            found = [
                {"id": m["id"], "joinWebUrl": m["joinWebUrl"]}
                for m in mine.values()
                if m["joinWebUrl"] == url
            ]
            return 200, {"value": found}
        meeting = mine.get(rest[0])
        if meeting is None:
            return 404, _graph_error("NotFound", "The online meeting was not found.")
        if rest[1:] == ["attendanceReports"]:
            return 200, {
                "value": [{k: v for k, v in r.items() if k != "records"} for r in meeting["reports"]]
            }
        if len(rest) == 4 and rest[1] == "attendanceReports" and rest[3] == "attendanceRecords":
            report = next((r for r in meeting["reports"] if r["id"] == rest[2]), None)
            if report is None:
                return 404, _graph_error("NotFound", "The attendance report was not found.")
            return 200, {"value": report["records"]}
        return 400, _graph_error("BadRequest", "Unsupported onlineMeetings request.")

    def _patch(self, event: dict[str, Any], body: bytes) -> tuple[int, dict[str, Any]]:
        data = _json_body(body)
        if data is None:
            return 400, _graph_error("RequestBodyRead", "Cannot read the request body.")
        if "transactionId" in data and data["transactionId"] != event.get("transactionId"):
            return 400, _graph_error("ErrorInvalidRequest", "transactionId cannot be changed.")
        for field in PATCHABLE:
            if field in data:
                event[field] = data[field]
        return 200, self._view(event, {})

    def _view(self, event: dict[str, Any], query: dict[str, list[str]]) -> dict[str, Any]:
        view = dict(event)
        view.pop("cancelComment", None)
        pending = self._pending_join.get(event["id"], 0)
        if pending > 0:
            self._pending_join[event["id"]] = pending - 1
            view["onlineMeeting"] = None
        select = query.get("$select")
        if select:
            wanted = {"id", *select[0].split(",")}
            view = {key: value for key, value in view.items() if key in wanted}
        return view


# ------------------------------------------------------------------- HTTP glue


def _make_handler(server: GraphTestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            self._dispatch()

        def do_POST(self) -> None:
            self._dispatch()

        def do_PATCH(self) -> None:
            self._dispatch()

        def do_DELETE(self) -> None:
            self._dispatch()

        def _dispatch(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            split = urlsplit(self.path)
            if split.path == TOKEN_PATH and self.command == "POST":
                form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
                token_status, token_payload, token_extra = server.handle_token(form)
                self._reply(token_status, token_payload, token_extra)
                return
            if not split.path.startswith(GRAPH_PREFIX + "/"):
                self._reply(404, _graph_error("NotFound", "Unknown endpoint."), {})
                return
            headers = {key.lower(): value for key, value in self.headers.items()}
            status, payload, extra, stall = server.handle_graph(
                self.command, split.path, parse_qs(split.query), headers, body
            )
            if stall:
                server.release.wait(timeout=30)
            self._reply(status, payload, extra)

        def _reply(self, status: int, payload: dict[str, Any] | None, extra: dict[str, str]) -> None:
            data = b"" if payload is None else json.dumps(payload).encode()
            try:
                self.send_response(status)
                if payload is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("request-id", secrets.token_hex(8))
                for key, value in extra.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout) before the reply

    return Handler


def _json_body(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _graph_error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "innerError": {"request-id": secrets.token_hex(8)}}}


def _oauth_error(code: str, description: str) -> dict[str, Any]:
    return {"error": code, "error_description": description}


def _failure_reply(failure: _Failure) -> tuple[int, dict[str, Any], dict[str, str]]:
    codes = {
        429: ("TooManyRequests", "Application is over its MailboxConcurrency limit."),
        500: ("InternalServerError", "An internal server error occurred."),
        502: ("BadGateway", "Bad gateway."),
        503: ("ServiceUnavailable", "The service is temporarily unavailable."),
        504: ("GatewayTimeout", "The gateway timed out."),
    }
    code, message = codes.get(failure.status, ("ErrorInvalidRequest", "The request is invalid."))
    extra = {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
    return failure.status, _graph_error(code, message), extra
