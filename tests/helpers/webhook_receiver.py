"""A webhook receiver on loopback, as a municipality's system would run one: it checks the signature.

A real HTTP server on a free port. Each POST's ``X-Dimos-Signature`` is verified the way
``docs/webhooks.md`` tells receivers to (written out here, not borrowed from the service): the HMAC-SHA256
of ``"<t>.<raw body>"`` keyed with the secret, compared in constant time, and ``t`` within five minutes
of the receiver's clock. A verified delivery is recorded and answered ``answer`` (200 by default); any
other request is refused with 401 and recorded as refused. ``stop`` and ``start`` take it off the port
and bring it back on the same one (a receiver that is down for a while).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

TOLERANCE_SECONDS = 300


@dataclass(frozen=True)
class Received:
    """One verified delivery."""

    raw: bytes
    body: dict[str, Any]
    timestamp: int
    signature_header: str
    headers: dict[str, str]

    @property
    def event(self) -> str:
        return str(self.body["event"])

    @property
    def reference(self) -> str:
        return str(self.body["booking"]["reference"])


def verify(secret: str, header: str, raw: bytes, now: float) -> int | None:
    """The timestamp of a valid signature, or None (the docs' snippet, in the test's own words)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or abs(now - int(stamp)) > TOLERANCE_SECONDS:
        return None
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    return int(stamp) if hmac.compare_digest(expected, given) else None


class WebhookReceiver:
    """Use as a context manager; ``url`` is where to register it."""

    def __init__(self, secret: str, *, path: str = "/hooks/dimos") -> None:
        self.secret = secret
        self.path = path
        self.received: list[Received] = []
        self.refused: list[bytes] = []
        self.answer = 200  # what a verified delivery is answered
        self.delay = 0.0  # seconds before answering (a receiver too slow to wait for)
        self.lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self._serve()
        self.url = f"http://127.0.0.1:{self.port}{path}"

    # --------------------------------------------------------------- lifecycle
    def _serve(self) -> None:
        httpd = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        httpd.daemon_threads = True
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="webhook-receiver", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Off the port: connections are refused until ``start``."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def start(self) -> None:
        """Back on the same port."""
        if self._httpd is None:
            self._serve()

    def __enter__(self) -> WebhookReceiver:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # --------------------------------------------------------------- reading
    def events(self) -> list[tuple[str, str]]:
        """(event, booking reference) of every verified delivery, in arrival order."""
        with self.lock:
            return [(r.event, r.reference) for r in self.received]

    def _take(self, raw: bytes, header: str, headers: dict[str, str]) -> int:
        stamp = verify(self.secret, header, raw, time.time())
        with self.lock:
            if stamp is None:
                self.refused.append(raw)
                return 401
            self.received.append(Received(raw, json.loads(raw), stamp, header, headers))
            return self.answer


def _handler(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server protocol
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if receiver.delay:
                time.sleep(receiver.delay)
            if self.path != receiver.path:
                status = 404
            else:
                headers = dict(self.headers.items())
                status = receiver._take(raw, self.headers.get("X-Dimos-Signature", ""), headers)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet in tests
            return

    return Handler
