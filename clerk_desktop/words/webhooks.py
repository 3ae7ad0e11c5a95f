"""Greek and English words of the administration window's «Webhooks» tab (issue 17, admins only)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "webhooks.tab": {"el": "Webhooks", "en": "Webhooks"},
    "webhooks.new": {"el": "Νέο webhook…", "en": "New webhook…"},
    "webhooks.delete": {"el": "Διαγραφή", "en": "Delete"},
    "webhooks.send_again": {"el": "Αποστολή ξανά", "en": "Send again"},
    "webhooks.endpoints": {
        "el": "Διευθύνσεις που δέχονται τα συμβάντα των ραντεβού",
        "en": "Endpoints that receive the bookings' events",
    },
    "webhooks.deliveries": {
        "el": "Αποστολές προς το επιλεγμένο webhook (νεότερες πρώτα)",
        "en": "Deliveries to the selected webhook (newest first)",
    },
    "webhooks.pick_one": {
        "el": "Επιλέξτε ένα webhook για να δείτε τις αποστολές του.",
        "en": "Choose a webhook to see its deliveries.",
    },
    "webhooks.signed": {
        "el": "Κάθε αποστολή υπογράφεται (X-Dimos-Signature, HMAC-SHA256) με το μυστικό κλειδί του webhook.",
        "en": "Every delivery is signed (X-Dimos-Signature, HMAC-SHA256) with the webhook's secret.",
    },
    # The endpoints' table
    "webhooks.col.url": {"el": "Διεύθυνση (URL)", "en": "URL"},
    "webhooks.col.events": {"el": "Συμβάντα", "en": "Events"},
    "webhooks.col.personal": {"el": "Προσωπικά δεδομένα", "en": "Personal data"},
    "webhooks.col.secret": {"el": "Κλειδί", "en": "Secret"},
    "webhooks.col.last": {"el": "Τελευταία αποστολή", "en": "Last delivery"},
    # The deliveries' table
    "webhooks.col.time": {"el": "Ώρα", "en": "Time"},
    "webhooks.col.event": {"el": "Συμβάν", "en": "Event"},
    "webhooks.col.booking": {"el": "Ραντεβού", "en": "Booking"},
    "webhooks.col.attempt": {"el": "Προσπάθεια", "en": "Attempt"},
    "webhooks.col.answer": {"el": "Απάντηση", "en": "Answer"},
    "webhooks.col.duration": {"el": "Διάρκεια", "en": "Duration"},
    "webhooks.col.error": {"el": "Σφάλμα", "en": "Error"},
    # Events and personal-data levels
    "webhooks.event.booking.created": {"el": "Νέο ραντεβού", "en": "Booking created"},
    "webhooks.event.booking.rescheduled": {"el": "Αλλαγή ώρας", "en": "Rescheduled"},
    "webhooks.event.booking.cancelled": {"el": "Ακύρωση", "en": "Cancelled"},
    "webhooks.event.booking.reassigned": {"el": "Αλλαγή υπαλλήλου", "en": "Reassigned"},
    "webhooks.event.booking.completed": {"el": "Καταχώριση έκβασης", "en": "Outcome recorded"},
    "webhooks.events.all": {"el": "Όλα", "en": "All"},
    "webhooks.personal.none": {"el": "Κανένα", "en": "None"},
    "webhooks.personal.contact": {"el": "Στοιχεία επικοινωνίας", "en": "Contact details"},
    "webhooks.personal.none.long": {
        "el": "Κανένα: αριθμός, υπηρεσία, τρόπος, ώρες (UTC), κατάσταση, κωδικός υπαλλήλου",
        "en": "None: reference, service, mode, times (UTC), status, clerk id",
    },
    "webhooks.personal.contact.long": {
        "el": "Και στοιχεία επικοινωνίας του πολίτη: ονοματεπώνυμο, e-mail, τηλέφωνο",
        "en": "Also the citizen's contact details: name, e-mail, phone",
    },
    # Answers in the log
    "webhooks.answer.none": {"el": "χωρίς απάντηση", "en": "no answer"},
    "webhooks.last.never": {"el": "Καμία ακόμη", "en": "None yet"},
    "webhooks.last.ok": {"el": "{time} · {code} ✓", "en": "{time} · {code} ✓"},
    "webhooks.last.failed": {"el": "{time} · ✗ {answer}", "en": "{time} · ✗ {answer}"},
    "webhooks.duration": {"el": "{ms} ms", "en": "{ms} ms"},
    # The form
    "webhooks.form.title": {"el": "Νέο webhook", "en": "New webhook"},
    "webhooks.form.url": {"el": "Διεύθυνση (URL)", "en": "URL"},
    "webhooks.form.url_hint": {
        "el": "https://… του συστήματος που δέχεται τις αποστολές",
        "en": "https://… of the system that receives the deliveries",
    },
    "webhooks.form.secret": {"el": "Μυστικό κλειδί", "en": "Secret"},
    "webhooks.form.generate": {"el": "Νέο τυχαίο", "en": "Generate"},
    "webhooks.form.show": {"el": "Εμφάνιση", "en": "Show"},
    "webhooks.form.secret_note": {
        "el": "Δώστε το ίδιο κλειδί στο σύστημα που δέχεται τις αποστολές: δεν θα ξαναεμφανιστεί.",
        "en": "Give the same secret to the receiving system: it will not be shown again.",
    },
    "webhooks.form.events": {"el": "Συμβάντα", "en": "Events"},
    "webhooks.form.personal": {"el": "Προσωπικά δεδομένα", "en": "Personal data"},
    "webhooks.form.description": {"el": "Περιγραφή", "en": "Description"},
    "webhooks.form.save": {"el": "Αποθήκευση", "en": "Save"},
    "webhooks.form.cancel": {"el": "Άκυρο", "en": "Cancel"},
    # Messages
    "webhooks.added": {"el": "Το webhook {url} καταχωρίστηκε.", "en": "The webhook {url} was registered."},
    "webhooks.deleted": {"el": "Το webhook {url} διαγράφηκε.", "en": "The webhook {url} was deleted."},
    "webhooks.delete_title": {"el": "Διαγραφή webhook", "en": "Delete webhook"},
    "webhooks.delete_question": {
        "el": "Να διαγραφεί το webhook {url} μαζί με το ιστορικό αποστολών του; "
        "Όσες αποστολές εκκρεμούν δεν θα γίνουν.",
        "en": "Delete the webhook {url} with its delivery log? Deliveries still queued will not be made.",
    },
    "webhooks.resent": {
        "el": "«{event}» του ραντεβού {reference} θα σταλεί ξανά σε λίγο.",
        "en": "«{event}» of booking {reference} will be sent again shortly.",
    },
    "webhooks.send_again_title": {"el": "Αποστολή ξανά", "en": "Send again"},
}
