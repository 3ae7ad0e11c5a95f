"""Render the three printouts from sample bookings to PDF, and to PNG with poppler's pdftoppm, to look at.

No service needed: the documents are built from plain bookings, as the windows build them.

Usage (offscreen Qt):
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/print_samples.py [OUTDIR]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

DAY = date(2026, 12, 1)
NAMES = (
    "Ελένη Παπαδοπούλου",
    "Γιώργος Ξυδάκης",
    "Μαρία-Ζωή Καραγιάννη",
    "Νίκος <b>Αθανασίου</b>",
    "John Smith",
    "Αικατερίνη Σταυροπούλου-Ζαΐμη",
    "Δημήτρης Οικονόμου",
    "Σοφία Λαμπράκη",
)
SERVICES = (
    ("Αίτηση για Σύμφωνο Συμβίωσης", "Cohabitation agreement application"),
    ("Μεταδημότευση", "Transfer of municipal registration"),
    ("Βεβαίωση μη οφειλής", "Certificate of no debt"),
)
DOCUMENTS = [
    {
        "code": "notarial_deed",
        "el": "Αντίγραφο της συμβολαιογραφικής πράξης σύστασης του συμφώνου συμβίωσης",
        "en": "Copy of the notarial deed establishing the cohabitation agreement",
        "state": "received",
    },
    {
        "code": "partners_id",
        "el": "Δελτία αστυνομικής ταυτότητας ή διαβατήρια και των δύο συμβαλλομένων",
        "en": "Identity cards or passports of both partners",
        "state": "pending",
    },
    {
        "code": "registration_application",
        "el": "Αίτηση καταχώρισης του συμφώνου στο ληξιαρχείο, υπογεγραμμένη από τους συμβαλλόμενους",
        "en": "Application for registration of the agreement at the civil registry, signed by the partners",
        "state": "pending",
    },
]


def sample(n: int, *, staff: int, language: str = "el") -> dict[str, Any]:
    hour, minute = 9 + n // 2, 30 * (n % 2)
    el, en = SERVICES[n % len(SERVICES)]
    tele = n % 3 == 1
    return {
        "reference": f"{'7KQ4M9TZHX3PRDWC'[n % 8 :][:4]}-{'M9TZ7KQ4WCRDHX3P'[n % 8 :][:4]}",
        "status": "checked_in" if n == 0 else "confirmed",
        "mode": "teleconference" if tele else "in_person",
        "start": f"{DAY}T{hour:02d}:{minute:02d}:00+02:00",
        "end": f"{DAY}T{hour:02d}:{minute + 15:02d}:00+02:00",
        "service": {"id": 1, "name_el": el, "name_en": en},
        "citizen": {"name": NAMES[n % len(NAMES)], "email": "c@example.org", "phone": f"69412345{n:02d}"},
        "meeting_url": "https://meet.jit.si/dimos-larisas-7KQ4M9TZ" if tele else None,
        "documents": DOCUMENTS,
        "staff": {"id": staff},
        "language": language,
        "municipality_id": 1,
    }


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/desktop")
    out.mkdir(parents=True, exist_ok=True)
    QApplication(sys.argv[:1])
    from clerk_desktop.models.booking import ATHENS, Booking
    from clerk_desktop.models.offices import Office
    from clerk_desktop.views.printing.documents import agenda_printout, office_day_printout, slip_printout
    from clerk_desktop.views.printing.output import write_pdf

    office = Office(
        1,
        "Δήμος Λαρισαίων",
        "Municipality of Larissa",
        "Ιουστινιανού 2, 412 22 Λάρισα",
        "2 Ioustinianou Street, 412 22 Larissa, Greece",
        "+30 2413 500200",
        "info@larissa.gov.gr",
    )
    now = datetime(2026, 12, 1, 8, 45, tzinfo=ATHENS)
    bookings = [Booking.from_json(sample(n, staff=1 + n % 3)) for n in range(16)]
    mine = [b for b in bookings if b.staff_id == 1]
    printouts = {
        "print-agenda": agenda_printout(
            mine, clerk_name="Κλεάνθης Αναστασίου", day=DAY, language="el", now=now
        ),
        "print-office-day": office_day_printout(
            bookings,
            clerk_names={1: "Κλεάνθης Αναστασίου", 2: "Clerk B", 3: "Ευτυχία Ρήγα"},
            day=DAY,
            office=office,
            group_name="",
            language="el",
            now=now,
        ),
        "print-slip": slip_printout(bookings[0], office=office, now=now),
        "print-slip-en": slip_printout(
            Booking.from_json(sample(1, staff=1, language="en")), office=office, now=now
        ),
    }
    for name, printout in printouts.items():
        pdf = out / f"{name}.pdf"
        assert write_pdf(printout, pdf), pdf
        if shutil.which("pdftoppm"):
            # The first page, at a size that reads on screen; the PDF itself is not kept.
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, out / name],
                check=True,
            )
            pdf.unlink()
    print(f"printouts in {out}")


if __name__ == "__main__":
    main()
