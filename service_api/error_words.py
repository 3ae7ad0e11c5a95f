"""The API's refusals in Greek: each English message as the code raises it, with its Greek beside it.

The English text stays where it is raised (the default answer, and what the logs and tests read);
the error handler asks ``translate`` for the caller's language (``Accept-Language``). A message that
names something is a template: ``{name}`` stands for any text, and a few names are words themselves
(a booking status, a role), so they are translated too. A message missing here reads in English.
"""

from __future__ import annotations

import re
from functools import cache

LANGUAGES = ("en", "el")

# A booking status as the object of «δεν μπορεί να γίνει …» and as a subject («ένα … ραντεβού»).
_STATUS_NAME = {
    "held": "«Σε αναμονή»",
    "confirmed": "«Επιβεβαιωμένο»",
    "checked_in": "«Προσήλθε»",
    "completed": "«Ολοκληρώθηκε»",
    "no_show": "«Δεν προσήλθε»",
    "cancelled": "«Ακυρώθηκε»",
    "awaiting_coapplicant": "«Αναμονή συναιτούντα»",
}
_STATUS_PHRASE = {
    "held": "ένα ραντεβού σε αναμονή επιβεβαίωσης",
    "confirmed": "ένα επιβεβαιωμένο ραντεβού",
    "checked_in": "ένα ραντεβού με καταχωρισμένη άφιξη",
    "completed": "ένα ολοκληρωμένο ραντεβού",
    "no_show": "ένα ραντεβού όπου ο πολίτης δεν προσήλθε",
    "cancelled": "ένα ακυρωμένο ραντεβού",
    "awaiting_coapplicant": "ένα ραντεβού που περιμένει τον συναιτούντα",
}
_ABSENCE_STATUS = {
    "pending": "σε εκκρεμότητα",
    "approved": "εγκεκριμένη",
    "rejected": "απορριφθείσα",
    "withdrawn": "αποσυρμένη",
}
# Placeholders whose value is itself a word: how each reads in Greek.
_WORD_VALUES: dict[str, dict[str, str]] = {
    "status": _STATUS_NAME,
    "to_status": _STATUS_NAME,
    "from_status": _STATUS_PHRASE,
    "absence_status": _ABSENCE_STATUS,
}

GREEK: dict[str, str] = {
    # ---- joint appointments (issue 18)
    "The co-applicant's e-mail is required for this service.": (
        "Η υπηρεσία απαιτεί το e-mail του συναιτούντα."
    ),
    "Not a valid e-mail address.": "Μη έγκυρη διεύθυνση e-mail.",
    "The co-applicant's e-mail must differ from yours.": (
        "Το e-mail του συναιτούντα πρέπει να διαφέρει από το δικό σας."
    ),
    "Each co-applicant needs their own e-mail address.": "Κάθε συναιτών χρειάζεται δικό του e-mail.",
    "The name must be plain text.": "Το όνομα πρέπει να είναι απλό κείμενο.",
    "The name may be at most 200 characters.": "Το όνομα μπορεί να έχει έως 200 χαρακτήρες.",
    "Only a time still held can be given back.": "Μόνο μια ώρα που ακόμη κρατείται μπορεί να επιστραφεί.",
    "This booking is already confirmed and waits for its co-applicants.": (
        "Η κράτηση έχει ήδη επιβεβαιωθεί και περιμένει τους συναιτούντες."
    ),
    "This service takes fewer co-applicants.": "Η υπηρεσία δέχεται λιγότερους συναιτούντες.",
    "This service takes no co-applicants.": "Η υπηρεσία δεν δέχεται συναιτούντες.",
    "Name the co-applicants when you confirm the booking.": (
        "Δηλώστε τους συναιτούντες κατά την επιβεβαίωση της κράτησης."
    ),
    "A joint appointment needs the applicant's e-mail.": (
        "Το κοινό ραντεβού χρειάζεται το e-mail του αιτούντα."
    ),
    "This joint appointment can no longer be confirmed.": (
        "Το κοινό ραντεβού δεν μπορεί πλέον να επιβεβαιωθεί."
    ),
    "Sign in with the e-mail address the invitation was sent to.": (
        "Συνδεθείτε με τη διεύθυνση e-mail στην οποία στάλθηκε η πρόσκληση."
    ),
    "No such co-applicant.": "Δεν υπάρχει τέτοιος συναιτών.",
    "This co-applicant has not confirmed yet.": "Ο συναιτών δεν έχει επιβεβαιώσει ακόμη.",
    "Verify the identity of the applicant and of every co-applicant before completing the appointment.": (
        "Επαληθεύστε την ταυτότητα του αιτούντα και κάθε συναιτούντα πριν ολοκληρώσετε το ραντεβού."
    ),
    # ---- signing in, tokens
    "Wrong username or password.": "Λάθος όνομα χρήστη ή κωδικός.",
    "This account is disabled.": "Ο λογαριασμός έχει απενεργοποιηθεί.",
    "Unknown refresh token; please sign in again.": "Η σύνδεση δεν αναγνωρίζεται· συνδεθείτε ξανά.",
    "Your sign-in has expired; please sign in again.": "Η σύνδεσή σας έληξε· συνδεθείτε ξανά.",
    "This sign-in was revoked; please sign in again.": "Η σύνδεση ανακλήθηκε· συνδεθείτε ξανά.",
    "Invalid token; please sign in again.": "Μη έγκυρη σύνδεση· συνδεθείτε ξανά.",
    "Token expired; refresh it.": "Η σύνδεση έληξε· ανανεώστε τη.",
    "Sign in first: send 'Authorization: Bearer <token>'.": "Συνδεθείτε πρώτα.",
    "Your password is temporary: change it first (POST /api/v1/me/password).": (
        "Ο κωδικός σας είναι προσωρινός: αλλάξτε τον πρώτα."
    ),
    # ---- who may do what
    "Your role may not do this.": "Ο ρόλος σας δεν επιτρέπει αυτή την ενέργεια.",
    "You may book only for your own municipality's services.": (
        "Μπορείτε να κλείνετε ραντεβού μόνο για υπηρεσίες του δήμου σας."
    ),
    "Only supervisors see the figures.": "Τα στατιστικά τα βλέπουν μόνο οι προϊστάμενοι.",
    "Supervisors see the figures of their own municipality only.": (
        "Οι προϊστάμενοι βλέπουν τα στατιστικά μόνο του δήμου τους."
    ),
    "Only a supervisor of this municipality may manage this clerk's absences.": (
        "Τις απουσίες αυτού του υπαλλήλου τις διαχειρίζεται μόνο προϊστάμενος του δήμου του."
    ),
    "Only a supervisor may plan the cover of an absence.": (
        "Την κάλυψη μιας απουσίας τη σχεδιάζει μόνο προϊστάμενος."
    ),
    "Someone else must decide your own request.": "Το δικό σας αίτημα το εγκρίνει άλλος.",
    "You may change only your own municipality.": "Μπορείτε να αλλάξετε μόνο τον δικό σας δήμο.",
    "Only an administrator may change this.": "Αυτό το αλλάζει μόνο διαχειριστής.",
    "Only an administrator may change a service group.": "Μια ομάδα υπηρεσιών την αλλάζει μόνο διαχειριστής.",
    "Only an administrator may create a service group.": (
        "Νέα ομάδα υπηρεσιών δημιουργεί μόνο διαχειριστής."
    ),
    "Only an administrator may create a service.": "Νέα υπηρεσία δημιουργεί μόνο διαχειριστής.",
    "Only an administrator may create a municipality.": "Νέο δήμο δημιουργεί μόνο διαχειριστής.",
    "Only an administrator may change a municipality's settings.": (
        "Τις ρυθμίσεις ενός δήμου τις αλλάζει μόνο διαχειριστής."
    ),
    "Only supervisors and admins see the outbox.": "Την ουρά αποστολών τη βλέπουν μόνο προϊστάμενοι.",
    "Only supervisors and admins retry outbox jobs.": "Αποστολές ξαναδοκιμάζουν μόνο προϊστάμενοι.",
    "You may not reset this staff member's password.": (
        "Δεν μπορείτε να ορίσετε νέο κωδικό για αυτόν τον λογαριασμό."
    ),
    "Change your own password with POST /api/v1/me/password.": (
        "Τον δικό σας κωδικό τον αλλάζετε από «Ο λογαριασμός μου»."
    ),
    "Supervisors change a service's descriptions and required documents only; ask an administrator for: "
    "{fields}.": (
        "Οι προϊστάμενοι αλλάζουν μόνο τις περιγραφές και τα δικαιολογητικά μιας υπηρεσίας· "
        "για τα υπόλοιπα ({fields}) απευθυνθείτε σε διαχειριστή."
    ),
    # ---- not found
    "No such booking.": "Το ραντεβού δεν βρέθηκε.",
    "No such service.": "Η υπηρεσία δεν βρέθηκε.",
    "No such staff member.": "Ο υπάλληλος δεν βρέθηκε.",
    "No such municipality.": "Ο δήμος δεν βρέθηκε.",
    "No such absence.": "Η απουσία δεν βρέθηκε.",
    "No such absence request.": "Το αίτημα απουσίας δεν βρέθηκε.",
    "No such service group.": "Η ομάδα υπηρεσιών δεν βρέθηκε.",
    "No such plan exception.": "Η έκτακτη αλλαγή ωραρίου δεν βρέθηκε.",
    "No such closure.": "Το κλείσιμο δεν βρέθηκε.",
    "No such outbox job.": "Η αποστολή δεν βρέθηκε.",
    "No booking {reference}.": "Δεν υπάρχει ραντεβού {reference}.",
    "This clerk has no plan version starting on that date.": (
        "Ο υπάλληλος δεν έχει έκδοση ωραρίου που να ξεκινά εκείνη την ημέρα."
    ),
    "This link is unknown, already used or expired; ask your supervisor for a new one.": (
        "Ο σύνδεσμος είναι άγνωστος, χρησιμοποιήθηκε ήδη ή έληξε· ζητήστε νέο από τον προϊστάμενό σας."
    ),
    # ---- the booking lifecycle
    "A booking that is {from_status} cannot become {to_status}.": (
        "{from_status} δεν μπορεί να γίνει {to_status}."
    ),
    "A booking that is {status} cannot be rescheduled.": (
        "Ένα ραντεβού σε κατάσταση {status} δεν μπορεί να μετατεθεί."
    ),
    "A booking that is {status} cannot be reassigned.": (
        "Ένα ραντεβού σε κατάσταση {status} δεν μπορεί να ανατεθεί σε άλλον υπάλληλο."
    ),
    "A booking that is {status} cannot be verified.": (
        "Σε ένα ραντεβού σε κατάσταση {status} δεν γίνεται έλεγχος ταυτότητας."
    ),
    "An appointment that has already started cannot be rescheduled.": (
        "Ένα ραντεβού που έχει ήδη αρχίσει δεν μπορεί να μετατεθεί."
    ),
    "This appointment has been cancelled: nothing more can be recorded on it (the change was not saved).": (
        "Το ραντεβού έχει ακυρωθεί: δεν καταχωρίζεται τίποτε άλλο σε αυτό (η αλλαγή δεν αποθηκεύτηκε)."
    ),
    "This appointment already has its outcome: the citizen cannot be checked in.": (
        "Το ραντεβού έχει ήδη έκβαση: δεν καταχωρίζεται άφιξη."
    ),
    "The citizen has already been checked in.": "Η άφιξη του πολίτη έχει ήδη καταχωριστεί.",
    "This appointment already has its outcome.": "Το ραντεβού έχει ήδη έκβαση.",
    "The citizen can be checked in only on the day of the appointment ({day}), from {time}.": (
        "Η άφιξη καταχωρίζεται μόνο την ημέρα του ραντεβού ({day}), από τις {time}."
    ),
    "The citizen has been checked in: they came, so this cannot be a no-show.": (
        "Έχει καταχωριστεί άφιξη: ο πολίτης προσήλθε, άρα δεν μπορεί να καταχωριστεί «Δεν προσήλθε»."
    ),
    "The appointment has not started yet: it cannot be a no-show before its start.": (
        "Το ραντεβού δεν έχει αρχίσει ακόμη: «Δεν προσήλθε» καταχωρίζεται μόνο μετά την ώρα έναρξης."
    ),
    "{missing} of {total} required documents have not been received. Record the outcome «documents "
    "missing», or send confirm_missing_documents: true to complete anyway.": (
        "Δεν έχουν παραληφθεί {missing} από {total} απαιτούμενα δικαιολογητικά. Καταχωρίστε την έκβαση "
        "«Λείπουν δικαιολογητικά» ή επιβεβαιώστε την ολοκλήρωση παρ' όλα αυτά."
    ),
    "{document}: not received.": "{document}: δεν προσκομίστηκε.",
    "Verify the citizen's identity before completing the appointment.": (
        "Επαληθεύστε την ταυτότητα του πολίτη πριν ολοκληρώσετε το ραντεβού."
    ),
    "Identity not verified yet.": "Η ταυτότητα δεν έχει επαληθευτεί.",
    "Identity cannot be confirmed when the name does not match.": (
        "Η ταυτότητα δεν επιβεβαιώνεται όταν το ονοματεπώνυμο δεν συμφωνεί."
    ),
    "The name on the document must match the booking.": (
        "Το όνομα στο έγγραφο πρέπει να συμφωνεί με την κράτηση."
    ),
    "This citizen came through TAXISnet: confirm that the TAXISnet name and AFM match.": (
        "Ο πολίτης συνδέθηκε μέσω TAXISnet: επιβεβαιώστε ότι ονοματεπώνυμο και ΑΦΜ συμφωνούν."
    ),
    "Required for TAXISnet bookings.": "Απαιτείται για κρατήσεις μέσω TAXISnet.",
    "Unknown document state.": "Άγνωστη κατάσταση δικαιολογητικού.",
    "This service does not ask for that document.": "Η υπηρεσία δεν ζητά αυτό το δικαιολογητικό.",
    "Unknown document.": "Άγνωστο δικαιολογητικό.",
    "Unknown identity document.": "Άγνωστο έγγραφο ταυτοποίησης.",
    # ---- conflicts, slots taken
    "This time was just taken by someone else. Please choose another.": (
        "Η ώρα μόλις δόθηκε σε άλλον. Επιλέξτε άλλη."
    ),
    "This time is being booked right now. Please try again.": (
        "Η ώρα κλείνεται αυτή τη στιγμή από άλλον. Δοκιμάστε ξανά."
    ),
    "This time is no longer available. Please choose another.": (
        "Η ώρα δεν είναι πια διαθέσιμη. Επιλέξτε άλλη."
    ),
    "This time has already passed. Please choose another.": "Η ώρα έχει ήδη περάσει. Επιλέξτε άλλη.",
    "This time is too soon: book at least {lead} minutes ahead.": (
        "Η ώρα είναι πολύ κοντά: κλείστε τουλάχιστον {lead} λεπτά νωρίτερα."
    ),
    "Bookings open {days} days ahead. Please choose an earlier date.": (
        "Τα ραντεβού ανοίγουν {days} ημέρες μπροστά. Επιλέξτε νωρίτερη ημερομηνία."
    ),
    "No appointment starts at this time. Please choose one of the times offered.": (
        "Κανένα ραντεβού δεν ξεκινά αυτή την ώρα. Επιλέξτε μία από τις προτεινόμενες ώρες."
    ),
    "The municipality is closed at that time.": "Ο δήμος είναι κλειστός εκείνη την ώρα.",
    "No clerk serves this service in this mode.": (
        "Κανένας υπάλληλος δεν εξυπηρετεί την υπηρεσία με αυτόν τον τρόπο."
    ),
    "The {minutes} minutes to confirm this time have passed. Please choose a time again.": (
        "Πέρασαν τα {minutes} λεπτά για την επιβεβαίωση της ώρας. Επιλέξτε ξανά ώρα."
    ),
    "This booking was changed meanwhile (now version {version}, you had {expected}). "
    "Reload it and try again.": ("Το ραντεβού άλλαξε στο μεταξύ. Ανανεώστε το και δοκιμάστε ξανά."),
    "Please retry the request.": "Δοκιμάστε ξανά.",
    "This service is not offered in this mode.": "Η υπηρεσία δεν προσφέρεται με αυτόν τον τρόπο.",
    "Not offered for this service.": "Δεν προσφέρεται για αυτή την υπηρεσία.",
    # ---- moving bookings between clerks, cover
    "{name} is not qualified for this service in this mode.": (
        "{name}: δεν εξυπηρετεί αυτή την υπηρεσία με αυτόν τον τρόπο (φυσική παρουσία ή τηλεδιάσκεψη)."
    ),
    "{name} is not qualified for booking {reference} in its mode.": (
        "{name}: δεν εξυπηρετεί την υπηρεσία του ραντεβού {reference} με τον τρόπο του."
    ),
    "Not qualified for this service and mode.": "Δεν εξυπηρετεί την υπηρεσία με αυτόν τον τρόπο.",
    "{name} is not free or not working at that time.": "{name}: δεν είναι διαθέσιμος/η ή δεν εργάζεται τότε.",
    "{name} is no longer free for booking {reference}. Nothing was moved; preview the cover again.": (
        "{name}: δεν είναι πια διαθέσιμος/η για το ραντεβού {reference}. Δεν μετακινήθηκε τίποτε· "
        "δείτε ξανά την πρόταση κάλυψης."
    ),
    "Colleague not free or not working then.": "Ο/Η συνάδελφος δεν είναι διαθέσιμος/η ή δεν εργάζεται τότε.",
    "That clerk does not work for this municipality.": "Ο υπάλληλος δεν ανήκει σε αυτόν τον δήμο.",
    "The colleague chosen for {reference} does not work for this municipality.": (
        "Ο/Η συνάδελφος που επιλέχθηκε για το {reference} δεν ανήκει σε αυτόν τον δήμο."
    ),
    "Unknown clerk.": "Άγνωστος υπάλληλος.",
    "Booking {reference} was changed meanwhile (now version {version}, the plan had {expected}). "
    "Nothing was moved; preview the cover again.": (
        "Το ραντεβού {reference} άλλαξε στο μεταξύ. Δεν μετακινήθηκε τίποτε· δείτε ξανά την πρόταση κάλυψης."
    ),
    "Booking {reference} is not {name}'s.": "Το ραντεβού {reference} δεν ανήκει στον/στην {name}.",
    "Booked with another clerk.": "Είναι κλεισμένο με άλλον υπάλληλο.",
    "Booking {reference} is outside the absence.": "Το ραντεβού {reference} είναι εκτός της απουσίας.",
    "Outside the range.": "Εκτός του διαστήματος.",
    "Booking {reference} is {status} and cannot be moved.": (
        "Το ραντεβού {reference} είναι σε κατάσταση {status} και δεν μετακινείται."
    ),
    "Booking is {status}.": "Κατάσταση ραντεβού: {status}.",
    "Booking {reference} appears twice in the plan.": (
        "Το ραντεβού {reference} εμφανίζεται δύο φορές στο σχέδιο."
    ),
    "The plan moves no booking.": "Το σχέδιο δεν μετακινεί κανένα ραντεβού.",
    "Every booking of the plan needs the version that was previewed.": (
        "Κάθε ραντεβού του σχεδίου χρειάζεται την έκδοση που προβλήθηκε."
    ),
    "Name at least one booking.": "Ορίστε τουλάχιστον ένα ραντεβού.",
    "Cover at most {days} days at once.": "Κάλυψη το πολύ {days} ημερών τη φορά.",
    # ---- absences
    "An absence must end after it starts.": "Η απουσία πρέπει να τελειώνει μετά την έναρξή της.",
    "An absence may last at most a year.": "Μια απουσία διαρκεί το πολύ έναν χρόνο.",
    "Unknown kind of absence.": "Άγνωστο είδος απουσίας.",
    "This absence is {absence_status}, not a pending request.": (
        "Η απουσία είναι {absence_status}, όχι αίτημα σε εκκρεμότητα."
    ),
    "Only a pending request may be withdrawn; ask a supervisor.": (
        "Αποσύρεται μόνο αίτημα σε εκκρεμότητα· απευθυνθείτε σε προϊστάμενο."
    ),
    "The range must end after it starts.": "Το διάστημα πρέπει να τελειώνει μετά την αρχή του.",
    "At most {days} days at once.": "Το πολύ {days} ημέρες τη φορά.",
    # ---- working plans
    "This account belongs to no municipality, so it has no working plan.": (
        "Ο λογαριασμός δεν ανήκει σε δήμο, άρα δεν έχει ωράριο."
    ),
    "Working periods overlap: {periods}.": "Τα διαστήματα εργασίας επικαλύπτονται: {periods}.",
    "A plan cannot change the past: choose today or a later date.": (
        "Ένα ωράριο δεν αλλάζει το παρελθόν: επιλέξτε σήμερα ή μεταγενέστερη ημερομηνία."
    ),
    "Today or later.": "Σήμερα ή αργότερα.",
    "Give both a start and an end, or neither.": "Δώστε και αρχή και τέλος, ή κανένα από τα δύο.",
    "Extra hours need a start and an end.": "Οι έκτακτες ώρες χρειάζονται αρχή και τέλος.",
    "The end must be after the start.": "Το τέλος πρέπει να είναι μετά την αρχή.",
    "A one-off change cannot be in the past.": "Μια έκτακτη αλλαγή δεν μπορεί να είναι στο παρελθόν.",
    # ---- staff accounts, passwords
    "This username is taken.": "Το όνομα χρήστη χρησιμοποιείται ήδη.",
    "Taken; choose another.": "Χρησιμοποιείται ήδη· επιλέξτε άλλο.",
    "Clerks and supervisors belong to a municipality.": "Υπάλληλοι και προϊστάμενοι ανήκουν σε δήμο.",
    "Required for clerks and supervisors.": "Απαιτείται για υπαλλήλους και προϊσταμένους.",
    "Some qualifications are not valid.": "Κάποιες εξουσιοδοτήσεις δεν είναι έγκυρες.",
    "Some fields are missing.": "Λείπουν κάποια πεδία.",
    "Some fields are not valid.": "Κάποια πεδία δεν είναι έγκυρα.",
    "This account is deactivated; reactivate it first.": (
        "Ο λογαριασμός είναι απενεργοποιημένος· ενεργοποιήστε τον πρώτα."
    ),
    "Deactivated.": "Απενεργοποιημένος.",
    "The current password is wrong.": "Ο τωρινός κωδικός είναι λάθος.",
    "Wrong password.": "Λάθος κωδικός.",
    "The new password must differ from the current one.": "Ο νέος κωδικός πρέπει να διαφέρει από τον τωρινό.",
    "Same as the current password.": "Ίδιος με τον τωρινό κωδικό.",
    "A password needs at least {count} characters.": "Ο κωδικός χρειάζεται τουλάχιστον {count} χαρακτήρες.",
    "A password may have at most {count} characters.": "Ο κωδικός έχει το πολύ {count} χαρακτήρες.",
    "This password is one of the most common passwords; choose another.": (
        "Ο κωδικός είναι από τους πιο συνηθισμένους· επιλέξτε άλλον."
    ),
    "A password must not be the username.": "Ο κωδικός δεν πρέπει να είναι το όνομα χρήστη.",
    # ---- catalogue, closures
    "That slug is taken.": "Το σύντομο όνομα (slug) χρησιμοποιείται ήδη.",
    "Already used by a municipality.": "Χρησιμοποιείται ήδη από δήμο.",
    "Already used in this municipality.": "Χρησιμοποιείται ήδη σε αυτόν τον δήμο.",
    "Already used in this group.": "Χρησιμοποιείται ήδη σε αυτή την ομάδα.",
    "Choose a group of this municipality.": "Επιλέξτε ομάδα αυτού του δήμου.",
    "Not a group of this municipality.": "Δεν είναι ομάδα αυτού του δήμου.",
    "The time zone cannot change once the municipality has bookings.": (
        "Η ζώνη ώρας δεν αλλάζει αφού ο δήμος έχει ραντεβού."
    ),
    "Read-only: bookings exist.": "Μόνο για ανάγνωση: υπάρχουν ραντεβού.",
    "This closure is already recorded.": "Αυτό το κλείσιμο έχει ήδη καταχωριστεί.",
    "Already closed then.": "Ήδη κλειστά τότε.",
    # ---- the waitlist (issue 17)
    "Waitlist offers come by e-mail: sign in with an e-mail address first.": (
        "Οι προτάσεις της λίστας αναμονής στέλνονται με e-mail: συνδεθείτε πρώτα με διεύθυνση e-mail."
    ),
    "An e-mail address is needed.": "Χρειάζεται διεύθυνση e-mail.",
    "The last day of the range is before its first.": "Η τελευταία ημέρα είναι πριν από την πρώτη.",
    "The range must not start in the past.": "Το διάστημα δεν μπορεί να αρχίζει στο παρελθόν.",
    "The range may span at most {days} days.": "Το διάστημα μπορεί να είναι έως {days} ημέρες.",
    "This service takes bookings only up to {day}.": "Η υπηρεσία δέχεται κρατήσεις μόνο έως {day}.",
    "Beyond the booking horizon.": "Πέρα από το διάστημα κρατήσεων.",
    "You may wait for at most {limit} services at a time; leave one of your waitlists first.": (
        "Μπορείτε να περιμένετε για έως {limit} υπηρεσίες ταυτόχρονα· αποχωρήστε πρώτα από μία λίστα."
    ),
    "Too many waitlist entries.": "Πάρα πολλές εγγραφές σε λίστες αναμονής.",
    "You are already on the waitlist of this service in this mode.": (
        "Είστε ήδη στη λίστα αναμονής αυτής της υπηρεσίας με αυτόν τον τρόπο εξυπηρέτησης."
    ),
    "No such waitlist entry.": "Η εγγραφή στη λίστα αναμονής δεν βρέθηκε.",
    "This offer is no longer open.": "Η πρόταση δεν ισχύει πλέον.",
    "Unknown service.": "Άγνωστη υπηρεσία.",
    # ---- data protection (issue 17)
    "Only an admin may make someone an admin.": "Μόνο διαχειριστής ορίζει διαχειριστή.",
    "Only an admin may make someone the data-protection officer.": (
        "Τον υπεύθυνο προστασίας δεδομένων τον ορίζει μόνο διαχειριστής."
    ),
    "Only the data-protection officer reads the access log.": (
        "Το αρχείο πρόσβασης το βλέπει μόνο ο υπεύθυνος προστασίας δεδομένων."
    ),
    "Only the data-protection officer or an admin handles a citizen's request.": (
        "Τα αιτήματα πολιτών για τα δεδομένα τους τα χειρίζεται μόνο ο υπεύθυνος προστασίας δεδομένων "
        "ή διαχειριστής."
    ),
    "The data-protection officer serves no citizens.": (
        "Ο υπεύθυνος προστασίας δεδομένων δεν εξυπηρετεί πολίτες."
    ),
    "None for the data-protection officer.": "Καμία για τον υπεύθυνο προστασίας δεδομένων.",
    "Name the citizen by e-mail or by AFM (one of the two).": (
        "Δώστε το e-mail ή τον ΑΦΜ του πολίτη (ένα από τα δύο)."
    ),
    "E-mail or AFM.": "E-mail ή ΑΦΜ.",
    "An AFM has nine digits.": "Ο ΑΦΜ έχει εννέα ψηφία.",
    "Nine digits.": "Εννέα ψηφία.",
    "Not an e-mail address.": "Δεν είναι διεύθυνση e-mail.",
    "This citizen has {count} upcoming booking(s): cancel them first, then erase.": (
        "Ο πολίτης έχει {count} ραντεβού που δεν έχουν γίνει ακόμη: ακυρώστε τα πρώτα και μετά κάντε "
        "τη διαγραφή."
    ),
    "Not a booking reference.": "Δεν είναι κωδικός ραντεβού.",
    "Such as ABCD-2345.": "Όπως ABCD-2345.",
    "'figure' must be one of {choices}.": "Το «figure» πρέπει να είναι ένα από: {choices}.",
    "'format' must be json or html.": "Το «format» πρέπει να είναι json ή html.",
    "json or html.": "json ή html.",
    # ---- per-field words (ours and the schema validator's)
    "Must be after the start.": "Πρέπει να είναι μετά την αρχή.",
    "After the start.": "Μετά την αρχή.",
    "must be after start": "πρέπει να είναι μετά την αρχή",
    "Must not be before from.": "Όχι πριν από την αρχή.",
    "Range too long.": "Πολύ μεγάλο διάστημα.",
    "At least one.": "Τουλάχιστον ένα.",
    "Listed twice.": "Εμφανίζεται δύο φορές.",
    "Version missing.": "Λείπει η έκδοση.",
    "Required (YYYY-MM-DD).": "Υποχρεωτικό (ΕΕΕΕ-ΜΜ-ΗΗ).",
    "Use YYYY-MM-DD.": "Μορφή ΕΕΕΕ-ΜΜ-ΗΗ.",
    "Field required": "Υποχρεωτικό πεδίο.",
    "Extra inputs are not permitted": "Άγνωστο πεδίο.",
    "String should have at least {count} character": "Τουλάχιστον {count} χαρακτήρας.",
    "String should have at least {count} characters": "Τουλάχιστον {count} χαρακτήρες.",
    "String should have at most {count} characters": "Το πολύ {count} χαρακτήρες.",
    "String should match pattern '{pattern}'": "Μη επιτρεπτοί χαρακτήρες ή μορφή.",
    "Input should be a valid string": "Πρέπει να είναι κείμενο.",
    "Input should be a valid integer": "Πρέπει να είναι ακέραιος αριθμός.",
    "Input should be a valid boolean": "Πρέπει να είναι «ναι» ή «όχι».",
    "Input should be {choices}": "Επιτρεπτές τιμές: {choices}.",
    "Input should be greater than or equal to {count}": "Τουλάχιστον {count}.",
    "Input should be greater than {count}": "Πρέπει να είναι μεγαλύτερο από {count}.",
    "Input should be less than {count}": "Πρέπει να είναι μικρότερο από {count}.",
    "Input should be less than or equal to {count}": "Το πολύ {count}.",
    "must be an e-mail address such as name@dimos.gr (or empty)": (
        "πρέπει να είναι διεύθυνση e-mail όπως name@dimos.gr (ή κενό)"
    ),
    "must be an https:// link (or empty)": "πρέπει να είναι σύνδεσμος https:// (ή κενό)",
    "use HH:MM, e.g. 08:30 (local time of the municipality)": (
        "μορφή ΩΩ:ΛΛ, π.χ. 08:30 (τοπική ώρα του δήμου)"
    ),
    "not a valid phone number (Greek numbers may omit +30)": (
        "μη έγκυρος αριθμός τηλεφώνου (στους ελληνικούς αριθμούς το +30 μπορεί να παραλειφθεί)"
    ),
    "not a valid mobile number (Greek numbers may omit +30)": (
        "μη έγκυρος αριθμός κινητού (στους ελληνικούς αριθμούς το +30 μπορεί να παραλειφθεί)"
    ),
    "not a mobile number: SMS reach mobile phones only": (
        "δεν είναι αριθμός κινητού: τα SMS φτάνουν μόνο σε κινητά τηλέφωνα"
    ),
    "Required with sms_opt_in: the phone given is not a mobile.": (
        "Απαιτείται για τα SMS: το τηλέφωνο που δώσατε δεν είναι κινητό."
    ),
    "Only with sms_opt_in: the number is used for SMS alone.": (
        "Μόνο μαζί με την επιλογή SMS: ο αριθμός χρησιμοποιείται μόνο για τα SMS."
    ),
    "This service sends no SMS.": "Η υπηρεσία δεν στέλνει SMS.",
    "SMS are not offered by this service.": "Η υπηρεσία δεν προσφέρει αποστολή SMS.",
    "must be plain text: no control characters, line breaks or text-direction marks": (
        "μόνο απλό κείμενο: χωρίς χαρακτήρες ελέγχου, αλλαγές γραμμής ή σημάδια κατεύθυνσης κειμένου"
    ),
    "must say why the appointment is cancelled": "γράψτε γιατί ακυρώνεται το ραντεβού",
    "Some fields contain characters that cannot be stored.": (
        "Κάποια πεδία περιέχουν χαρακτήρες που δεν αποθηκεύονται."
    ),
    "Must not contain NUL or other characters that cannot be stored.": (
        "Δεν επιτρέπονται χαρακτήρες που δεν αποθηκεύονται."
    ),
    # ---- webhooks (issue 17)
    "Only an administrator manages webhooks.": "Τα webhooks τα διαχειρίζεται μόνο διαχειριστής.",
    "No such webhook.": "Το webhook δεν βρέθηκε.",
    "No such webhook delivery.": "Η αποστολή webhook δεν βρέθηκε.",
    "This delivery's event is no longer kept, so it cannot be sent again.": (
        "Το συμβάν αυτής της αποστολής δεν φυλάσσεται πια, οπότε δεν μπορεί να σταλεί ξανά."
    ),
    "The webhook cannot be registered as given.": "Το webhook δεν μπορεί να καταχωριστεί όπως δόθηκε.",
    "At most {count} webhooks; remove one first.": "Το πολύ {count} webhooks· αφαιρέστε πρώτα κάποιο.",
    "Give the URL that receives the deliveries.": "Δώστε τη διεύθυνση (URL) που δέχεται τις αποστολές.",
    "At most {count} characters.": "Το πολύ {count} χαρακτήρες.",
    "At least {count} characters.": "Τουλάχιστον {count} χαρακτήρες.",
    "A URL has no spaces or control characters.": "Μια διεύθυνση URL δεν έχει κενά ή χαρακτήρες ελέγχου.",
    "Not a valid URL.": "Μη έγκυρη διεύθυνση URL.",
    "Give an https:// URL.": "Δώστε διεύθυνση https://.",
    "A webhook URL must not carry a user name or password.": (
        "Η διεύθυνση ενός webhook δεν περιέχει όνομα χρήστη ή κωδικό."
    ),
    "Only https:// URLs receive deliveries.": "Αποστολές δέχονται μόνο διευθύνσεις https://.",
    "Plain http:// is allowed only to this machine (localhost); use https://.": (
        "Απλό http:// επιτρέπεται μόνο προς αυτόν τον υπολογιστή (localhost)· χρησιμοποιήστε https://."
    ),
    "Only letters, digits and punctuation (no spaces, no accented letters).": (
        "Μόνο λατινικά γράμματα, ψηφία και σημεία στίξης (χωρίς κενά, χωρίς ελληνικά ή τονούμενα)."
    ),
    "Choose at least one event.": "Επιλέξτε τουλάχιστον ένα συμβάν.",
    "Unknown events: {events}.": "Άγνωστα συμβάντα: {events}.",
    "Use none or contact.": "Επιλέξτε none ή contact.",
    # why a delivery attempt failed (the delivery log, worded for the desktop)
    "the receiver answered HTTP {code}": "Ο παραλήπτης απάντησε HTTP {code}",
    "could not connect to the receiver": "Δεν έγινε σύνδεση με τον παραλήπτη",
    "could not connect within {seconds} s": "Δεν έγινε σύνδεση μέσα σε {seconds} δευτερόλεπτα",
    "no answer within {seconds} s": "Καμία απάντηση μέσα σε {seconds} δευτερόλεπτα",
    "the request failed ({kind})": "Το αίτημα απέτυχε ({kind})",
    # ---- the service itself
    "Something went wrong on our side. Please try again.": (
        "Κάτι πήγε στραβά στον διακομιστή. Δοκιμάστε ξανά."
    ),
    "The service cannot reach its database for a moment. Nothing was changed that we could not confirm; "
    "please try again in a few seconds.": (
        "Η υπηρεσία δεν βρίσκει τη βάση δεδομένων της για λίγο. Δεν άλλαξε τίποτε που δεν μπορέσαμε να "
        "επιβεβαιώσουμε· δοκιμάστε ξανά σε λίγα δευτερόλεπτα."
    ),
    # Issue 18: no-show rescue.
    "The «we missed you» e-mail was already sent for this booking.": (
        "Το μήνυμα «Σας χάσαμε» έχει ήδη σταλεί για αυτό το ραντεβού."
    ),
    "The citizen is not missing from this appointment.": "Ο πολίτης δεν λείπει από αυτό το ραντεβού.",
    "The citizen left no e-mail address; call them instead.": (
        "Ο πολίτης δεν έδωσε διεύθυνση e-mail· καλέστε τον στο τηλέφωνο."
    ),
    "This time was not offered.": "Η ώρα αυτή δεν είχε προταθεί.",
    # ---- demand-led capacity (issue 18)
    "This clerk's working plan changed meanwhile: look at the figures again.": (
        "Το πρόγραμμα εργασίας του υπαλλήλου άλλαξε στο μεταξύ: δείτε ξανά τα στοιχεία."
    ),
    "Name the municipality: municipality_id.": "Ορίστε τον δήμο: municipality_id.",
    "A municipality's id.": "Το αναγνωριστικό ενός δήμου.",
    # ---- end of demand-led capacity
}

# Werkzeug's own answers (no route, wrong method, body too large, rate limit), by their code.
HTTP_GREEK: dict[str, str] = {
    "not_found": "Η διεύθυνση δεν υπάρχει.",
    "method_not_allowed": "Η ενέργεια δεν επιτρέπεται σε αυτή τη διεύθυνση.",
    "request_entity_too_large": "Το αίτημα είναι πολύ μεγάλο.",
    "too_many_requests": "Πάρα πολλά αιτήματα· δοκιμάστε ξανά σε λίγο.",
    "bad_request": "Το αίτημα δεν είναι έγκυρο.",
    "unsupported_media_type": "Μη αποδεκτός τύπος περιεχομένου.",
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """Every entry with a placeholder, as a pattern of its English text (literal parts escaped)."""
    compiled: list[tuple[int, re.Pattern[str], str]] = []
    for english, greek in GREEK.items():
        if not _PLACEHOLDER.search(english):
            continue
        pattern, last = "", 0
        for found in _PLACEHOLDER.finditer(english):
            pattern += re.escape(english[last : found.start()]) + f"(?P<{found.group(1)}>.+?)"
            last = found.end()
        literal = len(_PLACEHOLDER.sub("", english))
        compiled.append((literal, re.compile(pattern + re.escape(english[last:]), re.DOTALL), greek))
    # The most specific first: «Input should be greater than {count}» before «Input should be {choices}».
    compiled.sort(key=lambda entry: -entry[0])
    return [(pattern, greek) for _literal, pattern, greek in compiled]


def _word(name: str, value: str) -> str:
    return _WORD_VALUES.get(name, {}).get(value, value)


def translate(message: str, language: str) -> str:
    """``message`` in ``language`` ("el" or "en"): its Greek when the catalogue has it, else as given."""
    if language != "el" or not message:
        return message
    exact = GREEK.get(message)
    if exact is not None:
        return exact
    for pattern, greek in _templates():
        found = pattern.fullmatch(message)
        if found:
            text = greek.format(**{name: _word(name, value) for name, value in found.groupdict().items()})
            return text[:1].upper() + text[1:]
    return message


def translate_fields(fields: dict[str, str], language: str) -> dict[str, str]:
    return {name: translate(text, language) for name, text in fields.items()}
