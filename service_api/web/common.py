"""What every page of the form shares: language, the signed-in citizen, formatting, rendering."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from flask import Response, abort, make_response, render_template, request, session

from service_api.domain.calendar_words import MONTHS_IN_DATES, WEEKDAYS
from service_api.domain.timeutil import ATHENS, utc_offset_label, zone_or_none
from service_api.runtime import runtime
from service_api.web.texts import TEXTS, ZONES

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


def render(template: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("title", t("site.title"))
    context.setdefault("lang_url", switch_language_url())
    context.setdefault("hold_minutes", runtime().config.hold_minutes)  # DIMOS_HOLD_MINUTES, in the texts
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
