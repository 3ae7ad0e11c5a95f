"""Friendly error pages for the citizen form (the API answers JSON instead)."""

from __future__ import annotations

from flask import Response, redirect, request, url_for

from service_api.web.common import render, t

MESSAGES = {
    400: "errors.bad_request",
    401: "login.title",
    404: "errors.not_found",
    413: "errors.too_large",
    429: "errors.too_many",
    503: "errors.unavailable",
}


def html_error(status: int, message: str | None, *, key: str | None = None) -> Response:
    if status == 401:
        return redirect(url_for("web.start", m=request.args.get("m", "")))  # type: ignore[return-value]
    text = message or t(key or MESSAGES.get(status, "errors.generic"))
    return render("web/message.html", status=status, heading=text, message=text, title=text)
