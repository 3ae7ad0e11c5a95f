"""Greek and English words of the booking lifecycle at the desk: what may be done when, and why not."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "lifecycle.check_in_on_the_day": {
        "el": "Η άφιξη καταχωρίζεται την ημέρα του ραντεβού, από μία ώρα πριν την έναρξη.",
        "en": "Check-in is possible on the day of the appointment, from an hour before its start.",
    },
    "lifecycle.missing.title": {"el": "Δικαιολογητικά που λείπουν", "en": "Documents not received"},
    "lifecycle.missing.question": {
        "el": "Λείπουν {missing} από {total} δικαιολογητικά. Ολοκλήρωση παρ' όλα αυτά;",
        "en": "{missing} of {total} documents are missing. Complete anyway?",
    },
    "lifecycle.missing.question_one": {
        "el": "Λείπει 1 από {total} δικαιολογητικά. Ολοκλήρωση παρ' όλα αυτά;",
        "en": "1 of {total} documents is missing. Complete anyway?",
    },
    "lifecycle.missing.complete": {"el": "Ολοκλήρωση παρ' όλα αυτά", "en": "Complete anyway"},
    "lifecycle.missing.record_missing": {
        "el": "Καταχώριση «Λείπουν δικαιολογητικά»",
        "en": "Record “Documents missing”",
    },
    # The server's refusal codes, in the clerk's words.
    "refusal.booking_cancelled": {
        "el": "το ραντεβού έχει ακυρωθεί στο μεταξύ· η αλλαγή δεν αποθηκεύτηκε.",
        "en": "the appointment has been cancelled meanwhile; the change was not saved.",
    },
    "refusal.check_in_not_now": {
        "el": "η άφιξη καταχωρίζεται μόνο την ημέρα του ραντεβού, από μία ώρα πριν την έναρξη.",
        "en": "check-in is possible only on the day of the appointment, from an hour before its start.",
    },
    "refusal.no_show_not_allowed": {
        "el": "«Δεν προσήλθε» καταχωρίζεται μόνο μετά την ώρα έναρξης και αν δεν έχει καταχωριστεί άφιξη.",
        "en": "“No-show” can be recorded only after the start and when the citizen was not checked in.",
    },
    "refusal.booking_closed": {
        "el": "το ραντεβού έχει ήδη καταχωρισμένη έκβαση.",
        "en": "the appointment already has its outcome.",
    },
    "refusal.documents_missing": {
        "el": "δεν έχουν παραληφθεί όλα τα δικαιολογητικά· η έκβαση δεν καταχωρίστηκε.",
        "en": "not all documents were received; the outcome was not recorded.",
    },
    "refusal.invalid_transition": {
        "el": "η κατάσταση του ραντεβού δεν το επιτρέπει πια.",
        "en": "the appointment's status no longer allows it.",
    },
}
