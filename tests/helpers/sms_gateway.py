"""A generic HTTP SMS gateway on loopback: checks the auth header, records what it is sent, fails on cue."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

AUTH_HEADER = "Authorization: Bearer sms-test-key"


@dataclass
class Received:
    """One request as the gateway saw it, with the values it could read from it."""

    method: str
    path: str
    headers: dict[str, str]
    body: str
    status: int  # what the gateway answered
    values: dict[str, Any] = field(default_factory=dict)  # the form, query or JSON fields


class SmsTestGateway:
    """Answers 200 to a request with the right auth header (401 without); ``fail_next`` scripts failures.

    ``requests`` holds every request; ``sent`` the ones it took (answered 2xx).
    """

    def __init__(self, auth_header: str = AUTH_HEADER) -> None:
        name, _, value = auth_header.partition(":")
        self.auth_name, self.auth_value = name.strip(), value.strip()
        self.requests: list[Received] = []
        self._failures: list[tuple[int, str]] = []
        self._stall_seconds = 0.0
        self.lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="sms-gateway", daemon=True
        )
        self.origin = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.url = self.origin + "/api/sms/send"

    def __enter__(self) -> SmsTestGateway:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def fail_next(self, status: int, count: int = 1, body: str = "") -> None:
        with self.lock:
            self._failures.extend((status, body) for _ in range(count))

    def stall(self, seconds: float) -> None:
        """Answer every request only after ``seconds`` (0: at once again)."""
        self._stall_seconds = seconds

    @property
    def sent(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if 200 <= r.status < 300]

    def answer(self, method: str, raw_path: str, headers: dict[str, str], body: str) -> tuple[int, str]:
        time.sleep(self._stall_seconds)
        parts = urlsplit(raw_path)
        values: dict[str, Any] = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        content_type = headers.get("content-type", "")
        if content_type.startswith("application/json"):
            try:
                parsed = json.loads(body)
                values |= parsed if isinstance(parsed, dict) else {}
            except ValueError:
                values["_unreadable"] = body
        elif content_type.startswith("application/x-www-form-urlencoded"):
            values |= {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
        with self.lock:
            if headers.get(self.auth_name.lower()) != self.auth_value:
                status, reply = 401, '{"error": "unauthorized"}'
            elif self._failures:
                status, reply = self._failures.pop(0)
                reply = reply or f'{{"error": "status {status}"}}'
            else:
                status, reply = 200, json.dumps({"status": "queued", "id": len(self.requests) + 1})
            self.requests.append(Received(method, parts.path, headers, body, status, values))
        return status, reply


def _make_handler(gateway: SmsTestGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            return

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, reply = gateway.answer(self.command, self.path, headers, body)
            data = reply.encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up waiting (a timeout test)

        do_POST = _handle
        do_GET = _handle

    return Handler
