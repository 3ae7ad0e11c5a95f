"""What each window prints, taken from the models it already holds (no call to the server)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from clerk_desktop.i18n import language
from clerk_desktop.models.agenda_model import AgendaModel
from clerk_desktop.models.board import BoardStore
from clerk_desktop.models.booking import ATHENS, Booking
from clerk_desktop.models.booking_store import BookingStore
from clerk_desktop.models.offices import Offices
from clerk_desktop.views.printing.documents import (
    Printout,
    agenda_printout,
    office_day_printout,
    slip_printout,
)


def clerk_day(agenda: AgendaModel, clerk_name: str) -> Printout:
    """The day the clerk's agenda shows, as it shows it."""
    rows = (agenda.booking_at(row) for row in range(agenda.rowCount()))
    return agenda_printout(
        [b for b in rows if b is not None],
        clerk_name=clerk_name,
        day=agenda.day,
        language=language(),
        now=datetime.now(ATHENS),
    )


def citizen_slip(booking: Booking | None, offices: Offices) -> Printout | None:
    """The slip of the selected booking; none for a cancelled one or a hold still without a citizen."""
    if booking is None or booking.is_cancelled or booking.is_hold:
        return None
    return slip_printout(booking, office=offices.get(booking.municipality_id), now=datetime.now(ATHENS))


def office_day(
    bookings: BookingStore, board: BoardStore, day: date, group: tuple[str, str], offices: Offices
) -> Printout:
    """The staff board's day for the front desk: every clerk's bookings, of the ``group`` chosen (its
    slug and name) if any."""
    group_slug, group_name = group
    start = datetime.combine(day, time(0), tzinfo=ATHENS)
    shown = [
        b
        for b in bookings.between(start, start + timedelta(days=1), include_cancelled=False)
        if not group_slug or b.group_slug == group_slug
    ]
    return office_day_printout(
        shown,
        clerk_names={c.id: c.name for c in board.clerks},
        day=day,
        office=offices.home(),
        group_name=group_name if group_slug else "",
        language=language(),
        now=datetime.now(ATHENS),
    )
