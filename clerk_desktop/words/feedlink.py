"""Greek and English words of the calendar-feed (Outlook) link dialog."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "feedlink.text": {
        "el": "Προσθέστε αυτόν τον μυστικό σύνδεσμο στο Outlook («Προσθήκη ημερολογίου → Από το "
        "διαδίκτυο»). Ο σύνδεσμος μένει ίδιος κάθε φορά που ανοίγετε αυτό το παράθυρο.",
        "en": "Add this secret link in Outlook (“Add calendar → From internet”). "
        "The link stays the same every time you open this window.",
    },
    "feedlink.close": {"el": "Κλείσιμο", "en": "Close"},
    "feedlink.copy": {"el": "Αντιγραφή", "en": "Copy"},
    "feedlink.copied": {"el": "Ο σύνδεσμος αντιγράφηκε.", "en": "The link was copied."},
    "feedlink.rotate": {"el": "Νέος σύνδεσμος…", "en": "New link…"},
    "feedlink.rotate_title": {"el": "Νέος σύνδεσμος ημερολογίου", "en": "New calendar link"},
    "feedlink.rotate_question": {
        "el": "Ο τωρινός σύνδεσμος θα σταματήσει να λειτουργεί αμέσως· όσες συνδρομές στο Outlook "
        "τον χρησιμοποιούν πρέπει να ενημερωθούν με τον νέο. Να δημιουργηθεί νέος σύνδεσμος;",
        "en": "The current link stops working at once; Outlook subscriptions that use it must be "
        "updated with the new one. Create a new link?",
    },
    "feedlink.rotate_confirm": {"el": "Νέος σύνδεσμος", "en": "New link"},
    "feedlink.rotating": {"el": "Δημιουργία νέου συνδέσμου…", "en": "Creating a new link…"},
    "feedlink.rotated": {
        "el": "Νέος σύνδεσμος· ο παλιός δεν λειτουργεί πια. Ενημερώστε το Outlook.",
        "en": "New link; the old one no longer works. Update Outlook.",
    },
}
