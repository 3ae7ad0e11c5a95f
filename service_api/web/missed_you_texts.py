"""The «we missed you» pages' words (issue 18), Greek and English; merged into ``web.texts.TEXTS``."""

from __future__ import annotations

MISSED_YOU_TEXTS: dict[str, dict[str, str]] = {
    "missed.title": {"el": "Νέα ώρα για το ραντεβού σας", "en": "A new time for your appointment"},
    "missed.intro": {
        "el": "Σας χάσαμε στο ραντεβού σας. Επιβεβαιώστε τη νέα ώρα και το ραντεβού σας θα μεταφερθεί.",
        "en": "We missed you at your appointment. Confirm the new time and your appointment moves to it.",
    },
    "missed.confirm": {"el": "Κλείστε αυτή την ώρα", "en": "Book this time"},
    "missed.taken": {
        "el": "Η ώρα {when} δεν είναι πια διαθέσιμη· λυπούμαστε. Διαλέξτε μία από τις άλλες ώρες.",
        "en": "The time {when} is no longer free; we are sorry. Please choose one of the other times.",
    },
    "missed.others": {"el": "Άλλες ελεύθερες ώρες", "en": "Other free times"},
    "missed.none_left": {
        "el": "Δεν μένει άλλη από τις ώρες που σας προτείναμε· κλείστε νέο ραντεβού από τη φόρμα.",
        "en": "None of the times we offered is left; please book again on the form.",
    },
    "missed.closed": {
        "el": "Ο σύνδεσμος δεν ισχύει πια: το ραντεβού έχει ήδη αλλάξει, ακυρωθεί ή κλείσει.",
        "en": "This link no longer works: the appointment has already been changed, cancelled or closed.",
    },
}
