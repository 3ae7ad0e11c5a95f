"""The citizen form's words in Greek (default) and English."""

from __future__ import annotations

from service_api.web.co_applicant_texts import CO_APPLICANT_TEXTS
from service_api.web.missed_you_texts import MISSED_YOU_TEXTS  # issue 18
from service_api.web.needs_texts import NEEDS_TEXTS
from service_api.web.preflight_texts import PREFLIGHT_TEXTS
from service_api.web.waitlist_texts import WAITLIST_TEXTS

TEXTS: dict[str, dict[str, str]] = {
    "site.title": {"el": "Ραντεβού με τον Δήμο", "en": "Appointments with your municipality"},
    "site.subtitle": {
        "el": "Εξυπηρέτηση με φυσική παρουσία ή με τηλεδιάσκεψη",
        "en": "Served in person or by teleconference",
    },
    "skip": {"el": "Μετάβαση στο κύριο περιεχόμενο", "en": "Skip to main content"},
    "lang.switch": {"el": "English", "en": "Ελληνικά"},
    "logout": {"el": "Αποσύνδεση", "en": "Sign out"},
    "back": {"el": "Πίσω", "en": "Back"},
    "continue": {"el": "Συνέχεια", "en": "Continue"},
    "step": {"el": "Βήμα {n} από 6", "en": "Step {n} of 6"},
    "login.title": {"el": "Είσοδος στην πλατφόρμα", "en": "Sign in"},
    "login.intro": {
        "el": "Για να κλείσετε ραντεβού απαιτούνται οι κωδικοί TAXISnet της ΓΓΠΣΔΔ.",
        "en": "To book an appointment, sign in with your TAXISnet credentials.",
    },
    "login.intro_email": {
        "el": "Για να κλείσετε ραντεβού, συνδεθείτε με κωδικό μίας χρήσης που θα λάβετε στο e-mail σας.",
        "en": "To book an appointment, sign in with a one-time code sent to your e-mail.",
    },
    "login.taxisnet": {"el": "Σύνδεση με κωδικούς TAXISnet", "en": "Sign in with TAXISnet"},
    "login.email": {
        "el": "Σύνδεση με κωδικό μίας χρήσης στο e-mail",
        "en": "Sign in with a one-time code by e-mail",
    },
    "login.email_intro": {
        "el": "Θα σας στείλουμε έναν εξαψήφιο κωδικό.",
        "en": "We will e-mail you a six-digit code.",
    },
    "login.email_label": {"el": "Ηλεκτρονικό ταχυδρομείο", "en": "E-mail address"},
    "login.send_code": {"el": "Αποστολή κωδικού", "en": "Send code"},
    "login.code_label": {"el": "Κωδικός μίας χρήσης", "en": "One-time code"},
    "login.code_sent": {
        "el": "Στείλαμε κωδικό στο {email}. Ισχύει για {minutes} λεπτά.",
        "en": "We sent a code to {email}. It is valid for {minutes} minutes.",
    },
    "login.verify": {"el": "Είσοδος", "en": "Sign in"},
    "login.failed": {
        "el": "Η σύνδεση δεν ολοκληρώθηκε. Δοκιμάστε ξανά.",
        "en": "Signing in failed. Please try again.",
    },
    "login.bad_code": {
        "el": "Ο κωδικός δεν είναι σωστός ή έληξε.",
        "en": "The code is wrong or has expired.",
    },
    "login.too_many_here": {
        "el": "Ζητήθηκαν πολλοί κωδικοί για αυτή τη διεύθυνση από αυτή τη σύνδεση. "
        "Δεν στάλθηκε νέος κωδικός. Δοκιμάστε ξανά σε {minutes} λεπτά.",
        "en": "Too many codes were asked for this address from here. No new code was sent. "
        "Try again in {minutes} minutes.",
    },
    "login.too_many_address": {
        "el": "Ζητήθηκαν πολλοί κωδικοί για αυτή τη διεύθυνση. Δεν στάλθηκε νέος κωδικός. "
        "Δοκιμάστε ξανά σε {minutes} λεπτά.",
        "en": "Too many codes were asked for this address. No new code was sent. "
        "Try again in {minutes} minutes.",
    },
    "login.too_many_client": {
        "el": "Ζητήθηκαν πολλοί κωδικοί από αυτή τη σύνδεση. Δεν στάλθηκε νέος κωδικός. "
        "Δοκιμάστε ξανά σε {minutes} λεπτά.",
        "en": "Too many codes were asked from here. No new code was sent. Try again in {minutes} minutes.",
    },
    "login.mail_down": {
        "el": "Δεν μπορέσαμε να στείλουμε τον κωδικό αυτή τη στιγμή. Δοκιμάστε ξανά σε λίγα λεπτά· "
        "αυτή η προσπάθεια δεν μετρήθηκε.",
        "en": "We could not send the code just now. Please try again in a few minutes; "
        "this attempt was not counted.",
    },
    "verify.title": {
        "el": "Επιβεβαίωση διεύθυνσης ηλεκτρονικού ταχυδρομείου",
        "en": "Confirm an e-mail address",
    },
    "verify.intro": {
        "el": "Θα στείλουμε έναν εξαψήφιο κωδικό σε αυτή τη διεύθυνση. Η επιβεβαίωση και οι "
        "υπενθυμίσεις του ραντεβού θα σταλούν εκεί.",
        "en": "We will send a six-digit code to this address. The confirmation and reminders of "
        "your appointment will go there.",
    },
    "verify.confirm": {"el": "Επιβεβαίωση", "en": "Confirm"},
    "verify.back": {"el": "Πίσω στα στοιχεία σας", "en": "Back to your details"},
    "login.disabled": {
        "el": "Αυτός ο τρόπος σύνδεσης δεν είναι διαθέσιμος.",
        "en": "This sign-in method is not available.",
    },
    "municipality.title": {"el": "Επιλέξτε Δήμο", "en": "Choose your municipality"},
    "municipality.heading": {
        "el": "{name}: εξυπηρέτηση με ραντεβού",
        "en": "Appointments with {name}",
    },
    "group.title": {"el": "Επιλέξτε ομάδα υπηρεσιών", "en": "Choose a service group"},
    "service.title": {"el": "Επιλέξτε υπηρεσία", "en": "Choose a service"},
    "service.minutes": {"el": "{n} λεπτά", "en": "{n} minutes"},
    "service.documents": {"el": "Δικαιολογητικά", "en": "Required documents"},
    "service.documents_for": {"el": "Απαραίτητα δικαιολογητικά: {name}", "en": "Required documents: {name}"},
    "mode.title": {"el": "Επιλέξτε τρόπο εξυπηρέτησης", "en": "Choose how you will be served"},
    "mode.in_person": {"el": "Φυσική Παρουσία", "en": "In person"},
    "mode.teleconference": {"el": "Τηλεδιάσκεψη", "en": "Teleconference"},
    "mode.in_person_hint": {"el": "Στα γραφεία του Δήμου", "en": "At the municipality's offices"},
    "mode.teleconference_hint": {"el": "Βιντεοκλήση μέσω διαδικτύου", "en": "Video call over the internet"},
    "when.title": {"el": "Επιλέξτε ημερομηνία και ώρα", "en": "Choose date and time"},
    "when.zone": {
        "el": "Όλες οι ώρες είναι στη ζώνη ώρας ({offset}) {zone}",
        "en": "All times are in the time zone ({offset}) {zone}",
    },
    "when.change_zone": {"el": "Αλλαγή ζώνης ώρας", "en": "Change time zone"},
    "when.apply": {"el": "Εφαρμογή", "en": "Apply"},
    "when.previous_month": {"el": "Προηγούμενος μήνας", "en": "Previous month"},
    "when.next_month": {"el": "Επόμενος μήνας", "en": "Next month"},
    "when.free_days": {"el": "Ημέρες με διαθέσιμες ώρες", "en": "Days with free times"},
    "when.times_on": {"el": "Διαθέσιμες ώρες, {day}", "en": "Free times, {day}"},
    "when.pick_day": {"el": "Επιλέξτε μια ημέρα με διαθέσιμες ώρες.", "en": "Choose a day with free times."},
    "when.no_times": {
        "el": "Δεν υπάρχουν διαθέσιμες ώρες αυτόν τον μήνα.",
        "en": "No free times this month.",
    },
    "when.day_available": {"el": "{day}, διαθέσιμη", "en": "{day}, available"},
    "when.hold_note": {
        "el": "Η ώρα που θα επιλέξετε κρατιέται για {minutes} λεπτά μέχρι να ολοκληρώσετε.",
        "en": "The time you choose is held for {minutes} minutes while you finish.",
    },
    "when.lost": {
        "el": "Η ώρα που είχατε επιλέξει δεν είναι πλέον διαθέσιμη. Επιλέξτε άλλη ώρα· τα στοιχεία σας "
        "διατηρήθηκαν.",
        "en": "The time you had chosen is no longer available. Please choose another; your details "
        "were kept.",
    },
    "when.not_offered.passed": {
        "el": "Αυτή η ώρα έχει ήδη περάσει. Επιλέξτε άλλη ώρα.",
        "en": "This time has already passed. Please choose another.",
    },
    "when.not_offered.too_soon": {
        "el": "Αυτή η ώρα είναι πολύ κοντά για κράτηση. Επιλέξτε μια πιο αργή ώρα.",
        "en": "This time is too soon to book. Please choose a later one.",
    },
    "when.not_offered.beyond_horizon": {
        "el": "Οι κρατήσεις για αυτή την ημερομηνία δεν έχουν ανοίξει ακόμη. Επιλέξτε νωρίτερη ημερομηνία.",
        "en": "Bookings for that date are not open yet. Please choose an earlier date.",
    },
    "when.not_offered.off_grid": {
        "el": "Κανένα ραντεβού δεν ξεκινά αυτή την ώρα. Επιλέξτε μία από τις ώρες που προσφέρονται.",
        "en": "No appointment starts at this time. Please choose one of the times offered.",
    },
    "when.taken": {
        "el": "Αυτή η ώρα μόλις κρατήθηκε από άλλον πολίτη. Επιλέξτε άλλη ώρα.",
        "en": "This time was just taken by someone else. Please choose another.",
    },
    "details.title": {"el": "Προσθέστε τα στοιχεία σας", "en": "Add your details"},
    "details.held_until": {
        "el": "Η ώρα {when} κρατείται για εσάς έως τις {until}.",
        "en": "The time {when} is held for you until {until}.",
    },
    "details.name": {"el": "Ονοματεπώνυμο", "en": "Full name"},
    "details.email": {"el": "Ηλεκτρονικό ταχυδρομείο", "en": "E-mail address"},
    "details.email_verified": {
        "el": "Η επιβεβαίωση θα σταλεί στη διεύθυνση που επιβεβαιώσατε:",
        "en": "The confirmation will go to the address you confirmed:",
    },
    "details.other_email": {"el": "Χρήση άλλης διεύθυνσης", "en": "Use another address"},
    "details.email_needed": {
        "el": "Για να κλείσετε το ραντεβού, επιβεβαιώστε μια διεύθυνση ηλεκτρονικού ταχυδρομείου "
        "με κωδικό μίας χρήσης.",
        "en": "To book, confirm an e-mail address with a one-time code.",
    },
    "details.verify_email": {"el": "Επιβεβαίωση διεύθυνσης", "en": "Confirm an address"},
    "details.phone": {"el": "Αριθμός κινητού τηλεφώνου", "en": "Mobile phone number"},
    "details.phone_hint": {
        "el": "Ελληνικός αριθμός, π.χ. 6941234567, ή με διεθνές πρόθεμα (+...)",
        "en": "A Greek number such as 6941234567, or with an international prefix (+...)",
    },
    "details.optional": {"el": "(προαιρετικό)", "en": "(optional)"},
    "details.sms_title": {"el": "Ειδοποιήσεις με SMS", "en": "Text messages"},
    "details.sms_opt_in": {"el": "Θέλω υπενθύμιση με SMS", "en": "I want an SMS reminder"},
    "details.sms_opt_in_hint": {
        "el": "Ένα SMS επιβεβαίωσης τώρα και ένα υπενθύμισης την παραμονή του ραντεβού.",
        "en": "One text message to confirm now and a reminder the day before the appointment.",
    },
    "details.sms_mobile": {"el": "Κινητό για τα SMS", "en": "Mobile for the text messages"},
    "details.sms_mobile_hint": {
        "el": "Αν το αφήσετε κενό, τα SMS πηγαίνουν στον αριθμό κινητού που δώσατε παραπάνω.",
        "en": "Leave it empty to use the mobile number given above.",
    },
    "details.consent": {
        "el": "Συμφωνώ με την επεξεργασία των προσωπικών μου δεδομένων για την εξυπηρέτησή μου. "
        "Τα στοιχεία διαγράφονται {days} ημέρες μετά το ραντεβού.",
        "en": "I agree to the processing of my personal data to serve me. The data is deleted "
        "{days} days after the appointment.",
    },
    "details.confirm": {"el": "Ολοκλήρωση κράτησης", "en": "Complete booking"},
    "errors.title": {"el": "Υπάρχει πρόβλημα", "en": "There is a problem"},
    "errors.name": {
        "el": "Συμπληρώστε το ονοματεπώνυμό σας (από 2 έως 200 χαρακτήρες).",
        "en": "Enter your full name (2 to 200 characters).",
    },
    "errors.name_characters": {
        "el": "Το ονοματεπώνυμο περιέχει χαρακτήρες που δεν επιτρέπονται "
        "(π.χ. αλλαγή γραμμής ή σημάδι κατεύθυνσης κειμένου).",
        "en": "The name contains characters that are not allowed "
        "(such as a line break or a text-direction mark).",
    },
    "errors.email": {
        "el": "Συμπληρώστε έγκυρη διεύθυνση e-mail, π.χ. onoma@example.gr.",
        "en": "Enter a valid e-mail address, e.g. name@example.com.",
    },
    "errors.phone": {
        "el": "Συμπληρώστε έγκυρο αριθμό κινητού, π.χ. 6941234567.",
        "en": "Enter a valid mobile number, e.g. 6941234567.",
    },
    "errors.sms_mobile": {
        "el": "Ο αριθμός για τα SMS δεν είναι έγκυρος. Γράψτε ένα κινητό, π.χ. 6941234567.",
        "en": "The number for text messages is not valid. Enter a mobile such as 6941234567.",
    },
    "errors.sms_not_mobile": {
        "el": "Τα SMS φτάνουν μόνο σε κινητό τηλέφωνο· ο αριθμός αυτός είναι σταθερό.",
        "en": "Text messages reach mobile phones only; this number is a landline.",
    },
    "errors.sms_mobile_needed": {
        "el": "Για υπενθύμιση με SMS γράψτε ένα κινητό: ο αριθμός παραπάνω δεν είναι κινητό.",
        "en": "For an SMS reminder, enter a mobile number: the number above is not a mobile.",
    },
    "errors.sms_without_opt_in": {
        "el": "Επιλέξτε «Θέλω υπενθύμιση με SMS» ή σβήστε τον αριθμό για τα SMS.",
        "en": "Tick “I want an SMS reminder” or clear the number for text messages.",
    },
    "errors.consent": {
        "el": "Πρέπει να συμφωνήσετε για να ολοκληρωθεί η κράτηση.",
        "en": "You must agree for the booking to be made.",
    },
    "errors.email_unverified": {
        "el": "Επιβεβαιώστε πρώτα μια διεύθυνση ηλεκτρονικού ταχυδρομείου.",
        "en": "Confirm an e-mail address first.",
    },
    "errors.field_too_long": {
        "el": "Το πεδίο «{label}» δέχεται έως {limit} χαρακτήρες.",
        "en": "“{label}” takes at most {limit} characters.",
    },
    "errors.field_required": {"el": "Συμπληρώστε το πεδίο «{label}».", "en": "Fill in “{label}”."},
    "errors.field_format": {
        "el": "Το πεδίο «{label}» δεν έχει σωστή μορφή.",
        "en": "“{label}” is not in the right format.",
    },
    "errors.limit": {
        "el": "Έχετε ήδη {count} ενεργά ραντεβού για αυτή την υπηρεσία (όριο {limit}).",
        "en": "You already have {count} active appointments for this service (limit {limit}).",
    },
    "errors.limit_plain": {
        "el": "Έχετε φτάσει το όριο ενεργών ραντεβού για αυτή την υπηρεσία. Ακυρώστε ή "
        "ολοκληρώστε ένα πριν κλείσετε άλλο.",
        "en": "You have reached the limit of active appointments for this service. Cancel or "
        "attend one before booking another.",
    },
    "errors.too_large": {
        "el": "Το αίτημα είναι πολύ μεγάλο. Συντομεύστε τα κείμενα και δοκιμάστε ξανά.",
        "en": "The request is too large. Please shorten what you typed and try again.",
    },
    "errors.too_many": {
        "el": "Πάρα πολλές προσπάθειες. Περιμένετε λίγο και δοκιμάστε ξανά.",
        "en": "Too many attempts. Please wait a little and try again.",
    },
    "errors.not_found": {"el": "Η σελίδα δεν βρέθηκε.", "en": "Page not found."},
    "errors.bad_request": {
        "el": "Το αίτημα δεν είναι έγκυρο. Ελέγξτε τη διεύθυνση της σελίδας και δοκιμάστε ξανά.",
        "en": "The request is not valid. Please check the page address and try again.",
    },
    "errors.characters": {
        "el": "Η διεύθυνση ή όσα πληκτρολογήσατε περιέχουν χαρακτήρα που δεν γίνεται δεκτός (όπως τον "
        "χαρακτήρα NUL). Διορθώστε τα και δοκιμάστε ξανά.",
        "en": "The address or what you typed contains a character that cannot be accepted (such as the "
        "NUL character). Please correct it and try again.",
    },
    "errors.link": {
        "el": "Ο σύνδεσμος δεν είναι έγκυρος ή έχει λήξει.",
        "en": "The link is not valid or has expired.",
    },
    "errors.unavailable": {
        "el": "Η υπηρεσία δεν είναι διαθέσιμη αυτή τη στιγμή. Δοκιμάστε ξανά σε λίγο.",
        "en": "The service is unavailable at the moment. Please try again shortly.",
    },
    "errors.generic": {
        "el": "Κάτι πήγε στραβά. Δοκιμάστε ξανά.",
        "en": "Something went wrong. Please try again.",
    },
    "errors.session": {"el": "Η φόρμα έληξε. Δοκιμάστε ξανά.", "en": "The form expired. Please try again."},
    "done.title": {"el": "Η κράτησή σας ολοκληρώθηκε", "en": "Your booking is complete"},
    "done.reference": {"el": "Κωδικός κράτησης", "en": "Booking reference"},
    "done.email": {
        "el": "Σας στείλαμε e-mail επιβεβαίωσης στο {email} με τις λεπτομέρειες.",
        "en": "We sent a confirmation e-mail to {email} with the details.",
    },
    "summary.service": {"el": "Υπηρεσία", "en": "Service"},
    "summary.when": {"el": "Ημερομηνία και ώρα", "en": "Date and time"},
    "summary.mode": {"el": "Τρόπος εξυπηρέτησης", "en": "How"},
    "summary.municipality": {"el": "Δήμος", "en": "Municipality"},
    "summary.name": {"el": "Ονοματεπώνυμο", "en": "Name"},
    "summary.status": {"el": "Κατάσταση", "en": "Status"},
    "summary.join": {"el": "Συμμετοχή στη συνάντηση", "en": "Join the meeting"},
    "summary.join_pending": {
        "el": "Ο σύνδεσμος της τηλεδιάσκεψης θα σας σταλεί με e-mail.",
        "en": "The meeting link will be e-mailed to you.",
    },
    "action.reschedule": {"el": "Προγραμματισμός εκ νέου", "en": "Reschedule"},
    "action.cancel": {"el": "Ακύρωση κράτησης", "en": "Cancel booking"},
    "action.new": {"el": "Νέα κράτηση", "en": "New booking"},
    "manage.title": {"el": "Η κράτησή σας", "en": "Your booking"},
    "manage.cancel_title": {"el": "Ακύρωση κράτησης", "en": "Cancel booking"},
    "manage.cancel_question": {
        "el": "Θέλετε σίγουρα να ακυρώσετε το ραντεβού σας;",
        "en": "Are you sure you want to cancel your appointment?",
    },
    "manage.cancel_confirm": {"el": "Ναι, ακύρωση", "en": "Yes, cancel it"},
    "manage.keep": {"el": "Όχι, να παραμείνει", "en": "No, keep it"},
    "manage.cancelled": {"el": "Το ραντεβού σας ακυρώθηκε.", "en": "Your appointment has been cancelled."},
    "manage.rescheduled": {
        "el": "Το ραντεβού σας μεταφέρθηκε. Σας στείλαμε νέο e-mail.",
        "en": "Your appointment was moved. We sent you a new e-mail.",
    },
    "manage.reschedule_title": {"el": "Νέα ημερομηνία και ώρα", "en": "New date and time"},
    "manage.not_changeable": {
        "el": "Αυτό το ραντεβού δεν μπορεί πλέον να αλλάξει.",
        "en": "This appointment can no longer be changed.",
    },
    "status.held": {"el": "Σε αναμονή επιβεβαίωσης", "en": "Awaiting confirmation"},
    "status.confirmed": {"el": "Επιβεβαιωμένο", "en": "Confirmed"},
    "status.checked_in": {"el": "Σε εξυπηρέτηση", "en": "Being served"},
    "status.completed": {"el": "Ολοκληρώθηκε", "en": "Completed"},
    "status.no_show": {"el": "Δεν προσήλθατε", "en": "Missed"},
    "status.cancelled": {"el": "Ακυρώθηκε", "en": "Cancelled"},
    "advice.title": {"el": "Συμβουλές για την τηλεδιάσκεψη", "en": "Tips for the teleconference"},
    "advice.text": {
        "el": "Βεβαιωθείτε ότι η κάμερα και το μικρόφωνό σας είναι ενεργοποιημένα και έχετε μαζί σας "
        "την αστυνομική ταυτότητα ή το διαβατήριό σας για επίδειξη.",
        "en": "Make sure your camera and microphone are on and have your identity card or passport "
        "ready to show.",
    },
    # --- «Τα ραντεβού μου» and the accessibility refinements (issue 17) ---
    "header.nav": {"el": "Γλώσσα και λογαριασμός", "en": "Language and account"},
    "errors.title_prefix": {"el": "Σφάλμα: ", "en": "Error: "},
    "when.time_name": {
        "el": "{time}, {day}, ζώνη ώρας {zone} ({offset})",
        "en": "{time}, {day}, time zone {zone} ({offset})",
    },
    "when.day_unavailable": {"el": "{day}, μη διαθέσιμη", "en": "{day}, unavailable"},
    "my.title": {"el": "Τα ραντεβού μου", "en": "My appointments"},
    "my.intro_afm": {
        "el": "Τα ραντεβού που κλείσατε με τους κωδικούς TAXISnet (με τον ΑΦΜ σας).",
        "en": "The appointments you booked with TAXISnet (with your tax number).",
    },
    "my.intro_email": {
        "el": "Τα ραντεβού που κλείστηκαν με τη διεύθυνση {email}.",
        "en": "The appointments booked with the address {email}.",
    },
    "my.upcoming": {"el": "Επόμενα ραντεβού", "en": "Upcoming appointments"},
    "my.past": {"el": "Προηγούμενα και ακυρωμένα ραντεβού", "en": "Past and cancelled appointments"},
    "my.none_upcoming": {
        "el": "Δεν έχετε κάποιο επόμενο ραντεβού.",
        "en": "You have no upcoming appointment.",
    },
    "my.none_past": {"el": "Δεν υπάρχουν προηγούμενα ραντεβού.", "en": "There are no past appointments."},
    "my.add_to_calendar": {"el": "Προσθήκη στο ημερολόγιο (.ics)", "en": "Add to calendar (.ics)"},
    "my.resend": {"el": "Αποστολή της επιβεβαίωσης ξανά", "en": "Send the confirmation again"},
    "my.resent": {
        "el": "Η επιβεβαίωση του ραντεβού {reference} θα σταλεί ξανά στο {email} σε λίγα λεπτά.",
        "en": "The confirmation of appointment {reference} will be sent again to {email} in a few minutes.",
    },
    "my.resend_too_soon": {
        "el": "Η επιβεβαίωση του ραντεβού {reference} στάλθηκε πριν από λίγο, οπότε δεν στάλθηκε ξανά. "
        "Μπορείτε να τη ζητήσετε ξανά από τις {time}.",
        "en": "The confirmation of appointment {reference} was sent a short while ago, so it was not sent "
        "again. You can ask for it again from {time}.",
    },
    "my.resend_refused": {
        "el": "Η επιβεβαίωση στέλνεται ξανά μόνο για επιβεβαιωμένο ραντεβού που δεν έχει περάσει.",
        "en": "The confirmation can be sent again only for a confirmed appointment that has not passed.",
    },
    "my.not_found": {
        "el": "Αυτό το ραντεβού δεν είναι στα ραντεβού σας ή τα στοιχεία του έχουν διαγραφεί.",
        "en": "This appointment is not among yours, or its details have been deleted.",
    },
    "my.retention": {
        "el": "Τα προσωπικά στοιχεία κάθε ραντεβού διαγράφονται {days} ημέρες μετά την ημερομηνία του· "
        "από τότε το ραντεβού δεν εμφανίζεται εδώ.",
        "en": "The personal details of each appointment are deleted {days} days after its date; "
        "from then on the appointment no longer appears here.",
    },
    "my.booking_label": {"el": "Ραντεβού {reference}", "en": "Appointment {reference}"},
    # --- end of «Τα ραντεβού μου» ---
    # --- Staff set-password page (issue 14: the one-time link a supervisor issues) ---
    "staff_password.title": {"el": "Ορισμός κωδικού πρόσβασης", "en": "Set your password"},
    "staff_password.intro": {
        "el": "Ορίστε τον κωδικό με τον οποίο θα συνδέεστε στην εφαρμογή του γραφείου ως «{username}».",
        "en": "Choose the password you will sign in to the office application with as “{username}”.",
    },
    "staff_password.rules": {
        "el": "Τουλάχιστον 10 χαρακτήρες· όχι κάποιος από τους πιο συνηθισμένους κωδικούς.",
        "en": "At least 10 characters, and not one of the most common passwords.",
    },
    "staff_password.new": {"el": "Νέος κωδικός", "en": "New password"},
    "staff_password.repeat": {"el": "Επανάληψη κωδικού", "en": "Repeat the password"},
    "staff_password.submit": {"el": "Ορισμός κωδικού", "en": "Set password"},
    "staff_password.mismatch": {"el": "Οι δύο κωδικοί διαφέρουν.", "en": "The two passwords differ."},
    "staff_password.too_short": {
        "el": "Ο κωδικός χρειάζεται τουλάχιστον 10 χαρακτήρες.",
        "en": "A password needs at least 10 characters.",
    },
    "staff_password.too_long": {
        "el": "Ο κωδικός μπορεί να έχει έως 200 χαρακτήρες.",
        "en": "A password may have at most 200 characters.",
    },
    "staff_password.common": {
        "el": "Αυτός είναι από τους πιο συνηθισμένους κωδικούς· επιλέξτε άλλον.",
        "en": "This is one of the most common passwords; choose another.",
    },
    "staff_password.is_username": {
        "el": "Ο κωδικός δεν μπορεί να είναι το όνομα χρήστη.",
        "en": "A password must not be the username.",
    },
    "staff_password.invalid": {
        "el": "Ο σύνδεσμος δεν ισχύει: χρησιμοποιήθηκε ήδη ή έληξε. Ζητήστε νέο από τον προϊστάμενό σας.",
        "en": "This link is no longer valid: it was used or has expired. Ask your supervisor for a new one.",
    },
    "staff_password.done": {
        "el": "Ο κωδικός ορίστηκε. Συνδεθείτε στην εφαρμογή του γραφείου ως «{username}».",
        "en": "Your password is set. Sign in to the office application as “{username}”.",
    },
    # --- end of staff set-password page ---
}

TEXTS.update(WAITLIST_TEXTS)
TEXTS.update(PREFLIGHT_TEXTS)  # issue 18: «test your connection»
TEXTS.update(NEEDS_TEXTS)  # issue 18
TEXTS.update(MISSED_YOU_TEXTS)  # issue 18: the «we missed you» pages
TEXTS.update(CO_APPLICANT_TEXTS)  # issue 18: joint appointments

WEEKDAYS_SHORT = {
    "el": ["Δε", "Τρ", "Τε", "Πε", "Πα", "Σά", "Κυ"],
    "en": ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
}
ZONES = [
    "Europe/Athens",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Stockholm",
    "Europe/Nicosia",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Toronto",
    "Australia/Melbourne",
    "Australia/Sydney",
    "Asia/Dubai",
    "Africa/Johannesburg",
    "UTC",
]
