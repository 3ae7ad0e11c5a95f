"""gunicorn's access log (on in development, or with DIMOS_ACCESS_LOG=1) without a secret in a line.

The query is never logged (it may hold a citizen's e-mail, AFM, needs or a link token). Some links
carry their secret in the path itself: the connection check, the short manage link, set-password and
the calendar feed; their lines name the route and hide the rest, as the shipped nginx site does.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

SECRET_ROUTES = {"/t/": "", "/m/": "", "/staff/password/": "", "/ical/": ".ics"}
_SLASHES = re.compile(r"/{2,}")


def loggable_path(path: str) -> str:
    """``path`` as a log line may show it: «/t/[hidden]» for a link whose path is its secret."""
    merged = _SLASHES.sub("/", path or "/")
    for route, suffix in SECRET_ROUTES.items():
        if merged.startswith(route):
            return f"{route}[hidden]{suffix}"
    return merged


class MaskedPathLogger(Logger):
    """gunicorn's logger whose path atoms (%(U)s, %(r)s) hide secrets, with no query or referrer."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        raw = environ.get("PATH_INFO")  # absent when gunicorn could not parse the request at all
        path = loggable_path(str(raw)) if raw else "-"
        atoms["U"] = path
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        atoms["q"] = ""
        atoms["f"] = "-"
        # The request and response headers and the environ gunicorn also offers ({referer}i,
        # {location}o, {raw_uri}e...) hold the raw path, the query, a redirect's token: none is in our
        # format, and none may reach a line or the dict a format error would print.
        for name in [k for k in atoms if k.startswith("{")]:
            atoms[name] = "-"
        return atoms
