"""The citizen form's words for accessibility needs (issue 18), Greek (default) and English."""

from __future__ import annotations

NEEDS_TEXTS: dict[str, dict[str, str]] = {
    "needs.legend": {"el": "Χρειάζεστε κάποια διευκόλυνση;", "en": "Do you need any assistance?"},
    "needs.hint": {
        "el": "Επιλέξτε ό,τι χρειάζεστε πριν διαλέξετε ώρα: εμφανίζονται μόνο οι ώρες που μπορούμε να σας "
        "εξυπηρετήσουμε έτσι. Δεν είναι υποχρεωτικό.",
        "en": "Choose what you need before you pick a time: only the times we can serve you that way are "
        "shown. This is optional.",
    },
    "needs.extra_time_hint": {
        "el": "Το ραντεβού διαρκεί {n} λεπτά περισσότερο.",
        "en": "The appointment lasts {n} minutes longer.",
    },
    "needs.language": {"el": "Γλώσσα διερμηνείας", "en": "Language to interpret"},
    "needs.language_hint": {
        "el": "Για παράδειγμα «Αραβικά» ή «English». Μόνο γράμματα, έως 40.",
        "en": "For example “Arabic” or “Αγγλικά”. Letters only, at most 40.",
    },
    "needs.apply": {"el": "Εμφάνιση διαθέσιμων ωρών", "en": "Show free times"},
    "needs.chosen": {"el": "Οι ώρες ταιριάζουν σε: {needs}", "en": "Times shown suit: {needs}"},
    "needs.none_free": {
        "el": "Δεν υπάρχουν διαθέσιμες ώρες με αυτές τις διευκολύνσεις. Αλλάξτε την επιλογή σας ή "
        "επικοινωνήστε με τον Δήμο.",
        "en": "There are no free times with these needs. Change your choice or contact the municipality.",
    },
    "needs.title": {"el": "Διευκολύνσεις", "en": "Accessibility needs"},
    "errors.needs_language": {
        "el": "Γράψτε τη γλώσσα του διερμηνέα, μόνο με γράμματα (έως 40).",
        "en": "Enter the interpreter's language, in letters only (at most 40).",
    },
    "errors.needs_unknown": {"el": "Άγνωστη διευκόλυνση.", "en": "Unknown need."},
}
