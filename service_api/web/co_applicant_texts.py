"""The joint-appointment words of the citizen pages (issue 18), Greek and English; merged into
``web.texts.TEXTS``."""

from __future__ import annotations

CO_APPLICANT_TEXTS: dict[str, dict[str, str]] = {
    "co.title": {"el": "Συναιτών", "en": "Co-applicant"},
    "co.title_n": {"el": "Συναιτών {n}", "en": "Co-applicant {n}"},
    "co.required": {
        "el": "Η υπηρεσία απαιτεί την παρουσία και του συναιτούντα (π.χ. του/της συντρόφου). Θα του "
        "στείλουμε πρόσκληση να επιβεβαιώσει τη συμμετοχή του.",
        "en": "This service needs the co-applicant too (your partner, say). We will send them an "
        "invitation to confirm that they take part.",
    },
    "co.optional": {
        "el": "Μπορείτε να δηλώσετε συναιτούντα (π.χ. σύζυγο ή εκπρόσωπο). Θα του στείλουμε πρόσκληση "
        "να επιβεβαιώσει τη συμμετοχή του.",
        "en": "You may name a co-applicant (a spouse or a representative, say). We will send them an "
        "invitation to confirm that they take part.",
    },
    "co.email": {"el": "E-mail συναιτούντα", "en": "Co-applicant's e-mail"},
    "co.name": {"el": "Ονοματεπώνυμο συναιτούντα", "en": "Co-applicant's full name"},
    "co.problem.missing": {
        "el": "Συμπληρώστε το e-mail του συναιτούντα: η υπηρεσία το απαιτεί.",
        "en": "Enter the co-applicant's e-mail: this service needs it.",
    },
    "co.problem.email": {
        "el": "Συμπληρώστε έγκυρη διεύθυνση e-mail, π.χ. onoma@example.gr",
        "en": "Enter a valid e-mail address, like name@example.com",
    },
    "co.problem.same_as_booker": {
        "el": "Το e-mail του συναιτούντα πρέπει να διαφέρει από το δικό σας.",
        "en": "The co-applicant's e-mail must differ from yours.",
    },
    "co.problem.duplicate": {
        "el": "Κάθε συναιτών χρειάζεται δικό του e-mail.",
        "en": "Each co-applicant needs their own e-mail address.",
    },
    "co.problem.name": {"el": "Το όνομα πρέπει να είναι απλό κείμενο.", "en": "The name must be plain text."},
    "co.problem.name_too_long": {
        "el": "Το όνομα μπορεί να έχει έως 200 χαρακτήρες.",
        "en": "The name may be at most 200 characters.",
    },
    "co.problem.too_many": {
        "el": "Η υπηρεσία δέχεται λιγότερους συναιτούντες.",
        "en": "This service takes fewer co-applicants.",
    },
    "co.problem.not_offered": {
        "el": "Η υπηρεσία δεν δέχεται συναιτούντες.",
        "en": "This service takes no co-applicants.",
    },
    "co.waiting_title": {"el": "Αναμονή συναιτούντα", "en": "Waiting for the co-applicant"},
    "co.waiting": {
        "el": "Το ραντεβού κρατείται για εσάς, αλλά ισχύει μόνο αφού το επιβεβαιώσει και ο συναιτών "
        "({emails}). Του στείλαμε πρόσκληση. Αν δεν επιβεβαιώσει ως την προθεσμία ({deadline}), το "
        "ραντεβού ακυρώνεται και θα ενημερωθείτε και οι δύο με e-mail.",
        "en": "The time is held for you, but the appointment stands only once the co-applicant "
        "({emails}) confirms it too. We have sent them an invitation. If they do not confirm by "
        "{deadline}, the appointment is cancelled and you will both be told by e-mail.",
    },
    "co.page_title": {"el": "Κοινό ραντεβού", "en": "Joint appointment"},
    "co.invited": {
        "el": "Ο/Η {booker} σας όρισε συναιτούντα στο παρακάτω ραντεβού. Επιβεβαιώστε τη συμμετοχή σας· "
        "προθεσμία: {deadline}.",
        "en": "{booker} named you co-applicant of the appointment below. Please confirm that you take "
        "part by {deadline}.",
    },
    "co.sign_in": {
        "el": "Για να επιβεβαιώσετε, συνδεθείτε: θα σας στείλουμε κωδικό στο {email}.",
        "en": "To confirm, sign in: we will send a code to {email}.",
    },
    "co.send_code": {"el": "Αποστολή κωδικού", "en": "Send the code"},
    "co.code": {"el": "Κωδικός από το e-mail", "en": "Code from the e-mail"},
    "co.code_sent": {
        "el": "Στείλαμε κωδικό 6 ψηφίων στο {email}. Πληκτρολογήστε τον εδώ.",
        "en": "We sent a 6-digit code to {email}. Type it here.",
    },
    "co.code_wrong": {
        "el": "Ο κωδικός δεν είναι σωστός ή έληξε. Ζητήστε νέο κωδικό.",
        "en": "The code is wrong or has expired. Ask for a new one.",
    },
    "co.verify": {"el": "Σύνδεση", "en": "Sign in"},
    "co.taxisnet": {"el": "Σύνδεση με TAXISnet", "en": "Sign in with TAXISnet"},
    "co.confirm": {"el": "Επιβεβαιώνω τη συμμετοχή μου", "en": "I confirm that I take part"},
    "co.wrong_account": {
        "el": "Έχετε συνδεθεί με άλλη διεύθυνση e-mail από αυτήν της πρόσκλησης ({email}).",
        "en": "You are signed in with another address than the invitation's ({email}).",
    },
    "co.confirmed": {
        "el": "Επιβεβαιώσατε τη συμμετοχή σας. Θα λάβετε την επιβεβαίωση του ραντεβού με e-mail.",
        "en": "You have confirmed that you take part. The confirmation of the appointment follows by e-mail.",
    },
    "co.still_waiting": {
        "el": "Το ραντεβού περιμένει ακόμη την επιβεβαίωση άλλου συναιτούντα.",
        "en": "The appointment still waits for another co-applicant to confirm.",
    },
    "co.cancel": {"el": "Ακύρωση του ραντεβού για όλους", "en": "Cancel the appointment for everyone"},
    "co.cancel_sure": {
        "el": "Ναι, θέλω να ακυρωθεί το ραντεβού, και για τον αιτούντα",
        "en": "Yes, cancel the appointment, for the applicant too",
    },
    "co.cancel_unsure": {
        "el": "Το ραντεβού δεν ακυρώθηκε: επιλέξτε πρώτα «Ναι, θέλω να ακυρωθεί το ραντεβού».",
        "en": "The appointment was not cancelled: first tick «Yes, cancel the appointment».",
    },
    "co.cancelled": {
        "el": "Το ραντεβού ακυρώθηκε για όλους. Ενημερώσαμε τον αιτούντα με e-mail.",
        "en": "The appointment is cancelled for everyone. We have told the applicant by e-mail.",
    },
    "co.gone": {
        "el": "Το ραντεβού αυτό δεν ισχύει πλέον (ακυρώθηκε ή έληξε η προθεσμία επιβεβαίωσης).",
        "en": "This appointment no longer stands (it was cancelled or the time to confirm ran out).",
    },
    "status.awaiting_coapplicant": {"el": "Αναμονή συναιτούντα", "en": "Waiting for the co-applicant"},
}
