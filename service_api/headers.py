"""The HTTP headers every answer carries so a browser cannot be turned against the citizen.

No page of ours runs inline script or style, is framed by another site, or is sniffed as another
type; manage links carry a token, so no Referer leaves the site; pages and answers with personal
data are never stored by a browser or proxy; in production the browser is told to use HTTPS only.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
# Answers outside the pages that carry personal data (the staff and booking API, the clerk's feed).
NO_STORE_PREFIXES = ("/api/", "/ical/")


def init_app(app: Flask, *, production: bool) -> None:
    @app.after_request
    def harden(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if response.mimetype == "text/html":
            headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if production:
            headers.setdefault("Strict-Transport-Security", HSTS)
        personal = response.mimetype == "text/html" or request.path.startswith(NO_STORE_PREFIXES)
        if personal and not request.path.startswith("/api/v1/openapi"):
            # A view that chose its own caching keeps it (the clerk's feed: private, five minutes).
            headers.setdefault("Cache-Control", "no-store")
        return response
