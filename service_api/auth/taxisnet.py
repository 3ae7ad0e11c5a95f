"""Citizen sign-in through GSIS TAXISnet (OAuth2 authorization code), single-use states, login audit."""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import requests
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service_api.auth.models import CitizenLoginAudit, CitizenLoginState
from service_api.db import Store
from service_api.domain.timeutil import utcnow
from service_api.security import afm_hash, keyed_hash, token_hash

DEFAULT_BASE_URL = "https://oauth2.gsis.gr/oauth2server"
STATE_LIFETIME = timedelta(minutes=10)
# Expired states are kept a day for inspection, then swept by the next sign-in.
STATE_SWEEP_AFTER = timedelta(days=1)
MAX_USERINFO_BYTES = 64 * 1024
OUTCOMES = ("success", "failure")
_TAXID = re.compile(r"\d{9}")
_ERROR_CODE = re.compile(r"[a-z_]{1,40}")


class TaxisnetError(Exception):
    """Sign-in through TAXISnet failed. The message is safe to log: never a secret, code or token."""


class LoginStateError(TaxisnetError):
    """The OAuth ``state`` of a callback is not one we issued, has expired or was already used."""


@dataclass(frozen=True)
class TaxisnetIdentity:
    """Who GSIS says signed in; the AFM (``taxid``) is the citizen's stable identifier."""

    taxid: str
    lastname: str
    firstname: str
    fathername: str
    mothername: str
    birthyear: int | None


class TaxisnetClient:
    """The three calls of the GSIS OAuth2 code flow: authorize URL, code exchange, user info."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        *,
        session: requests.Session | None = None,
        timeout: float = 10,
    ) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.session = session or requests.Session()
        self.timeout = timeout

    def __repr__(self) -> str:  # keep the secret out of logs and tracebacks
        return f"TaxisnetClient({self.base_url!r}, client_id={self.client_id!r})"

    def authorize_url(self, state: str) -> str:
        query = urlencode(
            {
                "client_id": self.client_id,
                "redirect_uri": self.redirect_uri,
                "response_type": "code",
                "scope": "read",
                "state": state,
            }
        )
        return f"{self.base_url}/oauth/authorize?{query}"

    def logout_url(self, return_url: str) -> str:
        """Ends the citizen's GSIS session too, then GSIS sends the browser to ``return_url``."""
        return f"{self.base_url}/logout/{self.client_id}/?{urlencode({'url': return_url})}"

    def exchange(self, code: str) -> str:
        """Trade the authorization code for an access token."""
        if not code:
            raise TaxisnetError("TAXISnet returned no authorization code")
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "client_id": self.client_id,
            "client_secret": self._client_secret,
        }
        response = self._call("POST", f"{self.base_url}/oauth/token", "token", data=form)
        if response.status_code != 200:
            raise TaxisnetError(
                f"TAXISnet refused the code exchange (HTTP {response.status_code}{_oauth_error(response)})"
            )
        try:
            payload = response.json()
        except ValueError:
            raise TaxisnetError("TAXISnet token answer is not JSON") from None
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            raise TaxisnetError("TAXISnet token answer has no access_token")
        return token

    def userinfo(self, token: str) -> TaxisnetIdentity:
        """Ask GSIS who the token belongs to (XML answer) and check the AFM looks like one."""
        response = self._call(
            "GET",
            f"{self.base_url}/userinfo",
            "user info",
            params={"format": "xml"},
            headers={"Authorization": f"Bearer {token}", "Accept": "application/xml"},
        )
        if response.status_code != 200:
            raise TaxisnetError(f"TAXISnet refused the user info request (HTTP {response.status_code})")
        return parse_userinfo(response.content)

    def _call(self, method: str, url: str, what: str, **kwargs: Any) -> requests.Response:
        try:
            return self.session.request(method, url, timeout=self.timeout, allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            # Only the exception type: its text may quote the request, and the request holds secrets.
            raise TaxisnetError(f"TAXISnet {what} endpoint unreachable ({type(exc).__name__})") from None


def _oauth_error(response: requests.Response) -> str:
    """The standard OAuth ``error`` code only: GSIS's description can quote the code we sent."""
    try:
        payload = response.json()
    except ValueError:
        return ""
    error = payload.get("error") if isinstance(payload, dict) else None
    return f": {error}" if isinstance(error, str) and _ERROR_CODE.fullmatch(error) else ""


def parse_userinfo(body: bytes) -> TaxisnetIdentity:
    """Read GSIS's ``<root><userinfo taxid=".." .../></root>``, trimming the padding GSIS adds to values."""
    if len(body) > MAX_USERINFO_BYTES:
        raise TaxisnetError("TAXISnet user info is too large")
    # No DTDs at all: that shuts out entity expansion and external entities (what defusedxml forbids).
    if b"<!doctype" in body.lower() or b"<!entity" in body.lower():
        raise TaxisnetError("TAXISnet user info contains a DTD")
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise TaxisnetError("TAXISnet user info is not well-formed XML") from None
    info = root if root.tag == "userinfo" else root.find("userinfo")
    if info is None:
        raise TaxisnetError("TAXISnet user info has no userinfo element")

    def attr(name: str) -> str:
        return (info.get(name) or "").strip()

    taxid = attr("taxid")
    if not _TAXID.fullmatch(taxid):
        raise TaxisnetError("TAXISnet user info has no valid 9-digit AFM")
    year = attr("birthyear")
    return TaxisnetIdentity(
        taxid=taxid,
        lastname=attr("lastname"),
        firstname=attr("firstname"),
        fathername=attr("fathername"),
        mothername=attr("mothername"),
        birthyear=int(year) if year.isdigit() and len(year) == 4 else None,
    )


# --------------------------------------------------------------------------- login states


def _safe_return_to(return_to: str) -> str:
    """A path on this site only, so the callback can never become an open redirect."""
    if not return_to.startswith("/") or return_to.startswith(("//", "/\\")) or len(return_to) > 500:
        raise ValueError("return_to must be a local path")
    if any(ord(ch) < 32 for ch in return_to):
        raise ValueError("return_to must be a local path")
    return return_to


class LoginStates:
    """OAuth ``state`` values kept server-side: each callback must bring back one we issued, once, in time."""

    def __init__(self, store: Store, *, lifetime: timedelta = STATE_LIFETIME) -> None:
        self.store = store
        self.lifetime = lifetime

    def start(self, *, return_to: str, now: datetime | None = None) -> str:
        moment = now or utcnow()
        target = _safe_return_to(return_to)
        state = secrets.token_urlsafe(32)
        with self.store.write() as session:
            session.execute(
                delete(CitizenLoginState).where(CitizenLoginState.expires_at < moment - STATE_SWEEP_AFTER)
            )
            session.add(
                CitizenLoginState(
                    state_hash=token_hash(state),
                    created_at=moment,
                    expires_at=moment + self.lifetime,
                    return_to=target,
                )
            )
        return state

    def finish(self, state: str, *, now: datetime | None = None) -> str:
        """Consume the state and give back where the citizen was going; raises LoginStateError otherwise."""
        moment = now or utcnow()
        if not state:
            raise LoginStateError("sign-in state missing")
        with self.store.write() as session:
            row = session.scalar(
                select(CitizenLoginState)
                .where(CitizenLoginState.state_hash == token_hash(state))
                .with_for_update()
            )
            if row is None:
                raise LoginStateError("sign-in state unknown")
            if row.used_at is not None:
                raise LoginStateError("sign-in state already used")
            if row.expires_at <= moment:
                raise LoginStateError("sign-in state expired")
            row.used_at = moment
            return row.return_to


def start_login(store: Store, *, return_to: str, now: datetime | None = None) -> str:
    """Issue a fresh state for the authorize URL; ``return_to`` must be a local path."""
    return LoginStates(store).start(return_to=return_to, now=now)


def finish_login(store: Store, state: str, *, now: datetime | None = None) -> str:
    """Check and consume the callback's state in one transaction; returns the stored ``return_to``."""
    return LoginStates(store).finish(state, now=now)


# --------------------------------------------------------------------------- audit


def add_login_audit(
    session: Session,
    *,
    provider: str,
    outcome: str,
    reason: str,
    secret: str,
    taxid: str | None = None,
    ip: str | None = None,
    now: datetime | None = None,
) -> None:
    """Add an audit row inside the caller's transaction (the e-mail code provider audits with its update)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}")
    session.add(
        CitizenLoginAudit(
            at=now or utcnow(),
            provider=provider[:20],
            outcome=outcome,
            reason=reason[:200],
            taxid_hash=afm_hash(secret, taxid) if taxid else None,
            ip_hash=keyed_hash(secret, "ip", ip) if ip else None,
        )
    )


def purge_login_audit(store: Store, *, before: datetime) -> int:
    """Delete citizen sign-in records older than ``before``: they are personal data (keyed hashes of
    the AFM and the address) kept for security review, under the same retention as bookings."""
    with store.write() as session:
        result = session.execute(delete(CitizenLoginAudit).where(CitizenLoginAudit.at < before))
        return int(getattr(result, "rowcount", 0) or 0)


def record_login(
    store: Store,
    *,
    provider: str,
    outcome: str,
    reason: str,
    taxid: str | None = None,
    ip: str | None = None,
    secret: str,
    now: datetime | None = None,
) -> None:
    """Write one login audit row in its own transaction."""
    with store.write() as session:
        add_login_audit(
            session,
            provider=provider,
            outcome=outcome,
            reason=reason,
            secret=secret,
            taxid=taxid,
            ip=ip,
            now=now,
        )
