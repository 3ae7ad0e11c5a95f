"""Greek and English words of the printouts: the clerk's day, the office's day list, the citizen's slip."""

from __future__ import annotations

_MONTHS_EL = (
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
)  # fmt: skip  -- inside a date Greek takes the genitive: «Τρίτη 1 Δεκεμβρίου 2026»
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

WORDS: dict[str, dict[str, str]] = {
    **{
        f"print.month.{n}": {"el": el, "en": en}
        for n, (el, en) in enumerate(zip(_MONTHS_EL, _MONTHS_EN, strict=True), start=1)
    },
    "print.long_date": {"el": "{weekday} {day} {month} {year}", "en": "{weekday} {day} {month} {year}"},
    # the actions
    "print.agenda": {"el": "Εκτύπωση ημέρας…", "en": "Print the day…"},
    "print.agenda_pdf": {"el": "Αποθήκευση ημέρας σε PDF…", "en": "Save the day as PDF…"},
    "print.office_day": {"el": "Εκτύπωση λίστας ημέρας…", "en": "Print the day's list…"},
    "print.office_day_pdf": {"el": "Αποθήκευση λίστας ημέρας σε PDF…", "en": "Save the day's list as PDF…"},
    "print.slip": {"el": "Εκτύπωση αποδεικτικού…", "en": "Print booking slip…"},
    "print.slip_print": {"el": "Εκτύπωση…", "en": "Print…"},
    "print.slip_pdf": {"el": "Αποθήκευση PDF…", "en": "Save PDF…"},
    "print.pdf_title": {"el": "Αποθήκευση ως PDF", "en": "Save as PDF"},
    "print.pdf_filter": {"el": "Έγγραφα PDF (*.pdf)", "en": "PDF documents (*.pdf)"},
    "print.saved": {"el": "Αποθηκεύτηκε: {path}", "en": "Saved: {path}"},
    "print.failed": {
        "el": "Δεν ήταν δυνατή η εγγραφή του {path}. Ελέγξτε τον φάκελο και δοκιμάστε ξανά.",
        "en": "Could not write {path}. Check the folder and try again.",
    },
    "print.failed_title": {"el": "Εκτύπωση", "en": "Printing"},
    "print.file.agenda": {"el": "programma-{day}.pdf", "en": "agenda-{day}.pdf"},
    "print.file.office_day": {"el": "lista-imeras-{day}.pdf", "en": "day-list-{day}.pdf"},
    "print.file.slip": {"el": "apodeiktiko-{reference}.pdf", "en": "slip-{reference}.pdf"},
    # on every printout
    "print.printed_at": {"el": "Εκτύπωση: {when}", "en": "Printed: {when}"},
    "print.page": {"el": "Σελίδα {page} από {pages}", "en": "Page {page} of {pages}"},
    "print.when": {"el": "Ώρα", "en": "Time"},
    "print.service": {"el": "Υπηρεσία", "en": "Service"},
    "print.mode": {"el": "Τρόπος", "en": "Mode"},
    "print.citizen": {"el": "Πολίτης", "en": "Citizen"},
    "print.phone": {"el": "Τηλέφωνο", "en": "Phone"},
    "print.reference": {"el": "Κωδικός", "en": "Reference"},
    "print.status": {"el": "Κατάσταση", "en": "Status"},
    "print.documents": {"el": "Δικαιολ.", "en": "Docs"},
    "print.clerk": {"el": "Υπάλληλος", "en": "Clerk"},
    "print.count": {"el": "{count} ραντεβού", "en": "{count} appointments"},
    "print.count.one": {"el": "1 ραντεβού", "en": "1 appointment"},
    # the clerk's day
    "print.agenda_title": {"el": "Πρόγραμμα ημέρας", "en": "Day agenda"},
    "print.agenda_empty": {"el": "Κανένα ραντεβού αυτή την ημέρα.", "en": "No appointments on this day."},
    # the office's day list
    "print.office_day_title": {"el": "Λίστα ραντεβού ημέρας", "en": "The day's appointments"},
    "print.office_day_group": {"el": "Ομάδα υπηρεσιών: {group}", "en": "Service group: {group}"},
    "print.office_day_empty": {
        "el": "Κανένα ραντεβού αυτή την ημέρα.",
        "en": "No appointments on this day.",
    },
    "print.unassigned": {"el": "—", "en": "—"},
    # the citizen's slip
    "print.slip_title": {"el": "Αποδεικτικό ραντεβού", "en": "Appointment slip"},
    "print.slip_reference": {"el": "Αριθμός κράτησης", "en": "Booking reference"},
    "print.slip_when": {"el": "Ημερομηνία και ώρα", "en": "Date and time"},
    "print.slip_time": {"el": "{start}–{end} (ώρα Ελλάδας)", "en": "{start}–{end} (Greek time)"},
    "print.slip_place": {"el": "Τόπος", "en": "Place"},
    "print.slip_meeting": {"el": "Σύνδεσμος τηλεδιάσκεψης", "en": "Meeting link"},
    "print.slip_meeting_later": {
        "el": "Ο σύνδεσμος θα σας σταλεί με e-mail πριν από το ραντεβού.",
        "en": "The link will be e-mailed to you before the appointment.",
    },
    "print.slip_bring": {"el": "Φέρτε μαζί σας", "en": "Please bring"},
    "print.slip_have_ready": {"el": "Έχετε διαθέσιμα", "en": "Please have ready"},
    "print.slip_contact": {"el": "Επικοινωνία", "en": "Contact"},
    "print.slip_change": {
        "el": "Για αλλαγή ή ακύρωση χρησιμοποιήστε τον σύνδεσμο του e-mail επιβεβαίωσης "
        "ή επικοινωνήστε με τον δήμο, αναφέροντας τον αριθμό κράτησης.",
        "en": "To change or cancel, use the link in your confirmation e-mail or contact the "
        "municipality, quoting the booking reference.",
    },
}
