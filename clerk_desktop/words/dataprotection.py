"""Greek and English words of «Προστασία δεδομένων», the data-protection officer's window (issue 17)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "dpo.title": {
        "el": "Ραντεβού Δήμου — Προστασία δεδομένων",
        "en": "Municipal appointments — Data protection",
    },
    "dpo.intro": {
        "el": "Κάθε φορά που υπάλληλος βλέπει στοιχεία πολίτη (καρτέλα ραντεβού, λίστες, εφαρμογή, "
        "στατιστικά, εξαγωγές) καταγράφεται εδώ. Οι εγγραφές δεν αλλάζουν ούτε διαγράφονται.",
        "en": "Every time staff see a citizen's details (booking panel, lists, the desktop, statistics, "
        "exports) it is recorded here. Entries are never changed or deleted.",
    },
    "dpo.citizen": {"el": "Πολίτης:", "en": "Citizen:"},
    "dpo.citizen_hint": {"el": "e-mail ή ΑΦΜ", "en": "e-mail or AFM"},
    "dpo.staff": {"el": "Υπάλληλος:", "en": "Staff member:"},
    "dpo.all_staff": {"el": "Όλοι", "en": "Everyone"},
    "dpo.reference": {"el": "Ραντεβού:", "en": "Booking:"},
    "dpo.reference_hint": {"el": "κωδικός", "en": "reference"},
    "dpo.search": {"el": "Αναζήτηση", "en": "Search"},
    "dpo.clear": {"el": "Καθαρισμός", "en": "Clear"},
    "dpo.more": {"el": "Περισσότερες εγγραφές", "en": "More entries"},
    "dpo.count": {"el": "{count} εγγραφές", "en": "{count} entries"},
    "dpo.count.one": {"el": "1 εγγραφή", "en": "1 entry"},
    "dpo.count_more": {"el": "{count} εγγραφές (και άλλες παλαιότερες)", "en": "{count} entries (and older)"},
    "dpo.count_more.one": {"el": "1 εγγραφή (και άλλες παλαιότερες)", "en": "1 entry (and older)"},
    "dpo.loading": {"el": "Φόρτωση…", "en": "Loading…"},
    "dpo.column.at": {"el": "Πότε", "en": "When"},
    "dpo.column.staff": {"el": "Υπάλληλος", "en": "Staff member"},
    "dpo.column.reference": {"el": "Ραντεβού", "en": "Booking"},
    "dpo.column.channel": {"el": "Πώς", "en": "How"},
    "dpo.channel.panel": {"el": "Καρτέλα ραντεβού", "en": "Booking panel"},
    "dpo.channel.list": {"el": "Λίστα ραντεβού", "en": "List of bookings"},
    "dpo.channel.feed": {"el": "Ενημέρωση εφαρμογής", "en": "Desktop update"},
    "dpo.channel.drill_down": {"el": "Ανάλυση στατιστικών", "en": "Statistics drill-down"},
    "dpo.channel.csv_export": {"el": "Εξαγωγή CSV", "en": "CSV export"},
    "dpo.channel.calendar_feed": {"el": "Ημερολόγιο (Outlook)", "en": "Calendar (Outlook)"},
    "dpo.channel.subject_access": {"el": "Εξαγωγή στοιχείων πολίτη", "en": "Citizen's data export"},
    "dpo.request": {"el": "Αίτημα του πολίτη", "en": "The citizen's request"},
    "dpo.request_hint": {
        "el": "Για τον πολίτη που γράψατε παραπάνω: όλα όσα τηρούνται (άρθρο 15) ή διαγραφή (άρθρο 17).",
        "en": "For the citizen named above: everything held (Article 15), or erasure (Article 17).",
    },
    "dpo.export_json": {"el": "Εξαγωγή JSON…", "en": "Export JSON…"},
    "dpo.export_html": {"el": "Εξαγωγή για ανάγνωση (HTML)…", "en": "Export to read (HTML)…"},
    "dpo.erase": {"el": "Διαγραφή πολίτη…", "en": "Erase citizen…"},
    "dpo.need_citizen": {
        "el": "Γράψτε πρώτα το e-mail ή τον ΑΦΜ του πολίτη.",
        "en": "First enter the citizen's e-mail or AFM.",
    },
    "dpo.export_title": {"el": "Αποθήκευση στοιχείων πολίτη", "en": "Save the citizen's data"},
    "dpo.filter.json": {"el": "Αρχεία JSON (*.json)", "en": "JSON files (*.json)"},
    "dpo.filter.html": {"el": "Σελίδες HTML (*.html)", "en": "HTML pages (*.html)"},
    "dpo.export_name": {"el": "stoixeia-politi-{day}.{suffix}", "en": "citizen-data-{day}.{suffix}"},
    "dpo.saved": {"el": "Τα στοιχεία αποθηκεύτηκαν στο {path}.", "en": "The data was saved to {path}."},
    "dpo.erase_title": {"el": "Διαγραφή πολίτη", "en": "Erase a citizen"},
    "dpo.erase_question": {
        "el": "Να διαγραφούν τώρα τα προσωπικά στοιχεία του πολίτη «{citizen}» από όλα τα ραντεβού του, "
        "τα e-mail και τις συνδέσεις του; Τα στατιστικά μένουν. Η διαγραφή δεν αναιρείται.",
        "en": "Erase the personal data of the citizen «{citizen}» now, from all their bookings, e-mails "
        "and sign-ins? Statistics stay. This cannot be undone.",
    },
    "dpo.erase_confirm": {"el": "Οριστική διαγραφή", "en": "Erase for good"},
    "dpo.erased": {
        "el": "Διαγράφηκαν τα στοιχεία του πολίτη από {count} ραντεβού.",
        "en": "The citizen's data was erased from {count} bookings.",
    },
    "dpo.erased.one": {
        "el": "Διαγράφηκαν τα στοιχεία του πολίτη από 1 ραντεβού.",
        "en": "The citizen's data was erased from 1 booking.",
    },
    "dpo.erased_joint": {
        "el": "Ως συναιτούντα: τα στοιχεία του διαγράφηκαν από {count} κοινά ραντεβού.",
        "en": "As co-applicant: their data was erased from {count} joint bookings.",
    },
    "dpo.erased_joint.one": {
        "el": "Ως συναιτούντα: τα στοιχεία του διαγράφηκαν από 1 κοινό ραντεβού.",
        "en": "As co-applicant: their data was erased from 1 joint booking.",
    },
    "dpo.erased_nothing": {
        "el": "Δεν βρέθηκαν ραντεβού του πολίτη «{citizen}»· διαγράφηκαν όσα άλλα στοιχεία υπήρχαν.",
        "en": "No bookings of the citizen «{citizen}» were found; anything else held was erased.",
    },
    "dpo.upcoming": {"el": "Ραντεβού που δεν έχουν γίνει ακόμη:", "en": "Bookings still to come:"},
}
