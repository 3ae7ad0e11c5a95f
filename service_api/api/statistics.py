"""The figures for supervisors: bookings, no-shows and load per period, as JSON or a CSV for Excel."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from flask import Response, request

from service_api.api.blueprint import bp
from service_api.api.helpers import query_date, query_id, staff_required
from service_api.booking import stats, waitlist_reads
from service_api.domain.errors import RuleViolation
from service_api.domain.policy import SUPERVISING_ROLES, Actor
from service_api.domain.timeutil import ATHENS
from service_api.runtime import runtime


def _stats(actor: Actor) -> stats.Stats:
    today = runtime().bookings.clock().astimezone(ATHENS).date()
    month_start = today.replace(day=1)
    next_month = date(month_start.year + (month_start.month == 12), month_start.month % 12 + 1, 1)
    first = query_date("from", month_start)
    last = query_date("to", next_month - timedelta(days=1))
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
    return {**figures.as_json(), "waitlist": waiting}


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


@bp.get("/stats.csv")
@staff_required(*SUPERVISING_ROLES)
def stats_csv(actor: Actor) -> Any:
    """The figures for Excel: Greek headings and ";" by default, ``lang=en`` for keys and ","."""
    lang = request.args.get("lang", "el")
    if lang not in ("el", "en"):
        raise RuleViolation("'lang' must be el or en.", fields={"lang": "Use el or en."})
    figures = _stats(actor)
    out = io.StringIO()
    out.write("\ufeff")  # a UTF-8 byte order mark: without it Excel shows the Greek names as mojibake
    greek = lang == "el"
    writer = csv.DictWriter(
        out, fieldnames=list(stats.CSV_COLUMNS), lineterminator="\r\n", delimiter=";" if greek else ","
    )
    if greek:
        writer.writerow(CSV_HEADINGS_EL)
    else:
        writer.writeheader()
    writer.writerows(figures.csv_rows())
    name = f"stats-{figures.first.isoformat()}-{figures.last.isoformat()}-{figures.period}.csv"
    return Response(
        out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
