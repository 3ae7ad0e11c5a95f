"""The citizen form's session, kept server-side: the cookie holds only a random token.

A signed cookie could not be revoked (a copy kept working after sign-out), showed the citizen's
e-mail to anyone who saw it, and overflowed the browser's 4 KB with a long form (Chromium then drops
it, so a confirmed booking lost its reference). Here the whole session dict is one row of
``citizen_session`` (``auth/web_sessions.py``), found by the SHA-256 of the token; the row slides
forward with use and dies ``PERMANENT_SESSION_LIFETIME`` after the last one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, Response, abort, current_app, has_request_context, request, session
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import CallbackDict

from service_api.auth import web_sessions
from service_api.runtime import runtime
from service_api.security import new_token
from service_api.web.errors import html_error

log = logging.getLogger(__name__)

# What one citizen's session may hold: far above any honest form, far below a table that bloats.
MAX_BYTES = 64 * 1024
# An unchanged session's row is rewritten only to slide its expiry, at most this often.
REFRESH_EVERY = timedelta(minutes=1)
# Kept beside a posted form: the identity, the held time, the CSRF token, the language and zone.
ROOM_FOR_THE_REST = 4 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# How long a browser should wait before trying again when the sessions cannot be reached.
RETRY_AFTER_SECONDS = 30
# Files that never read the session: no database read for each stylesheet and script.
SKIP_PREFIXES = ("/static/",)
# A token is ``secrets.token_urlsafe(32)``: anything much longer is not ours and is not looked up.
MAX_TOKEN_LENGTH = 100


class ServerSession(CallbackDict[str, Any], SessionMixin):
    """The session dict with what is needed to store it: its token, what was stored, its expiry."""

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        stored: str | None = None,
        expires_at: datetime | None = None,
        stale_cookie: bool = False,
        unavailable: bool = False,
        inert: bool = False,
    ) -> None:
        def on_update(self: ServerSession) -> None:
            self.modified = True

        super().__init__(data, on_update)
        self.token = token
        self.stored = stored  # the JSON text as loaded: only a change is written
        self.expires_at = expires_at
        self.stale_cookie = stale_cookie  # the browser sent a token we no longer know
        self.unavailable = unavailable  # the sessions could not be read: nothing may be written
        self.inert = inert or unavailable  # neither read nor written (static files, failures)
        self.replaces: str | None = None  # the token of the row a rotation ends
        self.saved = False

    def rotate(self) -> None:
        """Store this session under a fresh token and end the old row, so no copy of its cookie works."""
        if self.token is not None:
            self.replaces = self.token
        self.token = None
        self.modified = True


def new_session(*, keep: Iterable[str] = ()) -> None:
    """Start a fresh session holding only the ``keep`` keys: at sign-in (so a session id planted
    before it is worthless) and at sign-out (so every copy of the old cookie is dead)."""
    current = session
    kept = {key: current[key] for key in keep if key in current}
    current.clear()
    current.update(kept)
    if isinstance(current, ServerSession):
        current.rotate()


class ServerSessionInterface(SessionInterface):
    """Flask's session interface over ``citizen_session``: rows for sessions with data, none else."""

    serializer = TaggedJSONSerializer()  # what Flask's own session accepts (tuples, datetimes, ...)

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure in production, and whenever the request came over HTTPS (behind a trusted proxy too,
        whose ``X-Forwarded-Proto`` ProxyFix applied): a cookie sent over TLS never travels in clear."""
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)

    def cookie_name(self, app: Flask) -> str:
        name = self.get_cookie_name(app)
        # ``__Host-`` makes the browser refuse the cookie unless it is Secure, for this host only and
        # for every path: no sibling domain or plain-HTTP page can plant one (session fixation).
        host_only = self.get_cookie_domain(app) is None and self.get_cookie_path(app) == "/"
        if self.get_cookie_secure(app) and host_only:
            return f"__Host-{name}"
        return name

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        token = request.cookies.get(self.cookie_name(app))
        if request.path.startswith(SKIP_PREFIXES):
            return ServerSession(inert=True)
        if not token:
            return ServerSession()
        if len(token) > MAX_TOKEN_LENGTH:
            return ServerSession(stale_cookie=True)
        try:
            found = web_sessions.load(runtime().store, token, now=runtime().bookings.clock())
        except SQLAlchemyError:
            log.exception("web session: the sessions could not be read")
            return ServerSession(unavailable=True)
        if found is None:
            return ServerSession(stale_cookie=True)
        try:
            data = self.serializer.loads(found.data)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return ServerSession(stale_cookie=True)
        return ServerSession(data, token=token, stored=found.data, expires_at=found.expires_at)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Set or drop the cookie. The row was written by ``persist`` (or is written here when Flask's
        test client saves a session outside a request)."""
        if not isinstance(session, ServerSession) or session.inert:
            return
        if not session.saved:
            write(session)
        if session.accessed:
            response.vary.add("Cookie")
        name = self.cookie_name(app)
        if session.token is None:
            if session.stale_cookie or session.replaces is not None:
                response.delete_cookie(
                    name,
                    domain=self.get_cookie_domain(app),
                    path=self.get_cookie_path(app),
                    secure=self.get_cookie_secure(app),
                    httponly=self.get_cookie_httponly(app),
                    samesite=self.get_cookie_samesite(app),
                )
            return
        if session.new or (session.permanent and session.modified):
            response.set_cookie(
                name,
                session.token,
                # A browser-session cookie unless the session is permanent: the row's expiry governs.
                expires=session.expires_at if session.permanent else None,
                domain=self.get_cookie_domain(app),
                path=self.get_cookie_path(app),
                secure=self.get_cookie_secure(app),
                httponly=self.get_cookie_httponly(app),
                samesite=self.get_cookie_samesite(app),
            )


class SessionTooLarge(Exception):
    """The session would hold more than ``MAX_BYTES``: refused, and the stored one is kept as it was."""


def write(current: ServerSession) -> None:
    """Store what changed: a new row under a fresh token, new data or a slid expiry, or nothing.

    Raises ``SessionTooLarge`` or SQLAlchemy's errors; ``persist`` turns them into pages.
    """
    current.saved = True
    store = runtime().store
    if not current:
        # Nothing to keep: no row and no cookie. A session that was emptied ends its row.
        ended = current.token or current.replaces
        if ended is not None:
            web_sessions.end(store, ended)
        current.replaces = current.replaces or current.token
        current.token = None
        return
    data = ServerSessionInterface.serializer.dumps(dict(current))
    if len(data.encode()) > MAX_BYTES:
        raise SessionTooLarge(f"{len(data.encode())} bytes")
    now = runtime().bookings.clock()
    expires_at = now + _lifetime()
    if current.token is None:
        current.token = new_token()
        current.new = True
        web_sessions.create(
            store, current.token, data=data, now=now, expires_at=expires_at, replaces=current.replaces
        )
    elif data != current.stored or _due(current.expires_at, expires_at):
        if not web_sessions.refresh(store, current.token, data=data, expires_at=expires_at):
            # Ended meanwhile (signed out in another tab): stay ended rather than come back to life.
            current.clear()
            current.replaces, current.token = current.token, None
            return
    else:
        return
    current.stored, current.expires_at = data, expires_at


def _due(stored: datetime | None, wanted: datetime) -> bool:
    """Slide an unchanged row's expiry at most once a ``REFRESH_EVERY``: reads stay reads."""
    return stored is None or wanted - stored >= REFRESH_EVERY


def _lifetime() -> timedelta:
    return current_app.permanent_session_lifetime


def init_app(app: Flask) -> None:
    """Use server-side sessions; refuse requests while they cannot be read or written (503)."""
    app.session_interface = ServerSessionInterface()

    def refuse_unavailable() -> None:
        current = session
        if not isinstance(current, ServerSession) or request.path.startswith(SKIP_PREFIXES):
            return
        if current.unavailable:
            abort(503)
        if request.mimetype in FORM_TYPES and _typed_bytes() > MAX_BYTES - ROOM_FOR_THE_REST:
            # Whatever is typed is kept in the session: refuse it before the view acts on it (a
            # booking confirmed, then its reference lost because the session could not be stored).
            abort(413)

    # First of all: before CSRF, which would otherwise call a session it cannot read "expired".
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_unavailable)

    # Registered last, so it runs first of the after-request hooks and the page it may put in
    # place still gets the security headers and compression of the others.
    @app.after_request
    def persist(response: Response) -> Response:
        current = session
        if not isinstance(current, ServerSession) or current.saved:
            return response
        if current.unavailable and response.status_code == 503:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        if current.inert:
            return response
        try:
            write(current)
        except SessionTooLarge as exc:
            log.warning("web session too large to keep (%s) on %s", exc, request.path)
            current.inert = True  # keep the stored session as it was
            return html_error(413, None)
        except SQLAlchemyError:
            log.exception("web session: the session could not be written")
            current.inert = True
            refused = html_error(503, None)
            refused.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return refused
        return response


def _typed_bytes() -> int:
    """What the posted form weighs as the session stores it (the form keeps what was typed)."""
    return len(ServerSessionInterface.serializer.dumps(request.form.to_dict()).encode())
