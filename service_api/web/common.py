"""What every page of the form shares: language, the signed-in citizen, formatting, rendering."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from flask import Response, abort, g, make_response, render_template, request, session
from sqlalchemy.exc import SQLAlchemyError

from service_api.booking import catalogue_reads
from service_api.domain.calendar_words import MONTHS_IN_DATES, WEEKDAYS
from service_api.domain.timeutil import ATHENS, utc_offset_label, zone_or_none
from service_api.runtime import runtime
from service_api.web.texts import TEXTS, ZONES

log = logging.getLogger(__name__)

LANGUAGES = ("el", "en")


def lang() -> str:
    """``?lang=`` switches and is remembered in the session; Greek otherwise."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        session["lang"] = wanted
    value = session.get("lang", "el")
    return value if value in LANGUAGES else "el"


def t(key: str, **values: Any) -> str:
    entry = TEXTS.get(key)
    text = entry.get(lang(), entry["el"]) if entry else key
    return text.format(**values) if values else text


def name_of(obj: Any) -> str:
    """The Greek or English name of a catalogue object."""
    return str(obj.name_en if lang() == "en" else obj.name_el)


def citizen_zone() -> ZoneInfo:
    """The zone the citizen chose (``?tz=``, remembered), detected by the page's script; Athens without it."""
    wanted = request.values.get("tz")
    if wanted and zone_or_none(wanted) is not None:
        session["tz"] = wanted
    return zone_or_none(session.get("tz", "Europe/Athens")) or ATHENS


def booking_zone(booking: Any) -> ZoneInfo:
    """The zone the citizen booked in: manage pages show times as the confirmation did."""
    return zone_or_none(booking.citizen_timezone) or ATHENS


def format_day(day: date) -> str:
    if lang() == "el":
        return f"{WEEKDAYS['el'][day.weekday()]} {day.day} {MONTHS_IN_DATES['el'][day.month - 1]} {day.year}"
    return f"{WEEKDAYS['en'][day.weekday()]} {day.day} {day:%B %Y}"


def format_when(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{format_day(local.date())}, {local:%H:%M} ({utc_offset_label(zone, moment)} {zone.key})"


def citizen() -> dict[str, Any] | None:
    value = session.get("citizen")
    return value if isinstance(value, dict) else None


def require_citizen() -> dict[str, Any]:
    who = citizen()
    if who is None:
        abort(401)
    return who


def switch_language_url() -> str:
    """This page in the other language (GET pages only; after a POST, the start page)."""
    other = "en" if lang() == "el" else "el"
    if request.method != "GET":
        return f"/?lang={other}"
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = other
    # The path comes from the client: one leading slash and the rest encoded, so that a path such as
    # ``/\evil.example`` or ``//evil.example`` cannot become a link that leaves the site.
    path = "/" + quote(request.path.lstrip("/\\"), safe="/")
    return f"{path}?{urlencode(args)}"


# Where the session remembers the municipality a signed-in citizen came for: its slug and both names.
MUNICIPALITY_KEY = "municipality"


def known_municipality(shown: Any = None, slug: str = "") -> dict[str, str] | None:
    """The municipality this page is about, for its header: the one the page shows, else the one its
    link names (``?m=larissa``, as the municipality's own website publishes it, or ``slug``, which the
    sign-in forms carry along), else the one a signed-in citizen came for. Remembered for a signed-in
    citizen, so every later page names it too.

    Never reads the posted form itself: an error page about a body too large to read is rendered here too.
    """
    found: dict[str, str] | None = None
    if shown is not None and getattr(shown, "slug", None):
        found = {"slug": shown.slug, "el": shown.name_el, "en": shown.name_en}
    else:
        slug = request.args.get("m") or slug
        if slug:
            found = _municipality_named(slug)
    if found is None:
        kept = session.get(MUNICIPALITY_KEY)
        return kept if isinstance(kept, dict) and {"slug", "el", "en"} <= kept.keys() else None
    if citizen() is not None and session.get(MUNICIPALITY_KEY) != found:
        session[MUNICIPALITY_KEY] = found
    return found


def _municipality_named(slug: str) -> dict[str, str] | None:
    cache: dict[str, dict[str, str] | None] = g.setdefault("dimos_municipality_names", {})
    if slug not in cache:
        try:
            with runtime().store.read() as session_:
                found = catalogue_reads.municipality_named(session_, slug)
                cache[slug] = (
                    {"slug": found.slug, "el": found.name_el, "en": found.name_en} if found else None
                )
        except SQLAlchemyError:
            # The page saying the database is unavailable must still render: without the name.
            log.warning("page header: the municipality %r could not be read", slug[:64])
            cache[slug] = None
    return cache[slug]


def render(template: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("title", t("site.title"))
    context.setdefault("lang_url", switch_language_url())
    context.setdefault("hold_minutes", runtime().config.hold_minutes)  # DIMOS_HOLD_MINUTES, in the texts
    # A page that refuses what was sent says so first in its title, as GOV.UK's do («Σφάλμα: …»).
    context.setdefault("failed", bool(context.get("errors")))
    context.setdefault(
        "header_municipality", known_municipality(context.get("municipality"), str(context.get("m") or ""))
    )
    response = make_response(
        render_template(
            template,
            t=t,
            lang=lang(),
            citizen=citizen(),
            zones=ZONES,
            name_of=name_of,
            request=request,
            **context,
        ),
        status,
    )
    return response  # headers.py marks every page no-store
