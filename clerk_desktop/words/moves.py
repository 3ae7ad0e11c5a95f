"""Greek and English words of rescheduling and cancelling from the desk (issue 15, front desk)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "panel.reschedule": {"el": "Αλλαγή ώρας…", "en": "Change time…"},
    "panel.cancel_booking": {"el": "Ακύρωση…", "en": "Cancel…"},
    "panel.change_not_now": {
        "el": "Αλλάζουν ή ακυρώνονται μόνο επιβεβαιωμένα ραντεβού που δεν έχουν αρχίσει.",
        "en": "Only confirmed appointments that have not started can be moved or cancelled.",
    },
    # The reschedule dialog.
    "move.title": {"el": "Αλλαγή ώρας ραντεβού", "en": "Change the appointment's time"},
    "move.intro": {
        "el": "{name} — {service}\nΤρέχουσα ώρα ραντεβού: {when}\n"
        "Επιλέξτε ημέρα και νέα ώρα. Ο πολίτης θα ενημερωθεί με e-mail.",
        "en": "{name} — {service}\nBooked for: {when}\n"
        "Choose a day and a new time. The citizen will be told by e-mail.",
    },
    "move.days": {"el": "Ημέρα", "en": "Day"},
    "move.times": {"el": "Ελεύθερες ώρες", "en": "Free times"},
    "move.day_count": {"el": "{day} · {count} ώρες", "en": "{day} · {count} times"},
    "move.day_count.one": {"el": "{day} · 1 ώρα", "en": "{day} · 1 time"},
    "move.none": {
        "el": "Δεν υπάρχουν ελεύθερες ώρες τις επόμενες εβδομάδες.",
        "en": "No free times in the coming weeks.",
    },
    "move.keep_clerk": {
        "el": "Να το κρατήσω εγώ (μόνο ώρες που είμαι ελεύθερος/η)",
        "en": "Keep it myself (only times I am free)",
    },
    "move.keep_clerk_tip": {
        "el": "Χωρίς αυτό, την ώρα μπορεί να την αναλάβει άλλος υπάλληλος με την ίδια αρμοδιότητα.",
        "en": "Without this, another qualified clerk may take the new time.",
    },
    "move.confirm": {"el": "Αλλαγή ώρας", "en": "Change time"},
    "move.back": {"el": "Πίσω", "en": "Back"},
    "move.done": {
        "el": "Το ραντεβού {reference} μεταφέρθηκε στις {when}· ο πολίτης ενημερώνεται με e-mail.",
        "en": "Appointment {reference} moved to {when}; the citizen is told by e-mail.",
    },
    "move.done_no_mail": {
        "el": "Το ραντεβού {reference} μεταφέρθηκε στις {when}· ο πολίτης δεν έχει e-mail, ενημερώστε τον.",
        "en": "Appointment {reference} moved to {when}; the citizen has no e-mail, let them know.",
    },
    "move.done_colleague": {
        "el": "Το ραντεβού {reference} μεταφέρθηκε στις {when} και το ανέλαβε {clerk}.",
        "en": "Appointment {reference} moved to {when}, now with {clerk}.",
    },
    "move.online_only": {
        "el": "Η αλλαγή ώρας και η ακύρωση γίνονται μόνο με σύνδεση στον διακομιστή (ο πολίτης ενημερώνεται "
        "αμέσως και η ώρα πρέπει να είναι ακόμη ελεύθερη). Δοκιμάστε ξανά όταν επανέλθει η σύνδεση.",
        "en": "Changing the time and cancelling need the server (the citizen is told at once and the time "
        "must still be free). Try again when the connection is back.",
    },
    "move.refused": {"el": "Η ώρα δεν άλλαξε: {reason}", "en": "The time was not changed: {reason}"},
    # Dragging a tile in the week.
    "move.drag_title": {"el": "Μεταφορά ραντεβού", "en": "Move appointment"},
    "move.drag_question": {
        "el": "Μεταφορά του ραντεβού του/της {name}\nαπό {old}\nστις {new};\n"
        "Ο πολίτης θα ενημερωθεί με e-mail.",
        "en": "Move {name}'s appointment\nfrom {old}\nto {new}?\nThe citizen will be told by e-mail.",
    },
    "move.drag_confirm": {"el": "Μεταφορά", "en": "Move"},
    "move.drag_no_time": {
        "el": "Δεν προσφέρεται ελεύθερη ώρα κοντά στις {when} για αυτή την υπηρεσία· "
        "το ραντεβού έμεινε ως είχε.",
        "en": "No free time is offered near {when} for this service; the appointment stays as it was.",
    },
    # The cancel dialog.
    "cancel.title": {"el": "Ακύρωση ραντεβού", "en": "Cancel the appointment"},
    "cancel.intro": {
        "el": "{name} — {service}\n{when}\nΟ πολίτης θα λάβει e-mail ακύρωσης.",
        "en": "{name} — {service}\n{when}\nThe citizen will receive a cancellation e-mail.",
    },
    "cancel.intro_no_mail": {
        "el": "{name} — {service}\n{when}\nΟ πολίτης δεν έχει e-mail: ενημερώστε τον τηλεφωνικά.",
        "en": "{name} — {service}\n{when}\nThe citizen has no e-mail: let them know by phone.",
    },
    "cancel.reason": {"el": "Αιτία (υποχρεωτική)", "en": "Reason (required)"},
    "cancel.reason_hint": {
        "el": "π.χ. Ο πολίτης τηλεφώνησε ότι δεν μπορεί να έρθει",
        "en": "e.g. The citizen phoned to say they cannot come",
    },
    "cancel.confirm": {"el": "Ακύρωση ραντεβού", "en": "Cancel appointment"},
    "cancel.back": {"el": "Πίσω", "en": "Back"},
    "cancel.done": {
        "el": "Το ραντεβού {reference} ακυρώθηκε.",
        "en": "Appointment {reference} was cancelled.",
    },
    "cancel.refused": {
        "el": "Το ραντεβού δεν ακυρώθηκε: {reason}",
        "en": "The appointment was not cancelled: {reason}",
    },
    # The server's refusals of a move, in the clerk's words (others are in lifecycle.py).
    "refusal.slot_unavailable": {
        "el": "η ώρα δεν είναι πια ελεύθερη (ή δεν εργάζεστε τότε). Επιλέξτε άλλη.",
        "en": "that time is no longer free (or you do not work then). Choose another.",
    },
    "refusal.clerk_not_qualified": {
        "el": "δεν έχετε πια αρμοδιότητα για αυτή την υπηρεσία· αφήστε να την αναλάβει άλλος υπάλληλος.",
        "en": "you no longer serve this service; let another clerk take it.",
    },
    "refusal.version_conflict": {
        "el": "το ραντεβού άλλαξε στο μεταξύ· δείτε την τρέχουσα μορφή του και δοκιμάστε ξανά.",
        "en": "the appointment was changed meanwhile; look at it again and retry.",
    },
    "refusal.time_not_offered": {
        "el": "αυτή η ώρα δεν προσφέρεται για την υπηρεσία "
        "(έχει περάσει, είναι πολύ σύντομα ή εκτός ωραρίου).",
        "en": "that time is not offered for this service "
        "(it has passed, is too soon or is outside the hours).",
    },
    "refusal.not_found": {
        "el": "το ραντεβού δεν υπάρχει πια ή δεν είναι δικό σας.",
        "en": "the appointment no longer exists or is not yours.",
    },
}
