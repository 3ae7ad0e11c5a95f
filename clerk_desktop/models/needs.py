"""A booking's accessibility needs in words (issue 18), for the views and the item models alike."""

from __future__ import annotations

from clerk_desktop.i18n import tr
from clerk_desktop.models.booking import Booking

MARK = "♿"  # the International Symbol of Access, before the name on tiles and agenda rows


def needs_words(booking: Booking) -> str:
    """The booking's needs in the desk's language, the interpreter's language after a colon."""
    words = []
    for code in booking.needs:
        word = tr(f"need.{code}")
        with_language = code == "interpreter" and booking.needs_language
        words.append(f"{word}: {booking.needs_language}" if with_language else word)
    return ", ".join(words)


def needs_sentence(booking: Booking) -> str:
    """For tooltips and screen readers: «Με διευκολύνσεις: …», or nothing."""
    return tr("needs.marker", needs=needs_words(booking)) if booking.needs else ""


def marked_name(booking: Booking) -> str:
    """The citizen's name as a tile shows it: with the mark when they asked for something."""
    return f"{MARK} {booking.citizen_name}" if booking.needs else booking.citizen_name
