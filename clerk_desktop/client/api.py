"""The HTTP client of the clerk desktop: bearer tokens, refresh on expiry, typed errors.

Safe to use from several threads: one lock guards the token pair so two threads never spend the
same refresh token (the server would then revoke the whole sign-in). ``interrupt`` ends a call in
flight on another thread (the change feed's long-poll) by shutting its socket, so stopping is quick.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
import requests

from clerk_desktop.client.sockets import LiveSockets, TrackingAdapter
from clerk_desktop.models.gc_pause import gc_paused

DEFAULT_TIMEOUT = 15.0


class ApiError(Exception):
    """The server said no; ``code`` and ``fields`` come from its JSON error body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        fields: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.body = body or {}  # the whole error body: a refusal may list what it refers to


PASSWORD_CHANGE_REQUIRED = "password_change_required"


class PasswordChangeRequired(ApiError):
    """Signed in with a temporary password: the server answers nothing until it is changed."""


class Offline(ApiError):
    """The server could not be reached: keep working from the cache and queue the writes."""

    def __init__(self, message: str) -> None:
        super().__init__(0, "offline", message)


class Unauthorised(ApiError):
    """The sign-in is gone (revoked, expired refresh): ask for the password again."""


@dataclass
class Tokens:
    access: str = ""
    refresh: str = ""


class ApiClient:
    """One signed-in clerk talking to one server."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        on_refresh_token: Callable[[str], object] | None = None,
        language: str = "en",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.language = language  # sent as Accept-Language: the server's messages come in it
        self.timeout = timeout
        self.tokens = Tokens()
        self.staff: dict[str, Any] = {}
        self.must_change_password = False  # the last sign-in used a temporary password
        self._lock = threading.Lock()
        self._local = threading.local()
        self._sockets: dict[int, LiveSockets] = {}  # thread ident -> the sockets of that thread's session
        self._sockets_lock = threading.Lock()  # not the token lock: sign-in calls hold that one while sending
        self._on_refresh_token = on_refresh_token

    # ------------------------------------------------------------------ plumbing
    def _session(self) -> requests.Session:
        """One requests.Session per thread: connection reuse without sharing sockets across threads."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = "clerk-desktop/0.1"
            session.headers["Accept-Language"] = self.language
            sockets = self._sockets_of(threading.get_ident())  # interrupt may have made them already
            adapter = TrackingAdapter(sockets)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def _sockets_of(self, thread_id: int) -> LiveSockets:
        with self._sockets_lock:
            return self._sockets.setdefault(thread_id, LiveSockets())

    def interrupt(self, thread_id: int) -> None:
        """End the call the thread ``thread_id`` has in flight, or is about to make (it fails as ``Offline``).

        Calls of that thread keep failing until ``end_interrupt(thread_id)``: a call that had not
        connected yet is cut as soon as it does.
        """
        self._sockets_of(thread_id).shut()

    def end_interrupt(self, thread_id: int) -> None:
        """The interrupted thread has stopped calling: its later calls (another job's) go through again."""
        self._sockets_of(thread_id).reopen()

    def _send(
        self,
        method: str,
        path: str,
        *,
        auth: bool,
        timeout: float | None = None,
        raw: bool = False,
        **kwargs: Any,
    ) -> Any:
        """The answer's JSON (``raw``: its bytes, a file to save); a refusal raises in the server's words."""
        headers = dict(kwargs.pop("headers", None) or {})  # a copy: a resend after a refresh sends it again
        if auth:
            headers["Authorization"] = f"Bearer {self.tokens.access}"
        try:
            response = self._session().request(
                method, f"{self.base_url}{path}", headers=headers, timeout=timeout or self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise Offline(f"The server {self.base_url} cannot be reached ({type(exc).__name__}).") from exc
        if response.status_code >= 500 and response.status_code != 501:
            raise Offline(f"The server answered {response.status_code}; trying again later.")
        if response.status_code == 204:
            return None
        if raw and response.status_code < 400:
            return response.content
        try:
            content = response.content
            with gc_paused():  # a range of 10,000 bookings is millions of objects: no GC passes meanwhile
                body = orjson.loads(content) if content else None
        except orjson.JSONDecodeError:
            body = None
        if response.status_code >= 400:
            body = body if isinstance(body, dict) else {}
            code = str(body.get("error", "error"))
            kind = ApiError
            if response.status_code == 401:
                kind = Unauthorised
            elif response.status_code == 403 and code == PASSWORD_CHANGE_REQUIRED:
                kind = PasswordChangeRequired
            raise kind(
                response.status_code,
                code,
                str(body.get("message", response.reason)),
                body.get("fields") if isinstance(body.get("fields"), dict) else None,
                body,
            )
        return body

    def request(
        self, method: str, path: str, *, timeout: float | None = None, raw: bool = False, **kwargs: Any
    ) -> Any:
        """An authorised call; an expired access token is refreshed once, transparently."""
        used = self.tokens.access
        try:
            return self._send(method, path, auth=True, timeout=timeout, raw=raw, **kwargs)
        except Unauthorised:
            self._refresh(seen_access=used)
            return self._send(method, path, auth=True, timeout=timeout, raw=raw, **kwargs)

    def _refresh(self, *, seen_access: str) -> None:
        with self._lock:
            if self.tokens.access != seen_access:
                return  # another thread refreshed meanwhile
            if not self.tokens.refresh:
                raise Unauthorised(401, "unauthorised", "Please sign in.")
            self._accept(
                self._send(
                    "POST", "/api/v1/auth/refresh", auth=False, json={"refresh_token": self.tokens.refresh}
                )
            )

    def _accept(self, body: dict[str, Any]) -> dict[str, Any]:
        self.tokens = Tokens(str(body["access_token"]), str(body["refresh_token"]))
        self.staff = dict(body["staff"])
        self.must_change_password = bool(body.get("must_change_password"))
        if self._on_refresh_token is not None:
            self._on_refresh_token(self.tokens.refresh)
        return self.staff

    # ------------------------------------------------------------------ sign-in
    def login(self, username: str, password: str) -> dict[str, Any]:
        body = self._send(
            "POST", "/api/v1/auth/login", auth=False, json={"username": username, "password": password}
        )
        with self._lock:
            return self._accept(body)

    def resume(self, refresh_token: str) -> dict[str, Any]:
        """Sign in silently with a refresh token kept from last time."""
        with self._lock:
            return self._accept(
                self._send("POST", "/api/v1/auth/refresh", auth=False, json={"refresh_token": refresh_token})
            )

    def logout(self) -> None:
        try:
            self.request("POST", "/api/v1/auth/logout")
        finally:
            self.tokens = Tokens()

    # ------------------------------------------------------------------ reads
    def my_bookings(self, first: date, last: date) -> list[dict[str, Any]]:
        body = self.request(
            "GET", "/api/v1/me/bookings", params={"from": first.isoformat(), "to": last.isoformat()}
        )
        return list(body["bookings"])

    def calendar(self, first: date, last: date) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "GET", "/api/v1/me/calendar", params={"from": first.isoformat(), "to": last.isoformat()}
        )
        return body

    def cursor(self) -> int:
        return int(self.request("GET", "/api/v1/changes")["cursor"])

    def changes(self, since: int, wait: int) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "GET", "/api/v1/changes", params={"since": since, "wait": wait}, timeout=wait + self.timeout
        )
        return body

    def booking(self, reference: str) -> dict[str, Any]:
        body: dict[str, Any] = self.request("GET", f"/api/v1/bookings/{reference}")
        return body

    def availability(self, service_id: int, mode: str, first: date, last: date) -> list[dict[str, Any]]:
        body = self._send(
            "GET",
            f"/api/v1/services/{service_id}/availability",
            auth=False,
            params={"mode": mode, "from": first.isoformat(), "to": last.isoformat(), "tz": "Europe/Athens"},
        )
        return list(body["slots"])

    def my_availability(
        self, service_id: int, mode: str, day: date, needs: dict[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """One day's free slots, each saying whether the signed-in clerk could take it (``mine``).

        ``needs``: the search's ``needs``/``needs_language`` (issue 18): longer slots, fewer clerks.
        """
        params = {
            "mode": mode,
            "from": day.isoformat(),
            "to": day.isoformat(),
            "tz": "Europe/Athens",
            "mine": "1",
            **(needs or {}),
        }
        body = self.request("GET", f"/api/v1/services/{service_id}/availability", params=params)
        return list(body["slots"])

    def book_walk_in(self, body: dict[str, Any], *, idempotency_key: str | None = None) -> dict[str, Any]:
        """A walk-in booked for now with the first free clerk; ``nothing_free_now`` says the next time.

        ``idempotency_key``: the same key on a resend books at most once (the server answers the first).
        """
        result: dict[str, Any] = self.request(
            "POST", "/api/v1/bookings/walk-in", json=body, headers=_idempotency(idempotency_key)
        )
        return result

    def create_booking(self, body: dict[str, Any], *, idempotency_key: str | None = None) -> dict[str, Any]:
        """Book on a citizen's behalf (a follow-up): the same guarded path the web form uses.

        Signed in as the clerk, so the audit names them and ``source`` says how the booking came in.
        """
        result: dict[str, Any] = self.request(
            "POST", "/api/v1/bookings", json=body, headers=_idempotency(idempotency_key)
        )
        return result

    def reschedule(
        self, reference: str, start: str, *, version: int, keep_clerk: bool = True
    ) -> dict[str, Any]:
        """Move a booking from the desk; the citizen is told as when they move it themselves."""
        body = {"start": start, "version": version, "keep_clerk": keep_clerk}
        result: dict[str, Any] = self.request("POST", f"/api/v1/bookings/{reference}/reschedule", json=body)
        return result

    def cancel(self, reference: str, reason: str) -> dict[str, Any]:
        """Cancel from the desk with the clerk's reason; the citizen gets the cancellation e-mail."""
        result: dict[str, Any] = self.request(
            "POST", f"/api/v1/bookings/{reference}/cancel", json={"reason": reason}
        )
        return result

    # ------------------------------------------------------------------ supervisors
    def staff_list(self) -> list[dict[str, Any]]:
        return list(self.request("GET", "/api/v1/staff")["staff"])

    def all_bookings(self, first: date, last: date) -> list[dict[str, Any]]:
        body = self.request(
            "GET", "/api/v1/bookings", params={"from": first.isoformat(), "to": last.isoformat()}
        )
        return list(body["bookings"])

    def absences(self, staff_id: int) -> list[dict[str, Any]]:
        return list(self.request("GET", f"/api/v1/staff/{staff_id}/absences")["absences"])

    def candidates(self, reference: str) -> list[dict[str, Any]]:
        return list(self.request("GET", f"/api/v1/bookings/{reference}/candidates")["candidates"])

    def reassign(
        self, reference: str, staff_id: int, start: str | None = None, reason: str = ""
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"staff_id": staff_id, "reason": reason}
        if start is not None:
            body["start"] = start
        result: dict[str, Any] = self.request("POST", f"/api/v1/bookings/{reference}/reassign", json=body)
        return result

    def cover_plan(self, staff_id: int, start: str, end: str) -> dict[str, Any]:
        result: dict[str, Any] = self.request(
            "POST", f"/api/v1/staff/{staff_id}/cover-plan", json={"start": start, "end": end}
        )
        return result

    def apply_cover(
        self, staff_id: int, start: str, end: str, assignments: list[dict[str, Any]]
    ) -> dict[str, Any]:
        result: dict[str, Any] = self.request(
            "POST",
            f"/api/v1/staff/{staff_id}/cover-plan/apply",
            json={"start": start, "end": end, "assignments": assignments},
        )
        return result

    def offer_reschedule(self, references: list[str]) -> dict[str, Any]:
        result: dict[str, Any] = self.request(
            "POST", "/api/v1/bookings/offer-reschedule", json={"references": references}
        )
        return result

    def stats(self, first: date, last: date, period: str) -> dict[str, Any]:
        params = {"from": first.isoformat(), "to": last.isoformat(), "period": period}
        result: dict[str, Any] = self.request("GET", "/api/v1/stats", params=params)
        return result

    def stats_csv(self, first: date, last: date, period: str, language: str = "el") -> bytes:
        """The same figures as CSV for Excel in ``language`` (Greek: Greek headings and ";")."""
        params = {"from": first.isoformat(), "to": last.isoformat(), "period": period, "lang": language}
        content: bytes = self.request("GET", "/api/v1/stats.csv", params=params, raw=True)
        return content

    # ------------------------------------------------------------------ capacity (issue 18)
    def capacity(self) -> dict[str, Any]:
        """Demand against supply per service and mode, and the week's suggestions (own municipality)."""
        result: dict[str, Any] = self.request("GET", "/api/v1/capacity")
        return result

    def apply_capacity_suggestion(self, suggestion: dict[str, Any]) -> dict[str, Any]:
        """Apply one suggestion as offered (its staff, period, date and plan stamp); 409 if stale."""
        result: dict[str, Any] = self.request("POST", "/api/v1/capacity/suggestions/apply", json=suggestion)
        return result

    # ------------------------------------------------------------------ accounts (issue 14)
    def staff_accounts(self) -> list[dict[str, Any]]:
        """Every account the caller may administer, inactive ones included."""
        return list(self.request("GET", "/api/v1/staff", params={"include_inactive": "true"})["staff"])

    def staff_account(self, staff_id: int) -> dict[str, Any]:
        body: dict[str, Any] = self.request("GET", f"/api/v1/staff/{staff_id}")
        return body

    def create_staff(self, fields: dict[str, Any]) -> dict[str, Any]:
        """A new account; the answer's ``password_setup`` is shown once and never again."""
        body: dict[str, Any] = self.request("POST", "/api/v1/staff", json=fields)
        return body

    def edit_staff(self, staff_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request("PATCH", f"/api/v1/staff/{staff_id}", json=changes)
        return body

    def reset_password(self, staff_id: int, method: str) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "POST", f"/api/v1/staff/{staff_id}/password-reset", json={"method": method}
        )
        return body

    def change_my_password(self, old_password: str, new_password: str) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "POST", "/api/v1/me/password", json={"old_password": old_password, "new_password": new_password}
        )
        self.must_change_password = False
        return body

    def municipalities(self) -> list[dict[str, Any]]:
        return list(self._send("GET", "/api/v1/municipalities", auth=False)["municipalities"])

    def services_of(self, slug: str) -> list[dict[str, Any]]:
        """The active services of a municipality, each with its group's names, for a qualification list."""
        body = self._send("GET", f"/api/v1/municipalities/{slug}/services", auth=False)
        return [
            {**service, "group_el": group["name_el"], "group_en": group["name_en"]}
            for group in body["groups"]
            for service in group["services"]
        ]

    # ------------------------------------------------------------------ absences (issue 14)
    def team_absences(
        self, slug: str, first: date, last: date, *, status: str | None = None
    ) -> dict[str, Any]:
        """The team calendar: the municipality's staff, absences (requests too) and closed days."""
        params = {"from": first.isoformat(), "to": last.isoformat(), **({"status": status} if status else {})}
        body: dict[str, Any] = self.request("GET", f"/api/v1/municipalities/{slug}/absences", params=params)
        return body

    def record_absence(self, staff_id: int, fields: dict[str, Any]) -> dict[str, Any]:
        """An approved absence; ``overlapping_bookings`` lists the clerk's bookings it now covers."""
        body: dict[str, Any] = self.request("POST", f"/api/v1/staff/{staff_id}/absences", json=fields)
        return body

    def edit_absence(self, absence_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request("PATCH", f"/api/v1/absences/{absence_id}", json=changes)
        return body

    def delete_absence(self, absence_id: int) -> None:
        self.request("DELETE", f"/api/v1/absences/{absence_id}")

    def decide_absence(self, absence_id: int, approve: bool, reason: str = "") -> dict[str, Any]:
        verb = "approve" if approve else "reject"
        body: dict[str, Any] = self.request(
            "POST", f"/api/v1/absences/{absence_id}/{verb}", json={"reason": reason}
        )
        return body

    def my_absences(self) -> list[dict[str, Any]]:
        return list(self.request("GET", "/api/v1/me/absences")["absences"])

    def request_absence(self, fields: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request("POST", "/api/v1/me/absences", json=fields)
        return body

    def withdraw_absence_request(self, absence_id: int) -> None:
        self.request("DELETE", f"/api/v1/me/absences/{absence_id}")

    # ------------------------------------------------------------------ closures (issue 14)
    def closures(self, slug: str) -> dict[str, Any]:
        """A municipality's own closures with their next dates, and the national holidays."""
        body: dict[str, Any] = self.request("GET", f"/api/v1/municipalities/{slug}/closures")
        return body

    def add_closure(self, slug: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Store a closure; the answer lists the open bookings it falls on (``affected_bookings``)."""
        body: dict[str, Any] = self.request("POST", f"/api/v1/municipalities/{slug}/closures", json=fields)
        return body

    def delete_closure(self, closure_id: int) -> None:
        self.request("DELETE", f"/api/v1/closures/{closure_id}")

    # ------------------------------------------------------------------ catalogue (issue 14)
    def catalogue(self, slug: str) -> dict[str, Any]:
        """The municipality's settings, groups and every service (retired too) with its editable fields."""
        body: dict[str, Any] = self.request("GET", f"/api/v1/municipalities/{slug}/catalogue")
        return body

    def create_service(self, slug: str, fields: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request("POST", f"/api/v1/municipalities/{slug}/services", json=fields)
        return body

    def edit_service(self, service_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Only the changed fields; ``{"active": false}`` retires the service, ``true`` offers it again."""
        body: dict[str, Any] = self.request("PATCH", f"/api/v1/services/{service_id}", json=changes)
        return body

    def create_group(self, slug: str, fields: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request("POST", f"/api/v1/municipalities/{slug}/groups", json=fields)
        return body

    def edit_group(self, group_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request("PATCH", f"/api/v1/groups/{group_id}", json=changes)
        return body

    def edit_municipality(self, slug: str, changes: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request("PATCH", f"/api/v1/municipalities/{slug}", json=changes)
        return body

    # ------------------------------------------------------------------ working plans (issue 14)
    def working_plan(self, staff_id: int) -> dict[str, Any]:
        """The plan in force today and the later versions of a clerk."""
        body: dict[str, Any] = self.request("GET", f"/api/v1/staff/{staff_id}/working-plan")
        return body

    def put_working_plan(
        self, staff_id: int, plan: dict[str, Any], *, confirm_orphans: bool
    ) -> dict[str, Any]:
        """Save a version; a 409 ``bookings_outside_plan`` lists the bookings it would strand."""
        body: dict[str, Any] = self.request(
            "PUT",
            f"/api/v1/staff/{staff_id}/working-plan",
            json={**plan, "confirm_orphans": confirm_orphans},
        )
        return body

    def delete_plan_version(
        self, staff_id: int, effective_from: date, *, confirm_orphans: bool
    ) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "DELETE",
            f"/api/v1/staff/{staff_id}/working-plan/{effective_from.isoformat()}",
            params={"confirm_orphans": "true"} if confirm_orphans else None,
        )
        return body

    def plan_exceptions(self, staff_id: int) -> list[dict[str, Any]]:
        """The clerk's one-off days from today on."""
        return list(self.request("GET", f"/api/v1/staff/{staff_id}/plan-exceptions")["exceptions"])

    def add_plan_exception(
        self, staff_id: int, fields: dict[str, Any], *, confirm_orphans: bool
    ) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "POST",
            f"/api/v1/staff/{staff_id}/plan-exceptions",
            json={**fields, "confirm_orphans": confirm_orphans},
        )
        return body

    def remove_plan_exception(self, exception_id: int, *, confirm_orphans: bool) -> dict[str, Any]:
        body: dict[str, Any] = self.request(
            "DELETE",
            f"/api/v1/plan-exceptions/{exception_id}",
            params={"confirm_orphans": "true"} if confirm_orphans else None,
        )
        return body

    # ------------------------------------------------------------------ calendar-feed link (issue 15)
    def calendar_link(self) -> str:
        """The current secret feed URL: the same on every call, so Outlook subscriptions keep working."""
        return str(self.request("GET", "/api/v1/me/calendar-link")["url"])

    def rotate_calendar_link(self) -> str:
        """A new secret feed URL; the old one stops working at once."""
        return str(self.request("POST", "/api/v1/me/calendar-link/rotate")["url"])

    # ------------------------------------------------------------------ data protection (issue 17)
    def access_log(self, filters: dict[str, str], cursor: int | None = None) -> dict[str, Any]:
        """A page of the access log, newest first: ``entries`` and ``next_cursor`` (None: no more)."""
        params = {**filters, **({"cursor": str(cursor)} if cursor is not None else {})}
        body: dict[str, Any] = self.request("GET", "/api/v1/access-log", params=params)
        return body

    def citizen_export(self, subject: dict[str, str], form: str, language: str = "el") -> bytes:
        """Everything held about the citizen (``{"email": …}`` or ``{"afm": …}``), as ``json`` or ``html``."""
        params = {**subject, "format": form, "lang": language}
        content: bytes = self.request("GET", "/api/v1/citizens/export", params=params, raw=True)
        return content

    def erase_citizen(self, subject: dict[str, str]) -> dict[str, Any]:
        """Anonymise the citizen now; refused (409) while a booking of theirs is still to come."""
        body: dict[str, Any] = self.request("POST", "/api/v1/citizens/erase", json=subject)
        return dict(body["erased"])

    # ------------------------------------------------------------------ webhooks (issue 17, admins)
    def webhooks(self) -> list[dict[str, Any]]:
        """Every registered endpoint (its secret only as ``secret_hint``) with its latest attempt."""
        return list(self.request("GET", "/api/v1/webhooks")["webhooks"])

    def add_webhook(self, fields: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = self.request("POST", "/api/v1/webhooks", json=fields)
        return body

    def delete_webhook(self, webhook_id: int) -> None:
        self.request("DELETE", f"/api/v1/webhooks/{webhook_id}")

    def webhook_deliveries(self, webhook_id: int) -> list[dict[str, Any]]:
        """An endpoint's delivery attempts, newest first."""
        return list(self.request("GET", f"/api/v1/webhooks/{webhook_id}/deliveries")["deliveries"])

    def send_webhook_again(self, delivery_id: int) -> dict[str, Any]:
        """Queue a delivery's event once more (a fresh timestamp and signature)."""
        body: dict[str, Any] = self.request("POST", f"/api/v1/webhook-deliveries/{delivery_id}/retry")
        return body


def _idempotency(key: str | None) -> dict[str, str]:
    """The ``Idempotency-Key`` header of a booking request (none without a key)."""
    return {"Idempotency-Key": key} if key else {}
