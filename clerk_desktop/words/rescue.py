"""Greek and English words of the no-show rescue bar (issue 18) and the service form's rescue minutes."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "rescue.title": {
        "el": "Ο πολίτης δεν έχει έρθει ακόμη ({minutes}′ μετά την έναρξη)",
        "en": "The citizen has not arrived yet ({minutes}′ after the start)",
    },
    "rescue.phone": {"el": "Τηλέφωνο: {phone}", "en": "Phone: {phone}"},
    "rescue.no_phone": {"el": "Δεν δόθηκε τηλέφωνο", "en": "No phone number given"},
    "rescue.call": {"el": "Κλήση", "en": "Call"},
    "rescue.missed_you": {"el": "Αποστολή «Σας χάσαμε»", "en": "Send “We missed you”"},
    "rescue.sent": {
        "el": "Στάλθηκε «Σας χάσαμε» στις {time} με τις επόμενες ελεύθερες ώρες.",
        "en": "“We missed you” sent at {time} with the next free times.",
    },
    "rescue.no_email": {
        "el": "Ο πολίτης δεν έδωσε e-mail· καλέστε τον.",
        "en": "The citizen gave no e-mail address; call them.",
    },
    "rescue.joined": {
        "el": "Σύμφωνα με την αναφορά παρουσίας του Teams, ο πολίτης συνδέθηκε ({minutes}′).",
        "en": "The Teams attendance report shows the citizen joined ({minutes}′).",
    },
    "rescue.absent": {
        "el": "Σύμφωνα με την αναφορά παρουσίας του Teams, ο πολίτης δεν συνδέθηκε.",
        "en": "The Teams attendance report shows the citizen did not join.",
    },
    "rescue.unclear": {
        "el": "Η αναφορά παρουσίας του Teams δείχνει επισκέπτη που δεν αντιστοιχίστηκε"
        " στον πολίτη ({minutes}′). Ελέγξτε και καταχωρίστε εσείς την έκβαση.",
        "en": "The Teams attendance report shows a guest who could not be matched to the citizen"
        " ({minutes}′). Check and record the outcome yourself.",
    },
    # A refused «we missed you» replayed from the queue (``refusals.py`` reads ``refusal.action.<label>``).
    "refusal.action.missed_you": {"el": "Η αποστολή «Σας χάσαμε»", "en": "Sending “We missed you”"},
    "catalogue.field.no_show_rescue": {
        "el": "Υπενθύμιση μη προσέλευσης μετά από",
        "en": "No-show rescue after",
    },
}
