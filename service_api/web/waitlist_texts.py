"""The waitlist pages' words (issue 17), Greek and English; merged into ``web.texts.TEXTS``."""

from __future__ import annotations

WAITLIST_TEXTS: dict[str, dict[str, str]] = {
    "waitlist.offer_link": {
        "el": "Ενημερώστε με όταν ελευθερωθεί ώρα",
        "en": "Tell me when a time frees up",
    },
    "waitlist.offer_hint": {
        "el": "Δεν βρίσκετε κατάλληλη ώρα; Μπείτε στη λίστα αναμονής.",
        "en": "No time that suits you? Join the waitlist.",
    },
    "waitlist.title": {"el": "Λίστα αναμονής", "en": "Waitlist"},
    "waitlist.intro": {
        "el": "Όταν ελευθερωθεί ώρα στις ημέρες και το τμήμα της ημέρας που θα επιλέξετε, θα σας στείλουμε "
        "e-mail στο {email}. Η ώρα θα κρατηθεί για εσάς για {minutes} λεπτά· αν δεν την επιβεβαιώσετε, "
        "θα προταθεί στον επόμενο. Όποιος μπήκε πρώτος στη λίστα, ενημερώνεται πρώτος.",
        "en": "When a time frees up on the days and in the part of the day you choose, we will e-mail "
        "{email}. The time is held for you for {minutes} minutes; if you do not confirm it, it is offered "
        "to the next citizen. Whoever joined first is told first.",
    },
    "waitlist.no_email": {
        "el": "Για να μπείτε στη λίστα αναμονής χρειάζεται διεύθυνση e-mail: "
        "συνδεθείτε με κωδικό στο e-mail.",
        "en": "The waitlist needs an e-mail address: sign in with a code sent to your e-mail.",
    },
    "waitlist.from": {"el": "Από (ημερομηνία)", "en": "From (date)"},
    "waitlist.to": {"el": "Έως (ημερομηνία)", "en": "To (date)"},
    "waitlist.date_hint": {"el": "Μορφή ΕΕΕΕ-ΜΜ-ΗΗ, π.χ. {example}", "en": "As YYYY-MM-DD, e.g. {example}"},
    "waitlist.part": {"el": "Τμήμα της ημέρας", "en": "Part of the day"},
    "waitlist.part.any": {"el": "Οποιαδήποτε ώρα", "en": "Any time"},
    "waitlist.part.morning": {"el": "Πρωί (πριν τις 12:00)", "en": "Morning (before 12:00)"},
    "waitlist.part.afternoon": {"el": "Μεσημέρι και απόγευμα (από τις 12:00)", "en": "From 12:00"},
    "waitlist.join": {"el": "Ενημερώστε με", "en": "Tell me"},
    "waitlist.joined": {"el": "Είστε στη λίστα αναμονής", "en": "You are on the waitlist"},
    "waitlist.joined_text": {
        "el": "Θα σας στείλουμε e-mail όταν ελευθερωθεί ώρα από {first} έως {last}.",
        "en": "We will e-mail you when a time frees up from {first} to {last}.",
    },
    "waitlist.bad_date": {"el": "Γράψτε ημερομηνία όπως {example}.", "en": "Enter a date such as {example}."},
    "waitlist.offer_title": {"el": "Ελευθερώθηκε ώρα για εσάς", "en": "A time has freed up for you"},
    "waitlist.held_until": {
        "el": "Η ώρα κρατείται για εσάς έως τις {until}.",
        "en": "The time is held for you until {until}.",
    },
    "waitlist.confirm": {"el": "Επιβεβαίωση του ραντεβού", "en": "Confirm the appointment"},
    "waitlist.leave_link": {"el": "Αποχώρηση από τη λίστα αναμονής", "en": "Leave the waitlist"},
    "waitlist.leave_title": {"el": "Αποχώρηση από τη λίστα αναμονής", "en": "Leave the waitlist"},
    "waitlist.leave_question": {
        "el": "Να μην ενημερώνεστε πλέον για ώρες αυτής της υπηρεσίας; Μια ώρα που κρατείται για εσάς θα "
        "δοθεί στον επόμενο.",
        "en": "Stop being told of times of this service? A time held for you goes to the next citizen.",
    },
    "waitlist.leave_confirm": {"el": "Αποχώρηση", "en": "Leave"},
    "waitlist.left": {"el": "Αποχωρήσατε από τη λίστα αναμονής", "en": "You have left the waitlist"},
    "waitlist.status.waiting": {
        "el": "Είστε στη λίστα αναμονής· δεν υπάρχει ελεύθερη ώρα για εσάς αυτή τη στιγμή.",
        "en": "You are on the waitlist; no time is free for you at the moment.",
    },
    "waitlist.status.closed": {
        "el": "Αυτή η πρόταση δεν ισχύει πλέον. Μπορείτε να κλείσετε ραντεβού ή να μπείτε ξανά στη λίστα.",
        "en": "This offer is no longer open. You may book, or join the waitlist again.",
    },
    "waitlist.status.booked": {
        "el": "Το ραντεβού σας έχει ήδη κλειστεί· τα στοιχεία του στάλθηκαν με e-mail.",
        "en": "Your appointment is already booked; its details were e-mailed to you.",
    },
    "manage.waitlist_booked": {
        "el": "Το ραντεβού σας κλείστηκε. Θα λάβετε e-mail επιβεβαίωσης.",
        "en": "Your appointment is booked. A confirmation e-mail is on its way.",
    },
}
