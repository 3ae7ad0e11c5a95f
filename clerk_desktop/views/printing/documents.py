"""The three printouts as QTextDocuments: the clerk's day, the office's day list, the citizen's slip.

QTextDocument reads HTML, so every word that comes from the server or a person (names, phones,
services, notes, links) goes through ``html.escape``: a citizen called ``<b>Νίκος</b>`` prints as
those characters. Times are printed in Europe/Athens, as the staff read them everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Any

from PySide6.QtGui import QFont, QTextDocument, QTextOption

from clerk_desktop.i18n import MESSAGES
from clerk_desktop.models.booking import ATHENS, SETTLED_DOCUMENT_STATES, Booking
from clerk_desktop.models.offices import Office
from clerk_desktop.models.wall_time import wall_clock

FONT_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial")  # all carry Greek
STYLE = """
body { font-size: 9.5pt; color: #1a1a1a; }
h1 { font-size: 16pt; margin: 0 0 3px 0; }
p { margin: 0 0 4px 0; }
.lead { font-size: 11pt; }
.muted { color: #555555; font-size: 8.5pt; }
table.list { border-collapse: collapse; border-color: #9a9a9a; border-style: solid; margin-top: 8px; }
table.list th { background-color: #e6ecf2; text-align: left; font-weight: bold; }
table.list td { vertical-align: top; }
.slip { font-size: 11pt; }
.office { font-size: 12pt; font-weight: bold; color: #2b4a6b; margin-bottom: 3px; }
.slip h1 { font-size: 18pt; margin-bottom: 11px; }
table.box { border-color: #555555; border-style: solid; margin-bottom: 13px; }
.reference { font-size: 28pt; font-weight: bold; margin: 0; }
table.facts { margin-top: 11px; }
table.facts td { vertical-align: top; }
td.label { color: #444444; font-weight: bold; }
.section { font-weight: bold; margin-top: 13px; }
.note { color: #444444; font-size: 9pt; margin-top: 16px; }
ul { margin: 0 0 0 19px; }
"""


class Words:
    """The catalogue's words in one language, whatever the window's (a slip is in the citizen's)."""

    def __init__(self, language: str) -> None:
        self.language = "en" if language == "en" else "el"

    def __call__(self, key: str, **values: Any) -> str:
        entry = MESSAGES.get(key)
        if values.get("count") == 1:
            entry = MESSAGES.get(f"{key}.one", entry)
        text = entry.get(self.language, entry["el"]) if entry else key
        return text.format(**values) if values else text

    def long_date(self, day: date) -> str:
        """«Τρίτη 1 Δεκεμβρίου 2026», "Tuesday 1 December 2026"."""
        return self(
            "print.long_date",
            weekday=self(f"weekday.{day.weekday()}"),
            day=day.day,
            month=self(f"print.month.{day.month}"),
            year=day.year,
        )


@dataclass(frozen=True)
class Printout:
    """A document ready to print, with what its pages and its PDF are called."""

    document: QTextDocument
    title: str  # the PDF's title and the footer's left side
    file_name: str  # suggested when saving a PDF
    page_label: str  # "Σελίδα {page} από {pages}", in the printout's language


def _document(body: str, title: str, *, wrap_anywhere: bool = False) -> QTextDocument:
    document = QTextDocument()
    font = QFont()
    font.setFamilies(list(FONT_FAMILIES))
    font.setPointSizeF(9.5)
    document.setDefaultFont(font)
    option = QTextOption()
    # Tables wrap between words only; the slip's long meeting links may break anywhere.
    option.setWrapMode(
        QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere if wrap_anywhere else QTextOption.WrapMode.WordWrap
    )
    document.setDefaultTextOption(option)
    document.setDefaultStyleSheet(STYLE)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setHtml(f"<html><body>{body}</body></html>")
    return document


def _printed_at(words: Words, now: datetime) -> str:
    when = now.astimezone(ATHENS)
    return escape(words("print.printed_at", when=f"{when:%d/%m/%Y} {wall_clock(when)}"))


def _time_span(booking: Booking) -> str:
    return f"{wall_clock(booking.start.astimezone(ATHENS))}–{wall_clock(booking.end.astimezone(ATHENS))}"


def _when_cell(words: Words, booking: Booking) -> str:
    """The time in bold and the mode under it: a teleconference citizen never comes to the desk."""
    mode = escape(words(f"mode.{booking.mode}"))
    return _unbroken(f"<b>{escape(_time_span(booking))}</b>") + f"<p class='muted'>{mode}</p>"


def _unbroken(html: str) -> str:
    """A line never broken (a reference at its hyphen, a time at its dash): Qt's tables ignore <nobr>
    and white-space: nowrap, but keep a ``pre`` paragraph whole."""
    return f"<p style='white-space: pre'>{html}</p>"


def _documents_count(booking: Booking) -> str:
    settled = sum(1 for d in booking.documents if d.state in SETTLED_DOCUMENT_STATES)
    return f"{settled}/{len(booking.documents)}"


def _table(headers: Iterable[tuple[str, int]], rows: Iterable[tuple[list[str], str]]) -> str:
    """A ruled HTML table; headers are (text, width %); cells are already escaped, rows carry a class."""
    head = "".join(f'<th width="{width}%">{text}</th>' for text, width in headers)
    body = "".join(
        f'<tr class="{cls}">' + "".join(f'<td class="{cls}">{c}</td>' for c in cells) + "</tr>"
        for cells, cls in rows
    )
    return (
        '<table class="list" width="100%" border="1" cellspacing="0" cellpadding="4">'
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


def printable(bookings: Iterable[Booking]) -> list[Booking]:
    """What a day's printout lists: appointments, not a web-form hold still without a name."""
    return sorted((b for b in bookings if not b.is_hold), key=lambda b: (b.start, b.reference))


# ---------------------------------------------------------------------------------- the clerk's day
def agenda_printout(
    bookings: Iterable[Booking], *, clerk_name: str, day: date, language: str, now: datetime
) -> Printout:
    """The clerk's appointments of ``day``: time, citizen and phone, service, mode, reference, state."""
    words = Words(language)
    shown = printable(bookings)
    title = f"{words('print.agenda_title')} — {clerk_name}" if clerk_name else words("print.agenda_title")
    rows = [
        (
            [
                _when_cell(words, b),
                f"{escape(b.citizen_name)}<br/><span class='muted'>{escape(b.citizen_phone)}</span>",
                escape(b.service_name(words.language)),
                _unbroken(escape(b.reference)),
                escape(words(f"status.{b.status}")),
                escape(_documents_count(b)),
            ],
            "cancelled" if b.is_cancelled else "",
        )
        for b in shown
    ]
    headers = [
        (escape(words(key)), width)
        for key, width in (
            ("print.when", 15),
            ("print.citizen", 24),
            ("print.service", 23),
            ("print.reference", 14),
            ("print.status", 16),
            ("print.documents", 8),
        )
    ]
    body = (
        f"<h1>{escape(words('print.agenda_title'))}</h1>"
        f"<p class='lead'><b>{escape(clerk_name)}</b> · {escape(words.long_date(day))} · "
        f"{escape(words('print.count', count=len(shown)))}</p>"
        f"<p class='muted'>{_printed_at(words, now)}</p>"
        + (_table(headers, rows) if shown else f"<p>{escape(words('print.agenda_empty'))}</p>")
    )
    return Printout(
        _document(body, title),
        f"{title} · {words.long_date(day)}",
        words("print.file.agenda", day=day.isoformat()),
        words("print.page"),
    )


# ------------------------------------------------------------------------------ the office's day list
def office_day_printout(
    bookings: Iterable[Booking],
    *,
    clerk_names: dict[int, str],
    day: date,
    office: Office | None,
    group_name: str,
    language: str,
    now: datetime,
) -> Printout:
    """Every clerk's appointments of ``day`` in time order, for the front desk to send citizens on."""
    words = Words(language)
    shown = printable(bookings)
    rows = [
        (
            [
                _when_cell(words, b),
                escape(b.citizen_name),
                escape(b.service_name(words.language)),
                escape(clerk_names.get(b.staff_id or 0) or words("print.unassigned")),
                _unbroken(escape(b.reference)),
                escape(words(f"status.{b.status}")),
            ],
            "cancelled" if b.is_cancelled else "",
        )
        for b in shown
    ]
    headers = [
        (escape(words(key)), width)
        for key, width in (
            ("print.when", 15),
            ("print.citizen", 20),
            ("print.service", 21),
            ("print.clerk", 14),
            ("print.reference", 14),
            ("print.status", 16),
        )
    ]
    place = office.name(words.language) if office is not None else ""
    facts = [p for p in (place, words.long_date(day), words("print.count", count=len(shown))) if p]
    group = f"<p>{escape(words('print.office_day_group', group=group_name))}</p>" if group_name else ""
    body = (
        f"<h1>{escape(words('print.office_day_title'))}</h1>"
        f"<p class='lead'>{' · '.join(escape(f) for f in facts)}</p>{group}"
        f"<p class='muted'>{_printed_at(words, now)}</p>"
        + (_table(headers, rows) if shown else f"<p>{escape(words('print.office_day_empty'))}</p>")
    )
    title = words("print.office_day_title")
    return Printout(
        _document(body, title),
        f"{title} · {words.long_date(day)}",
        words("print.file.office_day", day=day.isoformat()),
        words("print.page"),
    )


# ------------------------------------------------------------------------------- the citizen's slip
def slip_printout(booking: Booking, *, office: Office | None, now: datetime) -> Printout:
    """What the citizen takes away, in their language: when, where (or the link), what to bring."""
    words = Words(booking.language)
    lang = words.language
    start = booking.start.astimezone(ATHENS)
    when = words("print.slip_time", start=wall_clock(start), end=wall_clock(booking.end.astimezone(ATHENS)))
    facts: list[tuple[str, str]] = [
        (words("print.citizen"), booking.citizen_name),
        (words("print.service"), booking.service_name(lang)),
        (words("print.slip_when"), f"{words.long_date(start.date())}, {when}"),
        (words("print.mode"), words(f"mode.{booking.mode}")),
    ]
    if booking.is_teleconference:
        facts.append((words("print.slip_meeting"), booking.meeting_url or words("print.slip_meeting_later")))
    elif office is not None and office.address(lang):
        facts.append((words("print.slip_place"), f"{office.name(lang)}, {office.address(lang)}"))
    bring = [d.name(lang) for d in booking.documents]  # the catalogue's list, identity papers included
    contact = [c for c in (office.name(lang), office.phone, office.email) if c] if office else []
    bring_heading = words("print.slip_have_ready" if booking.is_teleconference else "print.slip_bring")
    rows = "".join(
        f"<tr><td class='label' width='30%'>{escape(label)}</td><td>{escape(value)}</td></tr>"
        for label, value in facts
    )
    body = (
        "<div class='slip'>"
        + (f"<p class='office'>{escape(office.name(lang))}</p>" if office is not None else "")
        + f"<h1>{escape(words('print.slip_title'))}</h1>"
        "<table class='box' width='98%' border='1' cellspacing='0' cellpadding='8'><tr><td>"
        f"<p class='muted'>{escape(words('print.slip_reference'))}</p>"
        f"<p class='reference'>{escape(booking.reference)}</p></td></tr></table>"
        f"<table class='facts' width='100%' cellspacing='0' cellpadding='3'>{rows}</table>"
        + (
            f"<p class='section'>{escape(bring_heading)}</p><ul>"
            + "".join(f"<li>{escape(item)}</li>" for item in bring)
            + "</ul>"
            if bring
            else ""
        )
        + (
            f"<p class='section'>{escape(words('print.slip_contact'))}</p>"
            f"<p>{' · '.join(escape(c) for c in contact)}</p>"
            if contact
            else ""
        )
        + f"<p class='note'>{escape(words('print.slip_change'))}</p>"
        f"<p class='muted'>{_printed_at(words, now)}</p></div>"
    )
    title = f"{words('print.slip_title')} {booking.reference}"
    return Printout(
        _document(body, title, wrap_anywhere=True),
        title,
        words("print.file.slip", reference=booking.reference),
        words("print.page"),
    )
