"""Greek and English words of «Νέα κράτηση»: booking for a caller or a walk-in at the desk (issue 15)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "menu.new_booking": {"el": "Νέα κράτηση…", "en": "New booking…"},
    "newbk.title": {"el": "Νέα κράτηση", "en": "New booking"},
    "newbk.service": {"el": "Υπηρεσία", "en": "Service"},
    "newbk.mode": {"el": "Τρόπος", "en": "Mode"},
    "newbk.day": {"el": "Ημέρα", "en": "Day"},
    "newbk.times": {"el": "Ελεύθερες ώρες", "en": "Free times"},
    "newbk.loading": {"el": "Φόρτωση ελεύθερων ωρών…", "en": "Loading free times…"},
    "newbk.no_times": {"el": "Καμία ελεύθερη ώρα αυτή την ημέρα.", "en": "No free time on this day."},
    "newbk.slot": {"el": "{time}   ({count} ελεύθεροι)", "en": "{time}   ({count} free)"},
    "newbk.slot.one": {"el": "{time}   (1 ελεύθερος)", "en": "{time}   (1 free)"},
    "newbk.slot_mine": {"el": "★ εσείς", "en": "★ you"},
    "newbk.mine_hint": {
        "el": "★: μπορείτε να το αναλάβετε εσείς· η κράτηση πηγαίνει σε εσάς όταν είστε ελεύθεροι.",
        "en": "★: you could take it yourself; the booking goes to you when you are free.",
    },
    "newbk.now": {"el": "Τώρα", "en": "Now"},
    "newbk.now_hint": {
        "el": "Αυτοπροσώπως τώρα: με τον πρώτο ελεύθερο υπάλληλο, χωρίς να επιλέξετε ώρα.",
        "en": "Walk-in now: with the first free clerk, no time to choose.",
    },
    "newbk.citizen": {"el": "Στοιχεία πολίτη", "en": "Citizen"},
    "newbk.name": {"el": "Ονοματεπώνυμο", "en": "Full name"},
    "newbk.phone": {"el": "Τηλέφωνο", "en": "Phone"},
    "newbk.email": {"el": "E-mail (προαιρετικό)", "en": "E-mail (optional)"},
    "newbk.email_hint": {
        "el": "Χωρίς e-mail δεν στέλνεται επιβεβαίωση· δώστε την κράτηση προφορικά.",
        "en": "Without an e-mail no confirmation is sent; tell the citizen the booking.",
    },
    "newbk.source": {"el": "Προέλευση", "en": "Came in by"},
    "newbk.source.phone": {"el": "Τηλέφωνο", "en": "Phone"},
    "newbk.source.walk_in": {"el": "Αυτοπροσώπως", "en": "Walk-in"},
    "newbk.book": {"el": "Κράτηση", "en": "Book"},
    "newbk.close": {"el": "Κλείσιμο", "en": "Close"},
    "newbk.booking": {"el": "Γίνεται η κράτηση…", "en": "Booking…"},
    "newbk.choose_time": {"el": "Επιλέξτε μια ελεύθερη ώρα.", "en": "Choose a free time."},
    "newbk.need_name": {"el": "Συμπληρώστε το ονοματεπώνυμο.", "en": "Enter the full name."},
    "newbk.need_phone": {
        "el": "Συμπληρώστε τηλέφωνο: χωρίς αυτό ο πολίτης δεν είναι προσβάσιμος.",
        "en": "Enter a phone number: without it the citizen cannot be reached.",
    },
    "newbk.booked": {"el": "Κράτηση {reference}", "en": "Booking {reference}"},
    "newbk.booked_when": {
        "el": "{day} στις {time}, με {clerk}",
        "en": "{day} at {time}, with {clerk}",
    },
    "newbk.booked_mail": {
        "el": "Η επιβεβαίωση στέλνεται στο {email}.",
        "en": "The confirmation goes to {email}.",
    },
    "newbk.booked_no_mail": {
        "el": "Χωρίς e-mail: πείτε στον πολίτη τον κωδικό και την ώρα.",
        "en": "No e-mail: tell the citizen the reference and the time.",
    },
    "newbk.nothing_now": {
        "el": "Κανείς υπάλληλος δεν είναι ελεύθερος τώρα. Πρώτη ελεύθερη ώρα: {when}.",
        "en": "No clerk is free now. Next free time: {when}.",
    },
    "newbk.nothing_now_none": {
        "el": "Κανείς υπάλληλος δεν είναι ελεύθερος τώρα ούτε τις επόμενες ημέρες.",
        "en": "No clerk is free now, nor in the next days.",
    },
    "newbk.another": {"el": "Νέα κράτηση", "en": "Another booking"},
    "newbk.need_email_video": {
        "el": "Η τηλεδιάσκεψη χρειάζεται e-mail: ο σύνδεσμός της στέλνεται με e-mail.",
        "en": "A teleconference needs an e-mail: its link is sent by e-mail.",
    },
    # Issue 18: accessibility needs (asked before the times) and co-applicants.
    "newbk.needs": {"el": "Διευκολύνσεις", "en": "Accessibility needs"},
    "newbk.needs_hint": {
        "el": "Ρωτήστε πριν από την ώρα: οι διευκολύνσεις αλλάζουν τις ελεύθερες ώρες.",
        "en": "Ask before the time: the needs change the free times.",
    },
    "newbk.needs_language": {"el": "Γλώσσα διερμηνέα", "en": "Interpreter's language"},
    "newbk.needs_language_hint": {"el": "π.χ. Αραβικά", "en": "e.g. Arabic"},
    "newbk.need_language": {
        "el": "Γράψτε τη γλώσσα του διερμηνέα.",
        "en": "Enter the interpreter's language.",
    },
    "newbk.coapp_email": {"el": "E-mail συναιτούντα {n}", "en": "Co-applicant {n}'s e-mail"},
    "newbk.coapp_name": {"el": "Ονοματεπώνυμο συναιτούντα {n}", "en": "Co-applicant {n}'s name"},
    "newbk.coapp_required": {
        "el": "Η υπηρεσία απαιτεί συναιτούντα: λαμβάνει e-mail και επιβεβαιώνει τη συμμετοχή του.",
        "en": "This service requires a co-applicant: they get an e-mail and confirm they take part.",
    },
    "newbk.coapp_optional": {
        "el": "Προαιρετικά: όποιος δηλωθεί λαμβάνει e-mail και επιβεβαιώνει τη συμμετοχή του.",
        "en": "Optional: whoever is named gets an e-mail and confirms they take part.",
    },
    "newbk.need_coapp": {
        "el": "Συμπληρώστε το e-mail του συναιτούντα: η υπηρεσία τον απαιτεί.",
        "en": "Enter the co-applicant's e-mail: this service requires one.",
    },
    "newbk.need_email_coapp": {
        "el": "Η κοινή κράτηση χρειάζεται το e-mail του αιτούντα.",
        "en": "A joint appointment needs the applicant's e-mail.",
    },
    "newbk.booked_waiting": {
        "el": "Αναμονή συναιτούντα: η κράτηση επιβεβαιώνεται όταν επιβεβαιώσουν οι συναιτούντες.",
        "en": "Waiting for co-applicant: the booking is confirmed once the co-applicants confirm.",
    },
    # The server's refusals of a booking, in the clerk's words (its per-field messages are shown as given).
    "newbk.refusal.slot_unavailable": {
        "el": "Η ώρα αυτή μόλις κλείστηκε. Επιλέξτε άλλη.",
        "en": "This time has just been taken. Choose another.",
    },
    "newbk.refusal.citizen_limit_reached": {
        "el": "Ο πολίτης έχει ήδη τα μέγιστα επερχόμενα ραντεβού για αυτή την υπηρεσία.",
        "en": "The citizen already has the most upcoming appointments allowed for this service.",
    },
    "newbk.refusal.time_not_offered": {
        "el": "Η ώρα αυτή δεν προσφέρεται πια. Επιλέξτε άλλη.",
        "en": "This time is no longer offered. Choose another.",
    },
    "newbk.refusal.rule_violation": {
        "el": "Ελέγξτε τα σημειωμένα πεδία.",
        "en": "Check the marked fields.",
    },
    "newbk.refusal.forbidden": {
        "el": "Δεν επιτρέπεται να κάνετε αυτή την κράτηση.",
        "en": "You may not make this booking.",
    },
}
