"""The figures for supervisors: bookings, no-shows and load per period, as JSON or a CSV for Excel;
and the bookings behind a figure (the drill-down), whose citizens' details every read logs."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from flask import Response, request

from service_api.api.blueprint import bp
from service_api.api.helpers import query_date, query_id, staff_required
from service_api.api.staff_reads import bookings_json, recorded
from service_api.booking import needs_stats, stats, waitlist_reads
from service_api.domain.errors import RuleViolation
from service_api.domain.kinds import AccessChannel
from service_api.domain.policy import SUPERVISING_ROLES, Actor
from service_api.domain.timeutil import ATHENS
from service_api.models import Booking
from service_api.runtime import runtime


def _days() -> tuple[date, date]:
    """``from``/``to`` local dates; this month by default."""
    today = runtime().bookings.clock().astimezone(ATHENS).date()
    month_start = today.replace(day=1)
    next_month = date(month_start.year + (month_start.month == 12), month_start.month % 12 + 1, 1)
    return query_date("from", month_start), query_date("to", next_month - timedelta(days=1))


def _stats(actor: Actor) -> stats.Stats:
    first, last = _days()
    period = request.args.get("period", "week")
    if period not in ("week", "month"):
        raise RuleViolation("'period' must be week or month.", fields={"period": "Use week or month."})
    municipality_id = query_id("municipality_id")
    with runtime().store.read() as session:
        return stats.figures(
            session,
            actor,
            first=first,
            last=last,
            period="week" if period == "week" else "month",
            municipality_id=municipality_id,
        )


@bp.get("/stats")
@staff_required(*SUPERVISING_ROLES)
def stats_json(actor: Actor) -> Any:
    """The figures, and each service's waitlist now (issue 17: the demand no free time met)."""
    figures = _stats(actor)
    with runtime().store.read() as session:
        waiting = waitlist_reads.lengths(session, municipality_id=figures.municipality_id)
        # Issue 18: completed bookings per accessibility need.
        needs_served = needs_stats.served(
            session, municipality_id=figures.municipality_id, first=figures.first, last=figures.last
        )
    return {**figures.as_json(), "waitlist": waiting, "needs_served": needs_served}


# Greek Excel reads ";" as the column separator (the comma is the decimal mark) and a Greek office
# expects Greek headings; ``lang=en`` gives the column keys and commas, for English Excel and scripts.
CSV_HEADINGS_EL = {
    "period": "Περίοδος",
    "period_from": "Από",
    "period_to": "Έως",
    "staff_id": "Κωδ. υπαλλήλου",
    "staff_name": "Υπάλληλος",
    "service_id": "Κωδ. υπηρεσίας",
    "service_name": "Υπηρεσία",
    "bookings": "Ραντεβού",
    "booked_minutes": "Λεπτά ραντεβού",
    "completed": "Ολοκληρώθηκαν",
    "no_show": "Δεν προσήλθαν",
    "documents_missing": "Με ελλιπή δικαιολογητικά",
    "cancelled": "Ακυρώθηκαν",
}
if set(CSV_HEADINGS_EL) != set(stats.CSV_COLUMNS):
    raise RuntimeError("api.statistics: a CSV column has no Greek heading")


def _csv_language() -> str:
    lang = request.args.get("lang", "el")
    if lang not in ("el", "en"):
        raise RuleViolation("'lang' must be el or en.", fields={"lang": "Use el or en."})
    return lang


def _csv(rows: list[dict[str, Any]], headings: dict[str, str], greek: bool, name: str) -> Response:
    """A CSV file Excel opens as it is: a byte order mark, and ";" between Greek columns."""
    out = io.StringIO()
    out.write("\ufeff")  # a UTF-8 byte order mark: without it Excel shows the Greek names as mojibake
    writer = csv.DictWriter(
        out, fieldnames=list(headings), lineterminator="\r\n", delimiter=";" if greek else ","
    )
    writer.writerow(headings)
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/stats.csv")
@staff_required(*SUPERVISING_ROLES)
def stats_csv(actor: Actor) -> Any:
    """The figures for Excel: Greek headings and ";" by default, ``lang=en`` for keys and ","."""
    greek = _csv_language() == "el"
    figures = _stats(actor)
    headings = {column: CSV_HEADINGS_EL[column] if greek else column for column in stats.CSV_COLUMNS}
    name = f"stats-{figures.first.isoformat()}-{figures.last.isoformat()}-{figures.period}.csv"
    return _csv(figures.csv_rows(), headings, greek, name)


def _behind(actor: Actor) -> tuple[list[Booking], bool]:
    first, last = _days()
    with runtime().store.read() as session:
        return stats.bookings_behind(
            session,
            actor,
            first=first,
            last=last,
            figure=request.args.get("figure", "bookings"),
            municipality_id=query_id("municipality_id"),
            staff_id=query_id("staff_id"),
            service_id=query_id("service_id"),
        )


@bp.get("/stats/bookings")
@staff_required(*SUPERVISING_ROLES)
def stats_bookings(actor: Actor) -> Any:
    """The bookings a figure counts (of a clerk, a service, or all), with their citizens: logged."""
    rows, truncated = _behind(actor)
    return {
        "figure": request.args.get("figure", "bookings"),
        "bookings": bookings_json(actor, rows, AccessChannel.DRILL_DOWN),
        "truncated": truncated,
    }


BOOKINGS_CSV_HEADINGS = {
    "reference": ("Κωδικός", "reference"),
    "start": ("Έναρξη", "start"),
    "service": ("Υπηρεσία", "service"),
    "clerk": ("Υπάλληλος", "clerk"),
    "mode": ("Τρόπος", "mode"),
    "status": ("Κατάσταση", "status"),
    "outcome": ("Έκβαση", "outcome"),
    "citizen_name": ("Ονοματεπώνυμο", "citizen_name"),
    "citizen_email": ("E-mail", "citizen_email"),
    "citizen_phone": ("Τηλέφωνο", "citizen_phone"),
}


@bp.get("/stats/bookings.csv")
@staff_required(*SUPERVISING_ROLES)
def stats_bookings_csv(actor: Actor) -> Any:
    """The same bookings as a CSV for Excel (Greek headings and ";" by default, ``lang=en``): logged."""
    lang = _csv_language()
    rows, _truncated = _behind(actor)
    greek = lang == "el"
    records = [
        {
            "reference": b.reference,
            "start": b.start_at.astimezone(ATHENS).strftime("%Y-%m-%d %H:%M"),
            "service": b.service.name_el if greek else b.service.name_en,
            "clerk": b.staff.display_name,
            "mode": b.mode,
            "status": b.status,
            "outcome": b.outcome or "",
            "citizen_name": b.citizen_name,
            "citizen_email": b.citizen_email,
            "citizen_phone": b.citizen_phone,
        }
        for b in rows
    ]
    headings = {key: names[0 if greek else 1] for key, names in BOOKINGS_CSV_HEADINGS.items()}
    recorded(actor, rows, AccessChannel.CSV_EXPORT)
    first, last = _days()
    return _csv(records, headings, greek, f"bookings-{first.isoformat()}-{last.isoformat()}.csv")
