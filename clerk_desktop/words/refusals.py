"""Greek and English words of the server's refusals, by their code (issue 15, defect 7).

Each text is the reason as it follows a colon («… δεν έγινε: <reason>»); standing alone it starts
with a capital. The lifecycle's own refusals are in ``lifecycle.py``.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "refusal.wrong_credentials": {
        "el": "λάθος όνομα χρήστη ή κωδικός.",
        "en": "wrong username or password.",
    },
    "refusal.account_disabled": {
        "el": "ο λογαριασμός έχει απενεργοποιηθεί· απευθυνθείτε στον προϊστάμενό σας.",
        "en": "this account is disabled; ask your supervisor.",
    },
    "refusal.sign_in_expired": {
        "el": "η σύνδεσή σας έληξε· συνδεθείτε ξανά.",
        "en": "your sign-in has expired; please sign in again.",
    },
    "refusal.token_expired": {
        "el": "η σύνδεσή σας έληξε· συνδεθείτε ξανά.",
        "en": "your sign-in has expired; please sign in again.",
    },
    "refusal.offline": {
        "el": "ο διακομιστής δεν απαντά αυτή τη στιγμή· δοκιμάστε ξανά σε λίγο.",
        "en": "the server does not answer just now; try again shortly.",
    },
    "refusal.not_qualified": {
        "el": "{staff}: δεν εξυπηρετεί αυτή την υπηρεσία με αυτόν τον τρόπο "
        "(φυσική παρουσία ή τηλεδιάσκεψη).",
        "en": "{staff} does not serve this service in this mode (in person or teleconference).",
    },
    # «ένα ολοκληρωμένο ραντεβού δεν μπορεί να γίνει «Δεν προσήλθε»»: the state a booking is in, as a subject.
    "refusal.transition": {
        "el": "{state} δεν μπορεί να γίνει «{target}».",
        "en": "{state} cannot become “{target}”.",
    },
    "refusal.state.held": {"el": "ένα ραντεβού σε αναμονή επιβεβαίωσης", "en": "an appointment on hold"},
    "refusal.state.confirmed": {"el": "ένα επιβεβαιωμένο ραντεβού", "en": "a confirmed appointment"},
    "refusal.state.checked_in": {
        "el": "ένα ραντεβού με καταχωρισμένη άφιξη",
        "en": "an appointment whose citizen has checked in",
    },
    "refusal.state.completed": {"el": "ένα ολοκληρωμένο ραντεβού", "en": "a completed appointment"},
    "refusal.state.no_show": {
        "el": "ένα ραντεβού όπου ο πολίτης δεν προσήλθε",
        "en": "an appointment the citizen missed",
    },
    "refusal.state.cancelled": {"el": "ένα ακυρωμένο ραντεβού", "en": "a cancelled appointment"},
    # A refused write, perhaps replayed from the offline queue long after the clerk made it.
    "refusal.queued": {
        "el": "{action} για το {reference} δεν έγινε: {reason}",
        "en": "{action} for {reference} was not done: {reason}",
    },
    "refusal.queued_action": {"el": "Η ενέργεια «{label}»", "en": "The action “{label}”"},
    "refusal.action.document": {"el": "Η αλλαγή δικαιολογητικού", "en": "The document change"},
    "refusal.action.notes": {"el": "Η αποθήκευση σημειώσεων", "en": "Saving the notes"},
    "refusal.action.identity": {"el": "Ο έλεγχος ταυτότητας", "en": "The identity check"},
    "refusal.action.check_in": {"el": "Η καταχώριση άφιξης", "en": "Checking in"},
    "refusal.action.outcome": {"el": "Η καταχώριση έκβασης", "en": "Recording the outcome"},
}
