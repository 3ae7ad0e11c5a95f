"""Month and weekday names in Greek and English, written once for the form and the e-mails alike.

Locale-independent on purpose: a server's locale must not decide how a citizen reads a date.
"""

from __future__ import annotations

# A month on its own, as a calendar's heading: "Δεκέμβριος 2026".
MONTHS: dict[str, tuple[str, ...]] = {
    "el": (
        "Ιανουάριος",
        "Φεβρουάριος",
        "Μάρτιος",
        "Απρίλιος",
        "Μάιος",
        "Ιούνιος",
        "Ιούλιος",
        "Αύγουστος",
        "Σεπτέμβριος",
        "Οκτώβριος",
        "Νοέμβριος",
        "Δεκέμβριος",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

# A month inside a date, where Greek takes the genitive: "Τετάρτη 2 Δεκεμβρίου 2026".
MONTHS_IN_DATES: dict[str, tuple[str, ...]] = {
    "el": (
        "Ιανουαρίου",
        "Φεβρουαρίου",
        "Μαρτίου",
        "Απριλίου",
        "Μαΐου",
        "Ιουνίου",
        "Ιουλίου",
        "Αυγούστου",
        "Σεπτεμβρίου",
        "Οκτωβρίου",
        "Νοεμβρίου",
        "Δεκεμβρίου",
    ),
    "en": MONTHS["en"],
}

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "el": ("Δευτέρα", "Τρίτη", "Τετάρτη", "Πέμπτη", "Παρασκευή", "Σάββατο", "Κυριακή"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
