"""An in-memory GSIS TAXISnet OAuth2 server on loopback, for testing the citizen sign-in end to end."""

from __future__ import annotations

import base64
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit
from xml.sax.saxutils import quoteattr

CLIENT_ID = "dimos-larissa-test"
CLIENT_SECRET = "gsis-test-secret-0123456789"
REDIRECT_URI = "http://dimos.test/login/taxisnet/callback"
PREFIX = "/oauth2server"

# The example citizen of the GSIS documentation.
VAVOULAS = {
    "userid": "User068933130",
    "taxid": "068933130",
    "lastname": "ΒΑΒΟΥΛΑΣ",
    "firstname": "ΕΜΜΑΝΟΥΗΛ",
    "fathername": "ΕΥΣΤΡΑΤΙΟΣ",
    "mothername": "ΑΝΝΑ",
    "birthyear": "1950",
}
ATTRIBUTES = ("userid", "taxid", "lastname", "firstname", "fathername", "mothername", "birthyear")


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    taxid: str
    issued: float


class GsisTestServer:
    """A fake of oauth2.gsis.gr/oauth2server that checks what the real one checks.

    Use as a context manager; ``url`` is the base (what DIMOS_TAXISNET_URL would be). The authorize
    endpoint signs in ``?user=<taxid>`` (or ``default_user``) at once instead of showing a login form.
    """

    def __init__(
        self,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        redirect_uris: tuple[str, ...] = (REDIRECT_URI,),
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = set(redirect_uris)
        self.users: dict[str, dict[str, str]] = {VAVOULAS["taxid"]: dict(VAVOULAS)}
        self.default_user = VAVOULAS["taxid"]
        self.code_lifetime = 300.0  # seconds
        self.userinfo_body: bytes | None = None  # scripted answer of the next userinfo calls
        self.token_requests: list[dict[str, str]] = []
        self.logouts: list[str] = []
        self.lock = threading.Lock()
        self._grants: dict[str, _Grant] = {}
        self._tokens: dict[str, str] = {}  # access token -> taxid
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="gsis-test-server",
            daemon=True,
        )
        self.origin = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.url = self.origin + PREFIX

    # --------------------------------------------------------------- lifecycle

    def __enter__(self) -> GsisTestServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # --------------------------------------------------------------- scripting

    def add_user(self, **attributes: str) -> None:
        with self.lock:
            self.users[attributes["taxid"]] = {name: attributes.get(name, "") for name in ATTRIBUTES}

    def expire_codes(self) -> None:
        """Age every outstanding authorization code past its lifetime."""
        with self.lock:
            for grant in self._grants.values():
                grant.issued -= self.code_lifetime + 1

    # --------------------------------------------------------------- endpoints

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body): a 302 back to the client, or an error page that does not redirect."""
        with self.lock:
            client_id = query.get("client_id", "")
            redirect_uri = query.get("redirect_uri", "")
            if client_id != self.client_id:
                return (
                    400,
                    _html(),
                    _error_page("invalid_client", f"No client with requested id: {client_id}"),
                )
            if redirect_uri not in self.redirect_uris:
                # Never redirect to an unregistered address: that is how codes get stolen.
                return 400, _html(), _error_page("invalid_grant", "Invalid redirect: does not match")
            back: dict[str, str] = {}
            if "state" in query:
                back["state"] = query["state"]
            if query.get("response_type") != "code":
                return _redirect(redirect_uri, {"error": "unsupported_response_type", **back})
            if query.get("scope", "read") != "read":
                return _redirect(redirect_uri, {"error": "invalid_scope", **back})
            taxid = query.get("user") or self.default_user
            if taxid not in self.users:
                return _redirect(redirect_uri, {"error": "access_denied", **back})
            code = secrets.token_urlsafe(6)  # GSIS codes are short
            self._grants[code] = _Grant(client_id, redirect_uri, taxid, time.monotonic())
            return _redirect(redirect_uri, {"code": code, **back})

    def token(self, form: dict[str, str], basic: tuple[str, str] | None) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.token_requests.append(dict(form))
            client_id, client_secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
            if client_id != self.client_id or not secrets.compare_digest(client_secret, self.client_secret):
                return 401, _oauth_error("invalid_client", "Bad client credentials")
            if form.get("grant_type") != "authorization_code":
                return 400, _oauth_error(
                    "unsupported_grant_type", f"Unsupported grant type: {form.get('grant_type')}"
                )
            code = form.get("code", "")
            grant = self._grants.pop(code, None)  # consumed by the first attempt, whatever follows
            # Like Spring's server, the description quotes the code: clients must not show it.
            if grant is None:
                return 400, _oauth_error("invalid_grant", f"Invalid authorization code: {code}")
            if time.monotonic() - grant.issued > self.code_lifetime:
                return 400, _oauth_error("invalid_grant", f"Authorization code expired: {code}")
            if grant.client_id != client_id:
                return 400, _oauth_error("invalid_grant", "Authorization code issued to another client")
            if form.get("redirect_uri") != grant.redirect_uri:
                return 400, _oauth_error("invalid_grant", "Redirect URI mismatch.")
            access = secrets.token_hex(16)
            self._tokens[access] = grant.taxid
            return 200, {"access_token": access, "token_type": "bearer", "expires_in": 43199, "scope": "read"}

    def userinfo(self, query: dict[str, str], authorization: str) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            token = authorization[len("Bearer ") :] if authorization.startswith("Bearer ") else ""
            if token not in self._tokens:
                body = json.dumps(_oauth_error("invalid_token", f"Invalid access token: {token}")).encode()
                return 401, {"Content-Type": "application/json", "WWW-Authenticate": "Bearer"}, body
            if self.userinfo_body is not None:
                return 200, {"Content-Type": "application/xml"}, self.userinfo_body
            user = self.users[self._tokens[token]]
            if query.get("format") != "xml":
                return 200, {"Content-Type": "application/json"}, json.dumps({"userinfo": user}).encode()
            # Real GSIS pads every value with a trailing space.
            attributes = " ".join(f"{name}={quoteattr(user.get(name, '') + ' ')}" for name in ATTRIBUTES)
            declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            xml = f"{declaration}<root><userinfo {attributes}/></root>"
            return 200, {"Content-Type": "application/xml;charset=UTF-8"}, xml.encode()

    def logout(self, client_id: str, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            if client_id != self.client_id:
                return 400, _html(), _error_page("invalid_client", "Unknown client")
            self.logouts.append(query.get("url", ""))
            self._tokens.clear()
            target = query.get("url", "")
            return (302, {"Location": target}, b"") if target else (200, _html(), b"<p>Logged out</p>")


# ------------------------------------------------------------------- HTTP glue


def _make_handler(server: GsisTestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            self._dispatch()

        def do_POST(self) -> None:
            self._dispatch()

        def _dispatch(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            split = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(split.query).items()}
            path = split.path
            if path == f"{PREFIX}/oauth/authorize" and self.command == "GET":
                self._reply(*server.authorize(query))
            elif path == f"{PREFIX}/oauth/token" and self.command == "POST":
                form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
                status, payload = server.token(form, _basic(self.headers.get("Authorization", "")))
                self._reply(status, {"Content-Type": "application/json"}, json.dumps(payload).encode())
            elif path == f"{PREFIX}/userinfo" and self.command == "GET":
                self._reply(*server.userinfo(query, self.headers.get("Authorization", "")))
            elif path.startswith(f"{PREFIX}/logout/") and self.command == "GET":
                client_id = unquote(path[len(f"{PREFIX}/logout/") :].strip("/"))
                self._reply(*server.logout(client_id, query))
            else:
                self._reply(404, _html(), b"<h1>Not Found</h1>")

        def _reply(self, status: int, headers: dict[str, str], data: bytes) -> None:
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def _basic(header: str) -> tuple[str, str] | None:
    if not header.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except ValueError:
        return None
    return unquote(user), unquote(password)


def _redirect(target: str, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    separator = "&" if "?" in target else "?"
    return 302, {"Location": f"{target}{separator}{urlencode(params)}"}, b""


def _html() -> dict[str, str]:
    return {"Content-Type": "text/html;charset=UTF-8"}


def _error_page(error: str, description: str) -> bytes:
    text = f"error={error}, {html.escape(description)}"
    return f"<html><body><h1>OAuth Error</h1><p>{text}</p></body></html>".encode()


def _oauth_error(error: str, description: str) -> dict[str, Any]:
    return {"error": error, "error_description": description}
