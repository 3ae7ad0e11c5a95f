"""The page a one-time set-password link opens (issue 14), in Greek or English.

A web page rather than the desktop: the person has no password yet, so cannot sign in to the desktop,
and may not have it installed; a link from an e-mail or a chat opens in any browser, and this part of
the service already serves Greek/English pages with CSRF protection.
"""

from __future__ import annotations

from flask import Response, request

from service_api.booking import staff_passwords
from service_api.domain.errors import DomainError
from service_api.passwords import problem_with
from service_api.runtime import runtime
from service_api.web.blueprint import bp
from service_api.web.common import render, t

TEMPLATE = "web/staff_password.html"


def _page(status: int = 200, **context: object) -> Response:
    return render(TEMPLATE, status=status, title=t("staff_password.title"), **context)


@bp.get("/staff/password/<token>")
def staff_password_form(token: str) -> Response:
    username = staff_passwords.link_username(runtime().bookings, token) if len(token) < 100 else None
    if username is None:
        return _page(404, invalid=True)
    return _page(username=username)


@bp.post("/staff/password/<token>")
def staff_password_set(token: str) -> Response:
    service = runtime().bookings
    username = staff_passwords.link_username(service, token) if len(token) < 100 else None
    if username is None:
        return _page(404, invalid=True)
    password = request.form.get("password", "")
    problem = problem_with(password, username=username)
    if problem is not None:
        return _page(422, username=username, errors={"password": t(f"staff_password.{problem.value}")})
    if password != request.form.get("repeat", ""):
        return _page(422, username=username, errors={"repeat": t("staff_password.mismatch")})
    try:
        staff_passwords.set_password_from_link(service, token, password)
    except DomainError:
        return _page(404, invalid=True)  # used or lapsed between the two reads
    return _page(username=username, done=True)
