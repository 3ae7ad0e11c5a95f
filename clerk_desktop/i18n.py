"""The desktop's words in Greek (default) and English: one catalogue, looked up by key."""

from __future__ import annotations

from typing import Any

from clerk_desktop.words import (
    absences,
    capacity,
    catalogue,
    closures,
    coapplicants,
    dataprotection,
    feedlink,
    lifecycle,
    moves,
    needs,
    newbooking,
    panelweek,
    plans,
    preflight,  # issue 18: the panel's connection-check line
    printing,
    refusals,
    rescue,  # issue 18: the no-show rescue bar
    webhooks,
)

MESSAGES: dict[str, dict[str, str]] = {
    "app.title": {"el": "Ραντεβού Δήμου — Υπάλληλος", "en": "Municipal appointments — Clerk"},
    "keyring.title": {"el": "Αποθήκευση σύνδεσης", "en": "Staying signed in"},
    "keyring.missing": {
        "el": "Ο υπολογιστής δεν έχει διαθέσιμη κλειδοθήκη (keyring) για να κρατήσει τη σύνδεσή σας με "
        "ασφάλεια, οπότε σε κάθε εκκίνηση θα ζητείται ο κωδικός. Ούτε τα ραντεβού φυλάσσονται στον "
        "υπολογιστή για εργασία χωρίς σύνδεση: κρατούνται μόνο όσο το πρόγραμμα είναι ανοιχτό. "
        "Ζητήστε από την υποστήριξη να ενεργοποιήσει την κλειδοθήκη του συστήματος "
        "(π.χ. GNOME Keyring ή KWallet).",
        "en": "This computer has no keyring to keep your sign-in safely, so the password will be asked at "
        "every start. Nor are the appointments kept on this computer for working offline: they are "
        "kept only while the program is open. Ask IT support to enable the system keyring "
        "(e.g. GNOME Keyring or KWallet).",
    },
    "signout.title": {"el": "Αποσύνδεση", "en": "Sign out"},
    "signout.unsent": {
        "el": "Αλλαγές που δεν έχουν σταλεί ακόμη στον διακομιστή: {count}. Με την αποσύνδεση "
        "διαγράφονται από τον υπολογιστή μαζί με τα αποθηκευμένα ραντεβού και χάνονται.",
        "en": "Changes not yet sent to the server: {count}. Signing out deletes them from this computer "
        "with the stored appointments, and they are lost.",
    },
    "signout.discard": {"el": "Αποσύνδεση χωρίς αποστολή", "en": "Sign out without sending"},
    "app.title_supervisor": {
        "el": "Ραντεβού Δήμου — Εποπτεία",
        "en": "Municipal appointments — Supervision",
    },
    "settings.saved_restart": {
        "el": "Οι ρυθμίσεις αποθηκεύτηκαν· η γλώσσα αλλάζει στην επόμενη εκκίνηση.",
        "en": "Settings saved; the language changes at the next start.",
    },
    "login.title": {"el": "Σύνδεση", "en": "Sign in"},
    "login.server": {"el": "Διεύθυνση διακομιστή", "en": "Server address"},
    "login.username": {"el": "Όνομα χρήστη", "en": "Username"},
    "login.password": {"el": "Κωδικός", "en": "Password"},
    "login.submit": {"el": "Σύνδεση", "en": "Sign in"},
    "login.cancel": {"el": "Άκυρο", "en": "Cancel"},
    "login.missing": {
        "el": "Συμπληρώστε διακομιστή, όνομα χρήστη και κωδικό.",
        "en": "Fill in server, username and password.",
    },
    "login.busy": {"el": "Σύνδεση…", "en": "Signing in…"},
    "nav.previous": {"el": "◀ Προηγούμενη", "en": "◀ Previous"},
    "nav.next": {"el": "Επόμενη ▶", "en": "Next ▶"},
    "nav.today": {"el": "Σήμερα", "en": "Today"},
    "nav.show_cancelled": {"el": "Εμφάνιση ακυρωμένων", "en": "Show cancelled"},
    "legend.in_person": {"el": "Φυσική Παρουσία", "en": "In person"},
    "legend.teleconference": {"el": "Τηλεδιάσκεψη", "en": "Teleconference"},
    "legend.holiday": {"el": "Αργία / απουσία", "en": "Holiday / absence"},
    "week.title": {"el": "Εβδομάδα {first} – {last}", "en": "Week {first} – {last}"},
    "agenda.title": {"el": "Πρόγραμμα ημέρας", "en": "Day agenda"},
    "agenda.title_day": {"el": "Πρόγραμμα ημέρας · {day}", "en": "Day agenda · {day}"},
    "agenda.today": {"el": "Σήμερα", "en": "Today"},
    "agenda.next_in": {"el": "Επόμενο ραντεβού σε {wait}", "en": "Next appointment in {wait}"},
    "duration.hour": {"el": "1 ώρα", "en": "1 hour"},
    "duration.hours": {"el": "{count} ώρες", "en": "{count} hours"},
    "duration.minute": {"el": "1 λεπτό", "en": "1 minute"},
    "duration.minutes": {"el": "{count} λεπτά", "en": "{count} minutes"},
    "duration.and": {"el": "{hours} και {minutes}", "en": "{hours} {minutes}"},
    "agenda.next_now": {"el": "Το επόμενο ραντεβού είναι τώρα", "en": "The next appointment is now"},
    "agenda.none": {"el": "Κανένα άλλο ραντεβού σήμερα", "en": "No more appointments today"},
    "panel.empty": {"el": "Επιλέξτε ένα ραντεβού", "en": "Select an appointment"},
    "panel.reference": {"el": "Κωδικός", "en": "Reference"},
    "panel.when": {"el": "Ώρα", "en": "Time"},
    "panel.service": {"el": "Υπηρεσία", "en": "Service"},
    "panel.mode": {"el": "Τρόπος", "en": "Mode"},
    "panel.citizen": {"el": "Πολίτης", "en": "Citizen"},
    "panel.status": {"el": "Κατάσταση", "en": "Status"},
    "panel.notes": {"el": "Σημειώσεις", "en": "Notes"},
    "panel.save_notes": {"el": "Αποθήκευση σημειώσεων", "en": "Save notes"},
    "panel.documents": {"el": "Δικαιολογητικά: {done} από {total}", "en": "Documents: {done} of {total}"},
    "panel.join": {"el": "Συμμετοχή στη συνάντηση", "en": "Join the meeting"},
    "panel.join_later": {
        "el": "Η συμμετοχή ανοίγει {minutes} λεπτά πριν",
        "en": "Joining opens {minutes} min before",
    },
    "panel.check_in": {"el": "Άφιξη πολίτη", "en": "Check in"},
    "panel.verify": {"el": "Επαλήθευση ταυτότητας…", "en": "Verify identity…"},
    "panel.verified": {
        "el": "✔ Ταυτότητα επαληθεύτηκε ({document})",
        "en": "✔ Identity verified ({document})",
    },
    "panel.not_verified": {"el": "Η ταυτότητα δεν έχει επαληθευτεί", "en": "Identity not verified yet"},
    "panel.outcome": {"el": "Έκβαση", "en": "Outcome"},
    "panel.outcome_note": {"el": "Σημείωση έκβασης", "en": "Outcome note"},
    "panel.record_outcome": {"el": "Καταχώριση έκβασης", "en": "Record outcome"},
    "panel.needs_identity": {
        "el": "Επαληθεύστε πρώτα την ταυτότητα (εκτός από «Δεν προσήλθε»).",
        "en": "Verify identity first (except for “No-show”).",
    },
    "panel.follow_up": {"el": "Νέο ραντεβού συνέχειας…", "en": "Follow-up appointment…"},
    "panel.taxisnet": {"el": "Μέσω TAXISnet", "en": "Via TAXISnet"},
    "mode.in_person": {"el": "Φυσική Παρουσία", "en": "In person"},
    "mode.teleconference": {"el": "Τηλεδιάσκεψη", "en": "Teleconference"},
    "status.held": {"el": "Σε αναμονή", "en": "Held"},
    "status.confirmed": {"el": "Επιβεβαιωμένο", "en": "Confirmed"},
    "status.checked_in": {"el": "Προσήλθε", "en": "Checked in"},
    "status.completed": {"el": "Ολοκληρώθηκε", "en": "Completed"},
    "status.no_show": {"el": "Δεν προσήλθε", "en": "No-show"},
    "status.cancelled": {"el": "Ακυρώθηκε", "en": "Cancelled"},
    "outcome.completed": {"el": "Ολοκληρώθηκε", "en": "Completed"},
    "outcome.documents_missing": {"el": "Λείπουν δικαιολογητικά", "en": "Documents missing"},
    "outcome.referred": {"el": "Παραπέμφθηκε", "en": "Referred"},
    "outcome.no_show": {"el": "Δεν προσήλθε", "en": "No-show"},
    "doc.pending": {"el": "Εκκρεμεί", "en": "Pending"},
    "doc.received": {"el": "Προσκομίστηκε", "en": "Received"},
    "doc.missing": {"el": "Λείπει", "en": "Missing"},
    "doc.not_applicable": {"el": "Δεν απαιτείται", "en": "Not applicable"},
    "identity.title": {"el": "Επαλήθευση ταυτότητας", "en": "Identity verification"},
    "identity.intro": {
        "el": "Ελέγξτε το έγγραφο ταυτοποίησης του πολίτη {name}.",
        "en": "Check the identity document of {name}.",
    },
    "identity.document": {"el": "Έγγραφο που επιδείχθηκε", "en": "Document shown"},
    "identity.identity_card": {"el": "Δελτίο αστυνομικής ταυτότητας", "en": "Identity card"},
    "identity.passport": {"el": "Διαβατήριο", "en": "Passport"},
    "identity.other": {"el": "Άλλο", "en": "Other"},
    "identity.name_matches": {
        "el": "Το ονοματεπώνυμο συμφωνεί με την κράτηση",
        "en": "The name matches the booking",
    },
    "identity.taxisnet_matches": {
        "el": "Ονοματεπώνυμο και ΑΦΜ συμφωνούν με το TAXISnet",
        "en": "Name and AFM match TAXISnet",
    },
    "identity.note": {"el": "Σημείωση (προαιρετική)", "en": "Note (optional)"},
    "identity.confirm": {"el": "Επιβεβαίωση", "en": "Confirm"},
    "identity.need_match": {
        "el": "Η επαλήθευση απαιτεί να συμφωνεί το ονοματεπώνυμο.",
        "en": "Verification needs the name to match.",
    },
    "sync.syncing": {"el": "Συγχρονισμός…", "en": "Syncing…"},
    "sync.up_to_date": {"el": "● Ενημερωμένο", "en": "● Up to date"},
    "sync.offline": {
        "el": "● Εκτός σύνδεσης — εμφανίζονται τα τελευταία δεδομένα",
        "en": "● Offline — showing the last synced data",
    },
    "sync.queued.one": {"el": "1 ενέργεια σε αναμονή αποστολής", "en": "1 action waiting to be sent"},
    "sync.queued": {
        "el": "{count} ενέργειες σε αναμονή αποστολής",
        "en": "{count} actions waiting to be sent",
    },
    "sync.new_booking": {"el": "Νέο ραντεβού: {name}, {when}", "en": "New appointment: {name}, {when}"},
    "sync.booking_left": {
        "el": "Το ραντεβού {reference} ({when}) ανατέθηκε σε άλλον υπάλληλο και βγήκε από το πρόγραμμά σας.",
        "en": "Appointment {reference} ({when}) was given to another clerk and left your schedule.",
    },
    "menu.file": {"el": "&Αρχείο", "en": "&File"},
    "menu.settings": {"el": "Ρυθμίσεις…", "en": "Settings…"},
    "menu.ical": {"el": "Σύνδεσμος ημερολογίου (Outlook)…", "en": "Calendar link (Outlook)…"},
    "menu.sign_out": {"el": "Αποσύνδεση", "en": "Sign out"},
    "menu.quit": {"el": "Έξοδος", "en": "Quit"},
    "settings.title": {"el": "Ρυθμίσεις", "en": "Settings"},
    "settings.language": {"el": "Γλώσσα", "en": "Language"},
    "settings.week_start": {"el": "Η εβδομάδα ξεκινά", "en": "Week starts on"},
    "settings.join_lead": {
        "el": "Συμμετοχή επιτρέπεται πριν (λεπτά)",
        "en": "Joining allowed before (minutes)",
    },
    "settings.restart": {
        "el": "Η αλλαγή γλώσσας ισχύει μετά την επανεκκίνηση.",
        "en": "The language change applies after a restart.",
    },
    "ical.title": {"el": "Ημερολόγιο για Outlook", "en": "Calendar for Outlook"},
    "weekday.0": {"el": "Δευτέρα", "en": "Monday"},
    "weekday.1": {"el": "Τρίτη", "en": "Tuesday"},
    "weekday.2": {"el": "Τετάρτη", "en": "Wednesday"},
    "weekday.3": {"el": "Πέμπτη", "en": "Thursday"},
    "weekday.4": {"el": "Παρασκευή", "en": "Friday"},
    "weekday.5": {"el": "Σάββατο", "en": "Saturday"},
    "weekday.6": {"el": "Κυριακή", "en": "Sunday"},
    "error.title": {"el": "Σφάλμα", "en": "Error"},
    "board.tab": {"el": "Πίνακας προσωπικού", "en": "Staff board"},
    "board.stats_tab": {"el": "Φόρτος και στατιστικά", "en": "Workload and statistics"},
    "board.week_tab": {"el": "Εβδομάδα", "en": "Week"},
    "board.previous_day": {"el": "◀ Προηγούμενη", "en": "◀ Previous"},
    "board.next_day": {"el": "Επόμενη ▶", "en": "Next ▶"},
    "board.all_groups": {"el": "Όλες οι ομάδες υπηρεσιών", "en": "All service groups"},
    "board.group_filter": {"el": "Ομάδα υπηρεσιών", "en": "Service group"},
    "board.cover": {"el": "Κάλυψη απουσίας…", "en": "Cover an absence…"},
    "board.reassign": {"el": "Μετακίνηση σε άλλο υπάλληλο…", "en": "Move to another clerk…"},
    "board.moved": {
        "el": "Το ραντεβού {reference} μεταφέρθηκε στον/στην {name}.",
        "en": "Appointment {reference} moved to {name}.",
    },
    "board.refused": {"el": "Η μετακίνηση απορρίφθηκε: {message}", "en": "The move was refused: {message}"},
    "board.hint": {
        "el": "Σύρετε ένα ραντεβού σε άλλη στήλη για να το μεταφέρετε· οι επιτρεπτές στήλες "
        "φωτίζονται. Enter: μετακίνηση με το πληκτρολόγιο.",
        "en": "Drag an appointment to another column to move it; allowed columns light up. "
        "Enter: move with the keyboard.",
    },
    "reassign.title": {"el": "Μετακίνηση ραντεβού", "en": "Move appointment"},
    "reassign.intro": {
        "el": "Υπάλληλοι που μπορούν να αναλάβουν το {reference} την ίδια ώρα:",
        "en": "Clerks who can take {reference} at the same time:",
    },
    "reassign.none": {
        "el": "Κανένας διαθέσιμος υπάλληλος εκείνη την ώρα.",
        "en": "No clerk is free at that time.",
    },
    "reassign.move": {"el": "Μετακίνηση", "en": "Move"},
    "cover.title": {"el": "Κάλυψη απουσίας", "en": "Cover an absence"},
    "cover.clerk": {"el": "Υπάλληλος που απουσιάζει", "en": "Absent clerk"},
    "cover.from": {"el": "Από", "en": "From"},
    "cover.to": {"el": "Έως (και)", "en": "To (inclusive)"},
    "cover.preview": {"el": "Πρόταση κατανομής", "en": "Propose a plan"},
    "cover.apply": {"el": "Εφαρμογή όλων", "en": "Apply all"},
    "cover.offer": {
        "el": "Πρόταση νέας ώρας στους πολίτες (e-mail)",
        "en": "Offer citizens a new time (e-mail)",
    },
    "cover.keep": {"el": "— να μη μετακινηθεί —", "en": "— do not move —"},
    "cover.unplaced": {
        "el": "Δεν βρέθηκε υπάλληλος για {count} ραντεβού:",
        "en": "No clerk found for {count}:",
    },
    "cover.applied.one": {"el": "Μεταφέρθηκε 1 ραντεβού.", "en": "1 appointment moved."},
    "cover.applied": {"el": "Μεταφέρθηκαν {count} ραντεβού.", "en": "{count} appointments moved."},
    "cover.offered.one": {
        "el": "Στάλθηκε πρόταση νέας ώρας σε 1 πολίτη.",
        "en": "A new-time offer was sent to 1 citizen.",
    },
    "cover.offered": {
        "el": "Στάλθηκε πρόταση νέας ώρας σε {count} πολίτες.",
        "en": "A new-time offer was sent to {count} citizens.",
    },
    "cover.columns": {"el": "Ώρα|Κωδικός|Τρόπος|Νέος υπάλληλος", "en": "Time|Reference|Mode|New clerk"},
    "followup.title": {"el": "Νέο ραντεβού συνέχειας", "en": "Follow-up appointment"},
    "followup.intro": {
        "el": "Ελεύθερες ώρες για {name} — {service} (επόμενες δύο εβδομάδες):",
        "en": "Free times for {name} — {service} (next two weeks):",
    },
    "followup.none": {
        "el": "Δεν υπάρχουν ελεύθερες ώρες τις επόμενες δύο εβδομάδες.",
        "en": "No free times in the next two weeks.",
    },
    "followup.book": {"el": "Κράτηση", "en": "Book"},
    "followup.done": {
        "el": "Κλείστηκε νέο ραντεβού {reference} στις {when}; ο πολίτης θα λάβει e-mail.",
        "en": "Follow-up {reference} booked for {when}; the citizen will get an e-mail.",
    },
    "stats.title": {"el": "Φόρτος εργασίας και στατιστικά", "en": "Workload and statistics"},
    "stats.per": {"el": "Ανά", "en": "Per"},
    "stats.week": {"el": "Εβδομάδα", "en": "Week"},
    "stats.month": {"el": "Μήνας", "en": "Month"},
    "stats.from": {"el": "Από", "en": "From"},
    "stats.to": {"el": "Έως", "en": "To"},
    "stats.refresh": {"el": "Ανανέωση", "en": "Refresh"},
    "stats.export": {"el": "Εξαγωγή CSV…", "en": "Export CSV…"},
    "stats.saved": {"el": "Τα στατιστικά αποθηκεύτηκαν στο {path}", "en": "The figures were saved to {path}"},
    "stats.export_title": {"el": "Αποθήκευση στατιστικών (CSV)", "en": "Save the figures (CSV)"},
    "stats.csv_filter": {"el": "Αρχεία CSV (*.csv)", "en": "CSV files (*.csv)"},
    "stats.csv_name": {"el": "statistika-{first}-{last}.csv", "en": "statistics-{first}-{last}.csv"},
    "stats.by_clerk": {"el": "Ανά υπάλληλο", "en": "Per clerk"},
    "stats.by_service": {"el": "Ανά υπηρεσία", "en": "Per service"},
    "stats.show_period": {"el": "Περίοδος", "en": "Period"},
    "stats.all_periods": {"el": "Όλες οι περίοδοι", "en": "All periods"},
    "stats.total": {"el": "Σύνολο", "en": "Total"},
    "stats.col.clerk": {"el": "Υπάλληλος", "en": "Clerk"},
    "stats.col.service": {"el": "Υπηρεσία", "en": "Service"},
    "stats.col.bookings": {"el": "Ραντεβού", "en": "Bookings"},
    "stats.col.utilisation": {"el": "Πληρότητα (%)", "en": "Utilisation (%)"},
    "stats.col.completed": {"el": "Ολοκληρώθηκαν", "en": "Completed"},
    "stats.col.no_show_rate": {"el": "Μη προσέλευση (%)", "en": "No-show rate (%)"},
    "stats.col.cancelled": {"el": "Ακυρώθηκαν", "en": "Cancelled"},
    "stats.col.documents_missing": {"el": "Ελλιπή δικαιολογητικά", "en": "Documents missing"},
    "stats.tip.utilisation": {
        "el": "{booked} από {available} λεπτά διαθέσιμου χρόνου",
        "en": "{booked} of {available} available minutes",
    },
    "stats.tip.no_utilisation": {
        "el": "Η πληρότητα αφορά τον χρόνο των υπαλλήλων, όχι τις υπηρεσίες",
        "en": "Utilisation concerns clerks' time, not services",
    },
    "stats.tip.no_show": {
        "el": "{no_show} από {served} ραντεβού με έκβαση",
        "en": "{no_show} of {served} appointments with an outcome",
    },
    "stats.outcome.completed": {"el": "Ολοκληρώθηκαν", "en": "Completed"},
    "stats.outcome.no_show": {"el": "Δεν προσήλθαν", "en": "No-show"},
    "stats.outcome.cancelled": {"el": "Ακυρώθηκαν", "en": "Cancelled"},
    "stats.outcome.other": {"el": "Χωρίς έκβαση ακόμη", "en": "No outcome yet"},
    "stats.chart.clerk": {
        "el": "Ραντεβού ανά υπάλληλο και έκβαση",
        "en": "Appointments per clerk by outcome",
    },
    "stats.chart.service": {
        "el": "Ραντεβού ανά υπηρεσία και έκβαση",
        "en": "Appointments per service by outcome",
    },
    "stats.bar_tip": {"el": "{name} — {outcome}: {count}", "en": "{name} — {outcome}: {count}"},
    "stats.empty": {
        "el": "Επιλέξτε διάστημα και πατήστε «Ανανέωση».",
        "en": "Choose a range and press “Refresh”.",
    },
    "stats.no_data": {"el": "Κανένα ραντεβού σε αυτό το διάστημα.", "en": "No appointments in this range."},
    "stats.showing": {"el": "Στοιχεία {first} – {last}", "en": "Figures {first} – {last}"},
    "stats.loading": {"el": "Φόρτωση…", "en": "Loading…"},
    "stats.waitlist": {"el": "Σε λίστα αναμονής τώρα: {services}", "en": "On a waitlist now: {services}"},
    "stats.waitlist_none": {"el": "Κανείς σε λίστα αναμονής.", "en": "Nobody on a waitlist."},
    "stats.range_too_long": {
        "el": "Επιλέξτε έως {days} ημέρες.",
        "en": "Choose at most {days} days.",
    },
    "stats.range_reversed": {
        "el": "Η ημερομηνία «Έως» είναι πριν από την «Από».",
        "en": "“To” is before “From”.",
    },
    # ------------------------------------------------------------------ administration (issue 14)
    "menu.administration": {"el": "Διαχείριση…", "en": "Administration…"},
    "menu.my_account": {"el": "Ο λογαριασμός μου…", "en": "My account…"},
    "admin.title": {"el": "Διαχείριση", "en": "Administration"},
    "admin.tab.staff": {"el": "Προσωπικό", "en": "Staff"},
    "admin.column.name": {"el": "Ονοματεπώνυμο", "en": "Name"},
    "admin.column.username": {"el": "Όνομα χρήστη", "en": "Username"},
    "admin.column.role": {"el": "Ρόλος", "en": "Role"},
    "admin.column.email": {"el": "E-mail", "en": "E-mail"},
    "admin.column.active": {"el": "Κατάσταση", "en": "Status"},
    "admin.column.qualifications": {"el": "Υπηρεσίες", "en": "Services"},
    "admin.role.clerk": {"el": "Υπάλληλος", "en": "Clerk"},
    "admin.role.supervisor": {"el": "Προϊστάμενος/η", "en": "Supervisor"},
    "admin.role.admin": {"el": "Διαχειριστής", "en": "Administrator"},
    "admin.role.dpo": {"el": "Υπεύθυνος προστασίας δεδομένων", "en": "Data-protection officer"},
    "admin.every_municipality": {"el": "Όλοι οι δήμοι", "en": "Every municipality"},
    "admin.active": {"el": "Ενεργός", "en": "Active"},
    "admin.inactive": {"el": "Ανενεργός", "en": "Inactive"},
    "admin.mode_short.in_person": {"el": "δια ζώσης", "en": "in person"},
    "admin.mode_short.teleconference": {"el": "τηλεδιάσκεψη", "en": "teleconference"},
    "admin.in_person_only": {"el": "μόνο δια ζώσης", "en": "in person only"},
    "admin.no_qualifications": {"el": "—", "en": "—"},
    "admin.new": {"el": "Νέος λογαριασμός…", "en": "New account…"},
    "admin.edit": {"el": "Επεξεργασία…", "en": "Edit…"},
    "admin.deactivate": {"el": "Απενεργοποίηση", "en": "Deactivate"},
    "admin.reactivate": {"el": "Επανενεργοποίηση", "en": "Reactivate"},
    "admin.reset_password": {"el": "Νέος κωδικός…", "en": "Reset password…"},
    "admin.refresh": {"el": "Ανανέωση", "en": "Refresh"},
    "admin.loading": {"el": "Φόρτωση… δοκιμάστε ξανά σε λίγο.", "en": "Loading… try again in a moment."},
    "admin.new_title": {"el": "Νέος λογαριασμός προσωπικού", "en": "New staff account"},
    "admin.edit_title": {"el": "Επεξεργασία λογαριασμού", "en": "Edit account"},
    "admin.field.display_name": {"el": "Εμφανιζόμενο όνομα", "en": "Display name"},
    "admin.field.email": {"el": "E-mail", "en": "E-mail"},
    "admin.field.role": {"el": "Ρόλος", "en": "Role"},
    "admin.field.municipality": {"el": "Δήμος", "en": "Municipality"},
    "admin.field.teams_link": {"el": "Σύνδεσμος Teams", "en": "Teams link"},
    "admin.field.password_setup": {"el": "Πρώτος κωδικός", "en": "First password"},
    "admin.field.qualifications": {
        "el": "Υπηρεσίες και τρόποι εξυπηρέτησης",
        "en": "Services and how they are served",
    },
    "admin.setup.link": {"el": "Σύνδεσμος ορισμού κωδικού", "en": "Set-password link"},
    "admin.setup.temporary": {"el": "Προσωρινός κωδικός", "en": "Temporary password"},
    "admin.save": {"el": "Αποθήκευση", "en": "Save"},
    "admin.close": {"el": "Κλείσιμο", "en": "Close"},
    "admin.copy": {"el": "Αντιγραφή", "en": "Copy"},
    "admin.copied": {"el": "Αντιγράφηκε ✔", "en": "Copied ✔"},
    "admin.created": {"el": "Δημιουργήθηκε ο λογαριασμός «{name}».", "en": "Account “{name}” created."},
    "admin.saved": {"el": "Αποθηκεύτηκε: {name}.", "en": "Saved: {name}."},
    "admin.deactivated": {"el": "Απενεργοποιήθηκε: {name}.", "en": "Deactivated: {name}."},
    "admin.reactivated": {"el": "Επανενεργοποιήθηκε: {name}.", "en": "Reactivated: {name}."},
    "admin.deactivate_title": {"el": "Απενεργοποίηση λογαριασμού", "en": "Deactivate account"},
    "admin.deactivate_question": {
        "el": "Να απενεργοποιηθεί ο λογαριασμός «{name}»; Οι συνδέσεις του τερματίζονται.",
        "en": "Deactivate “{name}”? Their sign-ins end.",
    },
    "admin.has_bookings.one": {
        "el": "Δεν απενεργοποιήθηκε: έχει 1 επερχόμενο ραντεβού χωρίς άλλον υπάλληλο.",
        "en": "Not deactivated: 1 upcoming appointment would be left without a clerk.",
    },
    "admin.has_bookings": {
        "el": "Δεν απενεργοποιήθηκε: έχει {count} επερχόμενα ραντεβού χωρίς άλλον υπάλληλο.",
        "en": "Not deactivated: {count} upcoming appointment(s) would be left without a clerk.",
    },
    "admin.qualification_has_bookings": {
        "el": "Δεν αποθηκεύτηκε: {count} επερχόμενα ραντεβού χρειάζονται την αρμοδιότητα που αφαιρείτε. "
        "Αναθέστε τα πρώτα σε άλλον υπάλληλο (πίνακας προσωπικού) ή κρατήστε την ως τότε.",
        "en": "Not saved: {count} upcoming appointment(s) need the qualification you are removing. "
        "Reassign them to a colleague first (staff board) or keep it until then.",
    },
    "admin.more_bookings": {"el": "  … και {count} ακόμη", "en": "  … and {count} more"},
    "admin.cover_offer": {
        "el": "Ανοίξτε την «Κάλυψη απουσίας» για να τα μεταφέρετε σε συναδέλφους και δοκιμάστε ξανά.",
        "en": "Open “Cover an absence” to move them to colleagues, then try again.",
    },
    "admin.cover_elsewhere": {
        "el": "Μεταφέρετε πρώτα τα ραντεβού σε συναδέλφους («Κάλυψη απουσίας» στον πίνακα προσωπικού) "
        "και δοκιμάστε ξανά.",
        "en": "Move the appointments to colleagues first (“Cover an absence” on the staff board), "
        "then try again.",
    },
    "admin.open_cover": {"el": "Κάλυψη απουσίας…", "en": "Cover an absence…"},
    "admin.reset_title": {"el": "Νέος κωδικός", "en": "Reset password"},
    "admin.reset_question": {
        "el": "Νέος κωδικός για «{name}». Ο τωρινός κωδικός και οι συνδέσεις του τερματίζονται. Τι να δοθεί;",
        "en": "A new password for “{name}”. The current one and their sign-ins end. What to hand over?",
    },
    "admin.reset_done": {"el": "Εκδόθηκε νέος κωδικός για {name}.", "en": "New password issued for {name}."},
    "admin.issued_title": {"el": "Κωδικός πρόσβασης", "en": "Password"},
    "admin.issued_link": {
        "el": "Δώστε στον/στην {name} αυτόν τον σύνδεσμο για να ορίσει κωδικό (ισχύει 72 ώρες, μία φορά):",
        "en": "Give {name} this link to set a password (valid 72 hours, once):",
    },
    "admin.issued_emailed": {
        "el": "Ο σύνδεσμος στάλθηκε επίσης με e-mail στο {email}.",
        "en": "The link was also e-mailed to {email}.",
    },
    "admin.issued_not_emailed": {
        "el": "Ο σύνδεσμος δεν στάλθηκε με e-mail ({reason}): δώστε τον εσείς.",
        "en": "The link was not e-mailed ({reason}): hand it over yourself.",
    },
    "admin.issued_no_email": {
        "el": "Ο λογαριασμός δεν έχει e-mail: δώστε τον σύνδεσμο εσείς.",
        "en": "The account has no e-mail address: hand the link over yourself.",
    },
    "admin.issued_temporary": {
        "el": "Προσωρινός κωδικός για {name}· θα ζητηθεί αλλαγή του στην πρώτη σύνδεση:",
        "en": "Temporary password for {name}; they must change it at first sign-in:",
    },
    "admin.issued_once": {
        "el": "Εμφανίζεται μόνο τώρα: αντιγράψτε τον πριν κλείσετε το παράθυρο.",
        "en": "Shown only now: copy it before closing this window.",
    },
    "account.title": {"el": "Ο λογαριασμός μου", "en": "My account"},
    "account.password_title": {"el": "Αλλαγή κωδικού", "en": "Change password"},
    "account.password_intro": {
        "el": "Τουλάχιστον 10 χαρακτήρες· όχι κάποιος από τους πιο συνηθισμένους κωδικούς.",
        "en": "At least 10 characters; not one of the most common passwords.",
    },
    "account.forced": {
        "el": "Συνδεθήκατε με προσωρινό κωδικό. Ορίστε δικό σας κωδικό για να συνεχίσετε "
        "(τουλάχιστον 10 χαρακτήρες, όχι κάποιος πολύ συνηθισμένος).",
        "en": "You signed in with a temporary password. Choose your own to continue "
        "(at least 10 characters, not a very common one).",
    },
    "account.old_password": {"el": "Τωρινός κωδικός", "en": "Current password"},
    "account.new_password": {"el": "Νέος κωδικός", "en": "New password"},
    "account.repeat_password": {"el": "Νέος κωδικός ξανά", "en": "New password again"},
    "account.mismatch": {"el": "Οι δύο νέοι κωδικοί διαφέρουν.", "en": "The two new passwords differ."},
    "account.change_password": {"el": "Αλλαγή κωδικού", "en": "Change password"},
    "account.change_password_more": {"el": "Αλλαγή κωδικού…", "en": "Change password…"},
    "account.sign_out_instead": {"el": "Αποσύνδεση", "en": "Sign out"},
    "account.password_changed": {"el": "Ο κωδικός σας άλλαξε.", "en": "Your password was changed."},
    "account.saved": {"el": "Τα στοιχεία σας αποθηκεύτηκαν.", "en": "Your details were saved."},
    "account.offline": {
        "el": "Χρειάζεται σύνδεση με τον διακομιστή· δοκιμάστε ξανά σε λίγο.",
        "en": "This needs the server; try again shortly.",
    },
}
for _tab in (
    plans,
    absences,
    catalogue,
    closures,
    panelweek,
    lifecycle,
    feedlink,
    printing,
    moves,
    newbooking,
    refusals,
    dataprotection,
    webhooks,
    preflight,
    needs,  # issue 18
    rescue,
    capacity,
    coapplicants,  # issue 18: joint appointments
):
    MESSAGES.update(_tab.WORDS)

_language = "el"


def set_language(language: str) -> None:
    global _language
    _language = language if language in ("el", "en") else "el"


def language() -> str:
    return _language


def tr(key: str, **values: Any) -> str:
    """The text for ``key`` in the current language (its ``.one`` form when ``count`` is 1); the key
    itself if it is missing (visible in review)."""
    entry = MESSAGES.get(key)
    if values.get("count") == 1:  # Greek and English both say "1 πολίτη", "1 citizen": a ".one" form
        entry = MESSAGES.get(f"{key}.one", entry)
    text = entry.get(_language, entry["el"]) if entry else key
    return text.format(**values) if values else text


def count_words(count: int, one: str, many: str) -> str:
    """``one`` for exactly one (its text carries the 1), ``many`` with ``{count}`` otherwise."""
    return tr(one) if count == 1 else tr(many, count=count)


def duration_words(minutes: int) -> str:
    """373 → «6 ώρες και 13 λεπτά»: nobody reads hundreds of minutes at a glance."""
    hours, rest = divmod(max(minutes, 0), 60)
    hour_text = count_words(hours, "duration.hour", "duration.hours")
    minute_text = count_words(rest, "duration.minute", "duration.minutes")
    if not hours:
        return minute_text
    if not rest:
        return hour_text
    return tr("duration.and", hours=hour_text, minutes=minute_text)
